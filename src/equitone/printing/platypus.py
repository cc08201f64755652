"""reportlab's layout engine (platypus), imported in a way that keeps the first PDF quick.

Importing ``reportlab.platypus`` compiles a case-insensitive regular expression whose classes
span most of Unicode (``paragraph.uri_pat``, used only to break an over-long URL at the end of
a line). Case-folding those classes costs ~60 ms on every start, a quarter of the first PDF a
process makes, for a pattern our documents rarely reach. Every module of this package takes
its platypus names from here, so that one pattern is compiled the first time it is used
instead; any other pattern, and a reportlab whose pattern differs, compiles as usual.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

# How reportlab's URL pattern begins (reportlab 4.x–5.x, derived from Django's validator).
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


class CompiledOnFirstUse:
    """Stands in for a compiled pattern; compiles it when one of its methods is first used."""

    def __init__(self, pattern: str, flags: int, compile_now: Callable[..., re.Pattern[str]]):
        self._pattern, self._flags, self._compile = pattern, flags, compile_now
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> bool:
        return self._compiled is not None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = self._compile(self._pattern, self._flags)
        return getattr(self._compiled, name)


@contextlib.contextmanager
def _uri_pattern_deferred() -> Iterator[None]:
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START):
            return CompiledOnFirstUse(pattern, flags, compile_now)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer
    try:
        yield
    finally:
        re.compile = compile_now


with _uri_pattern_deferred():
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Flowable,
        Frame,
        Image,
        KeepTogether,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

__all__ = [
    "BaseDocTemplate",
    "CondPageBreak",
    "Flowable",
    "Frame",
    "Image",
    "KeepTogether",
    "PageTemplate",
    "Paragraph",
    "Spacer",
    "Table",
    "TableStyle",
]
