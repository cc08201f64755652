"""The wheel layout: resources, fonts, icon and migrations ship inside the package, and an
installed wheel (not the editable checkout) passes the self-test. Slow-marked: it builds a
wheel and a virtual environment (about ten seconds).
    .venv/bin/python -m pytest tests/installer/test_wheel.py -m slow
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.installer.conftest import ROOT

pytestmark = pytest.mark.slow

SHIPPED = (
    "equitone/resources/__init__.py",
    "equitone/resources/icons/equitone.svg",
    "equitone/resources/fonts/DejaVuSans.ttf",
    "equitone/resources/fonts/DroidSansFallback.ttf",
    "equitone/resources/catalog/muscles.json",
    "equitone/resources/catalog/techniques.json",
    "equitone/resources/catalog/length_tests.json",
    "equitone/resources/archive/patient-archive-1.schema.json",
    "equitone/resources/archive/patient-archive-2.schema.json",
    "equitone/resources/archive/patient-archive-3.schema.json",
    "equitone/resources/archive/patient-archive-4.schema.json",
    "equitone/resources/bodymap/front-superficial.svg",
    "equitone/storage/migrations/env.py",
    "equitone/storage/migrations/script.py.mako",
    "equitone/storage/migrations/versions/0001_foundation.py",
)


def test_installed_wheel_finds_everything(tmp_path: Path) -> None:
    # With build isolation: the venv itself has no setuptools (Python 3.12+ venvs come
    # without it), pip fetches the build backend pyproject.toml names.
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                            "-q", "-w", str(tmp_path / "w")],
                           capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "w").glob("equitone-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(SHIPPED) <= names

    # A fresh venv with the wheel; dependencies come from the dev venv's site-packages as a
    # plain path (a path line, unlike a site dir, does not run the editable-install finder).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "dev-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True,
                   timeout=300)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EQUITONE"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    where = subprocess.run([str(python), "-c", "import equitone.resources as r; print(r.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert where.stdout.startswith(purelib)
    result = subprocess.run([str(python), "-m", "equitone", "--self-test"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
