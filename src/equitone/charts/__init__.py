"""Trend charts (pyqtgraph). Import this package lazily: pyqtgraph costs ~330 ms to import.

`TrendChart` is the interactive widget; `render_trend_png`/`render_muscle_png` draw the same
chart offscreen for printed reports.
"""

from .render import render_muscle_png, render_trend_png
from .widget import TrendChart, describe_hit

__all__ = ["TrendChart", "describe_hit", "render_muscle_png", "render_trend_png"]
