"""A designed session as stored: the engine's blocks plus what the clinician decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from equitone.domain.sequencing import (
    AutoOverride,
    Block,
    Dismissal,
    PlanWarning,
    Proposal,
    ProposalResponse,
    Swap,
)


class SessionStatus(StrEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    DELIVERED = "delivered"


@dataclass(frozen=True, slots=True)
class SessionDetails:
    day: date
    frequency_per_week: int = 3
    in_clinic: bool = False
    pre_sport: bool = False
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: int
    patient_id: int
    details: SessionDetails
    status: SessionStatus
    version: int
    supersedes_id: int | None
    blocks: tuple[Block, ...]
    dismissals: tuple[Dismissal, ...] = ()
    overrides: tuple[AutoOverride, ...] = ()
    warnings: tuple[PlanWarning, ...] = ()
    template: str | None = None
    updated_at: datetime | None = None
    row_version: int = 1  # the stored row's version when read (services/concurrency.py)
    responses: tuple[ProposalResponse, ...] = ()
    """The clinician's answers to the proposals of "activated, then tighter" flags (stored)."""
    proposals: tuple[Proposal, ...] = ()
    """Worked out with the warnings: the standing flags' proposals, answered or pending."""
    swaps: tuple[Swap, ...] = ()
    """Worked out with the warnings: automatic blocks whose technique the clinician swapped."""

    @property
    def safety_warnings(self) -> tuple[PlanWarning, ...]:
        return tuple(w for w in self.warnings if w.safety)

    @property
    def day(self) -> date:
        return self.details.day

    @property
    def read_only(self) -> bool:
        return self.status is SessionStatus.DELIVERED

    @property
    def placed(self) -> tuple[Block, ...]:
        """The clinician's own blocks (what a template stores)."""
        return tuple(b for b in self.blocks if not b.auto)
