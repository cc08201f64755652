"""Every exercise in the shipped catalog (and every template's blocks) has its pictures:
start and end for a movement, one frame per muscle for a technique applied to a muscle, each
one a pose that can be done, with the worked muscle visible."""

from __future__ import annotations

import pytest

from equitone.domain.catalog import Catalog, Template
from equitone.domain.types import Exercise, ExerciseKind, Side
from equitone.figures import PoseError, library
from equitone.figures.scene import Scene
from equitone.services.catalog import shipped_catalog, shipped_templates

MOVES = {ExerciseKind.ACTIVATION, ExerciseKind.EXPLOSIVE, ExerciseKind.POSTURAL,
         ExerciseKind.STRETCH}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def _targets(exercise: Exercise) -> list[str | None]:
    return list(exercise.muscles) if exercise.muscle_parameter else [None]


def _problems_for(exercise: Exercise) -> list[str]:
    lib = library()
    problems: list[str] = []
    for muscle in _targets(exercise):
        where = exercise.slug + (f" on {muscle}" if muscle else "")
        spec = lib.spec(exercise.slug, muscle)
        if spec is None:
            problems.append(f"{where}: no pose yet")
            continue
        if exercise.muscle_parameter and spec.frame_names != ("hold",):
            problems.append(f"{where}: a technique on a muscle has one frame, "
                            f"not {spec.frame_names}")
        if exercise.kind in MOVES and not exercise.muscle_parameter and \
                spec.frame_names != ("start", "end"):
            problems.append(f"{where}: a movement needs a start and an end frame")
        try:
            lib.check(spec.key)
        except PoseError as exc:
            problems.append(str(exc))
    return problems


def test_every_catalog_exercise_has_valid_frames(catalog: Catalog) -> None:
    problems = [p for e in catalog.exercises.values() for p in _problems_for(e)]
    assert not problems, "\n".join(problems)


def _muscle_shown(scene: Scene, muscle: str, roles: tuple[str, ...] = ("muscle",)) -> bool:
    return any(s.role in roles and s.key.startswith(muscle + ":") for s in scene.shapes)


def test_the_worked_muscle_is_visible(catalog: Catalog) -> None:
    """In at least one frame, an exercise's first target is drawn on the side facing the
    viewer (a view from the wrong side would hide it). A technique's muscle may sit on the
    far side (a ball under it, a stretch that does not face it): it is then drawn faintly,
    but drawn. Where no view of a movement shows its muscle, the pose says "xray"."""
    lib = library()
    hidden = []
    for exercise in catalog.exercises.values():
        for muscle in _targets(exercise):
            spec = lib.spec(exercise.slug, muscle)
            if spec is None:
                continue  # reported by the test above
            wanted = muscle or exercise.muscles[0]
            roles = ("muscle", "muscle-behind") if muscle or spec.xray else ("muscle",)
            frames = [lib.picture(spec, frame=f, side=Side.RIGHT, muscles=(wanted,))
                      for f in spec.frame_names]
            if not any(_muscle_shown(scene, wanted, roles) for scene in frames):
                hidden.append(f"{exercise.slug}: {wanted}")
    assert not hidden, "muscle not visible:\n" + "\n".join(hidden)


def test_every_template_block_has_pictures(catalog: Catalog) -> None:
    templates: list[Template] = shipped_templates()
    assert templates
    lib = library()
    missing = [f"{t.slug}: {b.exercise} {b.muscle or ''}".strip()
               for t in templates for b in t.blocks
               if lib.spec(b.exercise, b.muscle) is None]
    assert not missing, "\n".join(missing)


def test_techniques_cover_every_muscle_they_list(catalog: Catalog) -> None:
    """A muscle added to a technique's list in the catalog shows up here until it has a
    pose (the loader itself never fails over a muscle it has no pose for)."""
    lib = library()
    gaps = [f"{e.slug}: {m}" for e in catalog.exercises.values() if e.muscle_parameter
            for m in e.muscles if lib.spec(e.slug, m) is None]
    assert not gaps, "\n".join(gaps)


def test_pose_files_have_no_poses_for_unknown_exercises(catalog: Catalog) -> None:
    """A renamed exercise leaves its old pose behind: keep the files in step."""
    lib = library()
    slugs = set(catalog.exercises)
    stale = [key for key in lib.figure_keys() if key.split(":")[0] not in slugs]
    assert not stale, "\n".join(stale)
