"""Render the clinic-mode screenshots of the README from a fresh demo database:
docs/screenshots/replay-dialog.png (changes left waiting by a workstation that stopped while
the server was away, offered at the next start) and time-travel.png (the warning shown when
the server looks older than those changes — here staged by making the changes' record of
the server newer than the database, which is what a restore from an older backup looks like).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_clinic.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="equitone-shots-"))
    os.environ["EQUITONE_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMessageBox

    from equitone.app import app_settings, create_application
    from equitone.domain.types import Side, ToneState
    from equitone.services import time_travel
    from equitone.services.demo import load_demo
    from equitone.services.replay import describe
    from equitone.services.workspace import open_workspace
    from equitone.ui.bodymap import RegionKey
    from equitone.ui.main_window import MainWindow
    from equitone.ui.sync.replay import LEFT_FROM_BEFORE, OLDER_CHOICES, went_back_text
    from equitone.ui.sync.replay_dialog import ReplayDialog

    app = create_application()
    db = open_workspace(home / "demo.sqlite3")
    patients = {p.name: p for p in load_demo(db)}
    window = MainWindow(app_settings())
    window.resize(1500, 1000)
    window.show()
    window.attach_database(db)
    sync = window.sync
    assert sync is not None
    OUT.mkdir(parents=True, exist_ok=True)

    # Edits made while the server is away, on two patients' assessments (no poll: on a local
    # file it would find the "server" back at once and write them).
    sync.poller.stop()
    sync.note_offline()
    for name, edits in (("Maria Keller", [("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE),
                                          ("piriformis", Side.RIGHT, ToneState.OVERACTIVE)]),
                        ("Zoë Ångström", [("soleus", Side.LEFT, ToneState.TIGHT)])):
        window.list_panel.select_patient(patients[name].id)
        tab = window.page.assessment
        assert tab is not None
        for muscle, side, state in edits:
            assert tab.current is not None
            held = tab.current.tag_map().get((muscle, side))
            if held is not None and state in held.states:  # adding, never taking off
                state = next(s for s in ToneState if s not in held.states)
            tab.tag_regions([RegionKey(muscle, side)], state)
        app.processEvents()
    entries = sync.journal.waiting
    assert len(entries) == 3, entries
    sync.stop()

    dialog = ReplayDialog(describe(db, entries), LEFT_FROM_BEFORE)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "replay-dialog.png"))
    print(OUT / "replay-dialog.png")

    staged = [{**e, "basis": {**e["basis"], "marker": e["basis"]["marker"] + 57},
               "intent": {**e["intent"],
                          "expected_version": e["intent"]["expected_version"] + 1}}
              for e in entries]
    labels = {s.id: f"{s.what}, {s.whom}" for s in describe(db, staged)}
    text = went_back_text(time_travel.differences(db, staged, labels), len(staged))
    box = QMessageBox(QMessageBox.Icon.Warning, "The database went back in time", text)
    for choice in OLDER_CHOICES:
        box.addButton(choice, QMessageBox.ButtonRole.ActionRole)
    box.show()
    app.processEvents()
    box.grab().save(str(OUT / "time-travel.png"))
    print(OUT / "time-travel.png")
    window.undo_stack.clear()
    window.close()
    db.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
