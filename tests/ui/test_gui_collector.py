"""Cyclic garbage is collected on the GUI thread only, once the window's process hands
collection to ui/gui_collector.py: garbage made by a worker thread is not collected there,
whatever it allocates, and the GUI thread's timer collects it soon after."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from equitone.ui import gui_collector


class Node:
    def __init__(self) -> None:
        self.me: Any = self  # a cycle: only the collector frees it


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The threads on which collections start, while the test runs."""
    started: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            started.append(threading.current_thread().name)

    gc.collect()
    gc.callbacks.append(note)
    yield started
    gc.callbacks.remove(note)


@pytest.fixture
def collector(qapp: QApplication) -> Iterator[gui_collector.GuiThreadCollector]:
    installed = gui_collector.install(qapp)
    yield installed
    installed.stop()
    installed.setParent(None)
    installed.deleteLater()


def test_a_workers_garbage_is_collected_on_the_gui_thread(
    qtbot: QtBot, collector: gui_collector.GuiThreadCollector, collections: list[str],
) -> None:
    assert not gc.isenabled()
    cycles: list[weakref.ref[Node]] = []

    def allocate() -> None:
        for _ in range(20 * gc.get_threshold()[0]):  # far past the automatic threshold
            cycles.append(weakref.ref(Node()))

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert "worker" not in collections
    assert all(ref() is not None for ref in cycles[:100])  # still there: nobody collected

    qtbot.waitUntil(lambda: all(ref() is None for ref in cycles), timeout=5000)
    assert collections and set(collections) == {threading.main_thread().name}
    assert collector.collections >= 1


def test_nothing_is_collected_while_nothing_is_due(
    collector: gui_collector.GuiThreadCollector,
) -> None:
    gc.collect()
    assert collector.collect_due() is None


def test_automatic_collection_turned_back_on_is_taken_back(
    collector: gui_collector.GuiThreadCollector,
) -> None:
    gc.enable()
    collector.collect_due()
    assert not gc.isenabled()


def test_installing_twice_keeps_one_collector(
    qapp: QApplication, collector: gui_collector.GuiThreadCollector,
) -> None:
    assert gui_collector.install(qapp) is collector
    assert len(qapp.findChildren(gui_collector.GuiThreadCollector)) == 1


def test_stopping_gives_collection_back() -> None:
    app = QApplication.instance()
    assert app is not None
    installed = gui_collector.install(app)
    installed.stop()
    installed.setParent(None)
    assert gc.isenabled()


def test_a_background_job_collects_first_and_its_worker_never_collects(
    qtbot: QtBot, collections: list[str],
) -> None:
    from equitone.ui.background import run_in_background

    gc.enable()
    cycles: list[weakref.ref[Node]] = []

    def allocate(_progress: object, _cancelled: object) -> int:
        for _ in range(20 * gc.get_threshold()[0]):
            cycles.append(weakref.ref(Node()))
        return len(cycles)

    assert run_in_background(None, "Test", "Allocating…", allocate) == len(cycles)
    assert collections and not [name for name in collections
                                if name != threading.main_thread().name]
    assert gc.isenabled()  # automatic collection is given back afterwards
