"""The shared libraries a bundle expects from the system, and the Debian packages that hold
them on the build machine.

The list is read from the bundle itself (each ELF file's DT_NEEDED entries, less the libraries
the bundle ships), so it never goes stale; the package names come from dpkg's own database
(`dpkg-query -S`), so install.sh only ever advises packages that exist. Written into the
tarball as `system-libraries.tsv` (library, tab, Debian package or "-").

    python installer/linux/system_libs.py dist/equitone
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

_NEEDED = re.compile(r"^\s+NEEDED\s+(\S+)\s*$", re.MULTILINE)
_OWNER = re.compile(r"^([\w.+-]+)(?::[\w-]+)?: (/\S+)$")
TABLE_NAME = "system-libraries.tsv"


def _elf_files(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def needed_from_system(bundle: Path) -> list[str]:
    """Sonames some file of the bundle needs and the bundle does not contain."""
    shipped = {path.name for path in bundle.rglob("*")}
    needed: set[str] = set()
    for path in _elf_files(bundle):
        dump = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True,
                              check=False).stdout
        needed.update(_NEEDED.findall(dump))
    return sorted(needed - shipped)


def debian_packages(sonames: Iterable[str]) -> dict[str, str | None]:
    """soname -> the installed Debian package that holds it (None when dpkg does not know)."""
    found: dict[str, str | None] = {}
    have_dpkg = shutil.which("dpkg-query") is not None
    for soname in sonames:
        found[soname] = None
        if not have_dpkg:
            continue
        result = subprocess.run(["dpkg-query", "-S", f"*/{soname}"], capture_output=True,
                                text=True, check=False)
        for line in result.stdout.splitlines():
            match = _OWNER.match(line.strip())
            if match and Path(match.group(2)).name == soname and "/lib" in match.group(2):
                found[soname] = match.group(1)
                break
    return found


def table(packages: Mapping[str, str | None]) -> str:
    return "".join(f"{soname}\t{package or '-'}\n" for soname, package in packages.items())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: system_libs.py BUNDLE", file=sys.stderr)
        return 2
    sys.stdout.write(table(debian_packages(needed_from_system(Path(argv[0])))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
