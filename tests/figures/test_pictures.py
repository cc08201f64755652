"""What a picture shows: the worked muscle on the side asked for (a mirror image for the
left), in its tone state's colour and hatch when tagged, the movement's ghost and arrow, and
an SVG any viewer reads."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from equitone.domain.types import Side, ToneState
from equitone.figures import frames_for, picture, style
from equitone.figures.geometry import path_bounds
from equitone.figures.scene import Scene, Shape
from equitone.figures.svg import to_svg
from equitone.looks import TONE_LOOKS


def _scene(slug: str, **kwargs: object) -> Scene:
    scene = picture(slug, **kwargs)  # type: ignore[arg-type]
    assert scene is not None
    return scene


def _muscles(scene: Scene, prefix: str) -> list[Shape]:
    return [s for s in scene.shapes if s.role == "muscle" and s.key.startswith(prefix)]


def _centre_x(shapes: list[Shape]) -> float:
    boxes = [path_bounds(s.path) for s in shapes]
    return sum((b[0] + b[2]) / 2 for b in boxes) / len(boxes)


def _body_centre_x(scene: Scene) -> float:
    trunk = [s for s in scene.shapes if s.role == "body" and s.key == "trunk"]
    return _centre_x(trunk)


@pytest.mark.parametrize("slug", ["lateral-raise", "lateral-band-walk"])
def test_front_view_puts_the_worked_side_where_the_patient_has_it(slug: str) -> None:
    """Seen from the front, the patient's right is on the picture's left."""
    muscle = {"lateral-raise": "lateral-deltoid", "lateral-band-walk": "gluteus-medius"}[slug]
    right = _scene(slug, frame="end", side=Side.RIGHT, muscles=(muscle,))
    left = _scene(slug, frame="end", side=Side.LEFT, muscles=(muscle,))
    worked_right = _muscles(right, f"{muscle}:right")
    worked_left = _muscles(left, f"{muscle}:left")
    assert worked_right and worked_left
    assert not _muscles(right, f"{muscle}:left") and not _muscles(left, f"{muscle}:right")
    assert _centre_x(worked_right) < _body_centre_x(right)
    assert _centre_x(worked_left) > _body_centre_x(left)


def _cues(scene: Scene) -> dict[str, int]:
    found: dict[str, int] = {}
    for shape in scene.shapes:
        if shape.key in ("hair", "face", "eye", "ear", "toes"):
            found[shape.key] = found.get(shape.key, 0) + 1
    return found


@pytest.mark.parametrize("side", [Side.RIGHT, Side.LEFT])
def test_front_and_back_views_can_be_told_apart(side: Side) -> None:
    """Without a face a figure seen from the front is the figure seen from the back: the
    front shows the face, both eyes and the toes; the back only hair; a side view one eye."""
    front = _cues(_scene("lateral-band-walk", frame="start", side=side))  # seen from the front
    back = _cues(_scene("hip-hike", frame="start", side=side))  # seen from behind
    profile = _cues(_scene("glute-bridge", frame="start", side=side))  # from the side
    assert front["eye"] == 2 and front["face"] == 1 and front["ear"] == 2
    assert front["toes"] == 2  # both feet point at the viewer
    assert back["hair"] == 1 and "face" not in back and "eye" not in back
    assert "toes" not in back and back["ear"] == 2
    assert profile["eye"] == 1 and profile["ear"] == 1 and "toes" not in profile


def test_a_hand_in_front_of_the_face_covers_it() -> None:
    """The face is drawn with the head, under the arms: a hand pressing the forehead covers
    it rather than the eyes floating on top of the hand."""
    scene = _scene("neck-isometric-flexion", frame="end")
    keys = [s.key for s in scene.shapes]
    assert keys.index("face") < max(i for i, k in enumerate(keys) if k.startswith("arm."))


def test_both_sides_highlights_both() -> None:
    scene = _scene("lateral-raise", frame="end", side=None, muscles=("lateral-deltoid",))
    assert _muscles(scene, "lateral-deltoid:right") and _muscles(scene, "lateral-deltoid:left")


def test_the_left_side_is_the_mirror_image_of_the_right() -> None:
    right = _scene("clamshell", frame="end", side=Side.RIGHT, muscles=("gluteus-medius",))
    left = _scene("clamshell", frame="end", side=Side.LEFT, muscles=("gluteus-medius",))
    assert len(right.shapes) == len(left.shapes)
    mirrored = (-right.bounds[2], right.bounds[1], -right.bounds[0], right.bounds[3])
    assert left.bounds == pytest.approx(mirrored)
    for a, b in zip(right.shapes, left.shapes, strict=True):
        # same shapes in the same order, each where its mirror image is (the outlines'
        # curves may be split at other points, so compare where they sit, not every point)
        assert (a.role, a.key.split(":")[0]) == (b.role, b.key.split(":")[0])
        ax0, ay0, ax1, ay1 = path_bounds(a.path)
        bx0, by0, bx1, by1 = path_bounds(b.path)
        assert (bx0 + bx1) / 2 == pytest.approx(-(ax0 + ax1) / 2, abs=2.5)
        assert (by0 + by1) / 2 == pytest.approx((ay0 + ay1) / 2, abs=2.5)
    assert {s.key for s in left.shapes if s.role == "muscle"} == {"gluteus-medius:left"}


def test_a_tagged_muscle_takes_its_states_colour_and_hatch_on_that_side_only() -> None:
    states = {("gluteus-medius", Side.LEFT): ToneState.UNDERACTIVE}
    tagged = _muscles(_scene("hip-hike", frame="end", side=Side.LEFT, states=states,
                             muscles=("gluteus-medius",)), "gluteus-medius")
    plain = _muscles(_scene("hip-hike", frame="end", side=Side.RIGHT, states=states,
                            muscles=("gluteus-medius",)), "gluteus-medius")
    look = TONE_LOOKS[ToneState.UNDERACTIVE]
    assert tagged and all(s.style.fill == look.colour and s.style.hatch == look.hatch
                          for s in tagged)
    assert plain and all(s.style.fill == style.MUSCLE and s.style.hatch is None for s in plain)


def test_every_state_has_its_own_look() -> None:
    fills = set()
    for state in ToneState:
        scene = _scene("hip-hike", frame="end", side=Side.RIGHT, muscles=("gluteus-medius",),
                       states={("gluteus-medius", Side.RIGHT): state})
        (shape, *_rest) = _muscles(scene, "gluteus-medius")
        fills.add((shape.style.fill, shape.style.hatch))
    assert len(fills) == len(ToneState)


def test_end_frame_shows_where_it_started_and_which_way_it_goes() -> None:
    start = _scene("straight-leg-raise", frame="start", muscles=("rectus-femoris",))
    end = _scene("straight-leg-raise", frame="end", muscles=("rectus-femoris",))
    assert not [s for s in start.shapes if s.role in ("ghost", "arrow")]
    assert [s for s in end.shapes if s.role == "ghost"]
    assert [s for s in end.shapes if s.role == "arrow" and s.key == "head"]


def test_a_technique_shows_its_tool_on_the_chosen_muscle() -> None:
    assert frames_for("lacrosse-ball-release", "gluteus-maximus") == ("hold",)
    scene = _scene("lacrosse-ball-release", muscle="gluteus-maximus")
    assert [s for s in scene.shapes if s.role == "prop" and s.key == "lacrosse-ball"]
    assert _muscles(scene, "gluteus-maximus:right")
    hands = _scene("myofascial-release", muscle="upper-trapezius")
    assert [s for s in hands.shapes if s.role == "prop" and s.key == "hand"]


def test_no_picture_for_an_unknown_exercise() -> None:
    assert picture("juggling") is None
    assert frames_for("juggling") == ()


def test_svg_is_well_formed_and_sized() -> None:
    scene = _scene("hip-hike", frame="end", muscles=("gluteus-medius",),
                   states={("gluteus-medius", Side.RIGHT): ToneState.TIGHT})
    root = ET.fromstring(to_svg(scene, 400))
    assert root.get("width") == "400"
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f".//{ns}path")) > 20
    assert root.findall(f".//{ns}clipPath")  # the muscle kept inside its limb, the hatch too
