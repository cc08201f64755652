"""The engine's vocabulary: blocks, rule ids, keys, dismissals, overrides, warnings and the plan.

Everything is a frozen dataclass or a string enum so a plan can be compared (idempotence is a
plain `==`), stored column by column, and sent to the UI or a JSON file without adapters.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from enum import StrEnum

from equitone.domain.types import Dose, Side

__all__ = [
    "SAFETY_CODES",
    "WHOLE_SESSION",
    "AutoKey",
    "AutoOverride",
    "Block",
    "BlockSide",
    "Cue",
    "Dismissal",
    "Flag",
    "PlanWarning",
    "Proposal",
    "ProposalResponse",
    "RuleId",
    "SessionPlan",
    "Swap",
    "WarningCode",
    "dose_seconds",
    "set_seconds",
    "uuid5",
    "with_cues",
]

#: `AutoKey.muscle` of the warm-down, which belongs to the whole session, not to one muscle.
WHOLE_SESSION = ""

#: Seconds one repetition takes when a dose gives reps but no hold (an assumption for estimates).
REP_SECONDS = 4
#: Seconds assumed for a set whose dose has neither reps nor a hold.
NOMINAL_SET_SECONDS = 30


class BlockSide(StrEnum):
    """The side(s) a block works. `BOTH` means the two sides: a relaxation for BOTH covers each."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    @property
    def sides(self) -> tuple[Side, ...]:
        return _SIDES[self]

    def covers(self, side: Side) -> bool:
        return side in _SIDES[self]

    @classmethod
    def of(cls, sides: frozenset[Side] | set[Side]) -> BlockSide:
        """The block side for a non-empty set of body sides."""
        if not sides:
            raise ValueError("a block works at least one side")
        if len(sides) == 2:
            return cls.BOTH
        return cls.LEFT if Side.LEFT in sides else cls.RIGHT


_SIDES: dict[BlockSide, tuple[Side, ...]] = {
    BlockSide.LEFT: (Side.LEFT,),
    BlockSide.RIGHT: (Side.RIGHT,),
    BlockSide.BOTH: (Side.LEFT, Side.RIGHT),
}


class RuleId(StrEnum):
    """The method's sequencing rules (docs/sequencing.md). Values are stable: they are stored
    and exported; people are shown `reasons.rule_title`, never these."""

    PER_REP_RELAX = "per-rep-relax"  # rule 1 (a cue; an automatic block when a setting asks)
    RELAXED_WITHIN_REP = "relaxed-within-rep"  # rule 1: the mark of an activation relaxed per rep
    RECIPROCAL_INHIBITION = "reciprocal-inhibition"  # rule 2
    SUSTAINED_RELAX = "sustained-relax"  # rule 3
    EXPLOSIVE_POST_RELAX = "explosive-post-relax"  # rule 4
    POSTURAL_INTERSET_RELAX = "postural-interset-relax"  # rule 5
    RELEASE_COMPENSATORS_FIRST = "release-compensators-first"  # rule 6
    WARM_DOWN = "warm-down"  # rule 7
    PRE_SPORT_RELAX = "pre-sport-relax"  # rule 8: brief relaxation after each activation
    PRE_SPORT_READY = "pre-sport-ready"  # rule 8: the short re-activation that ends the session
    DOSE_BELOW_FAILURE = "dose-below-failure"  # rule 9 (and the answer to a tightness flag)


class WarningCode(StrEnum):
    """Why a placement goes against the method. The engine warns; it never silently fixes.
    Values are stable (stored nowhere, but exported by `session show --format json`)."""

    SPASM_LOADED = "spasm-loaded"
    NO_RELAXATION_AFTER = "no-relaxation-after"
    RELAXATION_DISMISSED = "relaxation-dismissed"
    RELAXATION_BEFORE_ACTIVATION = "relaxation-before-activation"
    COMPENSATOR_NOT_RELEASED_FIRST = "compensator-not-released-first"
    COMPENSATOR_BETWEEN_ACTIVATIONS = "compensator-between-activations"
    WARM_DOWN_MISSING = "warm-down-missing"
    WARM_DOWN_WRONG_REGION = "warm-down-wrong-region"
    DOSE_ABOVE_CEILING = "dose-above-ceiling"
    EXPLOSIVE_ON_WEAK = "explosive-on-weak"
    RECIPROCAL_INHIBITION_NOT_APPLICABLE = "reciprocal-inhibition-not-applicable"
    RECIPROCAL_INHIBITION_SKIPPED = "reciprocal-inhibition-skipped"
    CONTRAINDICATED_TECHNIQUE = "contraindicated-technique"
    SPASM_NOT_GENTLE = "spasm-not-gentle"
    TECHNIQUE_PRECAUTION = "technique-precaution"
    TECHNIQUE_NOT_FOR_MUSCLE = "technique-not-for-muscle"
    SESSION_TOO_LONG = "session-too-long"
    NO_MODALITY = "no-modality"
    UNKNOWN_EXERCISE = "unknown-exercise"

    @property
    def safety(self) -> bool:
        """A safety warning: the session cannot be planned or delivered without the
        clinician's explicit acknowledgement (kept in the audit trail)."""
        return self in SAFETY_CODES


