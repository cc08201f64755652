"""Pack the PyInstaller one-folder bundle into the Linux tarball.

    python installer/linux/package.py --bundle dist/equitone --icons build/icons --out dist

Writes OUT/equitone-VERSION-linux-ARCH.tar.gz holding one folder:

    equitone-VERSION-linux-ARCH/
        install.sh, README.txt, VERSION
        app/                                   the bundle (run app/equitone directly if you like)
        share/applications/org.equitone.Equitone.desktop
        share/icons/hicolor/<N>x<N>/apps/org.equitone.Equitone.png (+ scalable .svg)

and prints the tarball's path. Entries are sorted and owned by root:root with the bundle's
permissions kept, so two packs of the same bundle differ only in timestamps.
"""

from __future__ import annotations

import argparse
import io
import platform
import re
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP_ID = "org.equitone.Equitone"
ICON_NAME = "equitone"  # as installer/make_icons.py names its output

README = """Equitone {version} for Linux ({arch})

Install for your user (no root needed):   ./install.sh
Install and check it works:               ./install.sh --check
Remove it again (your data stays):        ~/.local/opt/equitone/install.sh --uninstall

Or run it in place without installing:    ./app/equitone
Check any copy end to end:                ./app/equitone --self-test

Equitone needs the usual desktop libraries (present on any desktop install). A minimal
Debian/Ubuntu system needs: libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 fonts-dejavu-core
(install.sh tells you which are missing).
"""


def project_version() -> str:
    text = (ROOT / "src" / "equitone" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if match is None:
        raise SystemExit("package: no __version__ in src/equitone/__init__.py")
    return match.group(1)


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def pack(bundle: Path, icons: Path, out: Path, version: str | None = None,
         arch: str | None = None) -> Path:
    version = version or project_version()
    arch = arch or platform.machine()
    if not (bundle / "equitone").is_file():
        raise SystemExit(f"package: {bundle} has no 'equitone' program (run PyInstaller first)")
    hicolor = icons / "hicolor"
    if not hicolor.is_dir():
        raise SystemExit(f"package: {hicolor} is missing (run installer/make_icons.py)")
    top = f"equitone-{version}-linux-{arch}"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{top}.tar.gz"
    partial = target.with_suffix(".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        def add_text(name: str, text: str, mode: int = 0o644) -> None:
            data = text.encode("utf-8")
            info = _normalise(tarfile.TarInfo(f"{top}/{name}"))
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))

        add_text("VERSION", version + "\n")
        add_text("README.txt", README.format(version=version, arch=arch))
        add_text("install.sh", (HERE / "install.sh").read_text(encoding="utf-8"), 0o755)
        add_text(f"share/applications/{APP_ID}.desktop",
                 (HERE / f"{APP_ID}.desktop").read_text(encoding="utf-8"))
        for icon in sorted(hicolor.rglob(f"{ICON_NAME}.*")):
            relative = icon.relative_to(icons).with_name(APP_ID + icon.suffix)
            tar.add(icon, f"{top}/share/icons/{relative.as_posix()}", filter=_normalise)
        for path in sorted(bundle.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                continue
            name = f"{top}/app/{path.relative_to(bundle).as_posix()}"
            tar.add(path, name, recursive=False, filter=_normalise)
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pack the Linux tarball.")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "equitone")
    parser.add_argument("--icons", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    print(pack(args.bundle, args.icons, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
