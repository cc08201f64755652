"""The Overview tab: contact details, the clinical summary, links to the tab that acts."""

from __future__ import annotations

import html
from datetime import date

from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.types import Side, ToneState
from equitone.services.assessments import create_assessment
from equitone.services.patients import create_patient
from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow


def test_new_patient_overview_points_to_the_first_steps(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    patient = create_patient(db, PatientDraft(name="O'Brien & <Sons>", notes="王小明's cousin"))
    window.reload_patients()
    window.open_patient(patient)
    overview = window.page.overview
    qtbot.waitUntil(lambda: "No assessment yet" in overview.clinical.text())
    assert html.escape("O'Brien & <Sons>") in overview.details.text()
    assert "No session yet" in overview.clinical.text()
    overview.clinical.linkActivated.emit("tab:assessment")
    assert window.page.tabs.currentWidget() is window.page.assessment


def test_summary_lists_tags_by_state_with_the_method_and_follows_edits(
    window: MainWindow, db: Database, qtbot: QtBot
) -> None:
    patient = create_patient(db, PatientDraft(name="Grace <Gigi> Turner"))
    create_assessment(db, patient.id, day=date(2026, 3, 2), clinician="Dr <Ruiz>",
                      findings="Knee caves in & hip drops", tags=[
                          ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 4),
                          ToneTag("tensor-fasciae-latae", Side.LEFT, ToneState.OVERACTIVE, 7),
                          ToneTag.of("gluteus-medius", Side.RIGHT,
                                     [ToneState.UNDERACTIVE, ToneState.TENDER], tightness=3),
                      ])
    window.reload_patients()
    window.open_patient(patient)
    page = window.page
    text = page.overview.clinical.text()
    assert "Latest assessment — 2026-03-02 by Dr &lt;Ruiz&gt;" in text
    assert "Knee caves in &amp; hip drops" in text
    assert "Gluteus medius L 4/10 — activate, then relax it; check its compensators" in text
    assert text.index("Overactive") < text.index("Underactive")  # release first, as the method
    # a side with two states: under its primary one, with both named and the combined advice
    assert "Gluteus medius R + tender 3/10 — activate gently (pain-free range)" in text
    # An assessment added elsewhere (another tab, another workstation) shows on return.
    page.tabs.setCurrentWidget(page.session)
    create_assessment(db, patient.id, day=date(2026, 3, 30), tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.BALANCED, 2)])
    page.tabs.setCurrentWidget(page.overview)
    assert "Latest assessment — 2026-03-30" in page.overview.clinical.text()
    page.overview.clinical.linkActivated.emit("tab:session")
    assert page.tabs.currentWidget() is page.session
