"""What the owner tells the map about each region (plain data, no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from equitone.domain.types import ToneState

NameLookup = Callable[[str], str]
"""Muscle slug → display name (the owner supplies it from the catalog)."""


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """What the owner knows about one region at the current assessment (for colour + tooltip)."""

    state: ToneState | None = None  # the primary state
    tightness: int | None = None
    note: str = ""
    grade: str = ""
    others: tuple[ToneState, ...] = ()  # the side's other states, in priority order

    @property
    def states(self) -> tuple[ToneState, ...]:
        """Every state, primary first (empty when untagged)."""
        return () if self.state is None else (self.state, *self.others)


def default_name(slug: str) -> str:
    """``"tensor-fasciae-latae"`` → ``"Tensor fasciae latae"`` until a catalog lookup is set."""
    return slug.replace("-", " ").capitalize()
