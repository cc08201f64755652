"""Long work off the GUI thread: loading the demo clinic keeps the window alive (events are
processed, a progress dialog shows how far it is), Cancel stops it with nothing written, and
an error comes back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from equitone.errors import ValidationError
from equitone.services import demo_history
from equitone.services.demo import DEMO_PEOPLE
from equitone.services.patients import list_patients
from equitone.storage.database import Database
from equitone.ui.background import run_in_background
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts


class Ticks:
    """A GUI-thread timer's count: it rises only while the GUI thread's events flow."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def test_loading_the_demo_runs_off_the_gui_thread_and_the_window_stays_alive(
    window: MainWindow, bridge: ScriptedPrompts, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = Ticks()
    seen: list[tuple[bool, int]] = []  # (on the GUI thread?, ticks so far) per patient
    build = demo_history.build_history

    def watched(*args: object, **kwargs: object) -> None:
        seen.append((threading.current_thread() is threading.main_thread(), ticks.count))
        build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_history, "build_history", watched)
    # Widgets the earlier tests closed are deleted at the next turn of the event loop: hundreds
    # of them, each deletion passing the application's event filters, which need the
    # interpreter lock the worker holds. Deleted now, so the ticks measure this load only.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.offer_demo()
    ticks.timer.stop()
    assert len(seen) == len(DEMO_PEOPLE)
    assert not any(on_gui for on_gui, _ in seen)  # the work ran on a worker thread
    assert seen[-1][1] > seen[0][1]  # meanwhile the GUI thread went on processing events
    assert len(list_patients(db)) >= 12 and window.list_panel.model.rowCount() >= 12
    assert "Loaded" in window.statusBar().currentMessage()
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]  # closed


def test_cancel_stops_the_demo_with_nothing_written(
    window: MainWindow, bridge: ScriptedPrompts, db: Database, qtbot: QtBot
) -> None:
    def cancel_once_it_shows_progress() -> None:
        for dialog in window.findChildren(QProgressDialog):
            if dialog.value() >= 1:
                dialog.findChild(QPushButton).click()  # the dialog's Cancel button
                poll.stop()

    poll = QTimer()
    poll.timeout.connect(cancel_once_it_shows_progress)
    poll.start(5)
    window.offer_demo()
    poll.stop()
    assert list_patients(db, include_archived=True) == []
    assert window.list_panel.model.rowCount() == 0
    assert "nothing was added" in window.statusBar().currentMessage()


def test_an_error_of_the_work_is_raised_on_the_gui_thread(qtbot: QtBot) -> None:
    def work(progress: object, _cancelled: object) -> None:
        raise ValidationError("The demo clinic cannot be added here.")

    with pytest.raises(ValidationError, match="cannot be added"):
        run_in_background(None, "Demo data", "Adding…", work)  # type: ignore[arg-type]
    steps: list[int] = []

    def counted(progress: object, _cancelled: object) -> str:
        for n in range(1, 4):
            progress(n, 3)  # type: ignore[operator]
            steps.append(n)
        return "done"

    assert run_in_background(None, "Demo data", "Adding…", counted) == "done"  # type: ignore[arg-type]
    assert steps == [1, 2, 3]
