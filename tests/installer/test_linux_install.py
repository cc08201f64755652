"""The Linux tarball and install.sh, on a stand-in bundle (the real one takes a minute to
build; tests/installer/test_bundle.py does that under the slow marker): the tarball's layout,
a per-user install into a private HOME, upgrade, --check, and an uninstall that leaves the
clinic's data alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.installer.conftest import INSTALLER, load_script

package = load_script("linux/package.py")
make_icons = load_script("make_icons.py")
APP_ID = "org.equitone.Equitone"
FAKE_PROGRAM = """#!/bin/sh
case "$1" in
  --version) echo "Equitone 9.9" ;;
  --self-test) echo "self-test: passed, 0 steps in 1 ms" ;;
  *) echo "started" ;;
esac
"""


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _app = QApplication.instance() or QApplication([])
    out = tmp_path_factory.mktemp("icons")
    make_icons.build(out)
    return out


@pytest.fixture
def unpacked(tmp_path: Path, icons: Path) -> Path:
    bundle = tmp_path / "dist" / "equitone"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    (bundle / "_internal" / "libexample.so").write_bytes(b"\x7fELF")
    program = bundle / "equitone"
    program.write_text(FAKE_PROGRAM, encoding="utf-8")
    program.chmod(0o755)
    tarball = package.pack(bundle, icons, tmp_path / "out", version="9.9", arch="x86_64")
    assert tarball.name == "equitone-9.9-linux-x86_64.tar.gz"
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
        members = {m.name: m for m in tar.getmembers()}
        tar.extractall(tmp_path / "unpacked", filter="data")
    top = "equitone-9.9-linux-x86_64"
    assert {f"{top}/install.sh", f"{top}/README.txt", f"{top}/VERSION", f"{top}/app/equitone",
            f"{top}/app/_internal/libexample.so",
            f"{top}/share/applications/{APP_ID}.desktop",
            f"{top}/share/icons/hicolor/16x16/apps/{APP_ID}.png",
            f"{top}/share/icons/hicolor/512x512/apps/{APP_ID}.png",
            f"{top}/share/icons/hicolor/scalable/apps/{APP_ID}.svg"} <= names
    assert members[f"{top}/app/equitone"].mode & 0o111
    assert members[f"{top}/install.sh"].mode & 0o111
    assert all(m.uname == "root" for m in members.values())
    return tmp_path / "unpacked" / top


def _run(script: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run([str(script), *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_install_then_uninstall_for_the_current_user(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    clinic_data = home / ".local" / "share" / "Equitone" / "equitone.sqlite3"
    clinic_data.parent.mkdir(parents=True)
    clinic_data.write_bytes(b"patients")

    result = _run(unpacked / "install.sh", home)
    assert result.returncode == 0, result.stderr
    assert "Equitone 9.9 installed" in result.stdout
    prefix = home / ".local" / "opt" / "equitone"
    link = home / ".local" / "bin" / "equitone"
    assert link.is_symlink() and link.resolve() == (prefix / "equitone").resolve()
    assert subprocess.run([str(link), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == "Equitone 9.9"
    desktop = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert f'Exec="{prefix}/equitone"' in text and f"TryExec={prefix}/equitone" in text
    assert f"Icon={APP_ID}" in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0, check.stdout
    hicolor = home / ".local" / "share" / "icons" / "hicolor"
    for size in make_icons.HICOLOR_SIZES:
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    again = _run(unpacked / "install.sh", home)  # an upgrade over the top
    assert again.returncode == 0, again.stderr
    manifest = (prefix / ".installed").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == len(set(manifest)) == 2 + len(make_icons.HICOLOR_SIZES) + 1

    removed = _run(prefix / "install.sh", home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert "left in place" in removed.stdout
    assert not prefix.exists() and not link.is_symlink() and not desktop.exists()
    assert not list(hicolor.rglob(f"{APP_ID}.*"))
    assert clinic_data.read_bytes() == b"patients"  # the clinic's data is never touched


def test_check_runs_the_self_test(unpacked: Path, tmp_path: Path) -> None:
    result = _run(unpacked / "install.sh", tmp_path, "--check")
    assert result.returncode == 0, result.stderr
    assert "self-test: passed" in result.stdout


def test_bad_use_is_one_clear_line(unpacked: Path, tmp_path: Path) -> None:
    wrong = _run(unpacked / "install.sh", tmp_path, "--frobnicate")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "install.sh: unknown option '--frobnicate' (see --help)"
    stray = tmp_path / "stray"
    stray.mkdir()
    shutil.copy(INSTALLER / "linux" / "install.sh", stray / "install.sh")
    outside = _run(stray / "install.sh", tmp_path)
    assert outside.returncode == 1
    assert "run me from the unpacked Equitone folder" in outside.stderr
    assert not (tmp_path / ".local" / "opt" / "equitone").exists()
    nothing = _run(stray / "install.sh", tmp_path, "--uninstall")
    assert nothing.returncode == 0 and "not installed" in nothing.stdout


def test_pack_refuses_a_folder_without_the_program(tmp_path: Path, icons: Path) -> None:
    with pytest.raises(SystemExit, match="has no 'equitone' program"):
        package.pack(tmp_path, icons, tmp_path / "out", version="1", arch="x86_64")
