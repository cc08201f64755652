"""Files Equitone writes hold clinical data: they are created readable by their owner only.

Both entry points (the window and the command line) run under umask 077, so the database, its
backups, logs, exported archives, PDFs and images are 0600 (folders 0700) without every writer
having to remember it (Vorta does the same).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

PRIVATE_UMASK = 0o077


def use_private_umask() -> int:
    """Make every file this process creates from now on owner-only; returns the old mask."""
    return os.umask(PRIVATE_UMASK)


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Owner-only files inside the block (the CLI runs its command in one)."""
    old = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(old)
