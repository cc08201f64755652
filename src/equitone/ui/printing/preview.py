"""Print preview of a finished PDF: every page, fit to width, with Print… and Export PDF….

Printing paints each page, rendered by QtPdf at the printer's resolution, onto a QPrinter:
the system dialog chooses a real printer or "Print to file". The dialogs are asked through
the prompt bridge (ui/prompts.py) so tests can answer them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from equitone.printing.errors import PrintCancelled
from equitone.ui import prompts
from equitone.ui.progress import CancelledFn, ProgressFn, run_with_progress

from .pages import load_qtpdf, pdftoppm_available, render_with_pdftoppm

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

NO_QTPDF_MESSAGE = "Preview needs QtPdf; use Export PDF…"
MAX_PRINT_DPI = 300  # page images beyond this only cost memory (A4 at 1200 dpi is 560 MB)
FALLBACK_PRINT_DPI = 200

PageRenderer = Callable[[int, QSize], QImage]


def print_pdf_pages(
    printer: QPrinter,
    page_sizes_pt: list[QSizeF],
    render: PageRenderer,
    first: int = 1,
    last: int | None = None,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> int:
    """Paint pages ``first..last`` (1-based) onto ``printer``; returns the number printed.

    Each page is rendered at the printer's resolution (capped at 300 dpi) and drawn over the
    whole sheet: the PDF already carries its margins, so the printer's are switched off.
    Between pages ``cancelled()`` is asked; a cancelled run is aborted (raises PrintCancelled).
    """
    last = len(page_sizes_pt) if last is None else min(last, len(page_sizes_pt))
    if first < 1 or first > last:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    total = last - first + 1
    printed = 0
    try:
        for index in range(first - 1, last):
            if cancelled is not None and cancelled():
                printer.abort()
                raise PrintCancelled("Printing was cancelled.")
            if printed:
                printer.newPage()
            size_pt = page_sizes_pt[index]
            pixels = QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
            image = render(index, pixels)
            sheet = QRectF(painter.viewport())
            scale = min(sheet.width() / pixels.width(), sheet.height() / pixels.height())
            w, h = pixels.width() * scale, pixels.height() * scale
            target = QRectF(sheet.left() + (sheet.width() - w) / 2, sheet.top(), w, h)
            painter.drawImage(target, image)
            printed += 1
            if progress is not None:
                progress(printed, total)
    finally:
        if painter.isActive():
            painter.end()
    return printed


class PrintPreviewDialog(QDialog):
    """Shows ``pdf_path`` page by page; the file stays the caller's (it is never deleted)."""

    printed = Signal(int)  # pages sent to the printer
    exported = Signal(Path)

    def __init__(
        self,
        pdf_path: str | Path,
        parent: QWidget | None = None,
        *,
        title: str = "Print preview",
        export_name: str | None = None,
        export_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 960)
        self._path = Path(pdf_path)
        self._title = title
        self._export_name = export_name or self._path.name
        self._export_folder = export_folder or Path.home()
        self._document: QPdfDocument | None = None
        self._images: list[QImage] = []

        self.pages_label = QLabel(self)
        viewer = self._make_viewer()
        count = self.page_count
        self.pages_label.setText(f"{count} page" + ("" if count == 1 else "s"))

        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton("Print…", self)
        self.export_button = QPushButton("Export PDF…", self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_document)
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button.setEnabled(
            count > 0 and (self._document is not None or pdftoppm_available())
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages_label)
        layout.addWidget(viewer, 1)
        layout.addWidget(buttons)

    @property
    def page_count(self) -> int:
        if self._document is not None:
            return int(self._document.pageCount())
        return len(self._images)

    @property
    def uses_qtpdf(self) -> bool:
        return self._document is not None

    def _make_viewer(self) -> QWidget:
        qtpdf = load_qtpdf()
        if qtpdf is not None:
            document_type, view_type = qtpdf
            document = document_type(self)
            if document.load(str(self._path)) == document_type.Error.None_:
                self._document = document
                view = view_type(self)
                view.setDocument(document)
                view.setPageMode(view_type.PageMode.MultiPage)
                view.setZoomMode(view_type.ZoomMode.FitToWidth)
                return view
            return self._message(f"Cannot open {self._path.name} for preview.")
        if pdftoppm_available():
            self._images = render_with_pdftoppm(self._path)
            if self._images:
                return self._image_viewer()
        return self._message(NO_QTPDF_MESSAGE)

    def _message(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def _image_viewer(self) -> QScrollArea:
        pages = QWidget()
        column = QVBoxLayout(pages)
        for image in self._images:
            label = QLabel(pages)
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(label)
        area = QScrollArea(self)
        area.setWidget(pages)
        area.setWidgetResizable(True)
        area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        return area

    def _page_sizes(self) -> tuple[list[QSizeF], PageRenderer]:
        document = self._document
        if document is not None:
            sizes = [document.pagePointSize(i) for i in range(document.pageCount())]
            return sizes, lambda index, size: document.render(index, size)
        images = render_with_pdftoppm(self._path, FALLBACK_PRINT_DPI)
        sizes = [
            QSizeF(img.width() * 72 / FALLBACK_PRINT_DPI, img.height() * 72 / FALLBACK_PRINT_DPI)
            for img in images
        ]
        return sizes, lambda index, size: images[index]

    def print_document(self) -> bool:
        """Ask for a printer and print; True when every chosen page was sent."""
        sizes, render = self._page_sizes()
        if not sizes:
            prompts.bridge.error(self, "Print", "There is nothing to print.")
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._title)
        printer.setPageSize(QPageSize(sizes[0], QPageSize.Unit.Point))
        if not prompts.bridge.choose_printer(self, printer, len(sizes)):
            return False
        first, last = printer.fromPage(), printer.toPage()  # 0, 0: every page

        def work(progress: ProgressFn, cancelled: CancelledFn) -> int:
            return print_pdf_pages(printer, sizes, render, first or 1, last or None,
                                   progress=progress, cancelled=cancelled)

        try:
            printed = run_with_progress(self, "Printing…", "Printing…", work)
        except OSError as error:
            prompts.bridge.error(self, "Print", _print_failure(printer, error))
            return False
        if printed is None:
            return False
        self.printed.emit(printed)
        return True

    def export_pdf(self) -> Path | None:
        """Save a copy of the PDF where the user chooses; returns the new path."""
        chosen = prompts.bridge.save_file(
            self, "Export PDF", self._export_folder / self._export_name, prompts.PDF_FILES
        )
        if chosen is None:
            return None
        target = prompts.pdf_named(chosen)
        try:
            if target.resolve() != self._path.resolve():
                shutil.copyfile(self._path, target)
        except OSError as error:
            reason = (error.strerror or str(error)).rstrip(".").lower()
            prompts.bridge.error(self, "Export PDF", f"Cannot save {target}: {reason}.")
            return None
        self.exported.emit(target)
        return target


def _print_failure(printer: QPrinter, error: OSError) -> str:
    """One line: a "Print to file" target that cannot be written is the usual cause."""
    target = printer.outputFileName()
    if target:
        folder = Path(target).parent
        if not folder.is_dir():
            return f"Cannot print to {target}: the folder {folder} does not exist."
        return f"Cannot print to {target}: the file cannot be written."
    return f"Printing failed: {error}."
