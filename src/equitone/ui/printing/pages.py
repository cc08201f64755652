"""Page sources for the preview: QtPdf when installed, else pdftoppm page images.

QtPdf ships in the separate PySide6-Pdf wheel, which exists only for PySide6 ≥ 6.12, i.e. only
on our Python ≥ 3.12 installs. Without it the preview falls back to poppler's pdftoppm, and
without that to a message; exporting the PDF works in every case.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

FALLBACK_DPI = 96
PDFTOPPM_TIMEOUT_S = 30


def load_qtpdf() -> tuple[type[QPdfDocument], type[QPdfView]] | None:
    """(QPdfDocument, QPdfView), or None when the PySide6-Pdf wheel is not installed."""
    try:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView
    except ImportError:
        return None
    return QPdfDocument, QPdfView


def pdftoppm_available() -> bool:
    return shutil.which("pdftoppm") is not None


def render_with_pdftoppm(pdf: Path, dpi: int = FALLBACK_DPI) -> list[QImage]:
    """Every page as an image (empty list when pdftoppm fails)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    with tempfile.TemporaryDirectory(prefix="equitone-preview-") as folder:
        try:
            subprocess.run(
                [tool, "-r", str(dpi), "-png", str(pdf), str(Path(folder) / "page")],
                check=True,
                capture_output=True,
                timeout=PDFTOPPM_TIMEOUT_S,
            )
        except (OSError, subprocess.SubprocessError):
            return []
        files = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        images = [QImage(str(file)) for file in files]
    return [image for image in images if not image.isNull()]
