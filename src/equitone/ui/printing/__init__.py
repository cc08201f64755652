"""In-app printing: File → Print…/Export PDF…/Print progress report… (the controller), the
options dialogs, a PDF preview with Print…/Export PDF…, and a cancellable progress dialog.

Documents themselves are built by :mod:`equitone.printing` (reportlab, loaded on first use);
this package asks what to print, shows, prints and copies the finished PDF. The names below
load lazily: the main window imports the controller at start-up, which must stay cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .controller import PrintController
    from .dialogs import PrintDialogs
    from .preview import PrintPreviewDialog, print_pdf_pages
    from .progress import run_with_progress

__all__ = [
    "PrintController",
    "PrintDialogs",
    "PrintPreviewDialog",
    "print_pdf_pages",
    "run_with_progress",
]
_HOMES = {
    "PrintController": "controller",
    "PrintDialogs": "dialogs",
    "PrintPreviewDialog": "preview",
    "print_pdf_pages": "preview",
    "run_with_progress": "progress",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
