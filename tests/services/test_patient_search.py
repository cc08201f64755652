"""Finding people on either engine: accents, case and punctuation ignored, names sorted as
people expect, and likely duplicates named before a second record is made."""

from __future__ import annotations

from datetime import date

from equitone.domain.patients import PatientDraft
from equitone.services.patients import (
    create_patient,
    likely_duplicates,
    list_patients,
    set_archived,
    update_patient,
)
from equitone.storage.database import Database

NAMES = ("Zoë Ångström", "Élodie Núñez", "Seán O'Brien", "Emil Berg", "eva Stone",
         "Anna 10", "Anna 9", "王小明", "Ørjan Lie", "Oscar Ray")


def _names(db: Database, search: str = "") -> list[str]:
    return [p.name for p in list_patients(db, search=search)]


def test_search_ignores_accents_case_and_punctuation(db: Database) -> None:
    for name in NAMES:
        create_patient(db, PatientDraft(name=name))
    assert _names(db, "nunez") == ["Élodie Núñez"]
    assert _names(db, "angstrom") == ["Zoë Ångström"]
    assert _names(db, "obrien") == ["Seán O'Brien"]
    assert _names(db, "O’BRIEN") == ["Seán O'Brien"]
    assert _names(db, "orjan") == ["Ørjan Lie"]
    assert _names(db, "小明") == ["王小明"]
    assert _names(db, "e") == ["Élodie Núñez", "Emil Berg", "eva Stone", "Ørjan Lie",
                               "Seán O'Brien", "Zoë Ångström"]
    assert _names(db, "100%") == [] and _names(db, "z%e") == []  # no wildcards
    # the keys follow an edit
    seán = list_patients(db, search="sean")[0]
    update_patient(db, seán.id, PatientDraft(name="Seán Ó Briain", phone="+353 1 234 5678"),
                   expected_version=seán.row_version)
    assert _names(db, "obrien") == []
    assert _names(db, "o briain 12345678") == ["Seán Ó Briain"]


def test_names_sort_as_people_expect(db: Database) -> None:
    for name in NAMES:
        create_patient(db, PatientDraft(name=name))
    assert _names(db) == ["Anna 9", "Anna 10", "Élodie Núñez", "Emil Berg", "eva Stone",
                          "Ørjan Lie", "Oscar Ray", "Seán O'Brien", "Zoë Ångström", "王小明"]


def test_likely_duplicates_same_name_and_birth_date_first(db: Database) -> None:
    older = create_patient(db, PatientDraft(name="Maria Keller", date_of_birth=date(1950, 1, 2)))
    same = create_patient(db, PatientDraft(name="maria  KELLER", date_of_birth=date(1980, 3, 12)))
    set_archived(db, same.id, True)  # archived records count: the person came back
    create_patient(db, PatientDraft(name="Maria Kellermann"))
    draft = PatientDraft(name="Mária Keller", date_of_birth=date(1980, 3, 12))
    assert [p.id for p in likely_duplicates(db, draft)] == [same.id, older.id]
    assert [p.id for p in likely_duplicates(db, draft, other_than=same.id)] == [older.id]
    assert likely_duplicates(db, PatientDraft(name="Anna Keller")) == []
    assert likely_duplicates(db, PatientDraft(name="  ")) == []
