"""Build the Debian/Ubuntu package from the PyInstaller bundle with dpkg's own tools.

    python installer/linux/deb.py --version 0.1.0 --bundle dist/equitone --icons build/icons \
        --out dist

Lays out the standard source-package tree under build/deb (debian/control, debian/changelog,
the staged files in debian/equitone/), then runs what debhelper runs underneath:
dpkg-shlibdeps reads every ELF file of the bundle and turns the libraries it needs from the
system into versioned Depends from dpkg's symbols files; dpkg-gencontrol writes DEBIAN/control
(with Installed-Size); dpkg-deb packs it (xz, files owned by root). Prints the .deb's path.

Installed layout:
    /opt/equitone/                         the bundle
    /usr/bin/equitone                      symlink to /opt/equitone/equitone
    /usr/share/applications/org.equitone.Equitone.desktop
    /usr/share/icons/hicolor/*/apps/org.equitone.Equitone.{png,svg}
    /usr/share/metainfo/org.equitone.Equitone.metainfo.xml
    /usr/share/doc/equitone/{copyright,changelog.Debian.gz}
Menus and icon caches pick the files up through dpkg triggers: no maintainer scripts.

The maintainer named in the package comes from DEBFULLNAME and DEBEMAIL, as for Debian's
own tools (a placeholder otherwise).
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP_ID = "org.equitone.Equitone"
PACKAGE = "equitone"
ICON_NAME = "equitone"
SUMMARY = "offline workstation for tone-balancing rehab"
DESCRIPTION = """\
 Equitone is a workstation for physiotherapists, chiropractors and rehab
 clinicians: a body map to record each muscle side's tone, a session designer
 that adds the relaxation every activation needs, trends, and printed plans.
 .
 Everything stays on the computer (one SQLite file per user, or a clinic's own
 PostgreSQL server); no network is needed. `equitone --self-test` checks an
 installation end to end."""
COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Equitone

Files: *
Copyright: Equitone
License: proprietary
 All rights reserved.

Files: opt/equitone/_internal/*
Comment: The bundled runtime, each under its own licence (its licence files are in the
 folders beside it where the wheel ships them): Python (PSF-2.0), Qt and PySide6
 (LGPL-3.0), NumPy and OpenBLAS (BSD-3-Clause), SQLAlchemy, Alembic, Mako,
 platformdirs, jsonschema, keyring (MIT), reportlab (BSD-3-Clause), pyqtgraph (MIT),
 Pillow (MIT-CMU), psycopg (LGPL-3.0) with libpq (PostgreSQL), cryptography
 (Apache-2.0 or BSD-3-Clause), SQLite (public domain), DejaVu fonts (Bitstream Vera)
 and Droid Sans Fallback (Apache-2.0).
License: various
"""


# dpkg-shlibdeps reads this beside debian/control. These two libraries come with blanket
# "shlibs" files that demand the build machine's own version (libx11-xcb1 >= 1.8.4,
# libzstd1 >= 1.5.2), which Ubuntu 22.04 does not have; Qt calls only functions they have had
# for many years (XGetXCBConnection; ZSTD_decompress and friends).
SHLIBS_LOCAL = """\
libX11-xcb 1 libx11-xcb1
libzstd 1 libzstd1 (>= 1.4.0)
"""


def _run(cmd: list[str], cwd: Path) -> str:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"deb: {cmd[0]} failed:\n{result.stderr.strip()}")
    return result.stdout


def debian_architecture() -> str:
    return _run(["dpkg", "--print-architecture"], Path.cwd()).strip()


def _maintainer() -> str:
    name = os.environ.get("DEBFULLNAME", "Equitone")
    address = os.environ.get("DEBEMAIL", "packaging@equitone.invalid")
    return f"{name} <{address}>"


def _when() -> float:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(epoch) if epoch.isdigit() else time.time()


def _write(path: Path, text: str | bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    path.chmod(mode)


def stage(bundle: Path, icons: Path, work: Path, version: str) -> Path:
    """The source-package tree in `work`; returns debian/equitone (the package's root)."""
    shutil.rmtree(work, ignore_errors=True)
    debian = work / "debian"
    root = debian / PACKAGE
    _write(debian / "control", (
        f"Source: {PACKAGE}\nSection: science\nPriority: optional\n"
        f"Maintainer: {_maintainer()}\n\n"
        f"Package: {PACKAGE}\nArchitecture: any\n"
        "Depends: ${shlibs:Depends}, ${misc:Depends}\n"
        f"Description: {SUMMARY}\n{DESCRIPTION}\n"))
    changelog = (f"{PACKAGE} ({version}) stable; urgency=medium\n\n"
                 f"  * Equitone {version}.\n\n"
                 f" -- {_maintainer()}  {email.utils.formatdate(_when())}\n")
    _write(debian / "changelog", changelog)
    _write(debian / "shlibs.local", SHLIBS_LOCAL)

    # dpkg-shlibdeps finds the package root (to resolve $ORIGIN in RPATHs) by its DEBIAN/.
    (root / "DEBIAN").mkdir(parents=True)
    shutil.copytree(bundle, root / "opt" / PACKAGE, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / PACKAGE).symlink_to(f"/opt/{PACKAGE}/equitone")
    share = root / "usr" / "share"
    _write(share / "applications" / f"{APP_ID}.desktop",
           (HERE / f"{APP_ID}.desktop").read_text(encoding="utf-8"))
    _write(share / "metainfo" / f"{APP_ID}.metainfo.xml",
           (HERE / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8"))
    for icon in sorted((icons / "hicolor").rglob(f"{ICON_NAME}.*")):
        relative = icon.relative_to(icons).with_name(APP_ID + icon.suffix)
        _write(share / "icons" / relative, icon.read_bytes())
    doc = share / "doc" / PACKAGE
    _write(doc / "copyright", COPYRIGHT)
    _write(doc / "changelog.Debian.gz",
           gzip.compress(changelog.encode("utf-8"), compresslevel=9, mtime=int(_when())))
    return root


def build(bundle: Path, icons: Path, out: Path, version: str, work: Path | None = None) -> Path:
    if not (bundle / "equitone").is_file():
        raise SystemExit(f"deb: {bundle} has no 'equitone' program (run PyInstaller first)")
    for tool in ("dpkg-deb", "dpkg-shlibdeps", "dpkg-gencontrol"):
        if shutil.which(tool) is None:
            raise SystemExit(f"deb: {tool} is missing (apt-get install dpkg-dev)")
    work = (work or ROOT / "build" / "deb").resolve()
    root = stage(bundle, icons, work, version)
    elves = [str(path.relative_to(work)) for path in sorted((root / "opt").rglob("*"))
             if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF"]
    _run(["dpkg-shlibdeps", f"-Tdebian/{PACKAGE}.substvars", "--warnings=0", "-e", *elves],
         work)
    _run(["dpkg-gencontrol", f"-p{PACKAGE}", f"-Pdebian/{PACKAGE}",
          f"-Tdebian/{PACKAGE}.substvars"], work)
    out.mkdir(parents=True, exist_ok=True)
    target = out.resolve() / f"{PACKAGE}_{version}_{debian_architecture()}.deb"
    _run(["dpkg-deb", "--root-owner-group", "-Zxz", f"--threads-max={os.cpu_count() or 1}",
          "--build", f"debian/{PACKAGE}",
          str(target)], work)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the .deb from the bundle.")
    parser.add_argument("--version", required=True, help="the package's version")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "equitone")
    parser.add_argument("--icons", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    print(build(args.bundle, args.icons, args.out, args.version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
