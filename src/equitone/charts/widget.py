"""The trend chart widget: tightness over time with state band, sessions, flags and PSFS.

A thin view: `set_data` takes a `TrendData` built elsewhere; all clinical logic (series,
default selection, rising-tightness flags, CSV rows) lives in `equitone.domain.trends`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.activation_flags import RisingFlag
from equitone.domain.trends import (
    SeriesKey,
    TrendData,
    default_selection,
    format_day,
    left_out_note,
    to_csv,
    to_rows,
)
from equitone.errors import EquitoneError

from .canvas import MODES, TrendCanvas
from .chooser import SeriesChooser
from .controls import ChartActions, Handlers
from .export import clipboard_data, png_bytes, scene_image, svg_bytes, write_bytes
from .flags import FlagsPanel
from .hover import Hit
from .layers import CurveLayer
from .prepared import DAY_S, PRESET_DAYS, PreparedTrends, prepare, preset_range
from .style import line_icon, state_label

pg.setConfigOptions(background="w", foreground="#333333", antialias=True)

_FILTERS = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)", "csv": "CSV (*.csv)"}
FLAG_MARGIN_S = 21 * DAY_S  # "Show on chart": three weeks either side of activation and rise


class TrendChart(QWidget):
    """Tightness trends for one patient.

    Signals: `sessionLinkActivated(int)` when the clinician follows a rising-tightness flag to
    the session that activated the muscle (the flag's star on the chart or its link below);
    `exported(str)` after a file was written; `export_failed(str)` with a one-line reason.
    """

    sessionLinkActivated = Signal(int)  # noqa: N815  Qt naming, like built-in signals
    exported = Signal(str)
    export_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prepared: PreparedTrends | None = None
        self._mode = "overlay"
        self._preset = "all"
        self._selection: list[SeriesKey] = []
        self.ask_path: Callable[[str], str] = self._ask_path
        """Seam for tests: the file to export `kind` ('png', 'svg', 'csv') to; '' cancels."""
        self.check_path: Callable[[str], str] = lambda path: path
        """Set by the screen that shows the chart: refuses a file no export may write (the
        database, its backups, a device) with an EquitoneError, or returns the path."""

        self.view = pg.GraphicsLayoutWidget()
        self.view.setMinimumSize(420, 320)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # shortcuts work after a click
        self.canvas = TrendCanvas(self.view, on_flag_clicked=self.sessionLinkActivated.emit)
        self.view.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.view.installEventFilter(self)

        self.note = QLabel()  # dates the chart leaves out (domain.trends.left_out_note)
        self.note.setObjectName("trendNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.hide()
        self.readout = QLabel("Move the pointer over the chart to read a point.")
        self.readout.setObjectName("trendReadout")
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        self.readout.setWordWrap(True)
        self.flags_panel = FlagsPanel()
        self.flags_panel.session_requested.connect(self.sessionLinkActivated)
        self.flags_panel.show_requested.connect(self.show_flag)
        self.chooser = SeriesChooser()
        self.chooser.changed.connect(self._on_chooser_changed)
        self.chooser.reset_requested.connect(self.select_tagged)
        self.commands = ChartActions(self, Handlers(
            preset=self.set_range_preset,
            multiples=lambda on: self.set_mode("small-multiples" if on else "overlay"),
            export=self.ask_and_export, copy=self.copy_to_clipboard, tagged=self.select_tagged,
        ))

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.commands.toolbar())
        column.addWidget(self.view, 1)
        column.addWidget(self.note)
        column.addWidget(self.readout)
        column.addWidget(self.flags_panel)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.chooser)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 240])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter)

    # ---------------------------------------------------------------- data and selection

    def set_data(self, data: TrendData, selection: Sequence[SeriesKey] | None = None, *,
                 keep_view: bool = False) -> None:
        """Show a patient's trends: `selection`, or by default the muscle sides tagged at the
        latest assessment (drawn once either way). `keep_view` keeps the time range shown
        (the same patient's data reloaded after an edit); otherwise the range preset applies.
        """
        keep = keep_view and self._prepared is not None
        self._prepared = prepare(data)
        note = left_out_note(self._prepared.data)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        arrays = self._prepared.series
        self.chooser.set_series(
            (key, arrays.labels[key], line_icon(arrays.look(key))) for key in arrays
        )
        self.flags_panel.set_flags(self._prepared.flags)
        self.set_selected(self._prepared.selection if selection is None else selection,
                          keep_range=keep)

    def data(self) -> TrendData | None:
        return self._prepared.data if self._prepared else None

    def selected(self) -> list[SeriesKey]:
        return list(self._selection)

    def set_selected(self, keys: Sequence[SeriesKey], *, keep_range: bool = False) -> None:
        self.chooser.set_checked(keys)
        self._selection = self.chooser.checked()
        self._redraw(keep_range=keep_range)

    def select_tagged(self) -> None:
        """Back to the default: the muscle sides tagged at the latest assessment."""
        if self._prepared is not None:
            self.set_selected(default_selection(self._prepared.data), keep_range=True)

    def _on_chooser_changed(self) -> None:
        self._selection = self.chooser.checked()
        self._redraw(keep_range=True)

    # ---------------------------------------------------------------- modes and ranges

    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """'overlay' (all series on one plot) or 'small-multiples' (one plot per muscle)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {MODES}")
        self._mode = mode
        self.commands.multiples.setChecked(mode == "small-multiples")
        self._redraw(keep_range=True)

    def set_range_preset(self, preset: str) -> None:
        """'3m', '6m', '1y' (up to the latest event) or 'all'."""
        if preset not in PRESET_DAYS:
            raise ValueError(f"unknown range preset {preset!r}; use one of {list(PRESET_DAYS)}")
        self._preset = preset
        self.commands.presets[preset].setChecked(True)
        if self._prepared is not None:
            self.canvas.set_x_range(*preset_range(self._prepared, preset))

    def x_range(self) -> tuple[float, float]:
        return self.canvas.x_range()

    def flags(self) -> list[RisingFlag]:
        return list(self._prepared.flags) if self._prepared else []

    def tightness_plots(self) -> list[pg.GraphicsWidget]:
        return list(self.canvas.plots)

    def curves(self) -> dict[SeriesKey, CurveLayer]:
        """The layer drawing each shown series (one layer per tightness plot)."""
        return dict(self.canvas.curves)

    def _redraw(self, *, keep_range: bool) -> None:
        if self._prepared is None:
            return
        span = (
            self.canvas.x_range()
            if keep_range and (self.canvas.plots or self.canvas.psfs_plot)
            else preset_range(self._prepared, self._preset)
        )
        self.canvas.draw(self._prepared, self._selection, self._mode, span)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        # the view, not this widget: moving the splitter resizes only the view
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self.canvas.refit()
        return super().eventFilter(watched, event)

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

    def show_flag(self, index: int) -> None:
        """Zoom to a flag: its muscle side shown, from the activation to the rise."""
        if self._prepared is None or not 0 <= index < len(self._prepared.flags):
            return
        flag = self._prepared.flags[index]
        key = (flag.muscle, flag.side)
        if key not in self._selection:
            self.set_selected([*self._selection, key], keep_range=True)
        clock = self._prepared.clock
        start = clock(min(flag.session_days or (flag.session_day,)))
        self.canvas.set_x_range(start - FLAG_MARGIN_S, clock(flag.peak_day) + FLAG_MARGIN_S)

    # ---------------------------------------------------------------- export

    def _title(self) -> str:
        return self._prepared.data.patient_name if self._prepared else "Trend"

    def image(self, width_px: int | None = None) -> QImage:
        """The chart (not the side list) as an image; `width_px` scales text with it."""
        return scene_image(self.view, width_px)

    def csv_text(self) -> str:
        """The shown series in the `equitone trend` CSV format (same columns as the CLI)."""
        if self._prepared is None:
            return to_csv([])
        chosen = set(self._selection)
        return to_csv(to_rows(p for p in self._prepared.data.points if p.key in chosen))

    def export_png(self, path: str | Path, width_px: int = 1600) -> None:
        """The chart as a PNG `width_px` wide. Raises OSError if the file cannot be written."""
        write_bytes(path, png_bytes(self.image(width_px)))

    def export_svg(self, path: str | Path) -> None:
        """The chart as SVG, painted through QSvgGenerator (pyqtgraph's own SVGExporter fails
        on this Qt: 6.12 writes closed paths as '… Z', which it cannot parse)."""
        with self.canvas.uncached():
            data = svg_bytes(self.view, title=self._title())
        write_bytes(path, data)

    def export_csv(self, path: str | Path) -> None:
        Path(path).write_text(self.csv_text(), encoding="utf-8")

    def copy_to_clipboard(self) -> None:
        QApplication.clipboard().setMimeData(clipboard_data(self.image(), self.csv_text()))

    def ask_and_export(self, kind: str) -> None:
        """Ask for a file (through `ask_path`) and write it; failures go to `export_failed`."""
        path = self.ask_path(kind)
        if not path:
            return
        writer = {"png": self.export_png, "svg": self.export_svg, "csv": self.export_csv}[kind]
        try:
            path = self.check_path(path)
        except EquitoneError as exc:
            self.export_failed.emit(str(exc))
            return
        try:
            writer(path)
        except OSError as exc:
            self.export_failed.emit(f"Could not write {path}: {exc.strerror or exc}.")
            return
        self.exported.emit(str(path))

    def _ask_path(self, kind: str) -> str:
        name = self._title().replace("/", "-") + f" – trend.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, "Export trend", name, _FILTERS[kind])
        return path


def describe_hit(hit: Hit, prepared: PreparedTrends) -> str:
    """'12 Mar 2025 · Left gluteus medius · side: left · tightness 6/10 · state: tight'."""
    p = hit.point
    label = prepared.series.labels[hit.key]
    tight = "not scored" if p.tightness is None else f"{p.tightness}/10"
    states = " + ".join(state_label(s) for s in p.states) or state_label(None)
    return (
        f"{format_day(p.day)} · {label} · side: {p.side.value} · tightness {tight} · "
        f"{'states' if len(p.states) > 1 else 'state'}: {states}"
    )
