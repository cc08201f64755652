"""The small texts a clinician noticed: every form label's mnemonic works (no literal "&"),
the status bar names a new patient, dialog titles fit, and Trends never shows the previous
patient's readout."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services.assessments import create_assessment
from equitone.services.patients import create_patient
from equitone.services.settings import ClinicSettings
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from equitone.ui.operations import Operations
from equitone.ui.printing.options import PlanOptionsDialog, ReportOptionsDialog
from equitone.ui.settings_dialog import SettingsDialog
from equitone.ui.trends.tab import TrendsTab
from tests.prompts import ScriptedPrompts
from tests.ui.test_trends_tab import _history, _show

from .conftest import accept_dialog_with


def _form_labels(dialog: QDialog) -> list[QLabel]:
    labels = []
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                labels.append(item.widget())
    return labels


def test_every_mnemonic_in_the_settings_form_has_a_field(qtbot: QtBot) -> None:
    dialog = SettingsDialog(ClinicSettings(), [])
    qtbot.addWidget(dialog)
    labels = _form_labels(dialog)
    assert any(label.text() == "&Logo:" for label in labels)
    for label in labels:
        if "&" in label.text().replace("&&", ""):
            assert label.buddy() is not None, label.text()  # else "&" shows literally


def test_the_status_bar_names_the_created_patient(window: MainWindow, db: Database) -> None:
    accept_dialog_with(lambda d: d.name.setText("Maria Keller"))()  # type: ignore[attr-defined]
    window.act_new.trigger()
    assert window.statusBar().currentMessage() == "Created patient Maria Keller"


def test_print_dialog_titles_are_not_cut(qtbot: QtBot) -> None:
    record = SessionRecord(1, 1, SessionDetails(date(2026, 11, 25)), SessionStatus.PLANNED, 1,
                           None, ())
    for dialog in (ReportOptionsDialog([date(2026, 3, 5)], "a4"),
                   PlanOptionsDialog([record], "a4")):
        qtbot.addWidget(dialog)
        dialog.show()
        title = f"{dialog.windowTitle()} — Equitone"
        # the window manager's title bar is the dialog's width less its buttons (~120 px)
        needed = dialog.fontMetrics().horizontalAdvance(title) + 160
        assert dialog.width() >= needed, (title, dialog.width(), needed)


def test_trends_readout_is_cleared_for_the_next_patient(
    qtbot: QtBot, db: Database, bridge: ScriptedPrompts
) -> None:
    tab = TrendsTab(db, Operations())
    qtbot.addWidget(tab)
    tab.resize(1300, 820)
    first = create_patient(db, PatientDraft(name="Owen Price"))
    _history(db, first)
    _show(qtbot, tab, first)
    assert tab.chart is not None
    tab.chart.readout.setText("12 Nov · Left tensor fasciae latae")
    second = create_patient(db, PatientDraft(name="Ada Lovelace"))
    _history(db, second)
    _show(qtbot, tab, second)
    assert "tensor fasciae latae" not in tab.chart.readout.text()
    assert tab.chart.readout.text() == "Move the pointer over the chart to read a point."


def test_small_multiples_fit_beside_the_side_panel_at_1280(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    """A 1280 × 720 window: every chart of the grid whole in the view, titles included."""
    patient = create_patient(db, PatientDraft(name="Owen Price"))
    _history(db, patient)
    create_assessment(db, patient.id, day=date(2026, 4, 6), tags=[  # a fourth muscle
        ToneTag("quadratus-lumborum", Side.LEFT, ToneState.OVERACTIVE, tightness=5)])
    window.resize(1280, 720)
    window.reload_patients()
    window.open_patient(patient)
    tab = window.page.trends
    assert tab is not None
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.chart is not None)
    chart = tab.chart
    assert chart is not None
    data = chart.data()
    assert data is not None
    chart.set_selected(sorted({p.key for p in data.points}))  # every muscle: three columns
    chart.set_mode("small-multiples")
    qtbot.wait(50)  # the layout settles on the next turns of the event loop
    viewport = chart.view.viewport().rect()
    plots = chart.tightness_plots()
    assert len(plots) >= 4
    for plot in plots:
        cell = plot.parentItem()  # the plot with its title and its state band
        shown = chart.view.mapFromScene(cell.sceneBoundingRect()).boundingRect()
        assert viewport.contains(shown), (shown, viewport)


def test_one_flag_symbol_placed_above_its_marker(
    qtbot: QtBot, db: Database, bridge: ScriptedPrompts
) -> None:
    import pyqtgraph as pg

    from equitone.charts.style import FLAG_GLYPH, FLAG_SYMBOL, MUSCLE_SYMBOLS

    tab = TrendsTab(db, Operations())
    qtbot.addWidget(tab)
    tab.resize(1300, 820)
    patient = create_patient(db, PatientDraft(name="Owen Price"))
    _history(db, patient)  # glute med tighter after its activation: one flag
    _show(qtbot, tab, patient)
    chart = tab.chart
    assert chart is not None and chart.canvas.flag_items
    assert all(item.opts["symbol"] == FLAG_SYMBOL for item in chart.canvas.flag_items)
    assert FLAG_SYMBOL not in MUSCLE_SYMBOLS
    labels = [item for plot in chart.tightness_plots() for item in plot.items
              if isinstance(item, pg.TextItem) and "activation" in item.toPlainText()]
    assert labels
    for label in labels:
        text = label.toPlainText()
        assert FLAG_GLYPH in text and "▲" not in text
        assert label.anchor.y() == 1.0  # above the marker, clear of the curve
