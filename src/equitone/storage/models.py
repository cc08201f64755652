"""ORM models. The schema itself is created and changed only by Alembic migrations
(`migrations/versions`); these classes must describe what the newest migration builds, which
tests/storage/test_migrations.py checks with Alembic's autogenerate comparison."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from equitone.domain.search_key import name_sort_key, patient_search_key


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON, list[str]: JSON, list[Any]: JSON
    }


def _new_uuid() -> str:
    return uuid.uuid4().hex


def _row_version() -> Mapped[int]:
    """Optimistic concurrency (migration 0005): raised once by every transaction that changes
    a clinical record, its child rows included (storage/versioning.py), and checked by the
    services against the number an editor loaded. Not an amendment number (`version`)."""
    return mapped_column(Integer, default=1, server_default=text("1"))


class PatientRow(Base):
    __tablename__ = "patients"
    __table_args__ = (Index("ix_patients_uuid", "uuid", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stable identity across databases: a patient archive carries it, so importing the same
    # archive twice (or into the clinic it came from) is recognised. Never NULL in practice:
    # migration 0004's triggers fill it for rows inserted without the ORM and refuse blanking.
    uuid: Mapped[str | None] = mapped_column(String(36), default=_new_uuid)
    name: Mapped[str] = mapped_column(String(200), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    preferred_modality: Mapped[str | None] = mapped_column(String(80))
    # Rule 1's setting: a relaxation block after every activation (of every muscle, or of
    # these muscle slugs) even where each rep relaxes the muscle (migration 0008).
    relax_after_every_activation: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    relax_after_muscles: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    row_version: Mapped[int] = _row_version()
    # Derived keys (migration 0011, domain/search_key.py), kept in step by the ORM events
    # below: what a search matches (name, phone, e-mail, notes without accents, case or
    # punctuation) and what the list sorts by (Élodie among the E's, "Anna 9" before "Anna 10").
    search_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Text, not a width: a name of many short numbers pads past any width its own limit gives
    name_sort_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)


@event.listens_for(PatientRow, "before_insert")
@event.listens_for(PatientRow, "before_update")
def _fill_patient_keys(_mapper: Any, _connection: Any, row: PatientRow) -> None:
    row.search_key = patient_search_key(row.name, row.phone or "", row.email or "",
                                        row.notes or "")
    row.name_sort_key = name_sort_key(row.name)


class MuscleRow(Base):
    __tablename__ = "muscles"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(60))
    region: Mapped[str] = mapped_column(String(40))
    layer: Mapped[str] = mapped_column(String(20))
    views: Mapped[list[str]] = mapped_column(JSON)
    janda: Mapped[str] = mapped_column(String(20))
    antagonists: Mapped[list[str]] = mapped_column(JSON)
    compensators: Mapped[list[str]] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text, default="")


class ExerciseRow(Base):
    __tablename__ = "exercises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    muscles: Mapped[list[str]] = mapped_column(JSON)
    muscle_parameter: Mapped[bool] = mapped_column(Boolean, default=False)
    sustained: Mapped[bool] = mapped_column(Boolean, default=False)
    performer: Mapped[str] = mapped_column(String(20))
    sets: Mapped[int] = mapped_column(Integer, default=1)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    rest_seconds: Mapped[int] = mapped_column(Integer, default=0)
    equipment: Mapped[list[str]] = mapped_column(JSON)
    instruction: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON)
    # Shipped rows are replaced when the catalog file changes; custom rows never are.
    custom: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # A custom exercise's picture (migration 0009): {"base": …} / {"like": …} for a drawn
    # figure, {"photo": {media_type, width, height}} with the photo's bytes beside it.
    picture: Mapped[Any] = mapped_column(JSON, nullable=True)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SettingRow(Base):
    """Clinic-wide settings that the CLI needs as much as the GUI (clinic name for printing,
    preferred modality for sequencing), so they live in the database, not in QSettings."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)


