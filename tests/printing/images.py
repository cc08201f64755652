"""Realistic pictures for printed documents, drawn with Qt offscreen: body-map renders (the
same code the app uses) and simple labelled line charts. Needs a QGuiApplication."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from equitone.bodymap.render import render_map_image
from equitone.bodymap.svgregions import RegionKey, default_art_dir, load_art
from equitone.domain.types import Layer, Side, ToneState, View


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def body_map_png(view: View, tags: dict[RegionKey, ToneState], width_px: int = 400) -> bytes:
    art = load_art(default_art_dir(), view, Layer.SUPERFICIAL)
    return png_bytes(render_map_image(art, tags, width_px))


def thumbnail_png(slug: str, side: Side, view: View = View.BACK) -> bytes:
    art = load_art(default_art_dir(), view, Layer.SUPERFICIAL)
    key = RegionKey(slug, side)
    image = render_map_image(art, {key: ToneState.UNDERACTIVE}, 160, highlight=key, dim_others=True)
    return png_bytes(image)


ASSESSMENT_TAGS = {
    RegionKey("gluteus-medius", Side.LEFT): ToneState.UNDERACTIVE,
    RegionKey("gluteus-medius", Side.RIGHT): ToneState.UNDERACTIVE,
    RegionKey("hip-adductors", Side.LEFT): ToneState.OVERACTIVE,
    RegionKey("erector-spinae", Side.RIGHT): ToneState.TIGHT,
    RegionKey("gluteus-maximus", Side.RIGHT): ToneState.TENDER,
}


def assessment_map_png(width_px: int = 400) -> bytes:
    return body_map_png(View.BACK, ASSESSMENT_TAGS, width_px)


def line_chart_png(
    title: str, series: Sequence[Sequence[float]], width: int = 720, height: int = 380
) -> bytes:
    """A 0–10 tightness chart with axes, tick labels and one line per side."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans")
    font.setPixelSize(15)
    painter.setFont(font)
    plot = QRectF(48, 20, width - 70, height - 60)
    for level in range(0, 11, 2):
        y = plot.bottom() - plot.height() * level / 10
        painter.setPen(QPen(QColor("#DDE3E6"), 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QColor("#5B6770"))
        painter.drawText(QRectF(0, y - 10, 40, 20), Qt.AlignmentFlag.AlignRight, str(level))
    painter.setPen(QPen(QColor("#5B6770"), 1.5))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    colours = ("#1F6F78", "#D2783C")
    for values, colour in zip(series, colours, strict=False):
        step = plot.width() / max(1, len(values) - 1)
        points = [
            QPointF(plot.left() + i * step, plot.bottom() - plot.height() * v / 10)
            for i, v in enumerate(values)
        ]
        painter.setPen(QPen(QColor(colour), 3))
        painter.drawPolyline(points)
        painter.setBrush(QColor(colour))
        for point in points:
            painter.drawEllipse(point, 4.5, 4.5)
    painter.setPen(QColor("#5B6770"))
    for i, label in enumerate(("Sep", "Oct", "Nov")):
        x = plot.left() + plot.width() * i / 2
        painter.drawText(
            QRectF(x - 30, plot.bottom() + 8, 60, 20), Qt.AlignmentFlag.AlignHCenter, label
        )
    painter.drawText(
        QRectF(plot.left() + 8, 0, plot.width(), 20),
        Qt.AlignmentFlag.AlignLeft,
        f"{title} — tightness 0–10",
    )
    painter.end()
    return png_bytes(image)


def report_charts(titles: Sequence[str]) -> list[bytes]:
    charts = []
    for i, title in enumerate(titles):
        first = [7.0 - i * 0.4, 6.5, 6.1, 5.2, 4.8, 4.1, 3.6, 3.0]
        second = [max(0.5, v - 1.5 + (i % 3) * 0.6) for v in first]
        charts.append(line_chart_png(title, (first, second)))
    return charts
