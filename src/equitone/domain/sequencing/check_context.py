"""What the session checks read besides the blocks (checks.py, and the technique and dose
checks of safety.py and volume.py): kept apart so those modules need not import each other."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from equitone.domain.sequencing.facts import MuscleSide
from equitone.domain.sequencing.inputs import Assessment, CatalogLike, DoseCeiling, Preferences
from equitone.domain.sequencing.model import Dismissal, RuleId
from equitone.domain.types import Side


@dataclass(frozen=True, slots=True)
class CheckContext:
    catalog: CatalogLike
    assessment: Assessment
    dismissals: Mapping[tuple[str | None, RuleId, str, Side], Dismissal]
    preferences: Preferences = field(default_factory=Preferences)
    pre_sport: bool = False
    ceiling: DoseCeiling = field(default_factory=DoseCeiling)
    accepted: frozenset[MuscleSide] = frozenset()
    swapped: frozenset[str] = frozenset()
