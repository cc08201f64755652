"""PySide6 6.12 on Python <= 3.11 aborts the process after a few thousand calls
that return None. Fail loudly if that pairing is ever installed, and prove the one we have
survives the loop that reproduces the crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import PySide6


def _pyside_version() -> tuple[int, int]:
    major, minor = PySide6.__version__.split(".")[:2]
    return int(major), int(minor)


def test_pyside_and_python_pairing_is_safe() -> None:
    assert not (sys.version_info < (3, 12) and _pyside_version() >= (6, 12)), (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} aborts with "
        "'none_dealloc'; use Python >= 3.12 or PySide6 < 6.12 (see pyproject.toml)"
    )


def test_none_returning_calls_do_not_abort() -> None:
    code = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([]); label = QLabel()\n"
        "for i in range(200_000): label.setText('x')\n"
        "print('survived')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


def test_app_exits_cleanly_after_copying_to_the_clipboard_offscreen(tmp_path: Path) -> None:
    """PySide6 6.12 segfaults at exit offscreen while the clipboard holds Python's QMimeData
    (the chart's Copy); the app releases it on quit (equitone.ui.clipboard)."""
    script = (
        "from PySide6.QtCore import QMimeData, QTimer\n"
        "from equitone.app import create_application\n"
        "app = create_application(fonts_now=False)\n"
        "mime = QMimeData(); mime.setText('date,muscle'); app.clipboard().setMimeData(mime)\n"
        "QTimer.singleShot(0, app.quit)\n"
        "raise SystemExit(app.exec())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EQUITONE_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], env=env, timeout=60, check=False)
    assert done.returncode == 0
