"""Which glibc (and libstdc++) does a bundle need? None of its files may need more than
PySide6's own wheels do, or the bundle would not start where Qt itself would.

    python installer/linux/glibc_floor.py dist/equitone [--wheels build/bundle-env]

The floor is the `manylinux_2_NN` tag PySide6-Essentials was installed from (found in the
build environment's dist-info), or `--floor 2.34`. Every ELF file is read with `objdump -T`
(the versions of the symbols it imports) and `objdump -p` (the versions it requires from each
library; weak requirements do not stop a loader). Also reported: the newest GLIBCXX version
needed, which the system's libstdc++ must provide (PySide6's files set that level too).
Exit 1, naming each file, when one needs a newer glibc than the floor.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

Version = tuple[int, ...]
_SYMBOL_VERSION = re.compile(r"\*UND\*\s+\S+\s+\(?(GLIBC|GLIBCXX)_([\d.]+)\)?\s")
_REFERENCE = re.compile(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+\d+\s+(GLIBC|GLIBCXX)_([\d.]+)\s*$")
_WHEEL_TAG = re.compile(r"^Tag: .*manylinux_(\d+)_(\d+)_", re.MULTILINE)
VER_FLG_WEAK = 0x2


@dataclass(frozen=True)
class Needs:
    glibc: Version
    glibcxx: Version


def parse_version(text: str) -> Version:
    return tuple(int(part) for part in text.split("."))


def show(version: Version) -> str:
    return ".".join(map(str, version)) if version else "none"


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def needs_of(path: Path) -> Needs:
    """The newest glibc and GLIBCXX versions `path` requires."""
    found: dict[str, Version] = {"GLIBC": (), "GLIBCXX": ()}

    def note(family: str, version: str) -> None:
        found[family] = max(found[family], parse_version(version))

    symbols = _objdump("-T", path)
    for match in _SYMBOL_VERSION.finditer(symbols):
        note(match.group(1), match.group(2))
    for line in _objdump("-p", path).splitlines():
        reference = _REFERENCE.match(line)
        if reference and not int(reference.group(1), 16) & VER_FLG_WEAK:
            note(reference.group(2), reference.group(3))
    return Needs(glibc=found["GLIBC"], glibcxx=found["GLIBCXX"])


def _objdump(flag: str, path: Path) -> str:
    result = subprocess.run(["objdump", flag, str(path)], capture_output=True, text=True,
                            check=False)
    return result.stdout + "\n"


def elf_files(folder: Path) -> Iterable[Path]:
    return (path for path in sorted(folder.rglob("*")) if is_elf(path))


def wheel_floor(environment: Path, distribution: str = "pyside6_essentials") -> Version:
    """glibc floor of the manylinux wheel `distribution` was installed from."""
    for wheel in environment.rglob("*.dist-info/WHEEL"):
        if wheel.parent.name.lower().startswith(distribution + "-"):
            match = _WHEEL_TAG.search(wheel.read_text(encoding="utf-8"))
            if match:
                return int(match.group(1)), int(match.group(2))
    raise SystemExit(f"glibc_floor: no manylinux {distribution} wheel found in {environment}")


@dataclass
class Report:
    floor: Version
    checked: int
    newest_glibc: Version
    newest_glibcxx: Version
    above: list[tuple[Path, Version]]


def check(bundle: Path, floor: Version) -> Report:
    report = Report(floor=floor, checked=0, newest_glibc=(), newest_glibcxx=(), above=[])
    for path in elf_files(bundle):
        needs = needs_of(path)
        report.checked += 1
        report.newest_glibc = max(report.newest_glibc, needs.glibc)
        report.newest_glibcxx = max(report.newest_glibcxx, needs.glibcxx)
        if needs.glibc > floor:
            report.above.append((path.relative_to(bundle), needs.glibc))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a bundle against PySide6's glibc floor.")
    parser.add_argument("bundle", type=Path, nargs="?", help="omit to print the floor only")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--wheels", type=Path, help="the build environment (its dist-info)")
    source.add_argument("--floor", type=parse_version, help="e.g. 2.34")
    args = parser.parse_args(argv)
    floor = args.floor or wheel_floor(args.wheels)
    if args.bundle is None:
        print(show(floor))
        return 0
    report = check(args.bundle, floor)
    print(f"glibc floor {show(floor)} (PySide6's wheels); {report.checked} ELF files need at "
          f"most glibc {show(report.newest_glibc)} and GLIBCXX {show(report.newest_glibcxx)}")
    for path, version in report.above:
        print(f"glibc_floor: {path} needs glibc {show(version)}", file=sys.stderr)
    return 1 if report.above else 0


if __name__ == "__main__":
    sys.exit(main())
