"""Point a shared library's glibc symbol references at older, equivalent symbol versions.

The interpreter in the bundle was compiled on this build machine, so its libpython asks for
`hypot@GLIBC_2.35`, the one symbol that lifts the whole bundle above PySide6's glibc floor
(2.34). glibc 2.35 gave hypot a new version only because it dropped the SVID error-handling
wrapper (`_LIB_VERSION`, itself gone since 2.27); `hypot@GLIBC_2.2.5` computes the same values
and is present in every glibc. COMPATIBLE lists such vetted pairs; any other symbol above the
floor fails the build instead (installer/linux/glibc_floor.py).

The patch changes two bytes per symbol in place: the symbol's entry in .gnu.version now names
the older version (which the library already requires from the same file), and the newer
version's entry in .gnu.version_r is marked weak once no symbol uses it, so the loader of an
older glibc does not refuse the file. ELF64 little-endian only (x86_64, aarch64).

    python installer/linux/symver.py LIBRARY...
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# symbol -> (newer version to replace, older equivalent version)
COMPATIBLE: Mapping[str, tuple[str, str]] = {
    "hypot": ("GLIBC_2.35", "GLIBC_2.2.5"),
}

SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
VER_FLG_WEAK = 0x2
_SECTION = struct.Struct("<IIQQQQIIQQ")
_SYMBOL = struct.Struct("<IBBHQQ")
_VERNEED = struct.Struct("<HHIII")
_VERNAUX = struct.Struct("<IHHII")


class SymverError(Exception):
    pass


@dataclass
class _Section:
    type: int
    offset: int
    size: int
    link: int


@dataclass
class _Requirement:
    """One vernaux entry: a version needed from one library file."""

    file: str
    name: str
    index: int
    flags_offset: int


def lower_versions(path: Path, compatible: Mapping[str, tuple[str, str]] = COMPATIBLE
                   ) -> list[str]:
    """Patch `path` in place; returns one line per symbol changed (empty when none)."""
    data = bytearray(path.read_bytes())
    sections = _sections(data)
    dynsym = _only(sections, SHT_DYNSYM)
    versym = _only(sections, SHT_GNU_VERSYM)
    verneed = _only(sections, SHT_GNU_VERNEED)
    if dynsym is None or versym is None or verneed is None:
        return []
    strings = sections[dynsym.link]
    requirements = _requirements(data, verneed, sections[verneed.link])
    by_index = {req.index: req for req in requirements}
    changed: list[str] = []
    retired: set[int] = set()
    for number in range(dynsym.size // _SYMBOL.size):
        name_at, *_rest = _SYMBOL.unpack_from(data, dynsym.offset + number * _SYMBOL.size)
        name = _string(data, strings.offset + name_at)
        if name not in compatible:
            continue
        slot = versym.offset + 2 * number
        (raw,) = struct.unpack_from("<H", data, slot)
        current = by_index.get(raw & 0x7FFF)
        newer, older = compatible[name]
        if current is None or current.name != newer:
            continue
        target = next((req for req in requirements
                       if req.file == current.file and req.name == older), None)
        if target is None:
            raise SymverError(f"{path.name}: {name}@{newer} has no {older} requirement "
                              f"from {current.file} to move to")
        struct.pack_into("<H", data, slot, (raw & 0x8000) | target.index)
        retired.add(current.index)
        changed.append(f"{path.name}: {name}@{newer} -> {name}@{older}")
    still_used = {struct.unpack_from("<H", data, versym.offset + 2 * n)[0] & 0x7FFF
                  for n in range(versym.size // 2)}
    for index in retired - still_used:
        req = by_index[index]
        (flags,) = struct.unpack_from("<H", data, req.flags_offset)
        struct.pack_into("<H", data, req.flags_offset, flags | VER_FLG_WEAK)
    if changed:
        path.write_bytes(bytes(data))
    return changed


def _sections(data: bytearray) -> list[_Section]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SymverError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    entsize, count = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for number in range(count):
        fields = _SECTION.unpack_from(data, shoff + number * entsize)
        sections.append(_Section(type=fields[1], offset=fields[4], size=fields[5],
                                 link=fields[6]))
    return sections


def _only(sections: list[_Section], kind: int) -> _Section | None:
    return next((section for section in sections if section.type == kind), None)


def _requirements(data: bytearray, verneed: _Section, strings: _Section) -> list[_Requirement]:
    found: list[_Requirement] = []
    at = verneed.offset
    while True:
        _version, count, file_at, aux, next_need = _VERNEED.unpack_from(data, at)
        file = _string(data, strings.offset + file_at)
        aux_at = at + aux
        for _ in range(count):
            _hash, _flags, index, name_at, next_aux = _VERNAUX.unpack_from(data, aux_at)
            found.append(_Requirement(file=file, name=_string(data, strings.offset + name_at),
                                      index=index, flags_offset=aux_at + 4))
            aux_at += next_aux
        if not next_need:
            return found
        at += next_need


def _string(data: bytearray, at: int) -> str:
    return bytes(data[at:data.index(0, at)]).decode("ascii", "replace")


def main(argv: list[str]) -> int:
    for name in argv:
        for line in lower_versions(Path(name)):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
