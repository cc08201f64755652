"""The patient page's Assessment tab: body-map tagging, the tag editor, findings and PSFS,
with every edit saved at once and undoable on the window's stack."""

from .tab import AssessmentTab

__all__ = ["AssessmentTab"]
