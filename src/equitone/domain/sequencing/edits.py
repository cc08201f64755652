"""The clinician's edits to automatic blocks, as the records the engine reads back.

- swap: `swap(block, slug)` gives an AutoOverride; store it, re-run `sequence`. The block keeps
  following its anchor if the clinician later reorders.
- move: `move(blocks, block_id, index)` reorders; a moved automatic block becomes pinned and
  stays where it was put (relative to its neighbours) on every later run.
- edit (e.g. its dose): `pin(replace(block, dose=...))` — an edited automatic block is pinned.
- dismiss: `dismiss(block, reason)` gives a Dismissal; store it, re-run `sequence`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from equitone.domain.sequencing.model import AutoOverride, Block, Dismissal

__all__ = ["dismiss", "move", "pin", "swap"]


def dismiss(block: Block, reason: str) -> Dismissal:
    """The dismissal of an automatic block (ValueError for a clinician block)."""
    key = block.key
    if key is None:
        raise ValueError("only automatic blocks can be dismissed; delete clinician blocks")
    return Dismissal(key, reason)


def swap(block: Block, exercise: str) -> AutoOverride:
    """The override that makes an automatic block use another modality."""
    key = block.key
    if key is None:
        raise ValueError("only automatic blocks have an engine-chosen modality")
    return AutoOverride(key, exercise)


def pin(block: Block) -> Block:
    """The block marked as the clinician's placement (no-op for clinician blocks)."""
    return replace(block, pinned=True) if block.auto and not block.pinned else block


def move(blocks: Sequence[Block], block_id: str, index: int) -> tuple[Block, ...]:
    """`blocks` with `block_id` moved to position `index` (of the result); an automatic block
    moved to another position is pinned. Re-run `sequence` on the result."""
    order = list(blocks)
    at = next((i for i, block in enumerate(order) if block.id == block_id), None)
    if at is None:
        raise KeyError(block_id)
    if not 0 <= index < len(order):
        raise IndexError(index)
    block = order.pop(at)
    order.insert(index, pin(block) if index != at else block)
    return tuple(order)
