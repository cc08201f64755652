"""What the patient page's Overview says at a glance: where the patient stands now.

The latest assessment (its tags by state and the method's advice), the PSFS since the first
visit, the sessions (the next planned one and the last delivered), the pattern the method
warns about — an activated muscle that tightened afterwards — and every visit, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from equitone.domain.activation_flags import RisingFlag, rising_tightness_flags
from equitone.domain.assessment import Assessment
from equitone.domain.session import SessionRecord, SessionStatus
from equitone.services.assessments import history
from equitone.services.sessions import list_sessions
from equitone.services.trends import trend_data
from equitone.services.visits import Visit, timeline_of
from equitone.storage.database import Database


@dataclass(frozen=True, slots=True)
class PatientOverview:
    assessments: int
    latest: Assessment | None
    first_psfs: float | None  # the PSFS at the first visit that scored it
    sessions: int
    delivered: int
    upcoming: SessionRecord | None  # the newest session not yet delivered
    last_delivered: SessionRecord | None
    flags: tuple[RisingFlag, ...]
    visits: tuple[Visit, ...] = ()  # newest first: the timeline

    @property
    def psfs_change(self) -> float | None:
        now = self.latest.psfs_score if self.latest else None
        if now is None or self.first_psfs is None:
            return None
        return now - self.first_psfs


def patient_overview(db: Database, patient_id: int) -> PatientOverview:
    """Read-only; raises NotFoundError for an unknown patient."""
    visits = history(db, patient_id)  # oldest first
    sessions = list_sessions(db, patient_id)  # newest first
    delivered = [s for s in sessions if s.status is SessionStatus.DELIVERED]
    upcoming = next((s for s in sessions if s.status is not SessionStatus.DELIVERED), None)
    first_psfs = next((a.psfs_score for a in visits if a.psfs_score is not None), None)
    flags = rising_tightness_flags(trend_data(db, patient_id)) if delivered and visits else []
    return PatientOverview(
        assessments=len(visits),
        latest=visits[-1] if visits else None,
        first_psfs=first_psfs,
        sessions=len(sessions),
        delivered=len(delivered),
        upcoming=upcoming,
        last_delivered=delivered[0] if delivered else None,
        flags=tuple(flags),
        visits=tuple(timeline_of(db, visits, sessions)),
    )
