"""The metadata the packages carry: the AppStream metainfo passes `appstreamcli validate` and
names this version, the menu entry passes `desktop-file-validate`, and the .deb's source tree
(installer/linux/deb.py, before dpkg's tools run) has everything in its place."""

from __future__ import annotations

import gzip
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from equitone import __version__
from tests.installer.conftest import INSTALLER, load_script

deb = load_script("linux/deb.py")
make_icons = load_script("make_icons.py")
APP_ID = "org.equitone.Equitone"
METAINFO = INSTALLER / "linux" / f"{APP_ID}.metainfo.xml"
DESKTOP = INSTALLER / "linux" / f"{APP_ID}.desktop"


def test_metainfo_validates_and_names_this_version() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == DESKTOP.name
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == __version__


def test_menu_entry_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _app = QApplication.instance() or QApplication([])
    out = tmp_path_factory.mktemp("icons")
    make_icons.build(out)
    return out


def test_deb_source_tree(tmp_path: Path, icons: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    monkeypatch.setenv("DEBFULLNAME", "Kim Clinic")
    monkeypatch.setenv("DEBEMAIL", "kim@example.org")
    bundle = tmp_path / "equitone"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "equitone").write_text("#!/bin/sh\n", encoding="utf-8")
    root = deb.stage(bundle, icons, tmp_path / "work", "9.9")
    debian = tmp_path / "work" / "debian"
    control = (debian / "control").read_text(encoding="utf-8")
    assert "Maintainer: Kim Clinic <kim@example.org>" in control
    assert "Depends: ${shlibs:Depends}, ${misc:Depends}" in control
    changelog = (debian / "changelog").read_text(encoding="utf-8")
    assert changelog.startswith("equitone (9.9) stable; urgency=medium")
    assert "Sat, 06 Dec 2025" in changelog  # from SOURCE_DATE_EPOCH, not the clock
    assert "libX11-xcb 1 libx11-xcb1\n" in (debian / "shlibs.local").read_text(encoding="utf-8")
    assert (root / "DEBIAN").is_dir()
    assert (root / "opt" / "equitone" / "equitone").is_file()
    assert (root / "usr" / "bin" / "equitone").readlink() == Path("/opt/equitone/equitone")
    share = root / "usr" / "share"
    assert (share / "applications" / DESKTOP.name).read_text(encoding="utf-8") == \
        DESKTOP.read_text(encoding="utf-8")
    assert (share / "metainfo" / METAINFO.name).is_file()
    for size in make_icons.HICOLOR_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert "License: proprietary" in (share / "doc" / "equitone" / "copyright").read_text(
        encoding="utf-8")
    packed = (share / "doc" / "equitone" / "changelog.Debian.gz").read_bytes()
    assert gzip.decompress(packed).decode("utf-8") == changelog


def test_deb_refuses_a_folder_without_the_program(tmp_path: Path, icons: Path) -> None:
    with pytest.raises(SystemExit, match="has no 'equitone' program"):
        deb.build(tmp_path, icons, tmp_path / "out", "9.9")
