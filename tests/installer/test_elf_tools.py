"""installer/linux/symver.py and glibc_floor.py on a real shared library compiled here: a
`hypot` call built against this machine's glibc (>= 2.35) asks for hypot@GLIBC_2.35; after
the patch it asks for hypot@GLIBC_2.2.5, still loads and still computes."""

from __future__ import annotations

import ctypes
import platform
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.installer.conftest import load_script

symver = load_script("linux/symver.py")
glibc_floor = load_script("linux/glibc_floor.py")

SOURCE = """
#include <math.h>
double diagonal(double a, double b) { return hypot(a, b); }
double sine(double x) { return sin(x); }
"""


def _glibc() -> tuple[int, ...]:
    name, version = platform.libc_ver()
    return tuple(int(part) for part in version.split(".")) if name == "glibc" else ()


@pytest.fixture(scope="module")
def hypot_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("gcc") is None or shutil.which("objdump") is None:
        pytest.skip("needs gcc and objdump")
    if _glibc() < (2, 35):
        pytest.skip("this glibc has no hypot@GLIBC_2.35 to move away from")
    folder = tmp_path_factory.mktemp("elf")
    (folder / "probe.c").write_text(SOURCE, encoding="utf-8")
    library = folder / "libprobe.so"
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", str(library),
                    str(folder / "probe.c"), "-lm"], check=True, capture_output=True)
    return library


def test_floor_check_sees_the_new_symbol(hypot_library: Path) -> None:
    needs = glibc_floor.needs_of(hypot_library)
    assert needs.glibc >= (2, 35)
    report = glibc_floor.check(hypot_library.parent, (2, 34))
    assert report.above == [(Path("libprobe.so"), needs.glibc)]


def test_hypot_moves_to_its_old_version_and_still_works(hypot_library: Path,
                                                        tmp_path: Path) -> None:
    patched = tmp_path / "libprobe.so"
    shutil.copy2(hypot_library, patched)
    assert symver.lower_versions(patched) == [
        "libprobe.so: hypot@GLIBC_2.35 -> hypot@GLIBC_2.2.5"]
    symbols = subprocess.run(["objdump", "-T", str(patched)], capture_output=True, text=True,
                             check=True).stdout
    hypot = next(line for line in symbols.splitlines() if line.endswith(" hypot"))
    assert "GLIBC_2.2.5" in hypot
    references = subprocess.run(["objdump", "-p", str(patched)], capture_output=True,
                                text=True, check=True).stdout
    weak = [line for line in references.splitlines() if line.strip().endswith("GLIBC_2.35")]
    assert weak and all(" 0x02 " in line for line in weak)  # kept, but weak: never refused
    assert glibc_floor.needs_of(patched).glibc <= (2, 34)

    library = ctypes.CDLL(str(patched))
    library.diagonal.restype = ctypes.c_double
    library.diagonal.argtypes = [ctypes.c_double, ctypes.c_double]
    assert library.diagonal(3.0, 4.0) == 5.0
    assert symver.lower_versions(patched) == []  # a second run changes nothing


def test_a_file_without_such_symbols_is_left_alone(hypot_library: Path, tmp_path: Path) -> None:
    copy = tmp_path / "other.so"
    shutil.copy2(hypot_library, copy)
    before = copy.read_bytes()
    assert symver.lower_versions(copy, {"cosh": ("GLIBC_2.99", "GLIBC_2.2.5")}) == []
    assert copy.read_bytes() == before


def test_a_non_elf_file_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a library", encoding="utf-8")
    with pytest.raises(symver.SymverError, match="not a 64-bit little-endian ELF"):
        symver.lower_versions(text)


def test_wheel_floor_comes_from_the_wheel_tag(tmp_path: Path) -> None:
    info = tmp_path / "lib" / "site-packages" / "pyside6_essentials-6.12.0.dist-info"
    info.mkdir(parents=True)
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nTag: cp310-abi3-manylinux_2_34_x86_64\n",
                                encoding="utf-8")
    assert glibc_floor.wheel_floor(tmp_path) == (2, 34)
    with pytest.raises(SystemExit, match="no manylinux"):
        glibc_floor.wheel_floor(tmp_path / "lib" / "elsewhere")
