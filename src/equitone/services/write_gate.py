"""Where an undo command sends its write: the window's outbox, or straight to the database.

The window registers its SyncController for its Database; commands look the gate up by the
Database they were given, so they need no new constructor argument and work unchanged where no
window is (tests of a single tab, scripts): there the write simply runs, and a lost connection
is reported like any other failure.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from equitone.errors import ServerUnavailableError
from equitone.services.outbox import Outcome, PendingWrite

if TYPE_CHECKING:
    from equitone.storage.database import Database


class WriteGate(Protocol):
    @property
    def offline(self) -> bool: ...

    @property
    def waiting(self) -> int:
        """How many writes wait for the server."""
        ...

    def submit(self, write: PendingWrite) -> Outcome: ...

    def note_offline(self) -> None: ...


class DirectGate:
    """No outbox: run the write now; every failure propagates to the command."""

    offline = False
    waiting = 0

    def submit(self, write: PendingWrite) -> Outcome:
        write.attempt()
        return Outcome.DONE

    def note_offline(self) -> None:
        """Nothing keeps state here: the command reports the failure itself."""


_DIRECT = DirectGate()
_gates: weakref.WeakKeyDictionary[Database, WriteGate] = weakref.WeakKeyDictionary()


def register(db: Database, gate: WriteGate) -> None:
    _gates[db] = gate


def unregister(db: Database, gate: WriteGate) -> None:
    if _gates.get(db) is gate:
        del _gates[db]


def gate_for(db: Database) -> WriteGate:
    return _gates.get(db, _DIRECT)


def after_write(db: Database, publish: Callable[[], None]) -> None:
    """Tell the screens about a write that is done (`publish` the change). If their re-read
    finds the server gone, the write still stands (the outbox must not count it as failed):
    the window goes offline and the screens keep what they show."""
    try:
        publish()
    except ServerUnavailableError:
        gate_for(db).note_offline()