#: Warnings about harm, not method: loading a muscle in spasm, a technique where it must not
#: go (by rule, by tenderness, or not gentle enough for spasm), explosive work on a weak muscle.
SAFETY_CODES = frozenset(
    {
        WarningCode.SPASM_LOADED,
        WarningCode.CONTRAINDICATED_TECHNIQUE,
        WarningCode.SPASM_NOT_GENTLE,
        WarningCode.EXPLOSIVE_ON_WEAK,
    }
)


@dataclass(frozen=True, slots=True)
class Cue:
    """An instruction shown on a block, tagged with the rule that asked for it."""

    rule: RuleId
    text: str


@dataclass(frozen=True, slots=True)
class AutoKey:
    """What identifies an automatic block across runs: the rule, the clinician block it belongs
    to (None for the session's warm-down), the muscle and the side(s)."""

    anchor: str | None
    rule: RuleId
    muscle: str
    side: BlockSide

    def covers(self, anchor: str | None, rule: RuleId, muscle: str, side: Side) -> bool:
        return (
            self.anchor == anchor
            and self.rule is rule
            and self.muscle == muscle
            and self.side.covers(side)
        )

    @property
    def block_id(self) -> str:
        """A stable uuid for the automatic block with this key, so re-running keeps the id."""
        return uuid5(f"{self.rule.value}|{self.anchor or ''}|{self.muscle}|{self.side.value}")


AUTO_NAMESPACE = uuid.UUID("6f1c2f0e-5b0a-4f43-9b9e-2f4d1f0c7a11")
_NAMESPACE_BYTES = AUTO_NAMESPACE.bytes


#: uuid5 results by name. The designer re-runs the engine on every edit of a session whose
#: automatic blocks mostly keep their keys, so ids repeat; bounded, cleared when full.
_UUID_CACHE: dict[str, str] = {}
_UUID_CACHE_SIZE = 8192


def uuid5(name: str) -> str:
    """`str(uuid.uuid5(AUTO_NAMESPACE, name))`, without building UUID objects (hot path)."""
    cached = _UUID_CACHE.get(name)
    if cached is not None:
        return cached
    if len(_UUID_CACHE) >= _UUID_CACHE_SIZE:
        _UUID_CACHE.clear()
    value = _UUID_CACHE[name] = _uuid5(name)
    return value


def _uuid5(name: str) -> str:
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + name.encode(), usedforsecurity=False).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True, slots=True)
class Block:
    """One card of the session.

    Clinician blocks have `auto=False`; the engine keeps them, in order, and only recomputes
    their `cues` (engine-owned: clinician text belongs in `note`). Automatic blocks carry the
    `rule` that added them, a patient-readable `reason` and the `anchor` (id of the clinician
    block they belong to). An automatic block the clinician moved or edited is `pinned`: the
    engine keeps it where it stands instead of regenerating it.

    `muscles` are the targets; a modality block (muscle_parameter exercise) has exactly one.
    `reciprocal_inhibition` is the clinician's rule-2 progression flag for a rep-based activation.
    """

    id: str
    exercise: str
    muscles: tuple[str, ...]
    side: BlockSide
    dose: Dose
    auto: bool = False
    rule: RuleId | None = None
    reason: str = ""
    cues: tuple[Cue, ...] = ()
    anchor: str | None = None
    reciprocal_inhibition: bool = False
    pinned: bool = False
    note: str = ""

    @property
    def relaxed_within_rep(self) -> bool:
        """An activation whose relaxation happens inside every rep (rule 1): no relaxation
        block follows it, and its card says so, with the reason."""
        return any(cue.rule is RuleId.RELAXED_WITHIN_REP for cue in self.cues)

    @property
    def key(self) -> AutoKey | None:
        """The key of an automatic block (None for clinician blocks)."""
        if not self.auto or self.rule is None:
            return None
        if self.rule is RuleId.WARM_DOWN:
            return AutoKey(None, RuleId.WARM_DOWN, WHOLE_SESSION, BlockSide.BOTH)
        return AutoKey(self.anchor, self.rule, self.muscles[0] if self.muscles else "", self.side)


