"""Chart images and data out of a view: PNG, SVG, CSV and the clipboard's mime data.

Everything paints the *scene*, not the widget: the chart's layers then draw at export detail
(antialiased, with symbols wherever they fit) whatever an on-screen frame could afford. Files
are written in one go from memory, so a folder that cannot be written raises an OSError
before anything is left half-written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPicture, QPixmap
from PySide6.QtSvg import QSvgGenerator


def _source(view: pg.GraphicsLayoutWidget) -> QRectF:
    return QRectF(view.mapToScene(view.viewport().rect()).boundingRect())


def scene_image(view: pg.GraphicsLayoutWidget, width_px: int | None = None) -> QImage:
    """The chart as an image `width_px` wide (text and lines scale with it), white ground."""
    source = _source(view)
    width = int(width_px) if width_px else max(int(source.width()), 1)
    height = max(round(width * source.height() / max(source.width(), 1.0)), 1)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        view.scene().render(painter, QRectF(image.rect()), source)
    finally:
        painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QByteArray()
    device = QBuffer(buffer)
    device.open(QIODevice.OpenModeFlag.WriteOnly)
    QPixmap.fromImage(image).save(device, "PNG")
    device.close()
    return bytes(buffer.data())


def svg_bytes(view: pg.GraphicsLayoutWidget, *, title: str) -> bytes:
    """The chart as SVG (vector lines and text as text), the size of the view."""
    source = _source(view)
    rect = QRectF(0, 0, source.width(), source.height())
    buffer = QByteArray()
    device = QBuffer(buffer)
    device.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(device)
    # pyqtgraph's axes replay QPictures, recorded at the screen's dpi: at the generator's
    # default 72 dpi they came out shrunk to 75 % and off their plots
    generator.setResolution(QPicture().logicalDpiX())
    generator.setSize(rect.size().toSize())
    generator.setViewBox(rect)
    generator.setTitle(title)
    generator.setDescription("Equitone tightness trend")
    painter = QPainter(generator)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        with _export_mode(view):
            view.scene().render(painter, rect, source)
    finally:
        painter.end()
    device.close()
    return bytes(buffer.data())


@contextmanager
def _export_mode(view: pg.GraphicsLayoutWidget) -> Iterator[None]:
    """pyqtgraph's export mode, as its own exporters set it: scatter symbols (sessions,
    PSFS) are then drawn as paths, not as pixmap fragments an SVG cannot hold."""
    items = [i for i in view.scene().items() if hasattr(i, "setExportMode")]
    for item in items:
        item.setExportMode(True, {"antialias": True})
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)


def write_bytes(path: str | Path, data: bytes) -> None:
    Path(path).write_bytes(data)


def clipboard_data(image: QImage, csv_text: str) -> QMimeData:
    """Image and CSV together: a document pastes the picture, a spreadsheet the numbers."""
    mime = QMimeData()
    mime.setImageData(image)
    mime.setText(csv_text)
    mime.setData("text/csv", QByteArray(csv_text.encode("utf-8")))
    return mime
