"""The patient list's model: a search replaces the rows; a created, renamed or archived
patient moves, arrives or leaves one row at a time; Qt's model checks hold throughout."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from equitone.domain.patients import Patient
from equitone.domain.search_key import needle
from equitone.ui.patient_model import PatientFilterModel, PatientTableModel


def _p(n: int, name: str, **extra: Any) -> Patient:
    return Patient(n, name, None, "", "", "", "", False, **extra)


def _names(model: PatientTableModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_search_upsert_and_remove_keep_the_model_sound(qtmodeltester: Any) -> None:
    model = PatientTableModel()
    proxy = PatientFilterModel()
    proxy.setSourceModel(model)
    model.set_patients([_p(1, "Ángel Ruiz"), _p(2, "Élodie Núñez"), _p(3, "Zoë Adams")])
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    proxy.set_search("NUNEZ")
    assert _names(model) == ["Élodie Núñez"] and model.total() == 3
    model.upsert(_p(4, "Eva Nuñez-Lopez"))  # arrives, matching the search, in name order
    assert _names(model) == ["Élodie Núñez", "Eva Nuñez-Lopez"]
    model.upsert(_p(5, "Bob Stone"))  # arrives, hidden by the search
    assert _names(model) == ["Élodie Núñez", "Eva Nuñez-Lopez"] and model.total() == 5
    assert model.holds(5) and model.row_of(5) == -1
    model.set_search(needle(""))
    assert _names(model) == ["Ángel Ruiz", "Bob Stone", "Élodie Núñez", "Eva Nuñez-Lopez",
                             "Zoë Adams"]
    model.upsert(replace(_p(3, "Adam Zoë")))  # renamed: moves to where the name sorts
    assert _names(model)[:2] == ["Adam Zoë", "Ángel Ruiz"]
    changed = replace(_p(2, "Élodie Núñez"), phone="0171")
    model.upsert(changed)  # same place: the row is updated, not moved
    assert model.index(model.row_of(2), 2).data() == "0171"
    model.remove(5)
    assert "Bob Stone" not in _names(model) and model.total() == 4
    qtmodeltester.check(model)
