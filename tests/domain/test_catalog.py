"""The shipped catalogs: required content and internal consistency."""

from __future__ import annotations

import pytest

from equitone.domain.catalog import (
    REQUIRED_EXERCISES,
    REQUIRED_MUSCLES,
    Catalog,
    CatalogError,
    parse_catalog,
)
from equitone.domain.types import ExerciseKind
from equitone.services.catalog import shipped_catalog, shipped_templates


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def test_every_required_muscle_is_present(catalog: Catalog) -> None:
    assert set(REQUIRED_MUSCLES) <= set(catalog.muscles)
    assert len(catalog.muscles) >= 51


def test_every_required_exercise_is_present(catalog: Catalog) -> None:
    assert set(REQUIRED_EXERCISES) <= set(catalog.exercises)
    assert len(catalog.exercises) >= 80


def test_every_muscle_has_an_activation_and_a_relaxation(catalog: Catalog) -> None:
    assert catalog.missing_options() == []


def test_glute_med_compensators(catalog: Catalog) -> None:
    assert set(catalog.muscle("gluteus-medius").compensators) >= {
        "tensor-fasciae-latae",
        "quadratus-lumborum",
        "hip-adductors",
    }


def test_lateral_band_walk_is_sustained_and_clamshell_is_not(catalog: Catalog) -> None:
    assert catalog.exercise("lateral-band-walk").sustained
    assert not catalog.exercise("clamshell").sustained


@pytest.mark.parametrize(
    "slug",
    [
        "lacrosse-ball-release",
        "active-stretch",
        "post-isometric-relaxation",
        "myofascial-release",
        "active-release-technique",
        "strain-counterstrain",
        "foam-roll",
    ],
)
def test_modalities_take_a_muscle_parameter(catalog: Catalog, slug: str) -> None:
    exercise = catalog.exercise(slug)
    assert exercise.muscle_parameter
    assert exercise.kind.relaxes
    assert exercise.muscles


def test_every_kind_is_represented(catalog: Catalog) -> None:
    assert {e.kind for e in catalog.exercises.values()} == set(ExerciseKind)


def test_instructions_are_written(catalog: Catalog) -> None:
    assert all(e.instruction.strip() for e in catalog.exercises.values())


def test_templates_name_real_exercises(catalog: Catalog) -> None:
    templates = shipped_templates()
    assert len(templates) >= 5
    for template in templates:
        for block in template.blocks:
            exercise = catalog.exercise(block.exercise)
            if exercise.muscle_parameter:
                assert block.muscle in exercise.muscles, (template.slug, block)


def test_unknown_reference_is_reported_clearly() -> None:
    muscles = {
        "muscles": [
            {
                "slug": "a",
                "name": "A",
                "region": "hip",
                "layer": "deep",
                "views": ["back"],
                "janda": "phasic",
                "compensators": ["zzz"],
            }
        ]
    }
    with pytest.raises(CatalogError, match="unknown muscle 'zzz'"):
        parse_catalog(muscles, {"exercises": []})
