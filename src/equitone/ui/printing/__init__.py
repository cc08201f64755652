"""In-app printing: PDF preview with Print…/Export PDF…, and a cancellable progress dialog.

Documents themselves are built by :mod:`equitone.printing` (reportlab, loaded on first use);
this package only shows, prints and copies the finished PDF.
"""

from __future__ import annotations

from .preview import PrintPreviewDialog, print_pdf_pages
from .progress import run_with_progress

__all__ = ["PrintPreviewDialog", "print_pdf_pages", "run_with_progress"]
