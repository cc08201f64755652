"""Python's cycle collector, run on the GUI thread only.

Left automatic, a collection starts on whichever thread happens to allocate past the
threshold, and destroys whatever cyclic garbage exists at that moment on that thread. Garbage
left by a closed dialog can hold Qt objects, and a Qt widget destroyed off the GUI thread
crashes the process. So the window's process turns automatic collection off and collects
here instead: a timer on the GUI thread looks at the allocation counts and collects the
generations that have passed their thresholds, exactly as the automatic collector would,
only a little later and always on this thread. Reference counting frees everything that is
not part of a cycle at once, as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 250
"""How often the counts are looked at: cyclic garbage waits at most this long."""


class GuiThreadCollector(QObject):
    """Owns the timer; made and parented on the GUI thread (the application object)."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = 0
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold (and the younger
        ones with it); None when none has. Returns the generation collected."""
        if gc.isenabled():
            gc.disable()  # something turned automatic collection back on: take it back
        counts = gc.get_count()
        due = [g for g in range(3) if self.thresholds[g] and counts[g] > self.thresholds[g]]
        if not due:
            return None
        generation = max(due)  # an older generation's count grows with the younger's passes
        gc.collect(generation)
        self.collections += 1
        return generation

    def stop(self) -> None:
        """Back to automatic collection (tests; the window's process never stops it)."""
        self._timer.stop()
        gc.enable()


def install(parent: QObject) -> GuiThreadCollector:
    """Start collecting on the GUI thread; call on the GUI thread."""
    found = parent.findChild(GuiThreadCollector)
    if isinstance(found, GuiThreadCollector):
        return found
    return GuiThreadCollector(parent)


@contextmanager
def held_for_a_worker() -> Iterator[None]:
    """Collect now, on the GUI thread, and hold automatic collection while a worker thread
    runs inside the block: whatever garbage holds Qt objects is destroyed here, never by a
    collection the worker's allocations would start. (Under the GUI-thread collector,
    automatic collection is off already and stays off.)"""
    collecting = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
