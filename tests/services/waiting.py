"""Journal entries as the window's commands make them (ui/commands.py,
ui/assessment/commands.py), for the replay and kill tests; not a test module."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from equitone.domain import waiting_edits as codec
from equitone.domain.assessment import Assessment, ToneTag
from equitone.domain.types import Side, ToneState
from equitone.services import time_travel
from equitone.storage.database import Database

GM, PIR = "gluteus-medius", "piriformis"


def entry(
    intent: dict[str, Any], label: str, basis: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"id": uuid.uuid4().hex, "label": label, "record": "test",
            "queued_at_utc": datetime.now(UTC).isoformat(), "intent": intent,
            "basis": basis or {}}


def tag_entry(db: Database, a: Assessment, muscle: str, side: Side, state: ToneState,
              grade: int | None = None, *, version: int | None = None) -> dict[str, Any]:
    """Tag one muscle side of `a` (made on `version`, else a's), as the body map does."""
    before = {(muscle, side): a.tag_map().get((muscle, side))}
    after = {(muscle, side): ToneTag(muscle, side, state, grade=grade)}
    intent = {"kind": codec.TAGS, "assessment_id": a.id,
              "expected_version": a.row_version if version is None else version,
              "tags": codec.snapshot_json(after), "before": codec.snapshot_json(before)}
    label = f"Tag {muscle.replace('-', ' ')} {side.value[0].upper()} as {state.value}"
    return entry(intent, label, time_travel.basis(db).as_json())


def chain(db: Database, a: Assessment, count: int) -> list[dict[str, Any]]:
    """`count` edits of one assessment made offline one after the other (each on the same
    stored version, each on top of the one before: what a clinician tagging in an outage
    leaves), alternating muscle sides so every edit changes something."""
    found: list[dict[str, Any]] = []
    shown = a
    for n in range(count):
        side = Side.LEFT if n % 2 else Side.RIGHT
        state = (ToneState.OVERACTIVE, ToneState.UNDERACTIVE, ToneState.TIGHT)[n % 3]
        made = tag_entry(db, shown, f"{GM}" if n % 4 < 2 else PIR, side, state,
                         version=a.row_version)
        found.append(made)
        after = codec.snapshot_from_json(made["intent"]["tags"])
        tags = dict(shown.tag_map())
        tags.update({k: v for k, v in after.items() if v is not None})
        shown = replace(shown, tags=tuple(tags.values()))
    return found
