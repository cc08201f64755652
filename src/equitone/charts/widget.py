"""The trend chart widget: tightness over time with state band, sessions, flags and PSFS.

A thin view: `set_data` takes a `TrendData` built elsewhere; all clinical logic (series,
default selection, rising-tightness flags, CSV rows) lives in `equitone.domain.trends`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QImage, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.trends import (
    RisingFlag,
    SeriesKey,
    TrendData,
    default_selection,
    format_day,
    to_csv,
    to_rows,
)

from .canvas import MODES, Hit, TrendCanvas
from .layers import CurveLayer
from .prepared import PRESET_DAYS, PreparedTrends, prepare, preset_range
from .render import write_scene_svg
from .style import line_icon, state_label

pg.setConfigOptions(background="w", foreground="#333333", antialias=True)

_PRESET_LABELS = {"3m": "3 months", "6m": "6 months", "1y": "1 year", "all": "All"}
_KEY_ROLE = Qt.ItemDataRole.UserRole


class TrendChart(QWidget):
    """Tightness trends for one patient.

    Signals: `sessionLinkActivated(int)` when the clinician follows a rising-tightness flag to
    the session that activated the muscle (flag marker on the chart or link under it).
    """

    sessionLinkActivated = Signal(int)  # noqa: N815  Qt naming, like built-in signals

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prepared: PreparedTrends | None = None
        self._mode = "overlay"
        self._preset = "all"
        self._selection: list[SeriesKey] = []

        self.view = pg.GraphicsLayoutWidget()
        self.view.setMinimumSize(420, 320)
        self.canvas = TrendCanvas(self.view, on_flag_clicked=self.sessionLinkActivated.emit)
        self.view.scene().sigMouseMoved.connect(self._on_mouse_moved)

        self.readout = QLabel("Move the pointer over the chart to read a point.")
        self.readout.setObjectName("trendReadout")
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        self.readout.setWordWrap(True)
        self.flag_list = QLabel()
        self.flag_list.setObjectName("trendFlags")
        self.flag_list.setTextFormat(Qt.TextFormat.RichText)
        self.flag_list.setWordWrap(True)
        self.flag_list.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.flag_list.linkActivated.connect(self._on_link)

        self.series_list = QListWidget()
        self.series_list.setObjectName("trendSeries")
        self.series_list.setMinimumWidth(210)
        self.series_list.itemChanged.connect(self._on_item_changed)

        self.preset_buttons: dict[str, QPushButton] = {}
        presets = QButtonGroup(self)
        toolbar = QHBoxLayout()
        toolbar.addWidget(QLabel("Show:"))
        for key in PRESET_DAYS:
            button = QPushButton(_PRESET_LABELS[key])
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self.set_range_preset(k))
            presets.addButton(button)
            self.preset_buttons[key] = button
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        self.mode_buttons: dict[str, QPushButton] = {}
        modes = QButtonGroup(self)
        for key, text in (("overlay", "Overlay"), ("small-multiples", "One chart per muscle")):
            button = QPushButton(text)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self.set_mode(k))
            modes.addButton(button)
            self.mode_buttons[key] = button
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        export = QToolButton()
        export.setText("Export")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        menu.addAction("Image (PNG)…", lambda: self._ask_and_export("png"))
        menu.addAction("Vector (SVG)…", lambda: self._ask_and_export("svg"))
        menu.addAction("Data (CSV)…", lambda: self._ask_and_export("csv"))
        menu.addAction("Copy image", self.copy_to_clipboard)
        export.setMenu(menu)
        toolbar.addWidget(export)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(toolbar)
        column.addWidget(self.view, 1)
        column.addWidget(self.readout)
        column.addWidget(self.flag_list)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(QLabel("Muscle sides"))
        side_column.addWidget(self.series_list, 1)
        reset = QPushButton("Tagged at last assessment")
        reset.setToolTip("Select the muscle sides tagged at the latest assessment")
        reset.clicked.connect(self._reset_selection)
        side_column.addWidget(reset)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 230])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter)
        self.preset_buttons["all"].setChecked(True)
        self.mode_buttons["overlay"].setChecked(True)

    # ---------------------------------------------------------------- data and selection

    def set_data(self, data: TrendData, selection: Sequence[SeriesKey] | None = None) -> None:
        """Show a patient's trends: `selection`, or by default the muscle sides tagged at the
        latest assessment (drawn once either way)."""
        self._prepared = prepare(data)
        self._preset = "all"
        self.series_list.blockSignals(True)
        self.series_list.clear()
        arrays = self._prepared.series
        for key in arrays:
            item = QListWidgetItem(line_icon(arrays.look(key)), arrays.labels[key])
            item.setData(_KEY_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.series_list.addItem(item)
        self.series_list.blockSignals(False)
        self.set_selected(self._prepared.selection if selection is None else selection)
        self._show_flags(self._prepared.flags)

    def data(self) -> TrendData | None:
        return self._prepared.data if self._prepared else None

    def selected(self) -> list[SeriesKey]:
        return list(self._selection)

    def set_selected(self, keys: Sequence[SeriesKey]) -> None:
        wanted = set(keys)
        self.series_list.blockSignals(True)
        for row in range(self.series_list.count()):
            item = self.series_list.item(row)
            on = item.data(_KEY_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.series_list.blockSignals(False)
        self._selection = self._checked()
        self._redraw(keep_range=False)

    def _checked(self) -> list[SeriesKey]:
        return [
            item.data(_KEY_ROLE)
            for item in (self.series_list.item(r) for r in range(self.series_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._selection = self._checked()
        self._redraw(keep_range=True)

    def _reset_selection(self) -> None:
        if self._prepared is not None:
            self.set_selected(default_selection(self._prepared.data))

    # ---------------------------------------------------------------- modes and ranges

    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """'overlay' (all series on one plot) or 'small-multiples' (one plot per muscle)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {MODES}")
        self._mode = mode
        self.mode_buttons[mode].setChecked(True)
        self._redraw(keep_range=True)

    def set_range_preset(self, preset: str) -> None:
        """'3m', '6m', '1y' (up to the latest event) or 'all'."""
        if preset not in PRESET_DAYS:
            raise ValueError(f"unknown range preset {preset!r}; use one of {list(PRESET_DAYS)}")
        self._preset = preset
        self.preset_buttons[preset].setChecked(True)
        if self._prepared is not None:
            self.canvas.set_x_range(*preset_range(self._prepared, preset))

    def x_range(self) -> tuple[float, float]:
        return self.canvas.x_range()

    def flags(self) -> list[RisingFlag]:
        return list(self._prepared.flags) if self._prepared else []

    def tightness_plots(self) -> list[pg.PlotItem]:
        return list(self.canvas.plots)

    def curves(self) -> dict[SeriesKey, CurveLayer]:
        """The layer drawing each shown series (one layer per tightness plot)."""
        return dict(self.canvas.curves)

    def _redraw(self, *, keep_range: bool) -> None:
        if self._prepared is None:
            return
        span = (
            self.canvas.x_range()
            if keep_range and self.canvas.plots
            else preset_range(self._prepared, self._preset)
        )
        self.canvas.draw(self._prepared, self._selection, self._mode, span)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.canvas.refit()

    # ---------------------------------------------------------------- hover and flags

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if self._prepared is None:
            return
        hit = self.canvas.nearest(scene_pos, self._prepared)
        self.canvas.show_crosshair(hit)
        parts = [describe_hit(hit, self._prepared)] if hit is not None else []
        parts += self.canvas.sessions_near(scene_pos, self._prepared)
        if parts:
            self.readout.setText("\n".join(parts))

    def _show_flags(self, flags: list[RisingFlag]) -> None:
        if not flags:
            self.flag_list.setText("")
            self.flag_list.setVisible(False)
            return
        lines = [
            f"⚠ {f.explanation} <a href='session:{f.session_id}'>Open session of "
            f"{format_day(f.session_day)}</a>"
            for f in flags
        ]
        self.flag_list.setText("<br>".join(lines))
        self.flag_list.setVisible(True)

    def _on_link(self, link: str) -> None:
        kind, _, ident = link.partition(":")
        if kind == "session" and ident.isdigit():
            self.sessionLinkActivated.emit(int(ident))

    # ---------------------------------------------------------------- export

    def export_png(self, path: str | Path, width_px: int = 1600) -> None:
        """The chart (not the side list) as a PNG `width_px` wide; text scales with it."""
        exporter = pg_exporters.ImageExporter(self.view.scene())
        exporter.parameters()["width"] = int(width_px)
        exporter.parameters()["antialias"] = True
        exporter.export(str(path))

    def export_svg(self, path: str | Path) -> None:
        """The chart as SVG, painted through QSvgGenerator.

        pyqtgraph's own SVGExporter fails on this Qt (6.12 writes closed paths as '… Z', which
        its coordinate rewriting cannot parse), so the scene is painted straight into SVG.
        """
        with self.canvas.uncached():
            write_scene_svg(self.view, path, title=self._prepared.data.patient_name
                            if self._prepared else "Trend")

    def export_csv(self, path: str | Path) -> None:
        """The selected series as `equitone trend` CSV (same columns as the CLI)."""
        if self._prepared is None:
            rows = []
        else:
            chosen = set(self._selection)
            rows = to_rows(p for p in self._prepared.data.points if p.key in chosen)
        Path(path).write_text(to_csv(rows), encoding="utf-8")

    def image(self) -> QImage:
        image: QImage = self.view.grab().toImage()
        return image

    def copy_to_clipboard(self) -> None:
        QApplication.clipboard().setImage(self.image())

    def _ask_and_export(self, kind: str) -> None:
        filters = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)", "csv": "CSV (*.csv)"}
        path, _ = QFileDialog.getSaveFileName(self, "Export trend", f"trend.{kind}",
                                              filters[kind])
        if not path:
            return
        {"png": self.export_png, "svg": self.export_svg, "csv": self.export_csv}[kind](path)


def describe_hit(hit: Hit, prepared: PreparedTrends) -> str:
    """'12 Mar 2025 · Left gluteus medius (left) · tightness 6/10 · state: tight'."""
    p = hit.point
    label = prepared.series.labels[hit.key]
    tight = "not scored" if p.tightness is None else f"{p.tightness}/10"
    return (
        f"{format_day(p.day)} · {label} · side: {p.side.value} · tightness {tight} · "
        f"state: {state_label(p.state)}"
    )
