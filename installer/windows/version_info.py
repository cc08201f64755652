"""The Windows version resource of Equitone.exe and equitone-cli.exe (Explorer's Details tab,
"Installed apps", and what antivirus and SmartScreen reputation key on).

Built from PyInstaller's own structures, so installer/equitone.spec passes the object to EXE()
directly; PyInstaller is imported only there (tests without it check the numbers).
"""

from __future__ import annotations

import re
from typing import Any

COMPANY = "Equitone"
PRODUCT = "Equitone"
COPYRIGHT = "Equitone. All data stays on this computer."
US_ENGLISH_UNICODE = "040904B0"  # language 0x0409, code page 1200 (UTF-16)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0): Windows' four-part file version ('1.2rc1' counts as 1.2)."""
    numbers = [int(match.group()) if (match := re.match(r"\d+", part)) else 0
               for part in version.split(".")[:4]]
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def resource(version: str, file_name: str, description: str) -> Any:
    """A PyInstaller VSVersionInfo for one executable."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = version_tuple(version)
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0,
                          OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
        kids=[
            StringFileInfo([StringTable(US_ENGLISH_UNICODE, [
                StringStruct("CompanyName", COMPANY),
                StringStruct("FileDescription", description),
                StringStruct("FileVersion", version),
                StringStruct("InternalName", file_name.removesuffix(".exe")),
                StringStruct("LegalCopyright", COPYRIGHT),
                StringStruct("OriginalFilename", file_name),
                StringStruct("ProductName", PRODUCT),
                StringStruct("ProductVersion", version),
            ])]),
            VarFileInfo([VarStruct("Translation", [0x0409, 1200])]),
        ],
    )
