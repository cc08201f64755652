"""File → Back up now… / Restore…, the daily backup and the damaged-file dialog, driven through
the window; file choosers and choices are answered by the scripted prompt bridge."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.domain.patients import PatientDraft
from equitone.services import backups
from equitone.services.patients import create_patient, list_patients
from equitone.storage.backup import inspect
from equitone.storage.database import Database
from equitone.ui import progress as progress_module
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts


@pytest.fixture
def scripted(bridge: ScriptedPrompts) -> ScriptedPrompts:
    """The file choosers' and the choices' answers: the same scripted bridge."""
    return bridge


@pytest.fixture
def progress_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int]]]:
    """Every progress report the dialog received (the copy runs in small steps here)."""
    from equitone.storage import backup

    calls: list[tuple[int, int]] = []
    real = progress_module.ProgressDialog.progress

    def spy(self: progress_module.ProgressDialog, done: int, total: int) -> None:
        calls.append((done, total))
        real(self, done, total)

    monkeypatch.setattr(progress_module.ProgressDialog, "progress", spy)
    monkeypatch.setattr(backup, "STEP_PAGES", 16)
    yield calls


def _names(window: MainWindow) -> list[str]:
    model = window.list_panel.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_menu_has_backup_and_restore(window: MainWindow) -> None:
    texts = [a.text() for a in window.file_menu.actions()]
    assert "&Back up now…" in texts and "&Restore from backup…" in texts


def test_back_up_now_with_progress(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: ScriptedPrompts,
    progress_calls: list[tuple[int, int]], tmp_path: Path,
) -> None:
    create_patient(db, PatientDraft(name="Backed up"))
    target = tmp_path / "usb" / "clinic-copy.sqlite3"
    target.parent.mkdir()
    scripted.files = [target]
    written = window.safety.back_up_now()
    assert written == target and target.stat().st_mode & 0o777 == 0o600
    title, suggested = scripted.asked[0]
    assert title == "Back up the database"
    assert Path(suggested).parent == db.path.parent / "backups"  # type: ignore[union-attr]
    assert suggested.endswith("-manual.sqlite3")
    assert len(progress_calls) > 3 and progress_calls[-1][0] == progress_calls[-1][1]
    assert bridge.shown[-1][:2] == ("info", "Backup saved") and str(target) in bridge.shown[-1][2]
    assert inspect(target).patients == 1


def test_back_up_now_cancelled_in_the_chooser_writes_nothing(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: ScriptedPrompts
) -> None:
    assert window.safety.back_up_now() is None
    assert bridge.shown == []
    folder = db.path.parent / "backups"  # type: ignore[union-attr]
    assert not any(folder.glob("*.sqlite3"))


def test_restore_switches_the_open_window_to_the_backup(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: ScriptedPrompts,
    progress_calls: list[tuple[int, int]], qtbot: QtBot,
) -> None:
    kept = create_patient(db, PatientDraft(name="In the backup"))
    backup = backups.backup_now(db.path)  # type: ignore[arg-type]
    later = create_patient(db, PatientDraft(name="Added later"))
    window.reload_patients()
    window.list_panel.select_patient(later.id)
    assert window.current_patient() is not None
    scripted.files = [backup]
    assert window.safety.restore_from_file(), bridge.shown  # why not, if not
    kinds = [kind for kind, _t, _x in bridge.shown]
    assert kinds == ["confirm", "info"]
    assert "(1 patients)" in bridge.shown[0][2]  # what the backup holds, before confirming
    assert "kept as" in bridge.shown[1][2]
    assert _names(window) == ["In the backup"]
    assert window.current_patient() is None  # the patient shown before is not in the backup
    assert [p.name for p in list_patients(db)] == ["In the backup"]
    # the same Database object keeps working on the restored file
    create_patient(db, PatientDraft(name="After the restore"))
    assert {p.name for p in list_patients(db)} == {"In the backup", "After the restore"}
    assert window.undo_stack.count() == 0
    window.list_panel.select_patient(kept.id)
    assert window.current_patient() is not None
    assert len(progress_calls) > 1


def test_restore_declined_or_bad_file_changes_nothing(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    create_patient(db, PatientDraft(name="Current"))
    backup = backups.backup_now(db.path)  # type: ignore[arg-type]
    bridge.answer = False
    scripted.files = [backup]
    assert not window.safety.restore_from_file()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"no database here" * 300)
    scripted.files = [bad]
    assert not window.safety.restore_from_file()
    assert bridge.shown[-1][0] == "error" and str(bad) in bridge.shown[-1][2]
    assert "Nothing was changed" in bridge.shown[-1][2]
    assert [p.name for p in list_patients(db)] == ["Current"]


def test_daily_backup_runs_in_the_background(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    safety = window.safety
    assert db.path is not None
    assert safety.start_daily_backup()
    daily_backup_delivered(safety, qtbot)
    written = [e.path for e in backups.backups_of(db.path) if e.kind == "daily"]
    assert len(written) == 1 and written[0].name.endswith("-daily.sqlite3")
    assert written[0].stat().st_mode & 0o777 == 0o600
    assert f"Daily backup saved: {written[0].name}" in window.statusBar().currentMessage()
    assert not safety.start_daily_backup()  # today is done: the cheap check says no


def test_daily_backup_of_a_damaged_database_says_so_in_the_window(
    window: MainWindow, db: Database, qtbot: QtBot, bridge: ScriptedPrompts
) -> None:
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:  # enough pages that the last one is a table's
        conn.executemany(
            "INSERT INTO patients (uuid, name, phone, email, address, notes, archived)"
            " VALUES (lower(hex(randomblob(16))), ?, '', '', '', ?, 0)",
            [(f"P{i}", "x" * 300) for i in range(300)],
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with db.path.open("r+b") as handle:
        handle.seek(-4096, 2)
        handle.write(b"\xa5" * 4096)
    assert window.safety.start_daily_backup()
    daily_backup_delivered(window.safety, qtbot)
    kind, title, text = bridge.shown[-1]
    assert (kind, title) == ("error", "The database is damaged")
    assert str(db.path) in text and "kept apart" in text
    assert "Daily backup saved" not in window.statusBar().currentMessage()
    assert [e.kind for e in backups.backups_of(db.path)] == ["damaged"]


def daily_backup_delivered(safety: object, qtbot: QtBot) -> None:
    """Wait for the daily backup's thread to end, then deliver what it told the window.

    Its signals are queued to this thread, and each was posted before the thread ended, so
    this is exact. (A waitSignal armed after the backup started would miss a copy that had
    already finished: the thread runs as soon as it is started.)"""
    from PySide6.QtCore import QCoreApplication

    from equitone.ui.safety.actions import SafetyActions

    assert isinstance(safety, SafetyActions)
    daily = safety.daily
    assert daily is not None
    qtbot.waitUntil(lambda: not daily.running, timeout=10_000)
    QCoreApplication.sendPostedEvents()


# -- damaged database at start-up ------------------------------------------------------------
@pytest.fixture
def broken_start(
    qtbot: QtBot, db_path: Path, bridge: ScriptedPrompts
) -> tuple[MainWindow, Path]:
    from equitone.app import app_settings
    from equitone.services.workspace import open_workspace

    db = open_workspace(db_path)
    create_patient(db, PatientDraft(name="Safe in the backup"))
    db.close()
    backup = backups.backup_now(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])  # truncated
    win = MainWindow(app_settings())
    qtbot.addWidget(win)
    win.show()
    return win, backup


def test_damaged_database_offers_the_newest_backup(
    broken_start: tuple[MainWindow, Path], db_path: Path, scripted: ScriptedPrompts,
    bridge: ScriptedPrompts,
) -> None:
    from equitone.app import open_database_into

    window, backup = broken_start
    damaged = db_path.read_bytes()
    scripted.choices = [0]
    open_database_into(window, str(db_path))
    kind, title, text = scripted.shown[0]
    assert (kind, title) == ("choose", "Cannot open the database")
    assert str(db_path) in text and "truncated" in text and backup.name in text
    assert window.db is not None
    assert _names(window) == ["Safe in the backup"]
    set_aside = [e for e in backups.backups_of(db_path) if e.kind == "unusable"]
    assert len(set_aside) == 1 and set_aside[0].path.read_bytes() == damaged
    assert window.act_new.isEnabled()
    window.safety.wait_for_daily_backup()


def test_opening_the_database_starts_the_days_backup_after_the_list(
    qtbot: QtBot, db_path: Path, bridge: ScriptedPrompts
) -> None:
    from equitone.app import app_settings, open_database_into

    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    window.show()
    open_database_into(window, str(db_path))
    assert window.db is not None and window.safety.daily is not None
    daily_backup_delivered(window.safety, qtbot)
    assert [e.kind for e in backups.backups_of(db_path)] == ["daily"]
    window.close()
    window.db.close()


def test_damaged_database_declined_leaves_the_file_alone(
    broken_start: tuple[MainWindow, Path], db_path: Path, scripted: ScriptedPrompts,
    bridge: ScriptedPrompts,
) -> None:
    from equitone.app import open_database_into

    window, _backup = broken_start
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns
    scripted.choices = [1]
    open_database_into(window, str(db_path))
    assert window.db is None
    assert "truncated" in window.empty.text()
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    assert not window.act_new.isEnabled()
    assert window.safety.path == db_path  # File → Restore… still knows the file


def test_damaged_database_without_backup_says_so(
    qtbot: QtBot, tmp_path: Path, scripted: ScriptedPrompts, bridge: ScriptedPrompts
) -> None:
    from equitone.app import app_settings, open_database_into

    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"junk" * 500)
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    open_database_into(window, str(path))
    assert [kind for kind, _title, _text in bridge.shown] == ["error"]  # nothing to choose
    kind, _title, text = bridge.shown[-1]
    assert kind == "error" and str(path) in text and "No good backup was found" in text
    assert path.read_bytes() == b"junk" * 500


def test_locked_database_in_the_window_is_a_message(
    window: MainWindow, db: Database, bridge: ScriptedPrompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action that meets a lock raises DatabaseBusyError; the app's hook shows it."""
    import sys

    from equitone.app import install_exception_hook
    from equitone.errors import DatabaseBusyError
    from equitone.storage import engines

    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 100)
    db.engine.dispose()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_exception_hook(window)
    holder = sqlite3.connect(db.path, isolation_level=None)  # type: ignore[arg-type]
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError) as caught:
            create_patient(db, PatientDraft(name="Blocked"))
        sys.excepthook(DatabaseBusyError, caught.value, caught.value.__traceback__)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    kind, _title, text = bridge.shown[-1]
    assert kind == "error" and "busy" in text and "Traceback" not in text
