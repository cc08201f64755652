"""The session sequencing engine (docs/sequencing.md).

`sequence(placed, catalog=..., assessment=...)` turns the clinician's ordered blocks into the
session: their blocks, in their order, plus the automatic blocks and cues the method requires,
each marked with its rule and a patient-readable reason. It is pure and idempotent
(`sequence(plan.blocks, ...) == plan`), so callers can store `plan.blocks` as they are and
re-run the engine whenever the blocks, the assessment or the preferences change.

What callers persist besides the blocks:
- `Dismissal(key, reason)` per dismissed automatic block (`dismiss(block, reason)`);
- `AutoOverride(key, exercise)` per swapped technique (`swap(block, slug)`);
- `ProposalResponse(muscle, side, accepted, reason)` per answered flag proposal;
- moves and edits need nothing extra: the block itself is stored with `pinned=True` (`move`,
  `pin`) and the engine keeps it where it stands.
An `AutoKey` is (anchor block id | None, rule, muscle slug, side): four columns.
Clinician text goes in `Block.note`; `Block.cues` are recomputed on every run.
"""

from equitone.domain.sequencing.edits import dismiss, move, pin, swap
from equitone.domain.sequencing.engine import (
    INTERSET_HOLD_SECONDS,
    PRE_SPORT_HOLD_SECONDS,
    RELEASE_STATES,
    sequence,
)
from equitone.domain.sequencing.inputs import (
    DEFAULT_CEILING,
    DEFAULT_MODALITY_ORDER,
    DEFAULT_SESSION_LIMIT_MINUTES,
    Assessment,
    CatalogLike,
    CatalogView,
    DoseCeiling,
    Preferences,
    Volume,
)
from equitone.domain.sequencing.model import (
    NOMINAL_SET_SECONDS,
    REP_SECONDS,
    SAFETY_CODES,
    WHOLE_SESSION,
    AutoKey,
    AutoOverride,
    Block,
    BlockSide,
    Cue,
    Dismissal,
    Flag,
    PlanWarning,
    Proposal,
    ProposalResponse,
    RuleId,
    SessionPlan,
    Swap,
    WarningCode,
    dose_seconds,
)
from equitone.domain.sequencing.proposals import accept_doses, lowered
from equitone.domain.sequencing.reasons import rule_title

__all__ = [
    "DEFAULT_CEILING",
    "DEFAULT_MODALITY_ORDER",
    "DEFAULT_SESSION_LIMIT_MINUTES",
    "INTERSET_HOLD_SECONDS",
    "NOMINAL_SET_SECONDS",
    "PRE_SPORT_HOLD_SECONDS",
    "RELEASE_STATES",
    "REP_SECONDS",
    "SAFETY_CODES",
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
    "Flag",
    "PlanWarning",
    "Preferences",
    "Proposal",
    "ProposalResponse",
    "RuleId",
    "SessionPlan",
    "Swap",
    "Volume",
    "WarningCode",
    "accept_doses",
    "dismiss",
    "dose_seconds",
    "lowered",
    "move",
    "pin",
    "rule_title",
    "sequence",
    "swap",
]
