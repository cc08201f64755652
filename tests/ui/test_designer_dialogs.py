"""The designer's dialogs, driven for real: dismiss with a reason, start from a template,
save as a template, choose a modality's muscle."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.sequencing import RuleId
from equitone.domain.types import Side, ToneState
from equitone.services import sessions as svc
from equitone.services.assessments import create_assessment
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient
from equitone.services.templates import list_templates
from equitone.storage.database import Database
from equitone.ui.designer import dialogs
from equitone.ui.main_window import MainWindow
from tests.ui.conftest import accept_dialog_with


def _tab(window: MainWindow, qtbot: QtBot, db: Database) -> Any:
    patient = create_patient(db, PatientDraft(name="Zoë Ångström"))
    create_assessment(db, patient.id, tags=[
        ToneTag("gluteus-medius", Side.LEFT, ToneState.UNDERACTIVE, 3)])
    window.reload_patients()
    window.open_patient(patient)
    tab = window.page.session
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    return tab


def test_dismiss_dialog_requires_a_reason(qtbot: QtBot) -> None:
    dialog = dialogs.DismissDialog("Lacrosse-ball release on the left glute med")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.reason.setCurrentText("   ")
    assert not ok.isEnabled()
    dialog.reason.setCurrentText("  Patient   has no ball ")
    assert ok.isEnabled() and dialog.reason_text() == "Patient has no ball"


def test_dismiss_through_the_real_dialog(window: MainWindow, qtbot: QtBot, db: Database) -> None:
    tab = _tab(window, qtbot, db)
    tab.new_session()
    tab.editor.add(dialogs_payload("lateral-band-walk"), -1)
    relax = next(b for b in tab.model.blocks if b.rule is RuleId.SUSTAINED_RELAX)

    def fill(dialog: Any) -> None:
        dialog.reason.setCurrentText(dialogs.COMMON_REASONS[0])

    accept_dialog_with(fill)()
    assert tab.editor.dismiss(relax.id)
    stored = svc.get_session(db, tab.record.id)
    assert [d.reason for d in stored.dismissals] == [dialogs.COMMON_REASONS[0]]


def dialogs_payload(slug: str) -> Any:
    from equitone.ui.designer.mime import ExercisePayload

    return ExercisePayload(slug)


def test_template_dialogs_start_and_save(window: MainWindow, qtbot: QtBot, db: Database) -> None:
    tab = _tab(window, qtbot, db)

    def pick_runner(dialog: Any) -> None:
        for n in range(dialog.list.count()):
            if dialog.list.item(n).text().startswith("Runner"):
                dialog.list.setCurrentRow(n)
        assert "exercises" in dialog.description.text()

    accept_dialog_with(pick_runner)()
    tab.new_from_template()
    assert tab.record is not None and tab.record.template == "runner-calf"
    assert tab.record.details.frequency_per_week == 3

    def name_it(dialog: Any) -> None:
        dialog.name.setText("Calf program, week 2")
        dialog.description.setPlainText("Bent-knee work first")

    accept_dialog_with(name_it)()
    tab.save_as_template()
    custom = [e.template for e in list_templates(db) if e.custom]
    assert [(t.name, t.description) for t in custom] == [
        ("Calf program, week 2", "Bent-knee work first")]


def test_save_template_dialog_needs_a_name(qtbot: QtBot) -> None:
    dialog = dialogs.SaveTemplateDialog("")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.name.setText("Neck basics")
    assert ok.isEnabled() and dialog.values() == ("Neck basics", "")


def test_muscle_dialog_for_a_modality(window: MainWindow, qtbot: QtBot, db: Database) -> None:
    tab = _tab(window, qtbot, db)
    tab.new_session()
    catalog = load_catalog(db)
    dialog = dialogs.MuscleDialog(catalog.exercises["foam-roll"],
                                  [catalog.muscles[m] for m in ("soleus", "hamstrings")])
    qtbot.addWidget(dialog)
    dialog.muscle.setCurrentText("Soleus")
    assert dialog.chosen() == "soleus"
    dialog.muscle.setCurrentText("not a muscle")
    assert dialog.chosen() is None

    def choose(d: Any) -> None:
        d.muscle.setCurrentIndex(d.muscle.findData("hamstrings"))

    accept_dialog_with(choose)()
    tab.editor.add(dialogs_payload("foam-roll"), -1)
    added = next(b for b in tab.model.blocks if not b.auto)
    assert added.exercise == "foam-roll" and added.muscles == ("hamstrings",)


def test_proposal_dialog_needs_a_reason_only_to_dismiss(qtbot: QtBot) -> None:
    from equitone.domain.sequencing import Proposal

    proposal = Proposal("soleus", Side.LEFT, "Left soleus was activated and tagged tight.",
                        "Add a relaxation after each of its 2 activations.", ("a", "b"))
    accept = dialogs.ProposalDialog(proposal, True)
    qtbot.addWidget(accept)
    assert accept.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert accept.windowTitle() == "Accept the proposal"
    dismiss = dialogs.ProposalDialog(proposal, False)
    qtbot.addWidget(dismiss)
    ok = dismiss.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dismiss.reason.count() == len(dialogs.PROPOSAL_REASONS)
    dismiss.reason.setCurrentText(dialogs.PROPOSAL_REASONS[0])
    assert ok.isEnabled()


def test_acknowledge_dialog_lists_the_warnings_and_needs_the_box_ticked(qtbot: QtBot) -> None:
    from equitone.domain.sequencing import PlanWarning, WarningCode
    from equitone.domain.session import SessionStatus

    warning = PlanWarning(WarningCode.SPASM_LOADED, "The left QL is tagged spasm: relax only.")
    dialog = dialogs.AcknowledgeDialog(SessionStatus.DELIVERED, [warning])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Mark delivered" and not ok.isEnabled()
    dialog.confirm.setChecked(True)
    assert ok.isEnabled()


def test_acknowledgement_through_the_real_dialog(
    window: MainWindow, qtbot: QtBot, db: Database
) -> None:
    from equitone.domain.session import SessionStatus

    patient = create_patient(db, PatientDraft(name="Tomás"))
    create_assessment(db, patient.id, tags=[
        ToneTag("quadratus-lumborum", Side.LEFT, ToneState.SPASM, 6)])
    catalog = load_catalog(db)
    record = svc.create_session(db, patient.id,
                                [svc.parse_exercise_spec(catalog, "side-plank::left")])
    window.reload_patients()
    window.open_patient(patient)
    tab = window.page.session
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    tab.reload(record.id)

    def tick(dialog: Any) -> None:
        dialog.confirm.setChecked(True)

    accept_dialog_with(tick)()
    status = tab.bar.status
    status.setCurrentIndex(status.findData("planned"))
    status.activated.emit(status.currentIndex())
    assert svc.get_session(db, record.id).status is SessionStatus.PLANNED
