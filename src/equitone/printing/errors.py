"""Printing errors: one-line messages fit for the CLI and a dialog."""

from __future__ import annotations

from equitone.errors import EquitoneError, OperationCancelled


class PrintError(EquitoneError):
    """The document cannot be written (unwritable folder, bad paper size, unreadable image)."""


class PrintCancelled(EquitoneError, OperationCancelled):  # noqa: N818 - what happened
    """The user cancelled; nothing was written at the target path."""

    def __init__(self, message: str = "Printing was cancelled; no file was written.") -> None:
        super().__init__(message)
