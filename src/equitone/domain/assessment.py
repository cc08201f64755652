"""Assessments: one per visit, with a tone tag per muscle side and the PSFS."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from equitone.domain.limits import check_text
from equitone.domain.scales import ASHWORTH, GRADE, ROM_MAX, ROM_MIN, Scale
from equitone.domain.types import Side, ToneState
from equitone.errors import ValidationError

PSFS_MAX_ITEMS = 5
PSFS_MEANINGFUL_AVERAGE = 2.0
PSFS_MEANINGFUL_SINGLE = 3


def _check_range(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise ValidationError(f"{name} must be between {low} and {high} (got {value}).")


@dataclass(frozen=True, slots=True)
class Measures:
    """Optional measures beside the tightness score (DOMAIN.md)."""

    strength: int | None = None  # MRC/Oxford 0–5
    tenderness: int | None = None  # grade 0–IV stored as 0–4
    pain: int | None = None  # NRS 0–10
    rom_degrees: int | None = None
    ashworth: str | None = None  # 0, 1, 1+, 2, 3, 4

    def validated(self) -> Measures:
        _check_range("Strength (MRC)", self.strength, 0, 5)
        _check_range("Tenderness grade", self.tenderness, 0, 4)
        _check_range("Pain", self.pain, 0, 10)
        _check_range("Range of motion", self.rom_degrees, ROM_MIN, ROM_MAX)
        if self.ashworth is not None and self.ashworth not in ASHWORTH.values:
            raise ValidationError(
                f"Modified Ashworth must be one of {', '.join(ASHWORTH.values)}."
            )
        return self

    def as_dict(self) -> dict[str, int | str | None]:
        return {
            "strength": self.strength,
            "tenderness": self.tenderness,
            "pain": self.pain,
            "rom_degrees": self.rom_degrees,
            "ashworth": self.ashworth,
        }


@dataclass(frozen=True, slots=True)
class ToneTag:
    muscle: str
    side: Side
    state: ToneState
    tightness: int | None = None
    grade: int | None = None
    note: str = ""
    measures: Measures = field(default_factory=Measures)

    def validated(self, known_muscles: Iterable[str] | None = None) -> ToneTag:
        if known_muscles is not None and self.muscle not in set(known_muscles):
            raise ValidationError(f"Unknown muscle '{self.muscle}'.")
        _check_range("Tightness", self.tightness, 0, 10)
        _check_range("Grade", self.grade, 1, len(GRADE.levels))
        check_text(self.note, "tone_tags.note")
        self.measures.validated()
        return replace(self, note=self.note.strip())

    @property
    def key(self) -> tuple[str, Side]:
        return (self.muscle, self.side)


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


def validate_psfs(items: Iterable[PsfsItem]) -> tuple[PsfsItem, ...]:
    cleaned = tuple(i.validated() for i in items)
    if len(cleaned) > PSFS_MAX_ITEMS:
        raise ValidationError(f"The PSFS takes at most {PSFS_MAX_ITEMS} activities.")
    return cleaned


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

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def psfs_score(self) -> float | None:
        return psfs_score(self.psfs)

    def tag_map(self) -> dict[tuple[str, Side], ToneTag]:
        return {tag.key: tag for tag in self.tags}

    def states(self) -> dict[tuple[str, Side], ToneState]:
        return {tag.key: tag.state for tag in self.tags}


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
            return f"{tag.state.value}{score}"

        return f"{show(self.before)} → {show(self.after)}"


def compare(
    before: Mapping[tuple[str, Side], ToneTag], after: Mapping[tuple[str, Side], ToneTag]
) -> list[TagChange]:
    """What changed between two assessments' tags (state, tightness or measures)."""
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None or new is None or (
            (old.state, old.tightness, old.grade, old.measures)
            != (new.state, new.tightness, new.grade, new.measures)
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


def scale_fits(scale: Scale, state: ToneState) -> bool:
    return state in scale.fits
