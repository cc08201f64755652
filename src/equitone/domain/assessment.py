"""Assessments: one per visit, with a tone tag per muscle side and the PSFS.

A muscle side's tag carries one or more states (underactive *and* tender, tight *and* weak),
each with its own grade, and one set of measures for the side (a muscle has one strength and
one tenderness at a time, whatever states it shows). Its `state` is the primary one
(types.STATE_PRIORITY); `others` holds the rest. Measures are never dropped when the states
change: one that no longer applies (`not_applying`) is kept and shown as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from equitone.domain.length_tests import (
    LENGTH_STATES,
    UNNAMED_MAX,
    UNNAMED_MIN,
    length_test,
    length_tests,
)
from equitone.domain.limits import check_text
from equitone.domain.scales import ASHWORTH, GRADE
from equitone.domain.types import Side, ToneState, by_priority
from equitone.errors import ValidationError

PSFS_MIN_ITEMS = 3
PSFS_MAX_ITEMS = 5
#: The PSFS's minimal meaningful change (docs/method.md): 2 points on the mean of the
#: activities, 3 on a single activity. Every screen and printout that judges a change asks
#: `psfs_change_is_meaningful`.
PSFS_MEANINGFUL_AVERAGE = 2.0
PSFS_MEANINGFUL_SINGLE = 3
MEASURE_NAMES = ("strength", "tenderness", "pain", "rom", "ashworth")
MEASURE_LABELS = {"strength": "Strength (MRC)", "tenderness": "Tenderness grade",
                  "pain": "Pain", "rom": "Range of motion", "ashworth": "Modified Ashworth"}


def psfs_change_is_meaningful(change: float, *, single_activity: bool = False) -> bool:
    """True when a PSFS change (either way) is clinically meaningful."""
    limit = PSFS_MEANINGFUL_SINGLE if single_activity else PSFS_MEANINGFUL_AVERAGE
    return abs(change) >= limit


def _check_range(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise ValidationError(f"{name} must be between {low} and {high} (got {value}).")


@dataclass(frozen=True, slots=True)
class Measures:
    """Optional measures beside the tightness score (docs/method.md), one set per muscle side.

    `rom_degrees` is the range of motion in the unit of `rom_test` (degrees for all but the
    craniocervical flexion test, in mmHg, and pectoralis minor length, in mm); a value stored
    before the tests were named has no test and is kept as it was."""

    strength: int | None = None  # MRC/Oxford 0–5
    tenderness: int | None = None  # grade 0–IV stored as 0–4
    pain: int | None = None  # NRS 0–10
    rom_degrees: int | None = None
    ashworth: str | None = None  # 0, 1, 1+, 2, 3, 4
    rom_test: str | None = None  # a length test id (length_tests.json)

    def validated(self) -> Measures:
        _check_range("Strength (MRC)", self.strength, 0, 5)
        _check_range("Tenderness grade", self.tenderness, 0, 4)
        _check_range("Pain", self.pain, 0, 10)
        if self.rom_test is not None:
            test = length_test(self.rom_test)
            if self.rom_degrees is not None:
                test.check(self.rom_degrees)
        else:
            _check_range("Range of motion", self.rom_degrees, UNNAMED_MIN, UNNAMED_MAX)
        if self.ashworth is not None and self.ashworth not in ASHWORTH.values:
            raise ValidationError(
                f"Modified Ashworth must be one of {', '.join(ASHWORTH.values)}."
            )
        return self

    def value(self, name: str) -> object:
        """One measure by its MEASURE_NAMES name (`rom`: the test and the value together)."""
        if name == "rom":
            return None if self.rom_degrees is None else (self.rom_test, self.rom_degrees)
        return getattr(self, name)

    def without(self, names: Iterable[str]) -> Measures:
        """These measures left out (MEASURE_NAMES)."""
        cleared: dict[str, None] = {}
        for name in names:
            if name == "rom":
                cleared.update(rom_degrees=None, rom_test=None)
            else:
                cleared[name] = None
        return replace(self, **cleared)

    def as_dict(self) -> dict[str, int | str | None]:
        return {
            "strength": self.strength,
            "tenderness": self.tenderness,
            "pain": self.pain,
            "rom_degrees": self.rom_degrees,
            "ashworth": self.ashworth,
            "rom_test": self.rom_test,
        }


def measure_applies(
    name: str, states: Iterable[ToneState], *, neurological: bool, rom_test: str | None = None
) -> bool:
    """Whether a measure (MEASURE_NAMES) is offered for a muscle side carrying `states`.

    Strength, tenderness and pain: any state. Range of motion: the states its length test is
    recorded for (`rom_test`; a shortened or hypertonic muscle, or a balanced one re-tested,
    for a value stored before tests were named). Modified Ashworth: only on an assessment
    marked neurological, for the hypertonic states."""
    present = set(states)
    if name == "rom":
        test = length_tests().get(rom_test) if rom_test is not None else None
        return bool(present & (test.states if test is not None else LENGTH_STATES))
    if name == "ashworth":
        return neurological and bool(present & ASHWORTH.fits)
    if name in MEASURE_NAMES:
        return True
    raise KeyError(name)


@dataclass(frozen=True, slots=True)
class StateGrade:
    """One state of a muscle side and how strong it is (GRADE 1–3, None = not graded)."""

    state: ToneState
    grade: int | None = None


@dataclass(frozen=True, slots=True)
class ToneTag:
    """One muscle side at one assessment.

    `state`/`grade` are the primary state and its grade, `others` the remaining states in
    priority order: whatever order they are given in, a tag is stored and compared in that
    canonical form (a state given twice keeps the grade it was given)."""

    muscle: str
    side: Side
    state: ToneState
    tightness: int | None = None
    grade: int | None = None
    note: str = ""
    measures: Measures = field(default_factory=Measures)
    others: tuple[StateGrade, ...] = ()

    def __post_init__(self) -> None:
        if not self.others:
            return
        grades: dict[ToneState, int | None] = {self.state: self.grade}
        for other in self.others:
            if grades.get(other.state) is None:
                grades[other.state] = other.grade
        ordered = by_priority(grades)
        object.__setattr__(self, "state", ordered[0])
        object.__setattr__(self, "grade", grades[ordered[0]])
        object.__setattr__(self, "others", tuple(StateGrade(s, grades[s]) for s in ordered[1:]))

    @classmethod
    def of(
        cls, muscle: str, side: Side, findings: Iterable[StateGrade | ToneState], *,
        tightness: int | None = None, note: str = "", measures: Measures | None = None,
    ) -> ToneTag:
        """A tag carrying `findings` (at least one state), in any order."""
        given = [f if isinstance(f, StateGrade) else StateGrade(f) for f in findings]
        if not given:
            raise ValidationError(f"{muscle} {side.value}: a tag carries at least one state.")
        first, rest = given[0], tuple(given[1:])
        return cls(muscle, side, first.state, tightness, first.grade, note,
                   measures or Measures(), rest)

    @property
    def states(self) -> tuple[ToneState, ...]:
        """Every state, primary first."""
        return (self.state, *(o.state for o in self.others))

    @property
    def findings(self) -> tuple[StateGrade, ...]:
        return (StateGrade(self.state, self.grade), *self.others)

    def has(self, *states: ToneState) -> bool:
        return any(s in states for s in self.states)

    def grade_of(self, state: ToneState) -> int | None:
        return next((f.grade for f in self.findings if f.state is state), None)

    def with_findings(self, findings: Iterable[StateGrade]) -> ToneTag:
        """The same tag (score, note, measures) with other states; never drops a measure."""
        return ToneTag.of(self.muscle, self.side, findings, tightness=self.tightness,
                          note=self.note, measures=self.measures)

    def with_grade(self, state: ToneState, grade: int | None) -> ToneTag:
        return self.with_findings(
            StateGrade(f.state, grade if f.state is state else f.grade) for f in self.findings
        )

    def toggled(self, state: ToneState) -> ToneTag | None:
        """`state` added (or taken away when present); None when no state would be left.

        Balanced (normal tone and length) excludes the other states: adding it replaces them,
        adding another state to a balanced side replaces balanced."""
        if state in self.states:
            kept = [f for f in self.findings if f.state is not state]
            return self.with_findings(kept) if kept else None
        if state is ToneState.BALANCED:
            return self.with_findings([StateGrade(state)])
        kept = [f for f in self.findings if f.state is not ToneState.BALANCED]
        return self.with_findings([*kept, StateGrade(state)])

    def not_applying(self, *, neurological: bool) -> tuple[str, ...]:
        """Measures recorded on this tag that its states (or the assessment) no longer call
        for: kept, and shown as kept, never dropped silently."""
        return tuple(
            name for name in MEASURE_NAMES
            if self.measures.value(name) is not None
            and not measure_applies(name, self.states, neurological=neurological,
                                    rom_test=self.measures.rom_test)
        )

    def validated(self, known_muscles: Iterable[str] | None = None) -> ToneTag:
        if known_muscles is not None and self.muscle not in set(known_muscles):
            raise ValidationError(f"Unknown muscle '{self.muscle}'.")
        if ToneState.BALANCED in self.states and len(self.states) > 1:
            raise ValidationError(
                f"{self.muscle} {self.side.value}: balanced (normal tone and length) cannot "
                "be combined with another state."
            )
        for finding in self.findings:
            _check_range("Grade", finding.grade, 1, len(GRADE.levels))
        _check_range("Tightness", self.tightness, 0, 10)
        check_text(self.note, "tone_tags.note")
        self.measures.validated()
        test = self.measures.rom_test
        if test is not None and self.muscle not in length_test(test).muscles:
            raise ValidationError(
                f"The {length_test(test).name} does not measure {self.muscle}."
            )
        note = self.note.strip()
        return self if note == self.note else replace(self, note=note)

    @property
    def key(self) -> tuple[str, Side]:
        return (self.muscle, self.side)


def states_text(states: Iterable[ToneState]) -> str:
    """"tight + underactive" (primary first)."""
    return " + ".join(s.value for s in by_priority(states))


@dataclass(frozen=True, slots=True)
class PsfsItem:
    activity: str
    score: int | None = None

    def validated(self) -> PsfsItem:
        if not self.activity.strip():
            raise ValidationError("A PSFS activity needs a name.")
        check_text(self.activity.strip(), "psfs_items.activity")
        _check_range(f"PSFS score for '{self.activity}'", self.score, 0, 10)
        return PsfsItem(self.activity.strip(), self.score)


def psfs_score(items: Iterable[PsfsItem]) -> float | None:
    scores = [i.score for i in items if i.score is not None]
    return sum(scores) / len(scores) if scores else None


def validate_psfs(items: Iterable[PsfsItem], *, complete: bool = True) -> tuple[PsfsItem, ...]:
    """The items cleaned. The PSFS asks for three to five activities (or none: not done);
    `complete=False` accepts fewer than three, for records written before that rule (an
    archive, a copy of an older visit): they are kept as they are, never cut."""
    cleaned = tuple(i.validated() for i in items)
    if len(cleaned) > PSFS_MAX_ITEMS:
        raise ValidationError(f"The PSFS takes at most {PSFS_MAX_ITEMS} activities.")
    if complete and 0 < len(cleaned) < PSFS_MIN_ITEMS:
        missing = PSFS_MIN_ITEMS - len(cleaned)
        raise ValidationError(
            f"The PSFS asks for {PSFS_MIN_ITEMS} to {PSFS_MAX_ITEMS} activities the patient "
            f"names; {len(cleaned)} given: add {missing} more (or none to leave the PSFS out)."
        )
    return cleaned


def psfs_incomplete(items: tuple[PsfsItem, ...]) -> bool:
    """Fewer activities than the PSFS asks for (but some): an older record, shown as it is."""
    return 0 < len(items) < PSFS_MIN_ITEMS


@dataclass(frozen=True, slots=True)
class Assessment:
    id: int
    patient_id: int
    day: date
    clinician: str
    findings: str
    tags: tuple[ToneTag, ...] = ()
    psfs: tuple[PsfsItem, ...] = ()
    signed_at: datetime | None = None  # UTC
    signed_by: str = ""
    version: int = 1
    supersedes_id: int | None = None  # the signed version this one amends
    row_version: int = 1  # the stored row's version when read (services/concurrency.py)
    neurological: bool = False
    """The clinician marked the presentation neurological (stroke, MS, cerebral palsy, spinal
    cord injury): only then is the Modified Ashworth Scale offered."""

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def psfs_score(self) -> float | None:
        return psfs_score(self.psfs)

    def tag_map(self) -> dict[tuple[str, Side], ToneTag]:
        return {tag.key: tag for tag in self.tags}

    def states(self) -> dict[tuple[str, Side], ToneState]:
        """The primary state of every tagged muscle side."""
        return {tag.key: tag.state for tag in self.tags}

    def state_sets(self) -> dict[tuple[str, Side], tuple[ToneState, ...]]:
        """Every state of every tagged muscle side, primary first."""
        return {tag.key: tag.states for tag in self.tags}


@dataclass(frozen=True, slots=True)
class TagChange:
    muscle: str
    side: Side
    before: ToneTag | None
    after: ToneTag | None

    @property
    def summary(self) -> str:
        def show(tag: ToneTag | None) -> str:
            if tag is None:
                return "untagged"
            score = f" {tag.tightness}/10" if tag.tightness is not None else ""
            return f"{states_text(tag.states)}{score}"

        return f"{show(self.before)} → {show(self.after)}"


def compare(
    before: Mapping[tuple[str, Side], ToneTag], after: Mapping[tuple[str, Side], ToneTag]
) -> list[TagChange]:
    """What changed between two assessments' tags (state, tightness or measures)."""
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None or new is None or (
            (old.findings, old.tightness, old.measures) != (new.findings, new.tightness,
                                                           new.measures)
        ):
            changes.append(TagChange(key[0], key[1], old, new))
    return changes


def expand_sides(side: str) -> tuple[Side, ...]:
    """`left`, `right` or `both` (CLI and templates) to body sides."""
    if side == "both":
        return (Side.LEFT, Side.RIGHT)
    try:
        return (Side(side),)
    except ValueError:
        raise ValidationError(f"Unknown side '{side}' (use left, right or both).") from None
