"""The staged start-up: the window paints before any database, PDF or chart library is imported,
then glances at the patient list, then opens the database — with the damaged-file offer, the
busy message, the first-run demo offer, the one-window guard and the day's backup intact."""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.app import StagedStart, app_settings
from equitone.domain.patients import PatientDraft
from equitone.services import backups
from equitone.services.patients import create_patient
from equitone.services.workspace import open_workspace
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts

# Imported only once the window has painted: each costs tens of milliseconds at start-up.
HEAVY = ("sqlalchemy", "alembic", "reportlab", "pyqtgraph", "numpy")


def _names(window: MainWindow) -> list[str]:
    model = window.list_panel.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _with_patients(path: Path, *names: str) -> None:
    db = open_workspace(path)
    for name in names:
        create_patient(db, PatientDraft(name=name))
    db.close()


def test_first_paint_comes_before_any_database_pdf_or_chart_library(
    db_path: Path, tmp_path: Path
) -> None:
    _with_patients(db_path, "Ada Keller", "Zoë Ångström")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, EQUITONE_STARTUP_PROBE="modules", XDG_RUNTIME_DIR=str(runtime))
    done = subprocess.run([sys.executable, "-m", "equitone", "--db", str(db_path)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines() if line}
    assert {"first-paint", "list-filled", "modules-at-first-paint"} <= set(lines)
    painted = set(lines["modules-at-first-paint"])
    assert "equitone.ui.main_window" in painted, "the probe saw the main window's paint"
    early = sorted(m for m in painted if m.split(".")[0] in HEAVY)
    assert early == [], f"imported before the first paint: {early}"
    assert float(lines["first-paint"][0]) <= float(lines["list-filled"][0])


@pytest.fixture
def fresh_window(qtbot: QtBot, bridge: ScriptedPrompts) -> MainWindow:
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    window.show()
    return window


def _start(qtbot: QtBot, window: MainWindow, database: Path) -> StagedStart:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    start = StagedStart(app, window, str(database))
    start.begin()
    qtbot.waitUntil(start.finished, timeout=20_000)
    return start


def test_the_list_shows_from_a_glance_before_the_database_opens(
    qtbot: QtBot, fresh_window: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_patients(db_path, "Ada Keller", "Bruno Silva")
    previews: list[tuple[bool, int]] = []
    show = fresh_window.show_patients_preview

    def preview(patients: list[object]) -> None:
        previews.append((fresh_window.db is None, len(patients)))
        show(patients)  # type: ignore[arg-type]

    monkeypatch.setattr(fresh_window, "show_patients_preview", preview)
    _start(qtbot, fresh_window, db_path)
    assert previews == [(True, 2)]
    assert fresh_window.db is not None and _names(fresh_window) == ["Ada Keller", "Bruno Silva"]
    server = fresh_window.safety.instance_server
    assert server is not None and server.listening  # a second start is sent to this window
    assert fresh_window.safety.daily is not None  # the day's backup, started after the list
    from PySide6.QtWidgets import QApplication

    from equitone.ui.gui_collector import GuiThreadCollector

    assert QApplication.instance().findChild(GuiThreadCollector) is not None  # type: ignore[union-attr]
    assert not gc.isenabled()  # cyclic garbage is collected on the GUI thread from here on
    fresh_window.safety.wait_for_daily_backup()
    assert [e.kind for e in backups.backups_of(db_path)] == ["daily"]
    fresh_window.close()
    fresh_window.db.close()


def test_an_empty_database_is_offered_the_demo_clinic(
    qtbot: QtBot, fresh_window: MainWindow, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    bridge.answer = False
    _start(qtbot, fresh_window, tmp_path / "new.sqlite3")
    qtbot.waitUntil(lambda: any(kind == "confirm" for kind, _t, _x in bridge.shown))
    assert [title for kind, title, _x in bridge.shown if kind == "confirm"] == ["Demo data"]
    assert fresh_window.db is not None and _names(fresh_window) == []
    fresh_window.close()
    fresh_window.safety.wait_for_daily_backup()
    fresh_window.db.close()


def test_a_damaged_file_is_named_and_left_alone(
    qtbot: QtBot, fresh_window: MainWindow, db_path: Path, bridge: ScriptedPrompts
) -> None:
    bridge.choices = [1]  # "Close", not "Open newest backup"
    _with_patients(db_path, "Safe in the backup")
    backup = backups.backup_now(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])  # truncated
    before = db_path.read_bytes()
    _start(qtbot, fresh_window, db_path)
    [(title, text)] = [(title, text) for kind, title, text in bridge.shown if kind == "choose"]
    assert title == "Cannot open the database"
    assert str(db_path) in text and "truncated" in text and backup.name in text
    assert fresh_window.db is None and "truncated" in fresh_window.empty.text()
    assert db_path.read_bytes() == before
    assert not fresh_window.act_new.isEnabled()


def test_a_database_another_program_holds_is_busy_not_damaged(
    qtbot: QtBot, fresh_window: MainWindow, db_path: Path, bridge: ScriptedPrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from equitone.storage import engines

    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _start(qtbot, fresh_window, db_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert fresh_window.db is None
    kind, title, text = bridge.shown[-1]
    assert kind == "error" and title == "Cannot open the database" and "busy" in text
    assert "damaged" not in text


def test_the_staged_start_guards_the_wheel_after_the_first_paint(
    qtbot: QtBot, bridge: ScriptedPrompts, db_path: Path
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QSpinBox

    from equitone.ui.wheel_guard import WheelGuard

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for earlier in app.findChildren(WheelGuard):  # left by other tests' windows
        app.removeEventFilter(earlier)
        earlier.setParent(None)
    window = MainWindow(app_settings(), guard_wheel=False)  # as launch() builds it
    qtbot.addWidget(window)
    window.show()
    early = QSpinBox(window)
    early.ensurePolished()
    assert not app.findChildren(WheelGuard)  # nothing app-wide before the first paint
    _with_patients(db_path, "Ada Keller")
    _start(qtbot, window, db_path)
    assert len(app.findChildren(WheelGuard)) == 1
    assert early.focusPolicy() == Qt.FocusPolicy.StrongFocus  # polished before, fixed after
    window.close()
    assert window.db is not None
    window.db.close()
