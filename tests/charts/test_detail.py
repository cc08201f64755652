"""Frame budgets and the numeric helpers of the trend chart layers."""

from __future__ import annotations

import numpy as np
import pytest

from equitone.charts.detail import (
    choose_detail,
    peak_decimate,
    state_columns,
    visible_slice,
)


def test_few_points_get_antialiased_bold_lines_and_symbols() -> None:
    detail = choose_detail([52] * 5, 1100, "settled")
    assert (detail.width, detail.antialias, detail.symbols) == (2.0, True, True)


def test_dense_series_lose_symbols_and_many_segments_get_hairlines() -> None:
    dense = choose_detail([520] * 10, 1100, "settled")  # 2 px apart: symbols would smear
    assert not dense.symbols and dense.width == 2.0 and not dense.antialias
    huge = choose_detail([520] * 100, 1100, "settled")
    assert huge.width == 1.0


def test_moving_frames_are_cheaper_than_settled_ones() -> None:
    visible = [52] * 10
    assert choose_detail(visible, 1100, "settled").antialias
    assert not choose_detail(visible, 1100, "moving").antialias
    assert choose_detail([520] * 100, 1100, "export").width == 2.0


def test_visible_slice_keeps_one_neighbour_each_side() -> None:
    x = np.arange(10, dtype=np.float64)
    assert visible_slice(x, 3.5, 6.5) == (3, 8)
    assert visible_slice(x, -5, 100) == (0, 10)
    assert visible_slice(x, 20, 30) == (9, 10)


def test_peak_decimate_keeps_spikes_and_gaps() -> None:
    x = np.arange(1000, dtype=np.float64)
    y = np.full(1000, 3.0)
    y[517] = 9.0  # one spike
    y[200:300] = np.nan  # a long gap (not scored)
    dx, dy = peak_decimate(x, y, 50)
    assert len(dx) <= 2 * 50 + 20
    assert np.nanmax(dy) == 9.0
    assert np.isnan(dy).any()  # the gap survives as a break in the line
    assert np.all(np.diff(dx) >= 0)
    same_x, _ = peak_decimate(x[:60], y[:60], 50)
    assert len(same_x) == 60  # already sparse enough: untouched


def test_state_columns_follow_segments() -> None:
    seg_x0 = np.array([0.0, 10.0, 20.0])
    seg_x1 = np.array([10.0, 20.0, 27.0])
    states = np.array([1, -1, 4], dtype=np.int8)
    xs = np.array([-1.0, 0.5, 10.0, 19.9, 26.0, 27.5])
    assert state_columns(seg_x0, seg_x1, states, xs, 99).tolist() == [99, 1, -1, -1, 4, 99]
    empty = np.array([], dtype=np.float64)
    assert state_columns(empty, empty, np.array([], dtype=np.int8), xs, 99).tolist() == [99] * 6


@pytest.mark.parametrize("mode", ["moving", "settled", "export"])
def test_nothing_visible_is_sparse(mode: str) -> None:
    assert choose_detail([], 800, mode).symbols  # type: ignore[arg-type]
