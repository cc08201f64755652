"""Pack the PyInstaller one-folder bundle into the Linux tarball.

    python installer/linux/package.py --bundle dist/equitone --icons build/icons --out dist

Writes OUT/equitone-VERSION-linux-ARCH.tar.xz holding one folder:

    equitone-VERSION-linux-ARCH/
        install.sh, README.txt, VERSION
        system-libraries.tsv                   what the bundle needs from the system
        app/                                   the bundle (run app/equitone directly if you like)
        share/applications/org.equitone.Equitone.desktop
        share/icons/hicolor/<N>x<N>/apps/org.equitone.Equitone.png (+ scalable .svg)

and prints the tarball's path. Entries are sorted, owned by root:root with the bundle's
permissions kept, and dated no later than SOURCE_DATE_EPOCH when it is set (build.sh sets it
to the commit's time), so packing the same bundle twice gives the same archive. xz runs
multi-threaded when the `xz` program is there (Python's lzma module otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import lzma
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP_ID = "org.equitone.Equitone"
ICON_NAME = "equitone"  # as installer/make_icons.py names its output
XZ_PRESET = 6

README = """Equitone {version} for Linux ({arch})

Install for your user (no root needed):   ./install.sh
Install and check it works:               ./install.sh --check
Remove it again (your data stays):        ~/.local/opt/equitone/install.sh --uninstall

Or run it in place without installing:    ./app/equitone
Check any copy end to end:                ./app/equitone --self-test

Runs on 64-bit Linux with glibc {glibc} or newer: Debian 12+, Ubuntu 22.04+,
RHEL/Rocky/AlmaLinux 9+, Fedora 39+, openSUSE Tumbleweed. It uses the system's own C/C++
runtime and desktop libraries, present on any desktop install; install.sh names any that are
missing, with the command that installs them. A minimal Debian/Ubuntu system needs:
{packages}
"""


def _load_sibling(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"installer_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def project_version() -> str:
    text = (ROOT / "src" / "equitone" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if match is None:
        raise SystemExit("package: no __version__ in src/equitone/__init__.py")
    return match.group(1)


def _epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else None


def _normaliser(epoch: int | None):  # type: ignore[no-untyped-def]
    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        if epoch is not None:
            info.mtime = min(int(info.mtime), epoch) if info.mtime else epoch
        return info

    return normalise


def wrap_lines(words: list[str], width: int = 88, indent: str = "    ") -> str:
    lines, line = [], indent
    for word in words:
        if len(line) + len(word) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += word + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


def readme(version: str, arch: str, packages: Mapping[str, str | None], glibc: str) -> str:
    names = sorted({package for package in packages.values() if package and package != "libc6"})
    return README.format(version=version, arch=arch, glibc=glibc,
                         packages=wrap_lines(names) if names else "    (nothing)")


def pack(bundle: Path, icons: Path, out: Path, version: str | None = None,
         arch: str | None = None, packages: Mapping[str, str | None] | None = None,
         glibc: str = "2.34") -> Path:
    version = version or project_version()
    arch = arch or platform.machine()
    if not (bundle / "equitone").is_file():
        raise SystemExit(f"package: {bundle} has no 'equitone' program (run PyInstaller first)")
    hicolor = icons / "hicolor"
    if not hicolor.is_dir():
        raise SystemExit(f"package: {hicolor} is missing (run installer/make_icons.py)")
    if packages is None:
        system_libs = _load_sibling("system_libs")
        packages = system_libs.debian_packages(system_libs.needed_from_system(bundle))
    top = f"equitone-{version}-linux-{arch}"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{top}.tar.xz"
    partial = target.with_name(target.name + ".part")
    normalise = _normaliser(_epoch())
    with _xz_stream(partial) as stream, tarfile.open(fileobj=stream, mode="w|",
                                                      format=tarfile.PAX_FORMAT) as tar:
        def add_text(name: str, text: str, mode: int = 0o644) -> None:
            data = text.encode("utf-8")
            info = normalise(tarfile.TarInfo(f"{top}/{name}"))
            info.size, info.mode = len(data), mode
            info.mtime = _epoch() or int(bundle.joinpath("equitone").stat().st_mtime)
            tar.addfile(info, io.BytesIO(data))

        add_text("VERSION", version + "\n")
        add_text("README.txt", readme(version, arch, packages, glibc))
        add_text("system-libraries.tsv",
                 "".join(f"{name}\t{pkg or '-'}\n" for name, pkg in sorted(packages.items())))
        add_text("install.sh", (HERE / "install.sh").read_text(encoding="utf-8"), 0o755)
        add_text(f"share/applications/{APP_ID}.desktop",
                 (HERE / f"{APP_ID}.desktop").read_text(encoding="utf-8"))
        for icon in sorted(hicolor.rglob(f"{ICON_NAME}.*")):
            relative = icon.relative_to(icons).with_name(APP_ID + icon.suffix)
            tar.add(icon, f"{top}/share/icons/{relative.as_posix()}", filter=normalise)
        for path in sorted(bundle.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                continue
            name = f"{top}/app/{path.relative_to(bundle).as_posix()}"
            tar.add(path, name, recursive=False, filter=normalise)
    partial.replace(target)
    return target


@contextlib.contextmanager
def _xz_stream(path: Path) -> Iterator[IO[bytes]]:
    """A writable stream that ends up xz-compressed in `path`."""
    xz = shutil.which("xz")
    if xz is None:
        with lzma.open(path, "wb", preset=XZ_PRESET) as compressed:
            yield compressed  # type: ignore[misc]
        return
    with path.open("wb") as file:
        process = subprocess.Popen([xz, f"-{XZ_PRESET}", "-T0", "-c"], stdin=subprocess.PIPE,
                                   stdout=file)
        assert process.stdin is not None
        try:
            yield process.stdin
        finally:
            process.stdin.close()
            code = process.wait()
    if code != 0:
        raise SystemExit(f"package: xz failed with exit code {code}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pack the Linux tarball.")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "equitone")
    parser.add_argument("--icons", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--glibc", default="2.34", help="the bundle's glibc floor (README)")
    args = parser.parse_args(argv)
    print(pack(args.bundle, args.icons, args.out, glibc=args.glibc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
