"""The real desktop bundle, built the documented way (installer/build.sh) on this machine:
`--version`, `--self-test` and the window's start run from the bundle with a bare
environment; no file in it needs a newer glibc than PySide6 itself; a second build of the
same commit holds the same files; the checksums verify; the tarball installs (beside a
program already at ~/.local/bin/equitone, into a HOME with `&` and `$`) and uninstalls.

Slow (minutes of PyInstaller and xz on two cores), so behind the marker:
    .venv/bin/python -m pytest tests/installer/test_bundle.py -m slow
EQUITONE_TEST_DIST=dist reuses a finished build instead of making one.
"""

from __future__ import annotations

import importlib.util
import subprocess
import tarfile
from pathlib import Path

import pytest

from equitone import __version__
from tests.installer.conftest import INSTALLER, ROOT, bare_env, load_script

# The first test also waits for the session's build (minutes), hence the long timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]

glibc_floor = load_script("linux/glibc_floor.py")

# What the bundle must leave to the system (the C/C++ runtime, desktop services) and what it
# must ship (from wheels, the interpreter, and the two system libraries kept on purpose).
LEFT_TO_THE_SYSTEM = ("libstdc++.so.6", "libgcc_s.so.1", "libcups.so.2", "libsystemd.so.0",
                      "libexpat.so.1", "libX11.so.6", "libxcb-cursor.so.0", "libfontconfig.so.1",
                      "libfreetype.so.6", "libglib-2.0.so.0", "libdbus-1.so.3", "libssl.so.3",
                      "libgnutls.so.30", "libkrb5.so.3", "libz.so.1")
SHIPPED = ("libpython3", "libQt6Core.so.6", "libsqlite3.so.0", "libbz2.so.1.0")


@pytest.fixture(scope="module")
def bundle(dist: Path) -> Path:
    assert (dist / "equitone" / "equitone").is_file()
    return dist / "equitone"


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.rglob("*")}


def test_version_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(bundle / "equitone"), "--version"], env=bare_env(tmp_path),
                            cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Equitone {__version__}"


def test_self_test_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(bundle / "equitone"), "--self-test"], env=bare_env(tmp_path),
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
    assert "Traceback" not in result.stderr
    if importlib.util.find_spec("PySide6.QtPdf") is not None:  # bundled when installed
        assert "self-test: pdf preview ok (" in result.stdout
        assert "skipped" not in result.stdout
    assert not any(tmp_path.iterdir())  # the user's home is left as it was


def test_window_starts_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    """The real launch path (staged start-up, database open, single-instance guard), which
    the self-test does not take: EQUITONE_STARTUP_PROBE quits once the database is open; a
    missing module there shows an error dialog, which hangs into the timeout."""
    env = dict(bare_env(tmp_path), EQUITONE_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen",
               EQUITONE_HOME=str(tmp_path / "equitone"))
    result = subprocess.run([str(bundle / "equitone"), "--db", str(tmp_path / "new.sqlite3")],
                            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("first-paint ")
    logs = "".join(p.read_text(encoding="utf-8")
                   for p in (tmp_path / "equitone" / "logs").glob("*.log*"))
    assert "ERROR" not in logs, logs


def test_no_display_is_one_line_and_exit_2(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(bundle / "equitone")], env=bare_env(tmp_path), cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("equitone: no display found")
    assert result.stderr.count("\n") == 1 and "xcb-cursor0" not in result.stderr


def test_no_file_needs_a_newer_glibc_than_pyside6(bundle: Path) -> None:
    environment = ROOT / "build" / "bundle-env"
    floor = glibc_floor.wheel_floor(environment) if environment.is_dir() else (2, 34)
    report = glibc_floor.check(bundle, floor)  # objdump -T and -p over every ELF file
    assert report.checked > 100
    assert report.above == [], report.above
    assert report.newest_glibc <= floor
    names = _names(bundle)
    assert not names & set(LEFT_TO_THE_SYSTEM), sorted(names & set(LEFT_TO_THE_SYSTEM))
    for shipped in SHIPPED:
        assert any(name.startswith(shipped) for name in names), shipped


def test_checksums_verify(dist: Path) -> None:
    (sums,) = dist.glob(f"equitone-{__version__}-SHA256SUMS")
    listed = [line.split()[1] for line in sums.read_text(encoding="utf-8").splitlines()]
    assert any(name.endswith(".tar.xz") for name in listed)
    assert any(name.endswith(".deb") for name in listed)
    result = subprocess.run(["sha256sum", "--check", "--strict", sums.name], cwd=dist,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_builds_of_one_commit_hold_the_same_files(dist: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    result = subprocess.run([str(INSTALLER / "build.sh"), "--out", str(second)], cwd=ROOT,
                            capture_output=True, text=True, timeout=2400, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]

    def listing(folder: Path) -> list[str]:
        return sorted(f"{path.relative_to(folder)} -> {path.readlink()}" if path.is_symlink()
                      else str(path.relative_to(folder)) for path in folder.rglob("*"))

    assert listing(second / "equitone") == listing(dist / "equitone")
    (first_tar,) = dist.glob("equitone-*-linux-*.tar.xz")
    (second_tar,) = second.glob("equitone-*-linux-*.tar.xz")
    with tarfile.open(first_tar) as one, tarfile.open(second_tar) as two:
        assert one.getnames() == two.getnames()


def test_tarball_installs_beside_a_pipx_equitone_and_a_special_home(dist: Path,
                                                                    tmp_path: Path) -> None:
    (tarball,) = dist.glob(f"equitone-{__version__}-linux-*.tar.xz")
    with tarfile.open(tarball, "r:xz") as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "Praxis & Partner $USER"
    pipx = home / ".local" / "bin" / "equitone"
    pipx.parent.mkdir(parents=True)
    pipx.write_text("#!/bin/sh\necho 'pipx equitone'\n", encoding="utf-8")
    pipx.chmod(0o755)

    result = subprocess.run([str(unpacked / "install.sh"), "--check"], env=bare_env(home),
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
    assert "already exists and is not ours" in result.stdout
    prefix = home / ".local" / "opt" / "equitone"
    version = subprocess.run([str(prefix / "equitone"), "--version"], env=bare_env(home),
                             capture_output=True, text=True, timeout=60, check=True)
    assert version.stdout.strip() == f"Equitone {__version__}"
    desktop = home / ".local/share/applications/org.equitone.Equitone.desktop"
    check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                           text=True, check=False)
    assert check.returncode == 0, check.stdout
    assert "Exec=" in desktop.read_text(encoding="utf-8")

    removed = subprocess.run([str(prefix / "install.sh"), "--uninstall"], env=bare_env(home),
                             capture_output=True, text=True, timeout=60, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not prefix.exists() and not desktop.exists()
    assert pipx.read_text(encoding="utf-8").endswith("echo 'pipx equitone'\n")  # kept
    assert not (home / ".local" / "share" / "icons").exists()
