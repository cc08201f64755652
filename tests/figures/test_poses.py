"""The pose loader refuses what cannot be drawn or done, naming the exercise, the frame and
the joint or body part; and what it accepts lands where it should."""

from __future__ import annotations

from typing import Any

import pytest

from equitone.figures import FigureLibrary, PoseError
from equitone.figures.body import JOINTS
from equitone.figures.props import bottom

BASES: dict[str, Any] = {
    "standing": {"angles": {}, "contacts": [["foot.r", "floor"], ["foot.l", "floor"]]},
    "sitting": {"angles": {"hip.flex": 90, "knee.flex": 90},
                "contacts": [["foot.r", "floor"], ["foot.l", "floor"], ["pelvis", "chair"]]},
    "supine": {"angles": {"root.pitch": -91.5},
               "contacts": [["pelvis", "floor"], ["thorax", "floor"]]},
}


def library(exercises: dict[str, Any], modalities: dict[str, Any] | None = None
            ) -> FigureLibrary:
    return FigureLibrary(BASES, exercises, modalities or {})


def solve(exercises: dict[str, Any], key: str = "x",
          modalities: dict[str, Any] | None = None) -> None:
    library(exercises, modalities).check(key)


def test_an_angle_outside_its_joints_range_names_exercise_frame_and_joint() -> None:
    with pytest.raises(PoseError, match=r"^bad-knee, end: knee\.r flexion 170° is outside "
                                        r"its range -5…155°$"):
        library({"bad-knee": {"start": {}, "end": {"knee.r.flex": 170}}})


@pytest.mark.parametrize(("angles", "message"), [
    ({"elbow.l.abd": 10}, r"x, start: elbow\.l has no 'abd' \(it has flex, sup\)"),
    ({"ankel.r.dorsi": 5}, r"x, start: unknown joint 'ankel\.r'"),
    ({"root.spin": 5}, r"x, start: unknown body placement 'root\.spin'"),
    ({"hip.r.flex": "a lot"}, r"x, start: hip\.r\.flex must be a number of degrees"),
])
def test_typos_in_angles_are_named(angles: dict[str, Any], message: str) -> None:
    with pytest.raises(PoseError, match=message):
        library({"x": {"start": angles, "end": {}}})


def test_both_sides_shorthand_checks_each_side() -> None:
    lib = library({"x": {"start": {"hip.flex": 20}, "end": {}}})
    spec = lib.spec("x")
    assert spec is not None
    assert spec.frames["start"].angles["hip.r.flex"] == 20
    assert spec.frames["start"].angles["hip.l.flex"] == 20


@pytest.mark.parametrize(("entry", "message"), [
    ({"base": "floating", "start": {}, "end": {}}, r"unknown base position 'floating'"),
    ({"start": {}}, r"give a \"start\" and an \"end\" frame, or one \"hold\""),
    ({"hold": {}, "props": ["trampoline"]}, r"unknown prop 'trampoline'"),
    ({"hold": {}, "props": [{"prop": "dumbbell", "in": "tail.r"}]},
     r"unknown body point 'tail\.r'"),
    ({"hold": {}, "contacts": [["wing.r", "floor"]]}, r"unknown body part 'wing\.r'"),
    ({"hold": {}, "view": "underneath"}, r"unknown view 'underneath'"),
    ({"hold": {}, "props": [{"prop": "chair", "under": "pelvis", "placed_in": "start"}]},
     r"placed_in 'start', which is not one of its frames"),
])
def test_malformed_entries_are_refused(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(PoseError, match=r"^x[:,] .*" + message):
        library({"x": entry})


def test_a_body_through_the_floor_is_refused_naming_the_part() -> None:
    """Standing on the pelvis's contact: the legs would go into the ground."""
    exercises = {"x": {"hold": {"contacts": [["pelvis", "floor"]]}}}
    with pytest.raises(PoseError, match=r"^x, hold: (foot|shank|thigh)\.[rl] goes [\d.]+ cm "
                                        r"through the floor$"):
        solve(exercises)


def test_a_contact_that_does_not_touch_is_refused() -> None:
    exercises = {"x": {"start": {}, "end": {"hip.l.flex": 80, "knee.l.flex": 90}}}
    with pytest.raises(PoseError, match=r"^x, end: foot\.l should rest on the floor but is "
                                        r"[\d.]+ cm above it$"):
        solve(exercises)


def test_furniture_must_be_a_height_that_exists() -> None:
    """Sitting on a chair whose seat would be at standing hip height."""
    exercises = {"x": {"base": "sitting", "hold": {"hip.flex": 0, "knee.flex": 0,
                                                   "contacts": [["foot.r", "floor"],
                                                                ["pelvis", "chair"]]}}}
    with pytest.raises(PoseError, match=r"^x, hold: pelvis rests on the chair at \d+ cm, but "
                                        r"a chair is 38–56 cm high$"):
        solve(exercises)


def test_a_ball_must_be_between_the_body_and_the_floor() -> None:
    modalities = {"ball": {
        "tool": {"prop": "lacrosse-ball", "at": "muscle", "against": "floor"},
        "poses": {"stand": {"base": "standing", "hold": {}}},
        "muscles": {"gluteus-medius": "stand"}}}
    with pytest.raises(PoseError, match=r"^ball:gluteus-medius, hold: the lacrosse-ball is "
                                        r"not between the body and the floor"):
        solve({}, "ball:gluteus-medius", modalities)


def test_a_wall_must_touch_what_it_should() -> None:
    exercises: dict[str, Any] = {"x": {"hold": {}, "props": [
        {"prop": "wall", "side": "-x", "touch": ["thorax", "pelvis"]}]}}
    solve(exercises)  # back and buttocks touch a wall behind a standing body…
    exercises["x"]["hold"] = {"shoulder.r.flex": 90}
    exercises["x"]["props"][0]["touch"].append("hand.r")
    with pytest.raises(PoseError, match=r"^x, hold: hand\.r should touch the wall but is "
                                        r"[\d.]+ cm from it$"):
        solve(exercises)  # …not once the hand reaches forward


def test_placed_bodies_rest_on_the_floor() -> None:
    lib = library({"x": {"base": "supine", "hold": {}}, "y": {"start": {}, "end": {}}})
    for key, frame in (("x", "hold"), ("y", "start")):
        spec = lib.spec(key)
        assert spec is not None
        posed = lib.placed(spec, frame).posed
        assert abs(posed.lowest()) < 0.01
    standing = lib.placed(lib.spec("y"), "start").posed  # type: ignore[arg-type]
    assert abs(bottom(standing, ["foot.r"])) < 0.01 and abs(bottom(standing, ["foot.l"])) < 0.01


def test_every_joint_range_contains_neutral() -> None:
    """Zero is standing at ease: every joint must allow it."""
    for name, dofs in JOINTS.items():
        for dof in dofs:
            assert dof.low <= 0 <= dof.high, f"{name}.{dof.name}"
