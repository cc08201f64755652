"""View models for printed documents: plain frozen data, no Qt, no reportlab, no database.

The services layer fills these from the database; the renderers only lay them out. Text is
stored as the clinician typed it (unescaped) — the renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from equitone.figures.scene import Scene

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
    thumbnail: bytes | None = None
    rule_title: str = ""
    """What the clinician copy says added the block: "Relaxation after sustained work (rule 3)"."""
    warnings: tuple[str, ...] = ()
    """The engine's warnings about this block (clinician copy only)."""
    pictures: tuple[Scene, ...] = ()
    """The exercise drawn: start and end frames, or one frame (a ball on a muscle)."""
    setup: str = ""
    """What works and how to set up, said so the side cannot be mistaken: "Left hip works:
    lie on your right side." Printed first, in bold."""
    within_rep: str = ""
    """How the muscle is relaxed inside every rep (rule 1), printed as its own instruction."""
    photo: bytes | None = None
    """A clinician's own exercise may carry a photo (PNG/JPEG) instead of a drawn figure."""

    @property
    def relaxing(self) -> bool:
        return self.kind in RELAXING_KINDS


@dataclass(frozen=True, slots=True)
class RecordLine:
    """One line of the clinician copy's record of warnings and decisions.

    `kind` is what it is ("Safety warning", "Warning", "Swap", "Dismissed", "Proposal");
    `where` the card number or "Session"; `text` the sentence, with the clinician's reason.
    """

    kind: str
    where: str
    text: str
    safety: bool = False


Legend = tuple[tuple[str, str], ...]
"""(label, "#rrggbb") pairs: the tone-state colours a body map uses, for its key."""


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    date: date
    clinician: str
    findings: str
    map_image: bytes | None
    tagged: tuple[tuple[str, tuple[str, ...]], ...]
    """State label → muscle-side labels, e.g. ("Underactive", ("Gluteus medius L", …))."""
    legend: Legend = ()
    advice: tuple[tuple[str, str], ...] = ()
    """State label → what the program does about it (printed once per state)."""
    neurological: bool = False  # the clinician marked the presentation neurological


@dataclass(frozen=True, slots=True)
class VisitRecordSummary:
    """The visit as a record on the clinician copy: the PSFS, the SOAP notes, the patient's
    response per block and the next-day reports on the session's activated muscles."""

    psfs: tuple[tuple[str, int | None], ...] = ()
    psfs_score: float | None = None
    notes: tuple[tuple[str, str], ...] = ()
    """(section label, text) of the sections written."""
    responses: tuple[tuple[int, str, str], ...] = ()
    """(block number, exercise name, "modified · pain 3 · RPE 6 · note")."""
    next_day: tuple[tuple[str, str], ...] = ()
    """(muscle and side, "tight · sore 6 · barely firing, reported 3 Dec 2026")."""


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
    """Rule id → plain explanation; block numbers (and the rule's title) are looked up from
    ``PlanBlock.rule`` / ``PlanBlock.rule_title``."""
    author: str = ""
    record: tuple[RecordLine, ...] = ()
    """Every warning, swap, dismissal and proposal answer, with reasons (clinician copy)."""
    estimated_minutes: int | None = None
    visit: VisitRecordSummary | None = None
    """The clinician copy's record of the visit (None on the patient's copy)."""


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One side's tightness scores (0–10), oldest first."""

    label: str
    colour: str
    points: tuple[tuple[date, float], ...]
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class StateSpan:
    """A tone state held from one assessment to the next (the band under a trend chart);
    `second` the colour of the side's next state when it carried several (the lower half)."""

    start: date
    end: date
    colour: str
    second: str | None = None


@dataclass(frozen=True, slots=True)
class TrendChart:
    """One muscle's tightness over time, drawn as vector graphics in the document's font."""

    title: str
    start: date
    end: date
    series: tuple[ChartSeries, ...]
    bands: tuple[tuple[str, tuple[StateSpan, ...]], ...] = ()
    """Row label ("L", "R") → the states over time."""
    sessions: tuple[date, ...] = ()
    """Delivered sessions, ticked on the time axis."""
    flags: tuple[tuple[date, float], ...] = ()
    """Rising tightness after activation (rule 9): where to put a warning mark."""


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
    map_then: bytes | None
    map_now: bytes | None
    then_label: str
    now_label: str
    charts: tuple[TrendChart, ...]
    changes: tuple[ChangeRow, ...]
    sessions: tuple[tuple[date, str], ...]
    paper: Paper = "a4"
    print_date: date | None = None
    author: str = ""
    psfs_text: str = ""
    legend: Legend = ()
    flags_text: tuple[str, ...] = ()
    """Plain explanations of rising tightness after activation (docs/method.md, section 5)."""
    no_changes_text: str = "No tagged muscles in this period."
    """What "What changed" says when ``changes`` is empty."""
    charts_note: str = ""
    """Dates the charts leave out (outside the dates Equitone accepts), said under them."""
