"""Rule 9 helpers that do not need a session: tightness trends after activation."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["rising_tightness"]


def rising_tightness(history: Sequence[float | None], *, min_rise: float = 1.0) -> bool:
    """Did the 0–10 tightness of an activated muscle side rise across assessments?

    `history` is oldest first; None (not scored that visit) is skipped. True when at least two
    scores exist and the latest exceeds the first by `min_rise` or more — the signal DOMAIN.md
    rule 9 says should prompt more relaxation or less load. Scores outside 0–10 are an error.
    """
    scores = [score for score in history if score is not None]
    for score in scores:
        if not 0 <= score <= 10:
            raise ValueError(f"tightness is scored 0-10, got {score}")
    return len(scores) >= 2 and scores[-1] - scores[0] >= min_rise
