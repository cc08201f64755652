"""What the method suggests for a tagged muscle side (shown beside the body map).

A side carrying several states gets one piece of advice for the combination, led by its
primary state (types.STATE_PRIORITY): a muscle in spasm is relaxed and never loaded whatever
else it is; a tender one is worked gently; a tight *and* underactive one (the state the method
warns about) is lengthened before it is activated, gently.
"""

from __future__ import annotations

from collections.abc import Iterable

from equitone.domain.catalog import Catalog
from equitone.domain.types import ToneState, by_priority

U, OV, T, S, TEN, B = (ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.TIGHT,
                       ToneState.SPASM, ToneState.TENDER, ToneState.BALANCED)

_ADVICE = {
    U: "activate, then relax it",
    OV: "relax / release it first",
    T: "lengthen and relax it",
    S: "relax only; no loading",
    TEN: "note it; gentle work only",
    B: "nothing needed",
}
# Combinations that call for more than the primary state's advice (checked in this order).
_COMBINED: tuple[tuple[frozenset[ToneState], str], ...] = (
    (frozenset({S}), "relax only, gently; no loading"),
    (frozenset({T, U}), "lengthen and relax it first, then activate it gently: tight and weak"),
    (frozenset({OV, U}), "release it first, then activate it gently"),
    (frozenset({U, TEN}), "activate gently (pain-free range), then relax it"),
    (frozenset({OV, TEN}), "release it gently (light pressure or none)"),
    (frozenset({T, TEN}), "lengthen it gently (light pressure or none)"),
    (frozenset({OV, T}), "release and lengthen it"),
)


def advice(state: ToneState) -> str:
    return _ADVICE[state]


def advice_for(states: Iterable[ToneState]) -> str:
    """The advice for a side carrying `states` (one or more)."""
    ordered = by_priority(states)
    if len(ordered) == 1:
        return _ADVICE[ordered[0]]
    present = set(ordered)
    for needed, text in _COMBINED:
        if needed <= present:
            return text
    return _ADVICE[ordered[0]]


def suggestion(catalog: Catalog, muscle: str, state: ToneState | Iterable[ToneState]) -> str:
    """E.g. 'activate, then relax it; check its compensators TFL, QL and adductors'."""
    states = (state,) if isinstance(state, ToneState) else tuple(state)
    text = advice_for(states)
    if U in states and S not in states and muscle in catalog.muscles:
        names = [
            catalog.muscles[c].short_name
            for c in catalog.muscles[muscle].compensators
            if c in catalog.muscles
        ]
        if names:
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            text += f"; check its compensators {listed}"
    return text
