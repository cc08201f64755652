"""The real desktop bundle, built the documented way (installer/build.sh) on this machine:
`--version` and `--self-test` run from the bundle with a bare environment (no venv, no
PYTHONPATH, another working folder), and the tarball installs and checks itself.

Slow (a minute or two of PyInstaller on two cores), so behind the marker:
    .venv/bin/python -m pytest tests/installer/test_bundle.py -m slow
"""

from __future__ import annotations

import importlib.util
import subprocess
import tarfile
from pathlib import Path

import pytest

from equitone import __version__
from tests.installer.conftest import ROOT

pytestmark = pytest.mark.slow

BUILD_TIMEOUT_S = 1800  # two busy cores; PyInstaller alone takes 1-2 min here


@pytest.fixture(scope="module")
def built() -> Path:
    result = subprocess.run([str(ROOT / "installer" / "build.sh")], cwd=ROOT,
                            capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    bundle = ROOT / "dist" / "equitone"
    assert (bundle / "equitone").is_file()
    return bundle


def _bare_env(home: Path) -> dict[str, str]:
    """What a clinician's session has: no virtualenv, no Python variables, no display."""
    return {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


def test_version_from_the_bundle(built: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(built / "equitone"), "--version"], env=_bare_env(tmp_path),
                            cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Equitone {__version__}"


def test_self_test_from_the_bundle(built: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(built / "equitone"), "--self-test"], env=_bare_env(tmp_path),
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
    assert "Traceback" not in result.stderr
    if importlib.util.find_spec("PySide6.QtPdf") is not None:  # bundled when installed
        assert "self-test: pdf preview ok (" in result.stdout
        assert "skipped" not in result.stdout
    assert not any(tmp_path.iterdir())  # the user's home is left as it was


def test_window_starts_from_the_bundle(built: Path, tmp_path: Path) -> None:
    """The real launch path (staged start-up, database open, single-instance guard), which
    the self-test does not take: EQUITONE_STARTUP_PROBE quits once the database is open; a
    missing module there shows an error dialog, which hangs into the timeout."""
    env = dict(_bare_env(tmp_path), EQUITONE_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen",
               EQUITONE_HOME=str(tmp_path / "equitone"))
    result = subprocess.run([str(built / "equitone"), "--db", str(tmp_path / "new.sqlite3")],
                            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("first-paint ")
    logs = "".join(p.read_text(encoding="utf-8")
                   for p in (tmp_path / "equitone" / "logs").glob("*.log*"))
    assert "ERROR" not in logs, logs


def test_tarball_installs_and_checks_itself(built: Path, tmp_path: Path) -> None:
    tarballs = sorted(built.parent.glob(f"equitone-{__version__}-linux-*.tar.gz"))
    assert tarballs, "build.sh made no tarball"
    assert tarballs[-1].stat().st_mtime >= (built / "equitone").stat().st_mtime - 1
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run([str(unpacked / "install.sh"), "--check"], env=_bare_env(home),
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
    installed = home / ".local" / "bin" / "equitone"
    version = subprocess.run([str(installed), "--version"], env=_bare_env(home),
                             capture_output=True, text=True, timeout=60, check=True)
    assert version.stdout.strip() == f"Equitone {__version__}"
    removed = subprocess.run([str(home / ".local" / "opt" / "equitone" / "install.sh"),
                              "--uninstall"], env=_bare_env(home), capture_output=True,
                             text=True, timeout=60, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not installed.is_symlink()
