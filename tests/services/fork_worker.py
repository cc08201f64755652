"""The loop shared by the kill tests' worker processes (crash_writer.py, crash_switcher.py);
not a test module.

A worker imports everything once (the slow part), prints `ready`, then for each `go ARGS…`
line on stdin forks a child that runs `child(ARGS)` until it is killed. The parent prints
`child PID`, waits for the child to die and prints `reaped PID STATUS`. Forking keeps each
kill round to milliseconds, so a default test run can afford 50 of them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def serve(child: Callable[[list[str]], None]) -> None:
    say("ready")
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "go":
            break
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # the child never returns: it works until it is killed
            try:
                child(words[1:])
            finally:
                os._exit(3)
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"reaped {pid} {status}")
