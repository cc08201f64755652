"""How much detail one frame of the tightness chart can afford: plain numbers, no Qt.

Measured with Qt's raster engine on this class of machine (1,100 px wide, 52,000 segments):
a 1-px cosmetic pen costs ~0.17 µs per line segment, a 2-px pen 1–1.7 µs (dashed is the
slower), and a 2-px antialiased pen 7–14 µs. A pan/zoom frame has 16 ms, so the curves get
the 2-px antialiased look only while few segments are visible, plain 2-px pens up to a
budget, and hairlines beyond it. While the clinician drags, the budgets are tighter; a
moment after the view stops moving it is painted once more at the settled detail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Mode = Literal["moving", "settled", "export"]

# Symbols only while they stay apart: closer than this they merge into a smear.
MIN_PX_PER_SYMBOL = 7.0
# Visible segments (summed over every series of the plot) each look may cost, per mode.
_BUDGETS: dict[Mode, tuple[int, int, int]] = {
    #          antialiased, 2-px pen, symbols
    "moving": (250, 2_500, 1_200),
    "settled": (1_500, 12_000, 1_500),
    "export": (20_000, 60_000, 5_000),
}


@dataclass(frozen=True, slots=True)
class Detail:
    width: float  # pen width in device pixels (cosmetic)
    antialias: bool
    symbols: bool


def choose_detail(visible: Sequence[int], width_px: float, mode: Mode) -> Detail:
    """The look a frame can afford for `visible` points per series across `width_px` pixels.

    Symbols need every series' points at least MIN_PX_PER_SYMBOL apart, so a dense series
    never turns into a smear of markers; the pen width and antialiasing follow the total.
    """
    aa_budget, bold_budget, symbol_budget = _BUDGETS[mode]
    total = sum(max(n - 1, 0) for n in visible)
    densest = max(visible, default=0)
    sparse = densest == 0 or width_px / densest >= MIN_PX_PER_SYMBOL
    symbols = sparse and sum(visible) <= symbol_budget
    if total <= aa_budget:
        return Detail(2.0, True, symbols)
    if total <= bold_budget:
        return Detail(2.0, False, symbols)
    return Detail(1.0, False, symbols)


def visible_slice(x: FloatArray, lo: float, hi: float) -> tuple[int, int]:
    """Indices [i0, i1) of the points in [lo, hi] plus one neighbour on each side, so the
    lines leaving the view are still drawn up to its edges."""
    n = len(x)
    i0 = int(np.searchsorted(x, lo, "left")) - 1
    i1 = int(np.searchsorted(x, hi, "right")) + 1
    return max(i0, 0), min(i1, n)


def peak_decimate(x: FloatArray, y: FloatArray, buckets: int) -> tuple[FloatArray, FloatArray]:
    """At most ~2 × `buckets` points keeping each bucket's lowest and highest value.

    Like pyqtgraph's 'peak' downsampling: a spike stays visible however far the view is
    zoomed out. NaN (not scored) is ignored inside a bucket; an all-NaN bucket stays a gap.
    """
    n = len(x)
    if buckets < 1 or n <= 2 * buckets:
        return x, y
    k = int(np.ceil(n / buckets))
    m = (n // k) * k
    xb = x[:m].reshape(-1, k)
    yb = y[:m].reshape(-1, k)
    # NaN (not scored) must not win a bucket: +/-inf stand in for it, then an all-NaN
    # bucket (still +/-inf) becomes NaN again
    nan = np.isnan(yb)
    low = np.where(nan, np.inf, yb).min(axis=1)
    high = np.where(nan, -np.inf, yb).max(axis=1)
    low[np.isinf(low)] = np.nan
    high[np.isinf(high)] = np.nan
    xs = np.empty(2 * len(xb))
    ys = np.empty(2 * len(xb))
    xs[0::2] = xb[:, 0]
    xs[1::2] = xb[:, -1]
    ys[0::2] = low
    ys[1::2] = high
    if m < n:
        xs = np.concatenate([xs, x[m:]])
        ys = np.concatenate([ys, y[m:]])
    return xs, ys


def state_columns(seg_x0: FloatArray, seg_x1: FloatArray, states: npt.NDArray[np.int8],
                  xs: FloatArray, none: int) -> npt.NDArray[np.int16]:
    """The state code under each x in `xs` (pixel centres): a state holds from its assessment
    to the next one; `none` where no segment covers x (before the first, after the last)."""
    index = np.searchsorted(seg_x0, xs, "right") - 1
    safe = np.clip(index, 0, max(len(seg_x0) - 1, 0))
    codes = np.full(len(xs), none, dtype=np.int16)
    if len(seg_x0):
        covered = (index >= 0) & (xs < seg_x1[safe])
        codes[covered] = states[safe[covered]]
    return codes
