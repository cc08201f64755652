"""Session-level intents of the Session tab: new (blank or from a template), new version,
delete a draft, save as a template, status and details — undo commands where they change a
session, a confirmation before the one-way step to delivered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Protocol

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from equitone.domain.catalog import Template
from equitone.domain.patients import Patient
from equitone.domain.sequencing import Block, PlanWarning
from equitone.domain.session import SessionDetails, SessionRecord, SessionStatus
from equitone.errors import EquitoneError
from equitone.services import sessions as service
from equitone.services import templates
from equitone.storage.database import Database
from equitone.ui import messages
from equitone.ui.designer.commands import (
    Announcer,
    CreateSessionCommand,
    DeleteDraftCommand,
    StatusCommand,
)
from equitone.ui.designer.editing import SessionEditor
from equitone.ui.designer.session_bar import SessionBar


class LifecycleHost(Protocol):
    db: Database
    undo_stack: QUndoStack
    announcer: Announcer
    patient: Patient | None
    bar: SessionBar
    editor: SessionEditor
    ask_template: Callable[[Sequence[templates.TemplateEntry]], Template | None]
    ask_template_name: Callable[[str], tuple[str, str] | None]
    ask_acknowledgement: Callable[[SessionStatus, Sequence[PlanWarning]], bool]

    @property
    def record(self) -> SessionRecord | None: ...

    def report(self, message: str) -> None: ...


class SessionLifecycle:
    def __init__(self, host: LifecycleHost, parent: QWidget) -> None:
        self.host, self.parent = host, parent

    def _push_create(
        self,
        label: str,
        *,
        blocks: tuple[Block, ...] = (),
        details: SessionDetails | None = None,
        template: str | None = None,
        version_of: int | None = None,
    ) -> None:
        host, record = self.host, self.host.record
        if host.patient is None:
            return
        command = CreateSessionCommand(
            host.db, host.patient.id, label, host.announcer, blocks=blocks, details=details,
            template=template, version_of=version_of,
            then_show=record.id if record else None,
        )
        host.undo_stack.push(command)

    def new_session(self) -> None:
        record = self.host.record
        frequency = record.details.frequency_per_week if record else 3
        self._push_create("New session", details=SessionDetails(date.today(), frequency))

    def new_from_template(self) -> None:
        host = self.host
        if host.patient is None:
            return
        template = host.ask_template(templates.list_templates(host.db))
        if template is None:
            return
        try:
            blocks = tuple(templates.template_blocks(host.db, template))
        except EquitoneError as exc:
            messages.bridge.error(self.parent, "Template", str(exc))
            return
        details = SessionDetails(date.today(), template.frequency_per_week)
        self._push_create(f"New session from “{template.name}”", blocks=blocks,
                          details=details, template=template.slug)

    def new_version(self) -> None:
        record = self.host.record
        if record is not None:
            self._push_create(f"New version of the session of {record.day.isoformat()}",
                              version_of=record.id)

    def delete_draft(self) -> None:
        host, record = self.host, self.host.record
        if record is None or record.status is not SessionStatus.DRAFT:
            return
        host.undo_stack.push(DeleteDraftCommand(host.db, record, host.announcer))

    def save_as_template(self) -> None:
        """Not an edit of the session, so not on the undo stack; reported under the timeline."""
        host, record = self.host, self.host.record
        if record is None or host.patient is None:
            return
        answer = host.ask_template_name(f"{host.patient.name} – {record.day.isoformat()}")
        if answer is None:
            return
        try:
            saved = templates.save_as_template(host.db, record, *answer)
        except EquitoneError as exc:
            messages.bridge.error(self.parent, "Save as template", str(exc))
            return
        host.report(f"Saved the template “{saved.name}”.")

    def status_chosen(self) -> None:
        """Draft ⇄ planned is undoable; delivered is final, so it is confirmed first. A
        session with safety warnings is planned or delivered only once the clinician has
        acknowledged them (the audit trail keeps it)."""
        host, record = self.host, self.host.record
        if record is None or record.read_only:
            return
        status = host.bar.chosen_status()
        if status is record.status:
            return
        acknowledged = False
        safety = record.safety_warnings
        if safety and status is not SessionStatus.DRAFT:
            if not host.ask_acknowledgement(status, safety):
                host.bar.show_record(record)
                return
            acknowledged = True
        if status is not SessionStatus.DELIVERED:
            host.undo_stack.push(StatusCommand(host.db, record, status, host.announcer,
                                               acknowledge_warnings=acknowledged))
            return
        if not messages.bridge.confirm(
            self.parent, "Mark as delivered",
            "Mark this session as delivered? It becomes read-only for good (this cannot "
            "be undone); later changes go into a new version.",
        ):
            host.bar.show_record(record)
            return
        try:  # on the version shown: never deliver what someone else changed unseen
            delivered = service.set_status(host.db, record.id, status,
                                           expected_version=record.row_version,
                                           acknowledge_warnings=acknowledged)
        except EquitoneError as exc:
            host.announcer.failed(str(exc))
            return
        host.announcer.changed(record.patient_id, delivered.id, delivered)

    def commit_details(self) -> None:
        host, record = self.host, self.host.record
        if record is None or record.read_only:
            return
        bar = host.bar
        details = replace(
            record.details,
            day=bar.chosen_day(),
            frequency_per_week=bar.frequency.value(),
            in_clinic=bar.in_clinic.isChecked(),
            pre_sport=bar.pre_sport.isChecked(),
        )
        host.editor.set_details(details, "Edit the session's details")
