"""Patient records and the rules a record must satisfy before it is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from equitone.domain.limits import check_text
from equitone.errors import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class PatientDraft:
    """What a clinician typed; `validated()` returns a cleaned copy or raises."""

    name: str
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    notes: str = ""

    def validated(self, *, today: date | None = None) -> PatientDraft:
        today = today or date.today()
        name = " ".join(self.name.split())
        if not name:
            raise ValidationError("A patient needs a name.")
        check_text(name, "patients.name")
        if self.date_of_birth is not None:
            if self.date_of_birth > today:
                raise ValidationError("The date of birth is in the future.")
            if self.date_of_birth.year < 1900:
                raise ValidationError("The date of birth is before 1900.")
        email = check_text(self.email.strip(), "patients.email")
        if email and not _EMAIL.match(email):
            raise ValidationError(f"'{email}' does not look like an e-mail address.")
        return PatientDraft(
            name=name,
            date_of_birth=self.date_of_birth,
            phone=check_text(self.phone.strip(), "patients.phone"),
            email=email,
            address=check_text(self.address.strip(), "patients.address"),
            notes=check_text(self.notes.rstrip(), "patients.notes"),
        )


@dataclass(frozen=True, slots=True)
class Patient:
    id: int
    name: str
    date_of_birth: date | None
    phone: str
    email: str
    address: str
    notes: str
    archived: bool
    preferred_modality: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # Rule 1's setting: a relaxation block after every activation — of every muscle, or of
    # the muscles listed — even where each rep relaxes the muscle.
    relax_after_every_activation: bool = False
    relax_after_muscles: tuple[str, ...] = ()
    # The stored record's version when this was read (optimistic concurrency): a save names it,
    # and one made on an older version is refused (services/concurrency.py).
    row_version: int = 1

    @property
    def draft(self) -> PatientDraft:
        return PatientDraft(
            self.name, self.date_of_birth, self.phone, self.email, self.address, self.notes
        )

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def matches(patient: Patient, needle: str) -> bool:
    """True when every word of `needle` (already casefolded) occurs in the patient's name,
    phone, e-mail or notes. casefold() handles non-Latin letters that SQL lower() misses."""
    haystack = " ".join((patient.name, patient.phone, patient.email, patient.notes)).casefold()
    return all(word in haystack for word in needle.split())


def parse_date(text: str, *, what: str = "date") -> date:
    """Parse YYYY-MM-DD strictly, with a message a clinician understands."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"'{text}' is not a valid {what} (expected YYYY-MM-DD).") from None
