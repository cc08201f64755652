"""The engine's view of an assessment: what several states on one muscle side mean to it.

The engine reads every state a side carries (`Assessment.tags`: a tight *and* underactive
hamstring is released before its activation and is activated as an underactive muscle). On
top of that, a combination changes *how* an underactive muscle is activated: also tender,
tight or overactive — or tender to grade II or more, or so weak it cannot move against
gravity (MRC 2 or less) — and it is activated gently (`Assessment.gentle`). A muscle in
spasm is not activated at all, whatever else it carries (the engine warns when it is loaded),
so it is never in `gentle`. Balanced next to another state cannot be stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from equitone.domain.assessment import ToneTag
from equitone.domain.sequencing.inputs import Assessment
from equitone.domain.types import ToneState

#: States beside underactive that make its activation a gentle one.
GENTLE_WITH = frozenset({ToneState.TENDER, ToneState.TIGHT, ToneState.OVERACTIVE})
GENTLE_TENDERNESS = 2  # grade II: tender with grimace or flinch
GENTLE_STRENGTH = 2  # MRC 2: moves only with gravity eliminated


def activate_gently(tag: ToneTag) -> bool:
    """Whether an underactive side's activation must stay gentle (see the module)."""
    states = set(tag.states)
    if ToneState.UNDERACTIVE not in states or ToneState.SPASM in states:
        return False
    m = tag.measures
    return bool(states & GENTLE_WITH) or (
        m.tenderness is not None and m.tenderness >= GENTLE_TENDERNESS) or (
        m.strength is not None and m.strength <= GENTLE_STRENGTH)


def engine_assessment(tags: Iterable[ToneTag]) -> Assessment:
    """The engine's input for an assessment's tags."""
    tags = list(tags)
    return Assessment(
        tags={t.key: frozenset(t.states) for t in tags},
        tightness={t.key: float(t.tightness) for t in tags if t.tightness is not None},
        gentle=frozenset(t.key for t in tags if activate_gently(t)),
        strength={t.key: t.measures.strength for t in tags if t.measures.strength is not None},
        tenderness={t.key: t.measures.tenderness for t in tags
                    if t.measures.tenderness is not None},
    )
