"""What the method suggests for a tagged muscle side (shown beside the body map)."""

from __future__ import annotations

from equitone.domain.catalog import Catalog
from equitone.domain.types import ToneState

_ADVICE = {
    ToneState.UNDERACTIVE: "activate, then relax it",
    ToneState.OVERACTIVE: "relax / release it first",
    ToneState.TIGHT: "lengthen and relax it",
    ToneState.SPASM: "relax only; no loading",
    ToneState.TENDER: "note it; gentle work only",
    ToneState.BALANCED: "nothing needed",
}


def advice(state: ToneState) -> str:
    return _ADVICE[state]


def suggestion(catalog: Catalog, muscle: str, state: ToneState) -> str:
    """E.g. 'activate, then relax it; check its compensators TFL, QL and adductors'."""
    text = advice(state)
    if state is ToneState.UNDERACTIVE and muscle in catalog.muscles:
        names = [
            catalog.muscles[c].short_name
            for c in catalog.muscles[muscle].compensators
            if c in catalog.muscles
        ]
        if names:
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            text += f"; check its compensators {listed}"
    return text
