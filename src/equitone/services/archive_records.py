"""What an archive import will write, once checked: plain records between the planning
(services/archive_plan.py) and the rules a schema cannot express (services/archive_rules.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from equitone.domain.patients import PatientDraft


@dataclass(frozen=True, slots=True)
class PlannedAssessment:
    ref: int
    supersedes: int | None
    day: date
    clinician: str
    findings: str
    signed_at: datetime | None
    signed_by: str
    version: int
    tags: list[dict[str, Any]]
    psfs: list[dict[str, Any]]
    neurological: bool = False
    notes: dict[str, str] | None = None  # None: none written (or a format before 3)


@dataclass(frozen=True, slots=True)
class PlannedSession:
    ref: int
    supersedes: int | None
    values: dict[str, Any]
    blocks: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    responses: list[dict[str, Any]] = field(default_factory=list)
    next_day: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ImportPlan:
    uuid: str
    patient: PatientDraft
    archived: bool
    preferred_modality: str | None
    relax_after_every_activation: bool = False
    relax_after_muscles: list[str] = field(default_factory=list)
    assessments: list[PlannedAssessment] = field(default_factory=list)
    sessions: list[PlannedSession] = field(default_factory=list)
    new_exercises: list[dict[str, Any]] = field(default_factory=list)
    matched_exercises: tuple[str, ...] = ()
