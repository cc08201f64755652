"""The session sequencing engine (DOMAIN.md "Sequencing rules").

`sequence(placed, catalog=..., assessment=...)` turns the clinician's ordered blocks into the
session: their blocks, in their order, plus the automatic blocks and cues the method requires,
each marked with its rule and a patient-readable reason. It is pure and idempotent
(`sequence(plan.blocks, ...) == plan`), so callers can store `plan.blocks` as they are and
re-run the engine whenever the blocks, the assessment or the preferences change.

What callers persist besides the blocks:
- `Dismissal(key, reason)` per dismissed automatic block (`dismiss(block, reason)`);
- `AutoOverride(key, exercise)` per swapped modality (`swap(block, slug)`);
- moves and edits need nothing extra: the block itself is stored with `pinned=True` (`move`,
  `pin`) and the engine keeps it where it stands.
An `AutoKey` is (anchor block id | None, rule, muscle slug, side): four columns.
Clinician text goes in `Block.note`; `Block.cues` are recomputed on every run.
"""

from equitone.domain.sequencing.dose import rising_tightness
from equitone.domain.sequencing.edits import dismiss, move, pin, swap
from equitone.domain.sequencing.engine import INTERSET_HOLD_SECONDS, RELEASE_STATES, sequence
from equitone.domain.sequencing.inputs import (
    DEFAULT_CEILING,
    DEFAULT_MODALITY_ORDER,
    Assessment,
    CatalogLike,
    CatalogView,
    DoseCeiling,
    Preferences,
)
from equitone.domain.sequencing.model import (
    NOMINAL_SET_SECONDS,
    REP_SECONDS,
    WHOLE_SESSION,
    AutoKey,
    AutoOverride,
    Block,
    BlockSide,
    Cue,
    Dismissal,
    PlanWarning,
    RuleId,
    SessionPlan,
    WarningCode,
    dose_seconds,
)

__all__ = [
    "DEFAULT_CEILING",
    "DEFAULT_MODALITY_ORDER",
    "INTERSET_HOLD_SECONDS",
    "NOMINAL_SET_SECONDS",
    "RELEASE_STATES",
    "REP_SECONDS",
    "WHOLE_SESSION",
    "Assessment",
    "AutoKey",
    "AutoOverride",
    "Block",
    "BlockSide",
    "CatalogLike",
    "CatalogView",
    "Cue",
    "Dismissal",
    "DoseCeiling",
    "PlanWarning",
    "Preferences",
    "RuleId",
    "SessionPlan",
    "WarningCode",
    "dismiss",
    "dose_seconds",
    "move",
    "pin",
    "rising_tightness",
    "sequence",
    "swap",
]
