"""The named tests a range of motion is recorded against (resources/catalog/length_tests.json).

A bare "40°" means nothing: the Thomas test measures the thigh against the horizontal (below
it is negative), the 90-90 hamstring test how far the knee stays short of straight, the
craniocervical flexion test a pressure in mmHg. Each test says what is measured, its sign,
its unit and the usual normal limit, so a value can be shown against normal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from equitone.domain.types import ToneState
from equitone.errors import ValidationError
from equitone.resources_access import read_text

LENGTH_TESTS_FILE = ("catalog", "length_tests.json")
NormalIs = Literal["at-least", "at-most"]
_SUFFIX = {"degrees": "°", "mmHg": " mmHg", "mm": " mm"}
# A range of motion stored before the tests were named (no test): kept as it was, in degrees,
# and it applied to the states a length test is for.
UNNAMED_MIN, UNNAMED_MAX = 0, 360
LENGTH_STATES = frozenset({ToneState.TIGHT, ToneState.OVERACTIVE, ToneState.SPASM,
                           ToneState.BALANCED})


@dataclass(frozen=True, slots=True)
class LengthTest:
    id: str
    name: str
    muscles: tuple[str, ...]
    unit: str  # degrees | mmHg | mm
    measured: str
    sign: str
    normal: int
    normal_is: NormalIs
    minimum: int
    maximum: int
    states: frozenset[ToneState] = LENGTH_STATES
    """The tone states the test is recorded for: a length test for a shortened or hypertonic
    muscle, the craniocervical flexion test for underactive deep neck flexors, and any test
    again when the muscle is balanced (a re-test that finds it normal is an outcome)."""

    def value_text(self, value: int) -> str:
        """"−10°", "24 mmHg" (a real minus sign)."""
        return f"{value}{_SUFFIX[self.unit]}".replace("-", "−")

    @property
    def normal_text(self) -> str:
        """"≥ 80°", "≤ 0°"."""
        return f"{'≥' if self.normal_is == 'at-least' else '≤'} {self.value_text(self.normal)}"

    def shortfall(self, value: int) -> int:
        """How far `value` is outside normal, in the test's unit (0 = within normal)."""
        if self.normal_is == "at-least":
            return max(0, self.normal - value)
        return max(0, value - self.normal)

    def against_normal(self, value: int) -> str:
        """"60° (normal ≥ 80°: 20° short)", "26 mmHg (normal ≥ 26 mmHg: within)"."""
        short = self.shortfall(value)
        verdict = "within" if short == 0 else f"{self.value_text(short)} short"
        return f"{self.value_text(value)} (normal {self.normal_text}: {verdict})"

    def check(self, value: int) -> int:
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(
                f"{self.name}: {self.value_text(value)} is outside "
                f"{self.value_text(self.minimum)} to {self.value_text(self.maximum)}."
            )
        return value

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "muscles": list(self.muscles), "unit": self.unit,
            "measured": self.measured, "sign": self.sign, "normal": self.normal,
            "normal_is": self.normal_is, "minimum": self.minimum, "maximum": self.maximum,
            "states": [s.value for s in ToneState if s in self.states],
        }


def parse_length_tests(
    document: Mapping[str, Any], known_muscles: Iterable[str] | None = None
) -> dict[str, LengthTest]:
    """The tests of `document`, by id; raises ValidationError on a malformed entry."""
    known = set(known_muscles) if known_muscles is not None else None
    tests: dict[str, LengthTest] = {}
    for n, entry in enumerate(document.get("tests", [])):
        try:
            test = LengthTest(
                id=str(entry["id"]), name=str(entry["name"]),
                muscles=tuple(str(m) for m in entry["muscles"]), unit=str(entry["unit"]),
                measured=str(entry["measured"]), sign=str(entry["sign"]),
                normal=int(entry["normal"]), normal_is=entry["normal_is"],
                minimum=int(entry["minimum"]), maximum=int(entry["maximum"]),
                states=frozenset(ToneState(s) for s in entry["states"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"Length test {n + 1} is malformed ({exc}).") from None
        problems = []
        if test.id in tests:
            problems.append("its id appears twice")
        if test.unit not in _SUFFIX:
            problems.append(f"unknown unit {test.unit!r}")
        if test.normal_is not in ("at-least", "at-most"):
            problems.append(f"normal_is must be at-least or at-most, not {test.normal_is!r}")
        if not test.minimum <= test.normal <= test.maximum:
            problems.append("its normal value is outside its range")
        if not test.muscles:
            problems.append("it names no muscle")
        if not test.states:
            problems.append("it names no state")
        unknown = [m for m in test.muscles if known is not None and m not in known]
        if unknown:
            problems.append(f"unknown muscle(s) {', '.join(unknown)}")
        if problems:
            raise ValidationError(f"Length test '{test.id}': {'; '.join(problems)}.")
        tests[test.id] = test
    return tests


@cache
def length_tests() -> dict[str, LengthTest]:
    """The shipped tests, by id, in the file's order (read once per process)."""
    return parse_length_tests(json.loads(read_text(*LENGTH_TESTS_FILE)))


def length_tests_for(muscle: str) -> list[LengthTest]:
    """The shipped tests that measure `muscle`'s length, in the file's order."""
    return [t for t in length_tests().values() if muscle in t.muscles]


def length_test(test_id: str) -> LengthTest:
    found = length_tests().get(test_id)
    if found is None:
        shown = repr(test_id[:60])  # one line whatever it holds (an archive, a typo)
        raise ValidationError(
            f"Unknown length test {shown} (see `equitone catalog length-tests`)."
        )
    return found
