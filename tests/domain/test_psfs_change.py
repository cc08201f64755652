"""One threshold for a meaningful PSFS change, whichever screen or printout judges it."""

from __future__ import annotations

from datetime import date

import pytest

from equitone.domain.assessment import psfs_change_is_meaningful
from equitone.domain.trends import PsfsPoint, psfs_band


@pytest.mark.parametrize(("change", "mean", "single"), [
    (0.0, False, False), (1.9, False, False), (2.0, True, False), (-2.5, True, False),
    (3.0, True, True), (-3.0, True, True), (2.9, True, False),
])
def test_the_mean_needs_two_points_and_one_activity_three(
    change: float, mean: bool, single: bool
) -> None:
    assert psfs_change_is_meaningful(change) is mean
    assert psfs_change_is_meaningful(change, single_activity=True) is single


def test_the_trends_band_is_the_same_threshold() -> None:
    first = PsfsPoint(date(2026, 1, 5), 1, 4.0)
    later = PsfsPoint(date(2026, 2, 5), 2, 6.5)
    assert psfs_band([later, first]) == (4.0, 2.0, 6.0)
    # outside the band on the chart is exactly what the other screens call meaningful
    assert psfs_change_is_meaningful(later.score - first.score)
