"""Render the screenshots used in the README from a demo database.

Run under a real X server to see what a clinician sees:
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py
(offscreen works too: QT_QPA_PLATFORM=offscreen). Writes docs/screenshots/*.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="equitone-shots-"))
    os.environ["EQUITONE_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from equitone.app import app_settings, create_application
    from equitone.services.demo import load_demo
    from equitone.services.workspace import open_workspace
    from equitone.ui.main_window import MainWindow

    app = create_application()
    db = open_workspace(home / "demo.sqlite3")
    patients = load_demo(db)
    window = MainWindow(app_settings())
    window.resize(1400, 860)
    window.show()
    window.attach_database(db)
    chosen = next(p for p in patients if p.name == "Maria Keller")
    window.list_panel.select_patient(chosen.id)
    for _ in range(5):
        app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    shots = {"main-window.png": window}
    for name, widget in shots.items():
        widget.grab().save(str(OUT / name))
        print(OUT / name)
    window.close()
    db.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