def with_cues(block: Block, cues: tuple[Cue, ...]) -> Block:
    """`dataclasses.replace(block, cues=cues)`, several times faster (the engine's hot path)."""
    return Block(
        block.id,
        block.exercise,
        block.muscles,
        block.side,
        block.dose,
        block.auto,
        block.rule,
        block.reason,
        cues,
        block.anchor,
        block.reciprocal_inhibition,
        block.pinned,
        block.note,
    )


@dataclass(frozen=True, slots=True)
class Dismissal:
    """The clinician removed the automatic block `key` for `reason`; the engine won't re-add it."""

    key: AutoKey
    reason: str


@dataclass(frozen=True, slots=True)
class AutoOverride:
    """The clinician swapped the modality of the automatic block `key` for `exercise`.

    Unlike a move (a pin), a swap keeps following its anchor when the clinician reorders.
    """

    key: AutoKey
    exercise: str


@dataclass(frozen=True, slots=True)
class PlanWarning:
    """A clinician-facing warning about one block (`block_id`) or the whole session (None)."""

    code: WarningCode
    message: str
    block_id: str | None = None

    @property
    def safety(self) -> bool:
        return self.code.safety


@dataclass(frozen=True, slots=True)
class Flag:
    """A muscle side flagged "activated, then tighter" (`equitone.domain.trends`) that still
    stands for this patient; `explanation` says what was seen."""

    muscle: str
    side: Side
    explanation: str


@dataclass(frozen=True, slots=True)
class ProposalResponse:
    """The clinician's answer to the proposal a flag raised, with the reason, stored with the
    session: accepted (a relaxation after each activation of that muscle side, a lower dose)
    or dismissed."""

    muscle: str
    side: Side
    accepted: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the engine proposes for a standing flag; never applied until accepted.

    `activations` are the ids of the session's blocks that train the muscle side (the ones a
    relaxation would follow and whose dose would be lowered); `response` is the clinician's
    answer, None while it is pending.
    """

    muscle: str
    side: Side
    explanation: str
    text: str
    activations: tuple[str, ...]
    response: ProposalResponse | None = None

    @property
    def pending(self) -> bool:
        return self.response is None


@dataclass(frozen=True, slots=True)
class Swap:
    """An automatic block whose technique the clinician swapped: `chosen` replaced the
    engine's own choice `instead_of` (None when the engine had none)."""

    block_id: str
    chosen: str
    instead_of: str | None


def set_seconds(dose: Dose) -> int:
    """Working seconds of one set: reps x hold, reps x REP_SECONDS, the hold, or a nominal set."""
    if dose.reps is not None and dose.hold_seconds is not None:
        return dose.reps * dose.hold_seconds
    if dose.reps is not None:
        return dose.reps * REP_SECONDS
    if dose.hold_seconds is not None:
        return dose.hold_seconds
    return NOMINAL_SET_SECONDS


def dose_seconds(dose: Dose) -> int:
    """A dose's duration: every set's work plus the rests between sets (none after the last)."""
    sets = max(dose.sets, 0)
    return sets * set_seconds(dose) + max(sets - 1, 0) * dose.rest_seconds


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """The engine's output: blocks in final order, warnings, the dismissals that applied, the
    proposals standing flags raise (with any answer) and the swaps that applied."""

    blocks: tuple[Block, ...]
    warnings: tuple[PlanWarning, ...] = ()
    dismissed: tuple[Dismissal, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    swaps: tuple[Swap, ...] = ()

    @property
    def safety_warnings(self) -> tuple[PlanWarning, ...]:
        return tuple(w for w in self.warnings if w.safety)

    def estimated_duration_seconds(self) -> int:
        """Sum of `dose_seconds` over blocks. Transitions between blocks are not counted."""
        return sum(dose_seconds(block.dose) for block in self.blocks)
