"""File → Back up now… / Restore…, the daily backup and the damaged-file dialog, driven through
the window; file choosers and choices are answered by `ScriptedPrompts`."""

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
from equitone.ui.main_window import MainWindow
from equitone.ui.messages import RecordingBridge
from equitone.ui.safety import progress as progress_module
from equitone.ui.safety import prompts as prompting
from equitone.ui.safety.prompts import ScriptedPrompts


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> ScriptedPrompts:
    script = ScriptedPrompts()
    monkeypatch.setattr(prompting, "prompts", script)
    return script


@pytest.fixture
def progress_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int]]]:
    """Every progress report the dialog received (the copy runs in small steps here)."""
    from equitone.storage import backup

    calls: list[tuple[int, int]] = []
    real = progress_module.CopyProgress.progress

    def spy(self: progress_module.CopyProgress, done: int, total: int) -> None:
        calls.append((done, total))
        real(self, done, total)

    monkeypatch.setattr(progress_module.CopyProgress, "progress", spy)
    monkeypatch.setattr(backup, "STEP_PAGES", 16)
    yield calls


def _names(window: MainWindow) -> list[str]:
    model = window.list_panel.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_menu_has_backup_and_restore(window: MainWindow) -> None:
    texts = [a.text() for a in window.file_menu.actions()]
    assert "&Back up now…" in texts and "&Restore from backup…" in texts


def test_back_up_now_with_progress(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: RecordingBridge,
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
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: RecordingBridge
) -> None:
    assert window.safety.back_up_now() is None
    assert bridge.shown == []
    folder = db.path.parent / "backups"  # type: ignore[union-attr]
    assert not any(folder.glob("*.sqlite3"))


def test_restore_switches_the_open_window_to_the_backup(
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: RecordingBridge,
    progress_calls: list[tuple[int, int]], qtbot: QtBot,
) -> None:
    kept = create_patient(db, PatientDraft(name="In the backup"))
    backup = backups.backup_now(db.path)  # type: ignore[arg-type]
    later = create_patient(db, PatientDraft(name="Added later"))
    window.reload_patients()
    window.list_panel.select_patient(later.id)
    assert window.current_patient() is not None
    scripted.files = [backup]
    assert window.safety.restore_from_file()
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
    window: MainWindow, db: Database, scripted: ScriptedPrompts, bridge: RecordingBridge,
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
    with qtbot.waitSignal(safety_daily_finished(safety), timeout=10_000) as blocker:
        assert safety.daily is not None
    written = blocker.args[0] if blocker.args else None
    assert isinstance(written, Path) and written.name.endswith("-daily.sqlite3")
    assert written.stat().st_mode & 0o777 == 0o600
    assert "Daily backup saved" in window.statusBar().currentMessage()
    assert not safety.start_daily_backup()  # today is done: the cheap check says no


def test_daily_backup_of_a_damaged_database_says_so_in_the_window(
    window: MainWindow, db: Database, qtbot: QtBot, bridge: RecordingBridge
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
    with qtbot.waitSignal(safety_daily_finished(window.safety), timeout=10_000) as blocker:
        pass
    assert blocker.args == [None]
    kind, title, text = bridge.shown[-1]
    assert (kind, title) == ("error", "The database is damaged")
    assert str(db.path) in text and "kept apart" in text
    assert [e.kind for e in backups.backups_of(db.path)] == ["damaged"]


def safety_daily_finished(safety: object) -> object:
    from equitone.ui.safety.actions import SafetyActions

    assert isinstance(safety, SafetyActions)
    assert safety.start_daily_backup()
    assert safety.daily is not None
    return safety.daily.finished


# -- damaged database at start-up ------------------------------------------------------------
@pytest.fixture
def broken_start(
    qtbot: QtBot, db_path: Path, bridge: RecordingBridge
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
    bridge: RecordingBridge,
) -> None:
    from equitone.app import open_database_into

    window, backup = broken_start
    damaged = db_path.read_bytes()
    scripted.choices = [0]
    open_database_into(window, str(db_path))
    title, text = scripted.asked[0]
    assert title == "Cannot open the database"
    assert str(db_path) in text and "truncated" in text and backup.name in text
    assert window.db is not None
    assert _names(window) == ["Safe in the backup"]
    set_aside = [e for e in backups.backups_of(db_path) if e.kind == "unusable"]
    assert len(set_aside) == 1 and set_aside[0].path.read_bytes() == damaged
    assert window.act_new.isEnabled()
    window.safety.wait_for_daily_backup()


def test_opening_the_database_starts_the_days_backup_after_the_list(
    qtbot: QtBot, db_path: Path, bridge: RecordingBridge
) -> None:
    from equitone.app import app_settings, open_database_into

    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    window.show()
    open_database_into(window, str(db_path))
    assert window.db is not None and window.safety.daily is not None
    # The thread's signal is queued to this (GUI) thread, so it arrives during the wait.
    with qtbot.waitSignal(window.safety.daily.finished, timeout=10_000):
        pass
    assert [e.kind for e in backups.backups_of(db_path)] == ["daily"]
    window.close()
    window.db.close()


def test_damaged_database_declined_leaves_the_file_alone(
    broken_start: tuple[MainWindow, Path], db_path: Path, scripted: ScriptedPrompts,
    bridge: RecordingBridge,
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
    qtbot: QtBot, tmp_path: Path, scripted: ScriptedPrompts, bridge: RecordingBridge
) -> None:
    from equitone.app import app_settings, open_database_into

    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"junk" * 500)
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    open_database_into(window, str(path))
    assert scripted.asked == []
    kind, _title, text = bridge.shown[-1]
    assert kind == "error" and str(path) in text and "No good backup was found" in text
    assert path.read_bytes() == b"junk" * 500


def test_locked_database_in_the_window_is_a_message(
    window: MainWindow, db: Database, bridge: RecordingBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action that meets a lock raises DatabaseBusyError; the app's hook shows it."""
    import sys

    from equitone.app import install_exception_hook
    from equitone.errors import DatabaseBusyError
    from equitone.storage import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
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
