"""Migration 0009 (own exercises' pictures) on a database made by 0008 with a clinic's own
exercise and shipped ones in it, on both engines: every row kept, no picture invented, and an
own exercise made before can be given a figure or a photo afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from equitone.storage.database import open_database
from equitone.storage.schema import HEAD_REVISION

from .migration_steps import seed_at, upgrade_then_downgrade
from .migration_steps import where as _where


def _exercise(slug: str, name: str, *, custom: bool) -> dict[str, Any]:
    return {"slug": slug, "name": name, "kind": "activation", "muscles": ["gluteus-medius"],
            "muscle_parameter": False, "sustained": False, "performer": "self", "sets": 2,
            "reps": 10, "hold_seconds": None, "rest_seconds": 45, "equipment": ["towel"],
            "instruction": "Press the towel {hold} into the floor.", "tags": [],
            "custom": custom, "retired": False}


ROWS: dict[str, list[dict[str, Any]]] = {
    "exercises": [
        _exercise("clamshell", "Clamshell", custom=False),
        _exercise("custom-towel-press", "Towel press «Zoë»", custom=True),
    ],
}
NEW = ("picture", "photo")


@pytest.fixture
def at_0008(empty_url: str) -> Iterator[str]:
    seed_at(empty_url, "0008_visit_record", ROWS)
    yield empty_url


def _dump(engine: Engine, skip: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("exercises")
                   if c["name"] not in skip]
        return [tuple(r) for r in conn.execute(
            text(f"SELECT {', '.join(columns)} FROM exercises WHERE custom = :yes "
                 "ORDER BY id"), {"yes": True})]


def test_upgrade_keeps_every_exercise_and_invents_no_picture(at_0008: str) -> None:
    engine = create_engine(at_0008)
    before = _dump(engine)
    engine.dispose()
    open_database(_where(at_0008)).close()
    engine = create_engine(at_0008)
    try:
        assert _dump(engine, NEW) == before  # the own exercise, exactly as it was
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION)
            rows = conn.execute(text("SELECT picture, photo FROM exercises")).all()
            assert rows and all(tuple(r) == (None, None) for r in rows)
    finally:
        engine.dispose()


def test_an_own_exercise_made_before_takes_a_picture_afterwards(at_0008: str,
                                                               tmp_path: Path) -> None:
    from equitone.domain.types import Dose, ExerciseKind
    from equitone.services.catalog import load_catalog
    from equitone.services.custom_exercises import ExerciseDraft, edit_exercise, get_exercise
    from equitone.services.workspace import open_workspace

    db = open_workspace(_where(at_0008))
    try:
        load_catalog.cache_clear()
        old = get_exercise(db, "custom-towel-press")
        assert old.picture is None and old.instruction == "Press the towel {hold} into the floor."
        edited = edit_exercise(db, old.slug, ExerciseDraft(
            name=old.name, kind=ExerciseKind.ACTIVATION, muscles=old.muscles,
            dose=Dose(2, 10, None, 45), base="side-lying-hook"))
        assert edited.picture is not None and edited.picture.base == "side-lying-hook"
    finally:
        db.close()


@pytest.mark.sqlite_only("downgrade exists for development on the file")
def test_downgrade_drops_the_columns_again(at_0008: str) -> None:
    upgrade_then_downgrade(at_0008, "0008_visit_record")
    engine = create_engine(at_0008)
    with engine.connect() as conn:
        assert not set(NEW) & {c["name"] for c in inspect(conn).get_columns("exercises")}
    engine.dispose()
