"""Clinic settings stored in the database (the CLI prints with them as much as the GUI)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import select

from equitone.domain.limits import check_text
from equitone.domain.sequencing import DEFAULT_SESSION_LIMIT_MINUTES
from equitone.errors import ValidationError
from equitone.storage.database import Database
from equitone.storage.models import SettingRow

PAPER_SIZES = ("a4", "letter")
SESSION_LIMITS = (10, 240)  # minutes
DEFAULT_MODALITY_ORDER = (
    "lacrosse-ball-release",
    "active-stretch",
    "post-isometric-relaxation",
    "foam-roll",
    "myofascial-release",
)


@dataclass(frozen=True, slots=True)
class ClinicSettings:
    clinic_name: str = "Equitone Clinic"
    clinic_address: str = ""
    clinic_contact: str = ""
    logo_path: str = ""
    clinicians: tuple[str, ...] = ()
    preferred_modality: str = DEFAULT_MODALITY_ORDER[0]
    paper_size: str = "a4"
    extra: dict[str, Any] = field(default_factory=dict)
    session_limit_minutes: int = DEFAULT_SESSION_LIMIT_MINUTES
    """The estimated session length past which the designer warns."""

    def validated(self, known_modalities: set[str] | None = None) -> ClinicSettings:
        if self.paper_size not in PAPER_SIZES:
            raise ValidationError(f"Paper size must be one of {', '.join(PAPER_SIZES)}.")
        if known_modalities is not None and self.preferred_modality not in known_modalities:
            raise ValidationError(f"Unknown relaxation modality '{self.preferred_modality}'.")
        if not self.clinic_name.strip():
            raise ValidationError("The clinic needs a name (it heads every printout).")
        if not SESSION_LIMITS[0] <= self.session_limit_minutes <= SESSION_LIMITS[1]:
            raise ValidationError(
                f"The session length limit must be {SESSION_LIMITS[0]}-{SESSION_LIMITS[1]}"
                " minutes."
            )
        # each name goes into an assessment's clinician field as it is
        names = tuple(check_text(n.strip(), "assessments.clinician")
                      for n in self.clinicians if n.strip())
        return ClinicSettings(
            clinic_name=self.clinic_name.strip(),
            clinic_address=self.clinic_address.strip(),
            clinic_contact=self.clinic_contact.strip(),
            logo_path=self.logo_path.strip(),
            clinicians=names,
            preferred_modality=self.preferred_modality,
            paper_size=self.paper_size,
            extra=dict(self.extra),
            session_limit_minutes=int(self.session_limit_minutes),
        )


_KEYS = tuple(f.name for f in fields(ClinicSettings))


def load_settings(db: Database) -> ClinicSettings:
    with db.reading() as session:
        stored = {row.key: row.value for row in session.scalars(select(SettingRow))}
    values: dict[str, Any] = {}
    for key in _KEYS:
        if key in stored:
            values[key] = tuple(stored[key]) if key == "clinicians" else stored[key]
    return ClinicSettings(**values)


def save_settings(db: Database, settings: ClinicSettings) -> ClinicSettings:
    from equitone.services.catalog import load_catalog

    modalities = {e.slug for e in load_catalog(db).exercises.values() if e.kind.relaxes}
    clean = settings.validated(modalities)
    with db.transaction() as session:
        for key, value in asdict(clean).items():
            stored_value = list(value) if isinstance(value, tuple) else value
            session.merge(SettingRow(key=key, value=stored_value))
    return clean
