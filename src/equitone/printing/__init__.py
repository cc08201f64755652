"""Printed documents: session plan handouts (patient and clinician copy) and progress reports.

Importing this package is cheap: the view models and errors are plain Python, and reportlab
(~90 ms to import) loads only when :func:`render_plan` or :func:`render_report` is first called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import PrintCancelled, PrintError
from .model import (
    AssessmentSummary,
    ChangeRow,
    ClinicHeader,
    PlanBlock,
    PlanDocument,
    RecordLine,
    ReportDocument,
)

if TYPE_CHECKING:
    from .output import Cancelled, Output, Progress

__all__ = [
    "AssessmentSummary",
    "ChangeRow",
    "ClinicHeader",
    "PlanBlock",
    "PlanDocument",
    "PrintCancelled",
    "PrintError",
    "RecordLine",
    "ReportDocument",
    "render_plan",
    "render_report",
]


def render_plan(
    doc: PlanDocument,
    out: Output,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write a session plan PDF (patient or clinician copy per ``doc.copy``) to a path or a
    binary stream. Raises PrintCancelled when ``cancelled()`` turns true, PrintError when the
    target cannot be written; a path target is replaced only by a complete file."""
    from .plan import render_plan as render

    render(doc, out, progress=progress, cancelled=cancelled)


def render_report(
    doc: ReportDocument,
    out: Output,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Write a progress report PDF; same contract as :func:`render_plan`."""
    from .report import render_report as render

    render(doc, out, progress=progress, cancelled=cancelled)
