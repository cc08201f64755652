"""The rooms of the code stay apart: `lint-imports` checks the contracts in pyproject.toml
([tool.importlinter]) over every import — relative, lazy and indirect ones too. The gate runs
before the tests (installer/lint.sh); running it here as well shows a broken contract in an
ordinary pytest run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_are_kept() -> None:
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )
    report = done.stdout[done.stdout.find("Contracts"):] + done.stderr
    assert done.returncode == 0, report


def test_a_domain_module_importing_qt_breaks_the_gate(tmp_path: Path) -> None:
    """The gate catches what it is for: one Qt import in the domain, even a lazy one inside a
    function, fails the layer and the purity contracts."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "equitone", copy / "equitone",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "equitone" / "domain" / "leak.py").write_text(
        "def later() -> None:\n    from equitone.ui.main_window import MainWindow  # noqa\n",
        encoding="utf-8")
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
        timeout=120, check=False, env={**os.environ, "PYTHONPATH": str(copy)},
    )
    assert done.returncode == 1, done.stdout[-2000:]
    assert "equitone.domain is not allowed to import equitone.ui" in done.stdout
    assert "equitone.domain.leak -> equitone.ui.main_window" in done.stdout
    assert "The domain, the exercise figures and the looks are plain Python BROKEN" in done.stdout


def test_the_services_load_without_qt() -> None:
    """What the contracts promise, at run time too (an import_module() string is invisible to
    them): every service module imports, and no Qt binding or pyqtgraph came with them."""
    probe = (
        "import importlib, pkgutil, sys\n"
        "import equitone.services as services\n"
        "for module in pkgutil.iter_modules(services.__path__):\n"
        "    importlib.import_module(f'equitone.services.{module.name}')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]", done.stdout
