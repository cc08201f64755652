"""A backup file the user named: checked the same way for a database file and a server."""

from __future__ import annotations

from pathlib import Path

from equitone.errors import ValidationError


def checked_output(output: Path) -> Path:
    """`output` with ~ expanded; refused when it is a folder or its folder does not exist."""
    output = output.expanduser()
    if output.is_dir():
        raise ValidationError(f"{output} is a folder; give a file name for the backup.")
    if not output.parent.is_dir():
        raise ValidationError(f"The folder {output.parent} does not exist.")
    return output
