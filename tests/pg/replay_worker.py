"""Worker process for the replay kill tests (tests/pg/test_crash_replay.py); not a test
module. For each `go MODE ARGS…` line (tests/services/fork_worker.py) a child:

- `replay URL JOURNAL`: replays what the journal holds, as the next start does, printing
  `done ID` after each entry the journal has forgotten, then waits to be killed;
- `queue JOURNAL SEED`: keeps edits through an outbox whose server is gone, printing
  `queued ID` each time submit() has returned (= the window would show it as waiting).
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from equitone.errors import ServerUnavailableError
from equitone.services.journal import Journal
from equitone.services.outbox import Outbox, PendingWrite, Result
from equitone.services.replay import Run, replay_and_forget
from equitone.services.workspace import open_workspace
from tests.services.fork_worker import say, serve


def _replay(url: str, path: Path) -> None:
    db = open_workspace(url)
    journal, run = Journal(path), Run()
    for entry in journal.waiting:
        done = replay_and_forget(db, journal, entry, run=run)
        say(f"done {entry['id']} {done.result.value}")
    say("finished")
    threading.Event().wait()  # killed here at the latest


def _queue(path: Path, seed: str) -> None:
    box = Outbox(journal=Journal(path), basis=lambda: {"server": "s", "marker": 1})
    box.offline = True

    def gone() -> Result:
        raise ServerUnavailableError("gone")

    n = 0
    while True:
        n += 1
        write = PendingWrite(f"Edit {seed}-{n}", "assessment 1",
                             {"kind": "tags", "assessment_id": 1, "expected_version": 1,
                              "tags": {}, "before": {}, "n": uuid.uuid4().hex}, gone)
        box.submit(write)
        say(f"queued {write.id}")


def child(args: list[str]) -> None:
    if args[0] == "replay":
        _replay(args[1], Path(args[2]))
    else:
        _queue(Path(args[1]), args[2])


if __name__ == "__main__":
    serve(child)
