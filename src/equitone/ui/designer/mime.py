"""Drag-and-drop payloads of the designer, one codec per MIME type (Picard's MIME helpers).

Two private types travel between the library and the timeline:

- ``application/x-equitone-exercise``: ``{"slug", "muscle", "side"}`` — an exercise to add
  (``muscle`` is None unless the item names one, as a suggestion or a modality item does);
- ``application/x-equitone-block``: ``{"session", "id"}`` — a card being reordered.

Decoding never raises: anything malformed (another program's drop, an old build's payload)
decodes to None so the model can refuse the drop quietly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QMimeData

EXERCISE_MIME = "application/x-equitone-exercise"
BLOCK_MIME = "application/x-equitone-block"
SIDES = ("left", "right", "both")

__all__ = [
    "BLOCK_MIME",
    "EXERCISE_MIME",
    "BlockPayload",
    "ExercisePayload",
    "decode_block",
    "decode_exercise",
    "encode_block",
    "encode_exercise",
    "mime_types",
]


@dataclass(frozen=True, slots=True)
class ExercisePayload:
    """An exercise from the library; ``muscle`` set when the item is for one muscle."""

    slug: str
    muscle: str | None = None
    side: str = "both"


@dataclass(frozen=True, slots=True)
class BlockPayload:
    """A timeline card: the session it belongs to and the block id."""

    session: int
    id: str


def _dump(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _load(mime: QMimeData | None, kind: str) -> dict[str, Any] | None:
    if mime is None or not mime.hasFormat(kind):
        return None
    try:
        value = json.loads(bytes(mime.data(kind).data()).decode())
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def encode_exercise(payload: ExercisePayload, *, text: str = "") -> QMimeData:
    mime = QMimeData()
    mime.setData(
        EXERCISE_MIME,
        _dump({"slug": payload.slug, "muscle": payload.muscle, "side": payload.side}),
    )
    mime.setText(text or payload.slug)
    return mime


def decode_exercise(mime: QMimeData | None) -> ExercisePayload | None:
    value = _load(mime, EXERCISE_MIME)
    if value is None:
        return None
    slug, muscle, side = value.get("slug"), value.get("muscle"), value.get("side", "both")
    if not isinstance(slug, str) or not slug:
        return None
    if muscle is not None and (not isinstance(muscle, str) or not muscle):
        return None
    if side not in SIDES:
        return None
    return ExercisePayload(slug, muscle, side)


def encode_block(payload: BlockPayload, *, text: str = "") -> QMimeData:
    mime = QMimeData()
    mime.setData(BLOCK_MIME, _dump({"session": payload.session, "id": payload.id}))
    if text:
        mime.setText(text)
    return mime


def decode_block(mime: QMimeData | None) -> BlockPayload | None:
    value = _load(mime, BLOCK_MIME)
    if value is None:
        return None
    session, block_id = value.get("session"), value.get("id")
    if isinstance(session, bool) or not isinstance(session, int):
        return None
    if not isinstance(block_id, str) or not block_id:
        return None
    return BlockPayload(session, block_id)


def mime_types() -> list[str]:
    """What the timeline accepts, most specific first."""
    return [BLOCK_MIME, EXERCISE_MIME]
