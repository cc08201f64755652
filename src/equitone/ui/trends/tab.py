"""The patient page's Trends tab: one patient's tightness trends (with the tone-state band) and
ranges of motion against their length tests, loaded through the services.

Start-up is timed and pyqtgraph costs ~330 ms to import (docs/architecture.md), so the
chart is built the first time the tab is shown, not with the patient page. The data is read
when the tab is shown and something may have changed since: another patient, or any change
on the window's change bus (a tag, a score, a delivered session…). Reloading the same patient keeps
the clinician's selection and time range.

Signals: `session_requested(session id)` when a rising-tightness flag's "Open session" link
(or its star on the chart) is followed; the patient page decides where that leads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from equitone.domain.patients import Patient
from equitone.domain.trends import TrendData
from equitone.errors import EquitoneError, ServerUnavailableError
from equitone.services.changes import Change, Entity, Origin
from equitone.storage.database import Database
from equitone.ui import prompts
from equitone.ui.empty_state import EmptyState
from equitone.ui.operations import Operations
from equitone.ui.sync.offline_notice import OfflineNotice

if TYPE_CHECKING:
    from equitone.charts.rom_chart import RomChart
    from equitone.charts.widget import TrendChart


class EmptyTrends(EmptyState):
    """What the tab shows before there is anything to draw, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, titled=True)
        self.title.setObjectName("trendsEmptyTitle")
        self.message.setObjectName("trendsEmptyText")

    def explain(self, patient: Patient, assessments: int) -> None:
        self.title.setText(f"No trends for {patient.name} yet")
        what = (
            "Trends show how each muscle's tightness (0–10) and tone state change from one "
            "assessment to the next, with the delivered sessions and the Patient-Specific "
            "Functional Scale beside them."
        )
        if assessments == 0:
            how = ("There is no assessment yet. On the Assessment tab, tag muscles on the "
                   "body map and give them a tightness score; the trend starts with it.")
        else:
            count = "one assessment" if assessments == 1 else f"{assessments} assessments"
            how = (f"There is {count}, but no muscle has been tagged or scored and no PSFS "
                   "recorded yet. Tag muscles on the Assessment tab to start the trend.")
        self.setText(f"{what}\n\n{how}")


class TrendsTab(QWidget):
    session_requested = Signal(int)

    def __init__(self, db: Database, ops: Operations | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.patient: Patient | None = None
        self.data: TrendData | None = None
        self.chart: TrendChart | None = None
        self.rom: RomChart | None = None
        self.views = QTabWidget()  # the tightness chart and the range-of-motion chart
        self.views.setObjectName("trendViews")
        self.views.setDocumentMode(True)
        self._stale = True
        self._shown_id: int | None = None  # patient whose data the chart holds
        self.empty = EmptyTrends()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.offline = OfflineNotice()
        layout = QVBoxLayout(self)
        layout.addWidget(self.offline)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        if ops is not None:
            ops.listen(self.on_change, self)

    # ------------------------------------------------------------------ patient and data

    def show_patient(self, patient: Patient) -> None:
        self.patient = patient
        self._changed()

    def on_change(self, change: Change) -> None:
        """An assessment or session of this patient changed here (an edit, its undo, a
        signature). Another workstation's changes come through the window."""
        if (change.origin is not Origin.ELSEWHERE and self.patient is not None
                and change.touches(self.patient.id)
                and (change.about(Entity.ASSESSMENT) or change.about(Entity.SESSION))):
            self._changed()

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the patient's trend data and show it (or say why there is none)."""
        patient = self.patient
        if patient is None:
            return
        self._stale = False
        from equitone.services.trends import trend_data

        try:
            data = trend_data(self.db, patient.id)
        except ServerUnavailableError:
            self._stale = True  # read again when shown again
            self.offline.went_offline(self.db)
            return
        except EquitoneError as exc:
            self.data = None
            prompts.bridge.error(self, "Trends", str(exc))
            return
        self.data = data
        self.offline.hide()
        if not data.points and not data.psfs:
            self.empty.explain(patient, self._assessment_count(patient))
            self.stack.setCurrentWidget(self.empty)
            self._shown_id = None
            return
        chart = self._ensure_chart()
        same = self._shown_id == patient.id
        if not same:
            chart.clear_readout()  # never the previous patient's point under this one's name
        kept = [k for k in chart.selected() if k in {p.key for p in data.points}] if same else []
        chart.set_data(data, kept or None, keep_view=same)
        self._show_rom(data)
        self._shown_id = patient.id
        self.stack.setCurrentWidget(self.views)

    def _show_rom(self, data: TrendData) -> None:
        """The range-of-motion view: offered when a length test was recorded."""
        assert self.rom is not None
        self.rom.set_data(data)
        index = self.views.indexOf(self.rom)
        count = len({(r.muscle, r.side, r.test) for r in data.rom})
        self.views.setTabEnabled(index, bool(data.rom))
        self.views.setTabText(index, f"Range of motion ({count})" if count else
                              "Range of motion")
        self.views.setTabToolTip(index, "Ranges of motion recorded against named length tests"
                                 if data.rom else "No range of motion recorded against a named "
                                 "length test yet")
        if not data.rom and self.views.currentWidget() is self.rom:
            self.views.setCurrentIndex(0)

    def _assessment_count(self, patient: Patient) -> int:
        from equitone.services.assessments import list_assessments

        return len(list_assessments(self.db, patient.id))

    def _checked_export_path(self, path: str) -> str:
        from equitone.services.output_target import checked_output

        return str(checked_output(Path(path), self.db))

    def _ask_export_path(self, kind: str) -> str:
        from equitone.charts.widget import EXPORT_FILTERS

        assert self.chart is not None
        chosen = prompts.bridge.save_file(self, "Export trend",
                                          Path(self.chart.export_name(kind)), EXPORT_FILTERS[kind])
        return str(chosen) if chosen is not None else ""

    def _ensure_chart(self) -> TrendChart:
        if self.chart is None:
            from equitone.charts.rom_chart import RomChart
            from equitone.charts.widget import TrendChart

            chart = TrendChart()
            chart.setObjectName("trendChart")
            chart.sessionLinkActivated.connect(self.session_requested)
            chart.exported.connect(
                lambda path: chart.readout.setText(f"Saved {path}")
            )
            chart.check_path = self._checked_export_path
            chart.ask_path = self._ask_export_path
            chart.export_failed.connect(
                lambda text: prompts.bridge.error(self, "Export failed", text)
            )
            self.rom = RomChart()
            self.rom.setObjectName("romChart")
            self.views.addTab(chart, "Tightness and states")
            self.views.addTab(self.rom, "Range of motion")
            self.stack.addWidget(self.views)
            self.chart = chart
        return self.chart
