; Inno Setup 6 script: Windows installer over the PyInstaller one-folder bundle.
;
;   1. On Windows (Git Bash), from the repository:  installer/build.sh
;      (or: .venv\Scripts\python -m PyInstaller --noconfirm --distpath dist
;           --workpath build\pyinstaller installer\equitone.spec)
;   2. installer/windows/release.sh   (Git Bash: signs the programs when a certificate is
;      given, then runs iscc)  ->  dist\Equitone-<version>-setup.exe
;      or by hand, unsigned: iscc /DAppVersion=0.1.0 installer\windows\equitone.iss
;
; Installs per user by default (no administrator rights; clinics' PCs are often locked down),
; or for all users when started as administrator. Start-menu entry, optional desktop icon,
; uninstaller in "Installed apps". The clinic's data (%LOCALAPPDATA%\Equitone) is never
; removed by the uninstaller.
;
; No file association: Equitone's only document type, the patient archive, is a .json file
; (imported from inside the app, which does not take a file on its command line), and
; claiming every .json on the PC would be wrong.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; The four-part number Windows shows for setup.exe (the programs carry their own resource,
; written by installer/windows/version_info.py); release.sh passes it, e.g. 0.1.0.0.
#ifndef AppVersionNumber
  #define AppVersionNumber AppVersion
#endif
#define AppName "Equitone"
#define Root "..\.."
#define Bundle Root + "\dist\equitone"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installation by it.
AppId={{6E2B7C52-3C1E-4E55-9F53-0E9C2D7A1B44}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Equitone
AppComments=Offline workstation for tone-balancing rehab
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; Qt 6.12 runs on Windows 10 1809 and later (and Windows 11).
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=Equitone-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\equitone.ico
UninstallDisplayIcon={app}\Equitone.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Equitone must not be running while its files are replaced.
CloseApplications=yes
VersionInfoVersion={#AppVersionNumber}
VersionInfoProductVersion={#AppVersionNumber}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoCompany=Equitone
VersionInfoDescription={#AppName} {#AppVersion} setup
VersionInfoCopyright=Equitone. All data stays on this computer.
; Signing (optional): release.sh defines SignToolName and passes the command with
; /S"equitonesign=signtool sign ... $f" when a certificate is given; iscc then signs setup.exe
; and the uninstaller. Unsigned builds leave these out.
#ifdef SignToolName
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the runtime as a whole: without this, DLLs and Python modules that the
; new version no longer ships would stay in _internal and could be loaded instead of the new
; ones. (Only the program folder; the clinic's data lives in %LOCALAPPDATA%\Equitone.)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole PyInstaller folder: Equitone.exe (window), equitone-cli.exe (console: --self-test,
; scripting) and _internal\.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\build\icons\equitone.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\Equitone.exe"; IconFilename: "{app}\equitone.ico"; Comment: "Relax the overactive, strengthen the underactive"
Name: "{group}\Check {#AppName} (self-test)"; Filename: "{cmd}"; Parameters: "/k ""{app}\equitone-cli.exe"" --self-test"; IconFilename: "{app}\equitone.ico"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\Equitone.exe"; IconFilename: "{app}\equitone.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\Equitone.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python may leave __pycache__ folders inside the program folder; user data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"
