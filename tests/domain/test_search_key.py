"""One normalisation for finding and sorting people: accents, case and punctuation ignored."""

from __future__ import annotations

import pytest

from equitone.domain.patients import Patient, matches
from equitone.domain.search_key import fold, name_sort_key, needle


@pytest.mark.parametrize(("typed", "name"), [
    ("nunez", "Núñez"),
    ("angstrom", "Ångström"),
    ("obrien", "O'Brien"),
    ("o'brien", "O’Brien"),  # a typographic apostrophe too
    ("muller", "Müller"),
    ("strasse", "Straße"),
    ("lodz", "Łódź"),
    ("soren", "Søren"),
    ("aesop", "Æsop"),
    ("smith jones", "Smith-Jones"),
    ("zoe", "ZOË"),
    ("小明", "王小明"),
])
def test_a_name_is_found_without_its_accents_case_or_punctuation(typed: str, name: str) -> None:
    patient = Patient(1, name, None, "", "", "", "", False)
    assert matches(patient, typed)


def test_phone_email_and_notes_are_searched_too_and_every_word_must_match() -> None:
    patient = Patient(1, "Maria Keller", None, "+41 44 123 45 67", "mk@example.org", "",
                      "Right hip after a ski fall", False)
    assert matches(patient, "441234567")
    assert matches(patient, "keller ski")
    assert not matches(patient, "keller skating")
    assert needle("  Ñ  O'B ") == ("n", "ob")
    assert fold("Élodie   Dupré-Laval") == "elodie dupre laval"


def test_names_sort_as_people_expect() -> None:
    names = ["Zoë Adams", "Élodie Blanc", "eva Stone", "Emil Berg", "Anna 10", "Anna 9",
             "Øyvind Lie", "Oscar Ray", "de Vries"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == ["Anna 9", "Anna 10", "de Vries", "Élodie Blanc", "Emil Berg",
                       "eva Stone", "Oscar Ray", "Øyvind Lie", "Zoë Adams"]
