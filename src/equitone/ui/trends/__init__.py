"""The patient page's Trends tab: tightness trend charts over the patient's assessments, with
sessions, PSFS and rising-tightness flags (the chart itself lives in equitone.charts)."""

from .tab import TrendsTab

__all__ = ["TrendsTab"]
