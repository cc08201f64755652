"""A tag's states and measures in words, the same on screen, on paper and in the CLI:
"Tight (marked) + underactive", "MRC 3/5; Straight-leg raise 60° (normal ≥ 80°: 20° short)".

A measure that no longer applies to the side's states is shown with why it is kept, never
hidden (`ToneTag.not_applying`).
"""

from __future__ import annotations

from equitone.domain.assessment import ToneTag, states_text
from equitone.domain.length_tests import length_tests
from equitone.domain.scales import ASHWORTH, GRADE, TENDERNESS


def grade_label(grade: int | None) -> str:
    return GRADE.level(str(grade)).label.lower() if grade else ""


def findings_text(tag: ToneTag) -> str:
    """"Tight (marked) + underactive (mild)": every state with its grade, primary first."""
    parts = []
    for finding in tag.findings:
        grade = grade_label(finding.grade)
        parts.append(finding.state.value + (f" ({grade})" if grade else ""))
    text = " + ".join(parts)
    return text[:1].upper() + text[1:]


def rom_text(tag: ToneTag) -> str:
    """"Straight-leg raise 60° (normal ≥ 80°: 20° short)"; '' when not measured."""
    m = tag.measures
    if m.rom_degrees is None:
        return ""
    test = length_tests().get(m.rom_test) if m.rom_test else None
    if test is None:
        return f"ROM {m.rom_degrees}° (no named test)".replace("-", "−")
    return f"{test.name} {test.against_normal(m.rom_degrees)}"


def _kept(name: str, tag: ToneTag, neurological: bool) -> str:
    if name == "ashworth" and not neurological:
        return " (kept: the assessment is not marked neurological)"
    return f" (kept: does not apply to {states_text(tag.states)})"


def measure_parts(tag: ToneTag, *, neurological: bool) -> list[str]:
    m = tag.measures
    found: list[tuple[str, str]] = []
    if m.strength is not None:
        found.append(("strength", f"MRC {m.strength}/5"))
    if m.tenderness is not None:
        found.append(("tenderness", f"Tenderness {TENDERNESS.level(str(m.tenderness)).label}"))
    if m.pain is not None:
        found.append(("pain", f"Pain {m.pain}/10"))
    if m.rom_degrees is not None:
        found.append(("rom", rom_text(tag)))
    if m.ashworth is not None:
        found.append(("ashworth", f"Ashworth {ASHWORTH.level(m.ashworth).label}"))
    stale = set(tag.not_applying(neurological=neurological))
    return [text + (_kept(name, tag, neurological) if name in stale else "")
            for name, text in found]


def measures_text(tag: ToneTag, *, neurological: bool) -> str:
    """The side's measures on one line, '' when none was recorded."""
    return "; ".join(measure_parts(tag, neurological=neurological))
