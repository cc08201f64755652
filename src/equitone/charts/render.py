"""Offscreen chart images for the printed progress report (needs only a QApplication).

The same `TrendCanvas` as the widget draws into a view that is laid out but never shown on
screen, so a report's PNG matches what the clinician saw.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from equitone.domain.trends import SeriesKey, TrendData

from .canvas import TrendCanvas
from .export import png_bytes, scene_image
from .prepared import prepare, preset_range

_APP: list[QApplication] = []


def _ensure_app() -> None:
    """Use the running QApplication; a script without one gets an offscreen one."""
    if QApplication.instance() is None:
        _APP.append(QApplication(["equitone-charts", "-platform", "offscreen"]))


def render_trend_png(data: TrendData, selection: Sequence[SeriesKey], width_px: int,
                     height_px: int, *, mode: str = "overlay", title: str | None = None,
                     preset: str = "all", include_psfs: bool = True) -> bytes:
    """PNG bytes of the overlay chart (or small multiples) of `selection`."""
    _ensure_app()
    view = pg.GraphicsLayoutWidget()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(int(width_px), int(height_px))
    view.show()
    try:
        prepared = prepare(data)
        canvas = TrendCanvas(view)
        canvas.draw(prepared, list(selection), mode, preset_range(prepared, preset), title=title,
                    include_psfs=include_psfs)
        QApplication.processEvents()  # lay the plots out at this size
        return png_bytes(scene_image(view))
    finally:
        view.close()
        view.deleteLater()


def render_muscle_png(data: TrendData, muscle: str, width_px: int, height_px: int) -> bytes:
    """One muscle's left and right trend (for the progress report: one image per muscle).

    Without the PSFS plot: the report shows function once, not under every muscle.
    """
    keys = [k for k in {(p.muscle, p.side) for p in data.points} if k[0] == muscle]
    keys.sort(key=lambda k: k[1].value)
    if not keys:
        raise ValueError(f"no trend points for muscle {muscle!r}")
    name = data.muscle_names.get(muscle, muscle)
    return render_trend_png(data, keys, width_px, height_px, title=name, include_psfs=False)
