"""Work on one large record at a time: a whole patient as an archive or a FHIR bundle."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while a large tree of dicts and lists is built and read.

    Those trees hold no cycles, but building one allocates hundreds of thousands of containers,
    and the collector would walk all of them again and again: half the time of exporting five
    years of visits as FHIR. Reference counting still frees everything; any cycle is collected
    when the collector resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
