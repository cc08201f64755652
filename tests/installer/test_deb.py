"""The .deb from installer/build.sh, read with dpkg-deb and installed on this machine with
`dpkg -i`, self-tested from /usr/bin/equitone, and removed with `dpkg -r`.

Slow, and the install needs root (it changes this machine's package database):
    .venv/bin/python -m pytest tests/installer/test_deb.py -m slow
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitone import __version__
from tests.installer.conftest import bare_env

# The first test also waits for the session's build (minutes), hence the long timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]
APP_ID = "org.equitone.Equitone"
# What Qt's window, Python's modules and the platform plugins load from the system.
EXPECTED_DEPENDS = ("libc6", "libstdc++6", "libgcc-s1", "libxcb1", "libxcb-cursor0",
                    "libxkbcommon-x11-0", "libfontconfig1", "libglib2.0-0", "libdbus-1-3",
                    "libegl1", "libgl1", "zlib1g", "libwayland-cursor0", "libwayland-egl1",
                    "libssl3")


@pytest.fixture(scope="module")
def deb(dist: Path) -> Path:
    (package,) = dist.glob(f"equitone_{__version__}_*.deb")
    return package


def _field(deb: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "--field", str(deb), name], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_control_fields_and_dependencies(deb: Path) -> None:
    assert _field(deb, "Package") == "equitone"
    assert _field(deb, "Version") == __version__
    assert int(_field(deb, "Installed-Size")) > 50_000  # KiB
    depends = {re.match(r"[\w.+-]+", part.strip()).group(): part.strip()  # type: ignore[union-attr]
               for part in _field(deb, "Depends").split(",")}
    missing = [name for name in EXPECTED_DEPENDS if name not in depends]
    assert not missing, (missing, depends)
    libc = re.search(r"\(>= ([\d.]+)\)", depends["libc6"])
    assert libc is not None
    assert tuple(map(int, libc.group(1).split("."))) <= (2, 34)  # PySide6's floor, no higher
    assert depends["libx11-xcb1"] == "libx11-xcb1"  # debian/shlibs.local: 22.04 has 1.7


def test_contents(deb: Path) -> None:
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True,
                             text=True, check=True).stdout
    paths = {line.split()[5].lstrip(".") for line in listing.splitlines()}
    assert {"/opt/equitone/equitone", f"/usr/share/applications/{APP_ID}.desktop",
            f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
            f"/usr/share/icons/hicolor/48x48/apps/{APP_ID}.png",
            f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
            "/usr/share/doc/equitone/copyright"} <= paths
    assert "/usr/bin/equitone -> /opt/equitone/equitone" in listing
    assert not any(path.endswith(("/libstdc++.so.6", "/libcups.so.2")) for path in paths)
    owners = {line.split()[1] for line in listing.splitlines()}
    assert owners == {"root/root"}


@pytest.fixture
def installed(deb: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        pytest.skip("dpkg -i needs root")
    if subprocess.run(["dpkg-query", "-W", "equitone"], capture_output=True,
                      check=False).returncode == 0:
        subprocess.run(["dpkg", "-r", "equitone"], capture_output=True, check=True)
    result = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True,
                            check=False)
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        yield
    finally:
        subprocess.run(["dpkg", "-r", "equitone"], capture_output=True, check=False)


@pytest.mark.usefixtures("installed")
def test_dpkg_install_self_test_and_remove(tmp_path: Path) -> None:
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", "equitone"],
                            capture_output=True, text=True, check=True).stdout
    assert status == f"install ok installed {__version__}"
    program = shutil.which("equitone", path="/usr/bin")
    assert program == "/usr/bin/equitone"
    result = subprocess.run([program, "--self-test"], env=bare_env(tmp_path), cwd=tmp_path,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
    metainfo = f"/usr/share/metainfo/{APP_ID}.metainfo.xml"
    valid = subprocess.run(["appstreamcli", "validate", "--no-net", metainfo],
                           capture_output=True, text=True, check=False)
    assert valid.returncode == 0, valid.stdout
    desktop = f"/usr/share/applications/{APP_ID}.desktop"
    checked = subprocess.run(["desktop-file-validate", desktop], capture_output=True,
                             text=True, check=False)
    assert checked.returncode == 0, checked.stdout

    removed = subprocess.run(["dpkg", "-r", "equitone"], capture_output=True, text=True,
                             check=False)
    assert removed.returncode == 0, removed.stderr
    for path in ("/opt/equitone", "/usr/bin/equitone", desktop, metainfo,
                 f"/usr/share/icons/hicolor/48x48/apps/{APP_ID}.png"):
        assert not Path(path).exists() and not Path(path).is_symlink(), path
