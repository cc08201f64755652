"""The patient's History tab: versions of assessments and sessions, and the audit trail."""

from .tab import HistoryTab

__all__ = ["HistoryTab"]
