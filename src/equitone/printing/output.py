"""The document engine: page template, "Page N of M" footer, progress/cancel and safe writes.

A document is written to a temporary file beside the target and renamed into place only when
complete, so a cancelled or failed run never leaves a partial PDF at the target path.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .errors import PrintCancelled, PrintError
from .fonts import REGULAR, markup, register_fonts
from .layout import long_date
from .platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from .styles import RULE, styles

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Output = str | Path | BinaryIO

MARGIN_X: float = 16 * mm
MARGIN_TOP: float = 12 * mm
MARGIN_BOTTOM: float = 16 * mm
PAGE_SIZES = {"a4": A4, "letter": LETTER}
_STORY_SHARE = 20  # percent of the progress bar spent building flowables


@dataclass(frozen=True, slots=True)
class DocInfo:
    title: str
    subject: str
    author: str
    paper: str
    patient_name: str
    print_date: date


class Steps:
    """Reports progress in percent and raises PrintCancelled between steps when asked to."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._last = -1

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise PrintCancelled()

    def report(self, percent: int) -> None:
        self.check()
        percent = max(self._last, min(100, percent))
        if percent != self._last and self._progress is not None:
            self._progress(percent, 100)
        self._last = percent

    def story(self, done: int, total: int) -> None:
        self.report(_STORY_SHARE * done // max(1, total))

    def layout(self, done: int, total: int) -> None:
        self.report(_STORY_SHARE + (99 - _STORY_SHARE) * done // max(1, total))


class _Template(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, target: BinaryIO, info: DocInfo, steps: Steps) -> None:
        size = page_size(info.paper)
        super().__init__(
            target,
            pagesize=size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator="Equitone",
            initialFontName=REGULAR,  # the page preamble must not name Helvetica
        )
        self._steps = steps
        self._total = 0
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            size[0] - 2 * MARGIN_X,
            size[1] - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def build_story(self, story: list[Flowable], info: DocInfo) -> None:
        self._total = len(story)

        def canvas(*args: Any, **kwargs: Any) -> _FooterCanvas:
            return _FooterCanvas(info, *args, **kwargs)

        self.build(story, canvasmaker=canvas)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self._steps.layout(self._total - len(flowables), self._total)
        super().handle_flowable(flowables)


class _FooterCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page until the end so the footer can say "Page N of M"."""

    def __init__(self, info: DocInfo, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._info = info
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, count)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, count: int) -> None:
        st = styles()
        width, _height = self._pagesize
        inner = width - 2 * MARGIN_X
        y = MARGIN_BOTTOM - 9 * mm
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 11, width - MARGIN_X, y + 11)
        left = Paragraph(
            f"{markup(self._info.patient_name)} · printed {long_date(self._info.print_date)}",
            st.footer,
        )
        right = Paragraph(f"Page {number} of {count}", st.footer_right)
        _w, h = left.wrapOn(self, inner * 0.7, 20)
        left.drawOn(self, MARGIN_X, y - h + 8)
        _w, h = right.wrapOn(self, inner * 0.3, 20)
        right.drawOn(self, width - MARGIN_X - inner * 0.3, y - h + 8)
        self.restoreState()


def page_size(paper: str) -> tuple[float, float]:
    try:
        size: tuple[float, float] = PAGE_SIZES[paper.lower()]
    except KeyError:
        raise PrintError(f"Unknown paper size {paper!r}; use 'a4' or 'letter'.") from None
    return size


def content_width(paper: str) -> float:
    return float(page_size(paper)[0]) - 2 * MARGIN_X


StoryBuilder = Callable[[float, Steps], list[Flowable]]


def render(
    info: DocInfo,
    build_story: StoryBuilder,
    out: Output,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Lay out ``build_story(width, steps)`` and write it to ``out`` atomically."""
    steps = Steps(progress, cancelled)
    steps.report(0)
    page_size(info.paper)
    if isinstance(out, str | Path):
        _render_to_path(Path(out), info, build_story, steps)
    else:
        buffer = io.BytesIO()
        _render_to_stream(buffer, info, build_story, steps)
        steps.check()
        out.write(buffer.getvalue())
    steps.report(100)


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Write streams as binary, not ASCII85 text: reportlab's pure-Python ASCII85 encoder
    took a third of a plan's time and the file grows by a quarter. Restored afterwards, so
    the switch never leaks beyond our own documents."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _render_to_stream(
    target: BinaryIO, info: DocInfo, build_story: StoryBuilder, steps: Steps
) -> None:
    register_fonts()
    with _binary_streams():
        story = build_story(content_width(info.paper), steps)
        _Template(target, info, steps).build_story(story, info)


def _render_to_path(path: Path, info: DocInfo, build_story: StoryBuilder, steps: Steps) -> None:
    if path.is_dir():
        raise PrintError(f"Cannot write the PDF to {path}: it is a folder.")
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
    except OSError as error:
        raise PrintError(f"Cannot write the PDF to {path}: {_reason(error)}.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            _render_to_stream(stream, info, build_story, steps)
        steps.check()
        temp.chmod(_default_mode())  # mkstemp makes 0600; behave like a normal new file
        temp.replace(path)
    except OSError as error:
        raise PrintError(f"Cannot write the PDF to {path}: {_reason(error)}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).rstrip(".").lower()
