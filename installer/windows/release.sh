#!/usr/bin/env bash
# Windows (Git Bash), after installer/build.sh: sign the programs when a certificate is given,
# then make the installer with Inno Setup 6.
#
#   installer/windows/release.sh            ->  dist/Equitone-VERSION-setup.exe
#
# Signing runs only when both are set (a code-signing certificate in a .pfx file):
#   EQUITONE_SIGN_PFX        path to the .pfx
#   EQUITONE_SIGN_PASSWORD   its password
#   EQUITONE_SIGN_TIMESTAMP  RFC 3161 time-stamp server of the certificate's vendor (optional,
#                            but without it the signatures expire with the certificate)
# signtool.exe comes with the Windows SDK; it must be on PATH. Otherwise the installer is
# built unsigned and this says so: SmartScreen then warns clinicians before it runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/equitone/__init__.py)"
number="$(printf '%s' "$version" | sed 's/[^0-9.].*//' | awk -F. '{printf "%d.%d.%d.%d", $1, $2, $3, $4}')"
[ -f dist/equitone/Equitone.exe ] || { echo "release.sh: run installer/build.sh first" >&2; exit 1; }
iscc_args=("/DAppVersion=$version" "/DAppVersionNumber=$number")

if [ -n "${EQUITONE_SIGN_PFX:-}" ] && [ -n "${EQUITONE_SIGN_PASSWORD:-}" ]; then
  command -v signtool >/dev/null 2>&1 || { echo "release.sh: signtool.exe is not on PATH" >&2; exit 1; }
  sign=(signtool sign /fd sha256 /f "$EQUITONE_SIGN_PFX" /p "$EQUITONE_SIGN_PASSWORD")
  [ -n "${EQUITONE_SIGN_TIMESTAMP:-}" ] && sign+=(/tr "$EQUITONE_SIGN_TIMESTAMP" /td sha256)
  say "Signing the programs and DLLs of the bundle"
  # The bundle's own executables, and the DLLs/PYDs no one else signed (Qt's and Python's
  # usually are; signing again would replace their vendors' signatures).
  find dist/equitone -type f \( -iname '*.exe' -o -iname '*.dll' -o -iname '*.pyd' \) -print0 \
    | while IFS= read -r -d '' file; do
        signtool verify /pa /q "$file" >/dev/null 2>&1 || "${sign[@]}" "$file" >/dev/null
      done
  # Inno Setup signs setup.exe and its uninstaller with the same command ($f: the file).
  sign_command="signtool sign /fd sha256 /f \"$EQUITONE_SIGN_PFX\" /p \"$EQUITONE_SIGN_PASSWORD\""
  [ -n "${EQUITONE_SIGN_TIMESTAMP:-}" ] && sign_command+=" /tr \"$EQUITONE_SIGN_TIMESTAMP\" /td sha256"
  iscc_args+=("/DSignToolName=equitonesign" "/Sequitonesign=$sign_command \$f")
else
  say "Signing skipped: set EQUITONE_SIGN_PFX and EQUITONE_SIGN_PASSWORD to sign (see docs/packaging.md)"
fi

say "Making the installer with Inno Setup"
iscc "${iscc_args[@]}" installer/windows/equitone.iss
say "Installer: dist/Equitone-$version-setup.exe"
(cd dist && sha256sum "Equitone-$version-setup.exe" > "Equitone-$version-setup.exe.sha256")
