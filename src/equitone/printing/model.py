"""View models for printed documents: plain frozen data, no Qt, no reportlab, no database.

The services layer fills these from the database; the renderers only lay them out. Text is
stored as the clinician typed it (unescaped) — the renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Paper = Literal["a4", "letter"]
Copy = Literal["patient", "clinician"]

RELAXING_KINDS = frozenset({"relaxation", "stretch", "warm-down"})
"""Exercise kinds (ExerciseKind values) printed as tinted "Relax" cards."""


@dataclass(frozen=True, slots=True)
class ClinicHeader:
    name: str
    address: str = ""
    contact: str = ""
    logo_path: str = ""


@dataclass(frozen=True, slots=True)
class PlanBlock:
    position: int
    exercise_name: str
    kind: str
    instruction: str
    cues: tuple[str, ...]
    dose_text: str
    side_text: str
    muscle_names: tuple[str, ...]
    auto: bool = False
    rule: str | None = None
    reason: str = ""
    thumbnail_png: bytes | None = None

    @property
    def relaxing(self) -> bool:
        return self.kind in RELAXING_KINDS


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    date: date
    clinician: str
    findings: str
    map_png: bytes | None
    tagged: tuple[tuple[str, tuple[str, ...]], ...]
    """State label → muscle-side labels, e.g. ("Underactive", ("Gluteus medius L", …))."""


@dataclass(frozen=True, slots=True)
class PlanDocument:
    clinic: ClinicHeader
    patient_name: str
    session_date: date
    frequency_text: str
    status: str
    blocks: tuple[PlanBlock, ...]
    clinician_notes: str = ""
    copy: Copy = "patient"
    paper: Paper = "a4"
    print_date: date | None = None
    assessment: AssessmentSummary | None = None
    rules_applied: tuple[tuple[str, str], ...] = ()
    """Rule id → plain explanation; block numbers are looked up from ``PlanBlock.rule``."""
    author: str = ""


@dataclass(frozen=True, slots=True)
class ChangeRow:
    muscle: str
    side: str
    then_state: str
    then_tightness: float | None
    now_state: str
    now_tightness: float | None
    change_text: str


@dataclass(frozen=True, slots=True)
class ReportDocument:
    clinic: ClinicHeader
    patient_name: str
    date_from: date
    date_to: date
    map_then_png: bytes | None
    map_now_png: bytes | None
    then_label: str
    now_label: str
    charts: tuple[tuple[str, bytes], ...]
    changes: tuple[ChangeRow, ...]
    sessions: tuple[tuple[date, str], ...]
    paper: Paper = "a4"
    print_date: date | None = None
    author: str = ""
    psfs_text: str = ""
