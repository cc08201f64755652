"""Read shipped data files through importlib.resources.

The repository's top-level `resources/` folder is installed as the package
`equitone.resources`, so the same call works from a source checkout (editable install), a wheel
and a PyInstaller bundle.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

_PACKAGE = "equitone.resources"


def resource(*parts: str) -> Traversable:
    node: Traversable = files(_PACKAGE)
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()


def resource_path(*parts: str) -> Path:
    """A real filesystem path (Qt and reportlab want paths). Resources are plain files in every
    layout we ship, so `as_file` returns the file itself rather than a temporary copy."""
    with as_file(resource(*parts)) as path:
        return Path(path)
