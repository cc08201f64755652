"""The patient page's Session tab: the exercise library, a drag-and-drop timeline of the
session the sequencing engine completes after every edit, and the session's details — every
edit saved at once and undoable on the window's stack."""

from .tab import SessionTab

__all__ = ["SessionTab"]
