"""The clinical scales a tag may carry (docs/method.md), with each level's meaning, so the UI
shows "4 — against gravity and some resistance" rather than a bare number."""

from __future__ import annotations

from dataclasses import dataclass

from equitone.domain.types import ToneState


@dataclass(frozen=True, slots=True)
class Level:
    value: str
    label: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Scale:
    key: str
    name: str
    levels: tuple[Level, ...]
    fits: frozenset[ToneState]
    note: str = ""

    def level(self, value: str) -> Level:
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(value)

    def describe(self, value: str) -> str:
        level = self.level(value)
        return f"{level.label} — {level.meaning}"

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(level.value for level in self.levels)


_ALL = frozenset(ToneState)

GRADE = Scale(
    "grade", "Grade",
    (Level("1", "Mild", "slight; noticeable on testing"),
     Level("2", "Moderate", "clear; affects movement"),
     Level("3", "Marked", "strong; limits function")),
    _ALL - {ToneState.BALANCED},
)

TIGHTNESS = Scale(
    "tightness", "Tightness 0–10",
    tuple(
        Level(str(n), str(n), meaning)
        for n, meaning in enumerate(
            ["none", "barely", "slight", "mild", "mild–moderate", "moderate",
             "moderate–marked", "marked", "severe", "very severe", "worst imaginable"]
        )
    ),
    _ALL,
    "The figure trend charts are drawn from.",
)

STRENGTH = Scale(
    "strength", "Strength (MRC/Oxford)",
    (Level("0", "0", "no contraction"),
     Level("1", "1", "flicker or trace of contraction"),
     Level("2", "2", "active movement with gravity eliminated"),
     Level("3", "3", "active movement against gravity"),
     Level("4", "4", "against gravity and some resistance"),
     Level("5", "5", "normal power")),
    _ALL,
    "Any muscle tested, including one that is tight and weak.",
)

TENDERNESS = Scale(
    "tenderness", "Tenderness grade",
    (Level("0", "0", "no tenderness"),
     Level("1", "I", "tender, no grimace or flinch"),
     Level("2", "II", "tender with grimace and/or flinch"),
     Level("3", "III", "withdrawal (jump sign)"),
     Level("4", "IV", "withdrawal to a non-noxious stimulus")),
    _ALL,
    "Any tagged state: an underactive muscle can be tender too.",
)

PAIN = Scale(
    "pain", "Pain (NRS 0–10)",
    tuple(
        Level(str(n), str(n), "none" if n == 0 else "mild" if n <= 3 else
              "moderate" if n <= 6 else "severe")
        for n in range(11)
    ),
    _ALL,
    "A change of 2 or more is clinically meaningful.",
)

ASHWORTH = Scale(
    "ashworth", "Modified Ashworth",
    (Level("0", "0", "no increase in tone"),
     Level("1", "1", "slight increase: catch and release at the end of range"),
     Level("1+", "1+", "slight increase: catch, then minimal resistance through < half the range"),
     Level("2", "2", "more marked increase through most of the range; part moves easily"),
     Level("3", "3", "considerable increase; passive movement difficult"),
     Level("4", "4", "part rigid in flexion or extension")),
    frozenset({ToneState.OVERACTIVE, ToneState.SPASM, ToneState.TIGHT}),
    "Only for neurological hypertonia, not ordinary tightness: offered when the assessment "
    "is marked neurological.",
)

ROM_MIN, ROM_MAX = 0, 360  # a range of motion stored before the tests were named
ROM_FITS = frozenset({ToneState.TIGHT, ToneState.OVERACTIVE, ToneState.SPASM})
"""The shortened or hypertonic states (what a length test looks for); each named test says
which states it is recorded for (domain.length_tests)."""

MEASURE_SCALES: tuple[Scale, ...] = (STRENGTH, TENDERNESS, PAIN, ASHWORTH)
