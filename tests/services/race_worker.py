"""Worker process for the transition races (tests/services/test_transition_races.py); not a
test module.

Started once, it imports everything (the slow part) and says `ready`. Then, line by line on
stdin:
- `open TARGET`: open that database (a file path or a server address) and say `opened`;
  `close`: close it (a server database is dropped after each test) and say `closed`;
- `ACTION ID AT`: at the wall-clock time AT (so that every worker starts the same instant),
  run one transition on record ID through the services and say `ok NEW_ID` or
  `refused MESSAGE` (an EquitoneError; its message must be one line) or `crash …`.
ACTION is `sign`, `amend`, `deliver` or `new-version`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from equitone.domain.session import SessionStatus
from equitone.errors import EquitoneError
from equitone.services import assessments, sessions
from equitone.services.workspace import open_workspace
from equitone.storage.database import Database


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _transitions(db: Database, me: str) -> dict[str, Callable[[int], int]]:
    return {
        "sign": lambda record: assessments.sign_assessment(db, record, by=me).id,
        "amend": lambda record: assessments.amend_assessment(db, record).id,
        "deliver": lambda record: sessions.set_status(
            db, record, SessionStatus.DELIVERED).id,
        "new-version": lambda record: sessions.new_version(db, record).id,
    }


def _wait_until(moment: float) -> None:
    """Sleep most of the way, then spin: the workers should start within microseconds."""
    left = moment - time.time()
    if left > 0.002:
        time.sleep(left - 0.002)
    while time.time() < moment:
        pass


def main() -> None:
    me = f"worker-{os.getpid()}"
    db: Database | None = None
    _say("ready")
    for line in sys.stdin:
        words = line.split()
        if not words:
            break
        if words[0] in ("open", "close"):
            if db is not None:
                db.close()
                db = None
            if words[0] == "open":
                db = open_workspace(words[1])
            _say("opened" if db is not None else "closed")
            continue
        assert db is not None, "open a database first"
        action, record, at = words[0], int(words[1]), float(words[2])
        run = _transitions(db, me)[action]
        _wait_until(at)
        try:
            _say(f"ok {run(record)} {me}")
        except EquitoneError as exc:
            message = str(exc)
            one_line = "\n" not in message
            _say(f"refused {message}" if one_line else f"crash (several lines) {message!r}")
        except Exception as exc:  # a bug: the test shows it
            _say(f"crash {type(exc).__name__}: {exc}".replace("\n", "\\n"))
    if db is not None:
        db.close()


if __name__ == "__main__":
    main()
