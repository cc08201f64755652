"""Trend chart widget: selection, hover read-out, presets, modes, flags and exports; and that
what keeps a pan or zoom frame quick (the axis's own draw specs, polylines, the PSFS line
antialiased at rest) draws what it drew before."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPainter, QPicture
from pytestqt.qtbot import QtBot

from equitone.charts.axis import CalendarAxis
from equitone.charts.layers import ClippedCurve, polylines
from equitone.domain.trends import (
    CSV_HEADER,
    PsfsPoint,
    SessionMarker,
    TrendData,
    TrendPoint,
)
from equitone.domain.types import Side, ToneState

L, R = Side.LEFT, Side.RIGHT
MUSCLES = {
    "gluteus-medius": "Gluteus medius",
    "tfl": "TFL",
    "quadratus-lumborum": "Quadratus lumborum",
    "adductor-longus": "Adductor longus",
}


def realistic_data(start: date = date(2024, 6, 3), weeks: int = 52) -> TrendData:
    """A year of fortnightly assessments for 4 muscles, two sessions, a program change, PSFS,
    and a left glute med that tightens after being activated (one rising flag)."""
    points: list[TrendPoint] = []
    psfs: list[PsfsPoint] = []
    aid = 0
    for week in range(0, weeks, 2):
        day = start + timedelta(weeks=week)
        aid += 1
        t = week / weeks
        glute_l = 3 if week < 20 else 6 if week < 26 else max(2, 6 - (week - 26) // 6)
        values: dict[tuple[str, Side], tuple[ToneState | None, int | None]] = {
            ("gluteus-medius", L): (
                ToneState.UNDERACTIVE if week < 20 else ToneState.TIGHT if week < 30
                else ToneState.BALANCED, glute_l),
            ("gluteus-medius", R): (ToneState.UNDERACTIVE if week < 36 else ToneState.BALANCED,
                                    round(4 - 2 * t)),
            ("tfl", L): (ToneState.OVERACTIVE if week < 30 else ToneState.BALANCED,
                         round(8 - 5 * t)),
            ("tfl", R): (ToneState.OVERACTIVE if week < 16 else ToneState.TENDER,
                         round(7 - 3 * t)),
            ("quadratus-lumborum", L): (ToneState.SPASM if week < 6 else ToneState.TIGHT,
                                        round(9 - 6 * t)),
            ("adductor-longus", R): (
                None if week % 6 == 0 or week == weeks - 2 else ToneState.TIGHT,
                round(6 - 2 * t)),
        }
        for (muscle, side), (state, tight) in values.items():
            if muscle == "quadratus-lumborum" and week in (10, 12):
                continue  # not assessed that day: a gap
            points.append(TrendPoint(day, aid, muscle, side, state, tight))
        psfs.append(PsfsPoint(day, aid, round(3.0 + 5.0 * t, 1),
                              (("climbing stairs", round(3 + 5 * t)), ("running", None))))
    sessions = (
        SessionMarker(start + timedelta(weeks=2, days=1), 101, "Hip stability block 1",
                      "Clamshell 2×10, hip hike 2×8, lacrosse ball TFL 90 s", "program-change",
                      (("gluteus-medius", L), ("gluteus-medius", R))),
        SessionMarker(start + timedelta(weeks=18, days=2), 102, "Lateral band walks added",
                      "Lateral band walk 3×12 m, no relaxation block", "delivered",
                      (("gluteus-medius", L),)),
        SessionMarker(start + timedelta(weeks=30, days=1), 103, "Relaxation after activation",
                      "Band walk then lacrosse ball glute med 60 s, PIR TFL", "program-change",
                      (("gluteus-medius", L),)),
    )
    return TrendData("Ada Example", tuple(points), sessions, tuple(psfs), MUSCLES)


@pytest.fixture
def chart(qtbot: QtBot):  # type: ignore[no-untyped-def]
    from equitone.charts import TrendChart

    widget = TrendChart()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_data(realistic_data())
    return widget


def _checked(chart) -> list[tuple[str, Side]]:  # type: ignore[no-untyped-def]
    lst = chart.chooser.list
    return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
            if lst.item(i).checkState() == Qt.CheckState.Checked]


def test_set_data_selects_muscles_tagged_at_last_assessment(chart) -> None:  # type: ignore[no-untyped-def]
    # adductor longus right is scored but untagged at the last assessment
    expected = [("gluteus-medius", L), ("gluteus-medius", R), ("quadratus-lumborum", L),
                ("tfl", L), ("tfl", R)]
    assert chart.selected() == expected
    assert _checked(chart) == expected
    assert set(chart.curves()) == set(expected)
    assert chart.chooser.list.count() == 6


def test_toggling_list_item_adds_and_removes_curve(chart) -> None:  # type: ignore[no-untyped-def]
    lst = chart.chooser.list
    row = next(i for i in range(lst.count())
               if lst.item(i).data(Qt.ItemDataRole.UserRole) == ("adductor-longus", R))
    lst.item(row).setCheckState(Qt.CheckState.Checked)
    assert ("adductor-longus", R) in chart.curves()
    row = next(i for i in range(lst.count())
               if lst.item(i).data(Qt.ItemDataRole.UserRole) == ("tfl", L))
    lst.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert ("tfl", L) not in chart.curves()
    assert ("tfl", L) not in chart.selected()
    chart.set_selected([("tfl", R)])
    assert list(chart.curves()) == [("tfl", R)]


def test_left_and_right_differ_by_line_style_and_colour_is_per_muscle(chart) -> None:  # type: ignore[no-untyped-def]
    curves = chart.curves()
    left = curves[("gluteus-medius", L)].pen(("gluteus-medius", L))
    right = curves[("gluteus-medius", R)].pen(("gluteus-medius", R))
    other = curves[("tfl", L)].pen(("tfl", L))
    assert left.color() == right.color()
    assert left.style() == Qt.PenStyle.SolidLine
    assert right.style() == Qt.PenStyle.DashLine
    assert other.color() != left.color()


def test_hover_on_point_reads_out_date_muscle_side_tightness_state(
    chart, qtbot: QtBot  # type: ignore[no-untyped-def]
) -> None:
    data = chart.data()
    key = ("gluteus-medius", R)
    pt = next(p for p in data.points if p.key == key and p.day == date(2025, 3, 10))
    plot = chart.tightness_plots()[0]
    drawn = chart.curves()[key].series(key)
    xs, ys = drawn.x, drawn.y
    from equitone.charts.prepared import DayClock

    x = DayClock()(pt.day)
    i = int(abs(xs - x).argmin())
    scene = plot.getViewBox().mapViewToScene(QPointF(xs[i], ys[i]))
    where = chart.view.mapFromScene(scene)
    qtbot.mouseMove(chart.view.viewport(), where)
    qtbot.waitUntil(lambda: "Right gluteus medius" in chart.readout.text())
    text = chart.readout.text()
    assert "10 Mar 2025" in text
    assert "side: right" in text
    assert f"tightness {pt.tightness}/10" in text
    assert pt.tightness == 2
    assert "state: balanced" in text
    assert all(item.isVisible() for item in (chart.canvas.targets[0].vline,
                                             chart.canvas.targets[0].marker))


def test_hover_near_session_marker_shows_its_contents(chart, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    from equitone.charts.prepared import DayClock

    session = chart.data().sessions[1]
    plot = chart.tightness_plots()[0]
    scene = plot.getViewBox().mapViewToScene(QPointF(DayClock()(session.day), 0.2))
    qtbot.mouseMove(chart.view.viewport(), chart.view.mapFromScene(scene))
    qtbot.waitUntil(lambda: session.title in chart.readout.text())
    assert session.details in chart.readout.text()


@pytest.mark.parametrize(("preset", "days"), [("3m", 91), ("6m", 182), ("1y", 365)])
def test_range_presets_set_x_span(chart, preset: str, days: int) -> None:  # type: ignore[no-untyped-def]
    chart.set_range_preset(preset)
    lo, hi = chart.x_range()
    assert (hi - lo) / 86400 == pytest.approx(days, abs=1)
    assert chart.commands.presets[preset].isChecked()


def test_all_preset_covers_every_assessment(chart) -> None:  # type: ignore[no-untyped-def]
    chart.set_range_preset("3m")
    chart.set_range_preset("all")
    lo, hi = chart.x_range()
    for key, layer in chart.curves().items():
        x = layer.series(key).x
        assert lo <= x.min() and x.max() <= hi


def test_unknown_preset_and_mode_are_refused(chart) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="preset"):
        chart.set_range_preset("2w")
    with pytest.raises(ValueError, match="mode"):
        chart.set_mode("stacked")


def test_small_multiples_makes_one_plot_per_muscle(chart) -> None:  # type: ignore[no-untyped-def]
    chart.set_mode("small-multiples")
    plots = chart.tightness_plots()
    assert len(plots) == 3  # glute med, QL, TFL (adductor not selected)
    titles = sorted(p.titleLabel.text for p in plots)
    assert titles == ["Gluteus medius", "Quadratus lumborum", "TFL"]
    glute = next(p for p in plots if p.titleLabel.text == "Gluteus medius")
    in_glute = [k for k, layer in chart.curves().items()
                if layer.getViewBox() is glute.getViewBox()]
    assert in_glute == [("gluteus-medius", L), ("gluteus-medius", R)]  # both sides together
    chart.set_mode("overlay")
    assert len(chart.tightness_plots()) == 1


def test_small_multiples_keeps_the_x_range(chart) -> None:  # type: ignore[no-untyped-def]
    chart.set_range_preset("6m")
    before = chart.x_range()
    chart.set_mode("small-multiples")
    assert chart.x_range() == pytest.approx(before)


def test_rising_flag_listed_and_link_emits_session(chart, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    flags = chart.flags()
    assert [f.session_id for f in flags] == [102]
    text = chart.flags_panel.text.text()
    assert "Left gluteus medius was activated on" in text
    assert "add relaxation after its activation or lower the load" in text
    assert "session:102" in text
    assert chart.flags_panel.isVisibleTo(chart)
    with qtbot.waitSignal(chart.sessionLinkActivated) as blocker:
        chart.flags_panel.text.linkActivated.emit("session:102")
    assert blocker.args == [102]


def test_clicking_flag_marker_emits_session(chart, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    item = chart.canvas.flag_items[0]
    spot = item.points()[0]
    with qtbot.waitSignal(chart.sessionLinkActivated) as blocker:
        item.sigClicked.emit(item, [spot], None)
    assert blocker.args == [102]


def test_psfs_plot_has_meaningful_change_band(chart) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg

    plot = chart.canvas.psfs_plot
    assert plot is not None
    regions = [i for i in plot.items if isinstance(i, pg.LinearRegionItem)]
    assert len(regions) == 1
    low, high = regions[0].getRegion()
    first = chart.data().psfs[0].score
    assert (low, high) == pytest.approx((first - 2.0, first + 2.0))


def test_state_band_paints_state_colours(chart, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    from equitone.bodymap.palette import STATE_STYLES
    from equitone.charts.prepared import DayClock
    from equitone.charts.style import STATE_ORDER

    band = chart.canvas.bands[0]
    assert band.row_count() == len(chart.selected())
    # glute med left (row 0) on 10 Jun 2024: underactive; TFL left (row 3): overactive
    x = DayClock()(date(2024, 6, 10))
    codes = band.codes_at(x)
    assert STATE_ORDER[codes[0]] is ToneState.UNDERACTIVE
    assert STATE_ORDER[codes[3]] is ToneState.OVERACTIVE
    # and the painted strip shows the state's colour there (hatch pixels aside)
    plot = chart.canvas.band_plots[0]
    image = chart.view.grab().toImage()
    row_y = band.row_count() - 1 + 0.5  # middle of the top row
    where = chart.view.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x + 3 * 86400,
                                                                             row_y)))
    colours = {image.pixelColor(where.x() + dx, where.y() + dy).name().upper()
               for dx in range(-3, 4) for dy in range(-3, 4)}
    assert STATE_STYLES[ToneState.UNDERACTIVE].colour.name().upper() in colours


def test_exports_write_valid_files(chart, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    png, svg, csv = tmp_path / "t.png", tmp_path / "t.svg", tmp_path / "t.csv"
    chart.export_png(png, width_px=1000)
    chart.export_svg(svg)
    chart.export_csv(csv)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5000
    from PySide6.QtGui import QImage

    assert QImage(str(png)).width() == 1000
    ET.parse(svg)
    text = svg.read_text(encoding="utf-8")
    # all vector: symbols, strips and markers as paths, no embedded pixmaps
    assert "<image" not in text
    # axes (pyqtgraph replays QPictures) at the same scale as the plots: at the SVG's
    # default 72 dpi they were shrunk to 75 % and off their plots
    assert "matrix(0.75," not in text
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(CSV_HEADER) == "date,muscle,side,state,tightness"
    muscles = {line.split(",")[1] for line in lines[1:]}
    assert "adductor-longus" not in muscles  # only the selected series


def test_copy_to_clipboard_puts_image_and_csv(chart) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    chart.commands.copy.trigger()
    mime = QApplication.clipboard().mimeData()
    image = QApplication.clipboard().image()
    assert not image.isNull() and image.width() > 100
    assert mime.text().splitlines()[0] == "date,muscle,side,state,tightness"


def test_export_through_menu_action_asks_for_a_path(chart, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     qtbot: QtBot) -> None:
    asked: list[str] = []
    target = tmp_path / "chart.svg"

    def ask(kind: str) -> str:
        asked.append(kind)
        return str(target)

    chart.ask_path = ask
    with qtbot.waitSignal(chart.exported) as blocker:
        chart.commands.export_svg.trigger()
    assert asked == ["svg"] and blocker.args == [str(target)]
    root = ET.parse(target).getroot()
    texts = "".join(root.itertext())
    assert "Tightness" in texts  # text stays text in the vector export
    chart.ask_path = lambda kind: ""  # cancelled: nothing written, nothing emitted
    chart.commands.export_csv.trigger()
    assert not (tmp_path / "chart.csv").exists()


def test_export_to_unwritable_place_reports_one_line(chart, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     qtbot: QtBot) -> None:
    chart.ask_path = lambda kind: str(tmp_path / "missing" / f"x.{kind}")
    for kind in ("png", "svg", "csv"):
        with qtbot.waitSignal(chart.export_failed) as blocker:
            chart.ask_and_export(kind)
        message = blocker.args[0]
        assert message.startswith("Could not write") and "\n" not in message
    assert not (tmp_path / "missing").exists()


def test_shortcuts_are_scoped_to_the_chart(chart) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    keys = {a.shortcut().toString(): a for a in chart.actions() if not a.shortcut().isEmpty()}
    assert {"Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+M", "Ctrl+Shift+I", "Ctrl+Shift+G",
            "Ctrl+Shift+D", "Ctrl+Shift+C", "Ctrl+T"} <= set(keys)
    assert all(a.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
               for a in keys.values())
    native = QKeySequence("Ctrl+Shift+I").toString(QKeySequence.SequenceFormat.NativeText)
    assert native in chart.commands.export_png.toolTip()  # the tooltip teaches the key
    keys["Ctrl+M"].trigger()
    assert chart.mode() == "small-multiples"
    keys["Ctrl+3"].trigger()
    lo, hi = chart.x_range()
    assert (hi - lo) / 86400 == pytest.approx(365, abs=1)


def test_chooser_filter_all_none_both_sides_and_tagged(chart) -> None:  # type: ignore[no-untyped-def]
    chooser = chart.chooser
    chooser.filter.setText("tfl")
    visible = [i.data(Qt.ItemDataRole.UserRole) for i in chooser.items() if not i.isHidden()]
    assert visible == [("tfl", L), ("tfl", R)]
    chooser.none.click()  # only the filtered lines
    assert chart.selected() == [("gluteus-medius", L), ("gluteus-medius", R),
                                ("quadratus-lumborum", L)]
    chooser.filter.clear()
    chooser.none.click()
    assert chart.selected() == [] and chart.curves() == {}
    chooser.all.click()
    assert len(chart.selected()) == 6
    chart.set_selected([("gluteus-medius", L), ("adductor-longus", R)])
    chooser.both.click()
    assert chart.selected() == [("adductor-longus", R), ("gluteus-medius", L),
                                ("gluteus-medius", R)]
    chooser.tagged.click()
    assert ("adductor-longus", R) not in chart.selected()
    assert len(chart.selected()) == 5


def test_show_flag_zooms_to_the_activation_and_shows_the_muscle(chart) -> None:  # type: ignore[no-untyped-def]
    from equitone.charts.prepared import DayClock

    chart.set_selected([("tfl", L)])
    chart.flags_panel.text.linkActivated.emit("show:0")
    flag = chart.flags()[0]
    assert ("gluteus-medius", L) in chart.selected()
    lo, hi = chart.x_range()
    clock = DayClock()
    assert lo < clock(flag.session_day) < clock(flag.peak_day) < hi
    assert hi - lo < 120 * 86400


def test_render_trend_png_offscreen(qapp) -> None:  # type: ignore[no-untyped-def]
    from equitone.charts import render_muscle_png, render_trend_png

    data = realistic_data()
    png = render_trend_png(data, [("tfl", L), ("tfl", R)], 800, 500)
    assert png.startswith(b"\x89PNG")
    from PySide6.QtGui import QImage

    image = QImage.fromData(png)
    assert (image.width(), image.height()) == (800, 500)
    muscle = render_muscle_png(data, "gluteus-medius", 600, 400)
    assert QImage.fromData(muscle).width() == 600
    with pytest.raises(ValueError, match="no trend points"):
        render_muscle_png(data, "biceps", 600, 400)


def test_empty_data_does_not_crash(qtbot: QtBot) -> None:
    from equitone.charts import TrendChart

    widget = TrendChart()
    qtbot.addWidget(widget)
    widget.set_data(TrendData("Nobody", ()))
    assert widget.selected() == []
    widget.set_mode("small-multiples")
    widget.set_range_preset("3m")
    qtbot.mouseMove(widget.view.viewport(), QPoint(50, 50))


# -- what keeps a pan or zoom frame quick draws what it drew before ------------------------
def _specs(axis: CalendarAxis, theirs: bool) -> tuple[object, ...]:
    picture = QPicture()
    painter = QPainter(picture)
    painter.setFont(axis.style["tickFont"])
    specs = (pg.AxisItem.generateDrawSpecs(axis, painter) if theirs
             else axis.generateDrawSpecs(painter))
    painter.end()
    assert specs is not None
    (pen, start, stop), ticks, texts = specs
    return (
        (pen.color().rgba(), start.x(), start.y(), stop.x(), stop.y()),
        [(p.color().rgba(), a.x(), a.y(), b.x(), b.y()) for p, a, b in ticks],
        [(r.x(), r.y(), r.width(), r.height(), int(flags), text) for r, flags, text in texts],
    )


@pytest.mark.parametrize("preset", ["3m", "6m", "1y", "all"])
def test_calendar_axis_draws_what_pyqtgraph_would(chart, preset: str) -> None:  # type: ignore[no-untyped-def]
    chart.set_range_preset(preset)
    chart.view.grab()
    axes = [item for item in chart.view.scene().items() if isinstance(item, CalendarAxis)]
    assert axes
    view = chart.canvas.plots[0].getViewBox()
    for step in (0.0, 0.13, -0.31):  # and panned by a share of the range
        lo, hi = view.viewRange()[0]
        view.translateBy(x=step * (hi - lo))
        chart.view.grab()
        for axis in axes:
            ours, theirs = _specs(axis, theirs=False), _specs(axis, theirs=True)
            assert ours[0] == theirs[0]
            assert ours[1] == theirs[1] and ours[1], "ticks"
            assert ours[2] == theirs[2] and ours[2], "labels"


def test_a_line_breaks_where_a_point_was_not_scored() -> None:
    x = np.arange(8, dtype=np.float64)
    y = np.array([1, 2, math.nan, 4, math.nan, 6, 7, 8], dtype=np.float64)
    runs = [[(p.x(), p.y()) for p in line] for line in polylines(x, y)]
    assert runs == [[(0, 1), (1, 2)], [(5, 6), (6, 7), (7, 8)]]  # the lone 4 draws nothing
    assert len(list(polylines(x[:3], np.ones(3)))) == 1


def test_psfs_line_is_antialiased_once_the_view_rests(chart, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    lines = [item for item in chart.canvas.settling if isinstance(item, ClippedCurve)]
    assert len(lines) == 1
    view = chart.canvas.plots[0].getViewBox()
    lo, hi = view.viewRange()[0]
    view.translateBy(x=0.1 * (hi - lo))  # as a drag does
    assert lines[0].moving and all(layer.moving for layer in chart.canvas.layers)
    qtbot.waitUntil(lambda: not lines[0].moving, timeout=2000)


def test_next_day_reports_are_drawn_beside_the_curve(qtbot: QtBot) -> None:
    from dataclasses import replace

    from equitone.charts import TrendChart
    from equitone.domain.trends import NextDayPoint

    data = realistic_data()
    marker = next(s for s in data.sessions if s.activated)
    muscle, side = marker.activated[0]
    report = NextDayPoint(marker.day + timedelta(days=1), marker.session_id, marker.day,
                          muscle, side, tight=True, sore=6)
    widget = TrendChart()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.set_data(replace(data, next_day=(report,)))
    (item,) = widget.canvas.next_day_items
    (spot,) = item.points()
    assert spot.data() == report
    assert "tight, sore 6/10" in item.opts["tip"](0, 0, report)
