"""The test side of the kill tests (tests/services/test_crash_*.py): drive a fork_worker
process, kill its child at a random moment, and collect what the child reported before."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def read_line(stream: IO[str]) -> str:
    line = stream.readline()
    if not line:
        raise AssertionError("the worker process ended unexpectedly")
    return line.strip()


@contextmanager
def worker(module: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    """The worker `python -m MODULE ARGS…` (run from the repository: it imports tests.*),
    once it is ready."""
    proc = subprocess.Popen([sys.executable, "-m", module, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, bufsize=1, cwd=ROOT)
    assert proc.stdout is not None
    try:
        assert read_line(proc.stdout) == "ready"
        yield proc
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        proc.kill()
        proc.wait(timeout=10)


def kill_round(
    proc: subprocess.Popen[str], command: str, rng: random.Random, let_through: int,
    seen: Callable[[str], int], *, delay: float,
) -> int:
    """`go COMMAND`; let `let_through` reports pass, wait up to `delay` s, SIGKILL the child;
    every report (before and during the kill) goes to `seen`, which returns how many
    completed operations it stands for. Returns their total."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"go {command}\n")
    proc.stdin.flush()
    kind, pid_text = read_line(proc.stdout).split()
    assert kind == "child"
    done = 0
    for _ in range(let_through):
        line = read_line(proc.stdout)
        if line.startswith("reaped"):
            raise AssertionError(f"the child died on its own: {line}")
        done += seen(line)
    time.sleep(rng.uniform(0, delay))
    os.kill(int(pid_text), signal.SIGKILL)
    while not (line := read_line(proc.stdout)).startswith("reaped"):
        done += seen(line)
    assert line.split()[1] == pid_text
    return done