class MetaRow(Base):
    """Bookkeeping such as the hash of the catalog files last loaded."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ServerIdentityRow(Base):
    """The database's identity (one row, migration 0010): drawn once, kept by dump and
    restore, drawn again only on purpose. Not copied by migrate-to (storage/copy.py)."""

    __tablename__ = "server_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(String(32))
    drawn_at_utc: Mapped[datetime] = mapped_column(DateTime)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_patient_date", "patient_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    date: Mapped[date] = mapped_column(Date)
    clinician: Mapped[str] = mapped_column(String(120), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by: Mapped[str] = mapped_column(String(120), default="")
    # An amendment of a signed assessment is a new row (version + 1) that supersedes it; the
    # signed original is kept unchanged. Lists and trends show only current versions.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), index=True)
    # The presentation is neurological: the Modified Ashworth Scale applies (migration 0006).
    neurological: Mapped[bool] = mapped_column(Boolean, default=False,
                                               server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    row_version: Mapped[int] = _row_version()


class ToneTagRow(Base):
    """One muscle side's tag at one assessment. The muscle is a catalog slug (validated by the
    service: the catalog table is rebuilt on catalog updates, so no foreign key to it).

    `state`/`grade` are the side's primary state and its grade (domain.types.STATE_PRIORITY);
    `other_states` the other states it carries, `[{"state", "grade"}]` in priority order, NULL
    when it carries one (migration 0006). `rom_degrees` is in the unit of `rom_test`."""

    __tablename__ = "tone_tags"
    __table_args__ = (
        UniqueConstraint("assessment_id", "muscle", "side", name="uq_tone_tags_assessment_side"),
        # covering index for trend queries (3.8 ms -> 0.2 ms per muscle, measured)
        Index("ix_tone_tags_trend", "muscle", "side", "assessment_id", "tightness", "state"),
        # the few tags with several states or a length test, found without reading the rest
        # (a trend over 52,000 tags reads them apart: migration 0006)
        Index("ix_tone_tags_other_states", "assessment_id",
              sqlite_where=text("other_states IS NOT NULL"),
              postgresql_where=text("other_states IS NOT NULL")),
        Index("ix_tone_tags_rom_test", "assessment_id",
              sqlite_where=text("rom_test IS NOT NULL"),
              postgresql_where=text("rom_test IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    muscle: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(16))
    tightness: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    strength: Mapped[int | None] = mapped_column(Integer)
    tenderness: Mapped[int | None] = mapped_column(Integer)
    pain: Mapped[int | None] = mapped_column(Integer)
    rom_degrees: Mapped[int | None] = mapped_column(Integer)
    ashworth: Mapped[str | None] = mapped_column(String(4))
    other_states: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))
    rom_test: Mapped[str | None] = mapped_column(String(40))


class PsfsItemRow(Base):
    __tablename__ = "psfs_items"
    __table_args__ = (UniqueConstraint("assessment_id", "position", name="uq_psfs_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(200))
    score: Mapped[int | None] = mapped_column(Integer)


class VisitNoteRow(Base):
    """The SOAP notes of one visit, kept with its assessment version (migration 0008): read-only
    once the assessment is signed, copied into an amendment. Not a versioned child (they do not
    raise the assessment's row version): concurrent typing is merged, not refused."""

    __tablename__ = "visit_notes"
    __table_args__ = (UniqueConstraint("assessment_id", name="uq_visit_notes_assessment"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE")
    )
    subjective: Mapped[str] = mapped_column(Text, default="", server_default="")
    objective: Mapped[str] = mapped_column(Text, default="", server_default="")
    assessment: Mapped[str] = mapped_column(Text, default="", server_default="")
    plan: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class QuickPhraseRow(Base):
    """A phrase the clinic saved for its notes, inserted by its short key (not clinical data)."""

    __tablename__ = "quick_phrases"
    __table_args__ = (UniqueConstraint("key", name="uq_quick_phrases_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_patient_date", "patient_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    date: Mapped[date] = mapped_column(Date, index=True)
    frequency_per_week: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"))
    in_clinic: Mapped[bool] = mapped_column(Boolean, default=False)
    pre_sport: Mapped[bool] = mapped_column(Boolean, default=False)
    template: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    row_version: Mapped[int] = _row_version()


class SessionBlockRow(Base):
    """One card of a session, exactly as the engine returned it (see domain.sequencing)."""

    __tablename__ = "session_blocks"
    __table_args__ = (UniqueConstraint("session_id", "position", name="uq_block_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    block_id: Mapped[str] = mapped_column(String(40))
    exercise: Mapped[str] = mapped_column(String(80))
    muscles: Mapped[list[str]] = mapped_column(JSON)
    side: Mapped[str] = mapped_column(String(5))
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    rest_seconds: Mapped[int] = mapped_column(Integer, default=0)
    auto: Mapped[bool] = mapped_column(Boolean, default=False)
    rule: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    cues: Mapped[list[Any]] = mapped_column(JSON)
    anchor: Mapped[str | None] = mapped_column(String(40))
    reciprocal_inhibition: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class SessionDecisionRow(Base):
    """A dismissal (exercise NULL, reason set) or a modality swap (exercise set) of one
    automatic block, identified by its AutoKey (anchor, rule, muscle, side)."""

    __tablename__ = "session_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # "dismiss" | "swap"
    anchor: Mapped[str | None] = mapped_column(String(40))
    rule: Mapped[str] = mapped_column(String(40))
    muscle: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(5))
    exercise: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text, default="")


class BlockResponseRow(Base):
    """How the patient responded to one block of an in-clinic session (migration 0008)."""

    __tablename__ = "block_responses"
    __table_args__ = (
        UniqueConstraint("session_id", "block_id", name="uq_block_responses_block"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    block_id: Mapped[str] = mapped_column(String(40))
    pain: Mapped[int | None] = mapped_column(Integer)
    rpe: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class NextDayReportRow(Base):
    """How one activated muscle side felt on the days after a session (migration 0008)."""

    __tablename__ = "next_day_reports"
    __table_args__ = (
        UniqueConstraint("session_id", "muscle", "side", name="uq_next_day_side"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    muscle: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(5))
    reported_on: Mapped[date] = mapped_column(Date)
    tight: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sore: Mapped[int | None] = mapped_column(Integer)
    barely_firing: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class TemplateRow(Base):
    """A clinician's own session template (shipped templates live in resources/)."""

    __tablename__ = "session_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    frequency_per_week: Mapped[int] = mapped_column(Integer, default=3)
    blocks: Mapped[list[Any]] = mapped_column(JSON)


class AuditRow(Base):
    """One change to clinical data: when (UTC), which workstation user, which record, and the
    old and new values of what changed. Written by storage/audit.py in the same transaction
    as the change; append-only (SQLite triggers refuse UPDATE and DELETE, see migration 0004).
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_patient", "patient_id", "id"),
        Index("ix_audit_log_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at_utc: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    # No foreign key: the trail must outlive anything it describes.
    patient_id: Mapped[int | None] = mapped_column(Integer)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    old_values: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_values: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
