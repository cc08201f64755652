"""A patient edit clashed with one made on another workstation: the editor opens again with
this edit on top of the stored record, says who changed what and when, and marks the fields
both changed (their value in the tooltip). OK saves it; Cancel keeps theirs."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from equitone.domain.patients import DRAFT_FIELDS, Patient, PatientDraft
from equitone.errors import StaleRecordError
from equitone.ui import prompts
from equitone.ui.patient_dialog import PatientDialog
from equitone.ui.sync.conflict import Resolution, decided


def _shown(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value not in (None, "") else "(empty)"


def clash_note(error: StaleRecordError, clashing: list[str]) -> str:
    both = ""
    if clashing:
        names = ", ".join(n.replace("_", " ") for n in clashing)
        both = f" You both changed: {names} (marked; their value is in the tooltip)."
    return (f"{error}\n\nYour changes are filled in below, on top of theirs.{both} "
            "OK saves this; Cancel keeps their version.")


def edit_on_top(
    parent: QWidget | None, error: StaleRecordError, current: Patient, mine: PatientDraft,
    both: tuple[str, ...], what: str = "",
) -> PatientDraft | None:
    """The draft to save (the clinician may have adjusted it), or None to keep theirs.
    `both`: the fields both workstations changed; `what`: the edit as its undo step names it
    (how the count after an outage knows which held change was settled)."""
    theirs = current.draft
    clashing = [n for n in DRAFT_FIELDS if n in both]
    dialog = PatientDialog(parent, mine)
    dialog.show_conflict(
        clash_note(error, clashing),
        {n: _shown(getattr(theirs, n)) for n in clashing},
    )
    draft = prompts.bridge.ask(dialog)
    if what:
        decided(what, Resolution.KEEP_THEIRS if draft is None else Resolution.MINE_ON_TOP)
    return draft
