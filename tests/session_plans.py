"""Small builders for session plans in designer tests, shared by the pure edits' tables
(tests/domain) and the item models' tables (tests/ui)."""

from __future__ import annotations

from typing import Any

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import Assessment, Block, BlockSide, sequence
from equitone.domain.types import Side, ToneState

GM, TFL, QL = "gluteus-medius", "tensor-fasciae-latae", "quadratus-lumborum"
L, R = Side.LEFT, Side.RIGHT


def block(catalog: Catalog, slug: str, block_id: str, muscle: str | None = None,
          side: BlockSide = BlockSide.BOTH) -> Block:
    exercise = catalog.exercises[slug]
    muscles = (muscle,) if muscle else exercise.muscles
    return Block(block_id, slug, muscles, side, exercise.dose)


def plan(catalog: Catalog, *blocks: Block, **kwargs: Any) -> tuple[Block, ...]:
    """The blocks sequenced for a patient with a weak left gluteus medius and an overactive
    left TFL."""
    tags = {(GM, L): ToneState.UNDERACTIVE, (TFL, L): ToneState.OVERACTIVE}
    return sequence(blocks, catalog=catalog, assessment=Assessment.of(tags), **kwargs).blocks


def ids(blocks: tuple[Block, ...]) -> list[str]:
    return [b.id for b in blocks]
