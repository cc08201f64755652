"""Helpers for the installer tests: the scripts in installer/ are loaded from their files, and
the slow tests share one real build (installer/build.sh, once per session)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
BUILD_TIMEOUT_S = 2400  # two busy cores: PyInstaller 1-2 min, xz of tarball and .deb 2-4 min
# Point at a finished build's output folder to rerun the slow tests without building again.
REUSE_BUILD_ENV = "EQUITONE_TEST_DIST"


def load_script(relative: str) -> ModuleType:
    path = INSTALLER / relative
    name = "installer_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def dist() -> Path:
    """installer/build.sh's output folder (bundle, tarball, .deb, checksums)."""
    reuse = os.environ.get(REUSE_BUILD_ENV)
    if reuse:
        return Path(reuse)
    result = subprocess.run([str(INSTALLER / "build.sh")], cwd=ROOT, capture_output=True,
                            text=True, timeout=BUILD_TIMEOUT_S, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return ROOT / "dist"


def bare_env(home: Path) -> dict[str, str]:
    """What a clinician's session has: no virtualenv, no Python variables, no display."""
    return {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
