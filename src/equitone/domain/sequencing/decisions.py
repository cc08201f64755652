"""What the clinician decided about automatic blocks, as one engine run reads it.

Dismissals and swaps are stored per `AutoKey` (anchor, rule, muscle, side); a block the
clinician moved or edited is kept as it is (pinned). The engine asks, for each automatic block
it would add, which of its sides are still wanted (`admit`) and which technique the clinician
chose instead of its own (`override`). Dismissals that applied and swaps made are collected
for the plan (the clinician copy prints both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from equitone.domain.sequencing.model import (
    AutoKey,
    AutoOverride,
    BlockSide,
    Dismissal,
    RuleId,
    Swap,
    WarningCode,
)
from equitone.domain.sequencing.reasons import your
from equitone.domain.types import Exercise, ExerciseKind, Side

__all__ = ["POST_RULES", "Decisions", "Flat", "flat_keys"]

Flat = tuple[str | None, RuleId, str, Side]  # an AutoKey on one body side
Warn = Callable[[WarningCode, str, "str | None"], None]

#: Rules whose automatic block relaxes a muscle after the work that loaded it.
POST_RULES = frozenset(
    {
        RuleId.PER_REP_RELAX,
        RuleId.SUSTAINED_RELAX,
        RuleId.EXPLOSIVE_POST_RELAX,
        RuleId.POSTURAL_INTERSET_RELAX,
        RuleId.PRE_SPORT_RELAX,
        RuleId.DOSE_BELOW_FAILURE,
    }
)


def flat_keys(key: AutoKey) -> Iterable[Flat]:
    return ((key.anchor, key.rule, key.muscle, side) for side in key.side.sides)


class Decisions:
    def __init__(
        self,
        dismissals: Iterable[Dismissal],
        overrides: Iterable[AutoOverride],
        exercises: Callable[[str], Exercise | None],
        short: Callable[[str], str],
        warn: Warn,
    ) -> None:
        self.dismissals: dict[Flat, Dismissal] = {}
        for dismissal in dismissals:
            for flat in flat_keys(dismissal.key):
                self.dismissals.setdefault(flat, dismissal)
        self.overrides: dict[Flat, str] = {}
        for override in overrides:
            for flat in flat_keys(override.key):
                self.overrides.setdefault(flat, override.exercise)
        self.pinned: set[Flat] = set()
        self.applied: dict[Dismissal, None] = {}
        self.swaps: list[Swap] = []
        self._exercise, self._short, self._warn = exercises, short, warn

    def pin(self, key: AutoKey) -> None:
        self.pinned.update(flat_keys(key))

    def dismissed(self, key: AutoKey) -> bool:
        return all(flat in self.dismissals for flat in flat_keys(key))

    def admit(
        self, anchor: str | None, rule: RuleId, muscle: str, side: BlockSide
    ) -> BlockSide | None:
        """The sides of an automatic block that neither a pinned block nor a dismissal
        covers (None: no block); a dismissal that applies is recorded, with its warning."""
        kept: set[Side] = set()
        for body_side in side.sides:
            flat: Flat = (anchor, rule, muscle, body_side)
            if flat in self.pinned:
                continue
            dismissal = self.dismissals.get(flat)
            if dismissal is None:
                kept.add(body_side)
                continue
            if dismissal not in self.applied:
                self.applied[dismissal] = None
                if rule in POST_RULES:
                    where = your(self._short(muscle), dismissal.key.side)
                    self._warn(
                        WarningCode.RELAXATION_DISMISSED,
                        f"The relaxation of the {where} after this exercise was dismissed"
                        f" ({dismissal.reason or 'no reason given'}); the method relaxes a"
                        " muscle after loading it.",
                        anchor,
                    )
        return BlockSide.of(kept) if kept else None

    def override(
        self, key: AutoKey, lead: str | None, *, warm_down: bool = False
    ) -> Exercise | None:
        """The clinician's swap for `key`, if it is a technique that treats `lead` (a warm-down
        for the warm-down); anything else is ignored, with a warning."""
        if not self.overrides:
            return None
        slugs = {self.overrides.get(flat) for flat in flat_keys(key)}
        slug = next(iter(slugs)) if len(slugs) == 1 else None
        if slug is None:
            return None
        exercise = self._exercise(slug)
        if exercise is None or (exercise.kind is ExerciseKind.WARM_DOWN) is not warm_down or (
            not exercise.kind.relaxes
        ):
            self._warn(
                WarningCode.UNKNOWN_EXERCISE,
                f"The swap to {slug!r} was ignored: it is not a suitable library exercise.",
                key.anchor,
            )
            return None
        if lead is not None and lead not in exercise.muscles:
            self._warn(
                WarningCode.TECHNIQUE_NOT_FOR_MUSCLE,
                f"The swap to {exercise.name} was refused: it does not treat the"
                f" {self._short(lead)}.",
                key.anchor,
            )
            return None
        return exercise

    def swapped(self, block_id: str, chosen: Exercise, instead_of: Exercise | None) -> None:
        self.swaps.append(Swap(block_id, chosen.slug, instead_of.slug if instead_of else None))
