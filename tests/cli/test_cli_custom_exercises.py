"""`equitone exercise add|edit|list|show` and `picture` for the clinic's own exercises: the
usual --format json (the catalog's keys, and the picture), one-line errors, nothing stored
for a bad photo, and hostile names printed safely."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QImage

from .conftest import Run, as_json

pytestmark = pytest.mark.usefixtures("qapp")

HOSTILE = "Press\x1b[2J\u202e «Zoë» <b>"


def _add(run: Run, *extra: str) -> tuple[int, str, str]:
    return run("exercise", "add", "--name", "Towel press", "--kind", "activation",
               "--muscle", "gluteus-medius", "--reps", "10", "--rest", "30",
               "--instruction", "Press the towel down.", *extra)


def test_add_list_show_and_edit(run: Run) -> None:
    code, out, err = _add(run, "--pose", "side-lying")
    assert code == 0, err
    assert out.strip() == "own-towel-press"
    code, out, _err = run("exercise", "show", "own-towel-press", "--format", "json")
    shown = as_json(out)
    catalog = as_json(run("catalog", "exercises", "--format", "json")[1])
    assert set(catalog[0]) <= set(shown)  # the catalog's keys, none renamed
    assert shown["custom"] is True and shown["sets"] == 2 and shown["reps"] == 10
    assert shown["picture"] == {"kind": "base", "base": "side-lying", "like": None,
                                "media_type": None, "width": None, "height": None}
    code, out, err = run("exercise", "edit", "own-towel-press", "--hold", "5", "--like",
                         "clamshell", "--format", "json")
    assert code == 0, err
    edited = as_json(out)
    assert edited["hold_seconds"] == 5 and edited["reps"] == 10  # only what was given
    assert edited["instruction"] == "Press the towel down."
    assert edited["picture"]["kind"] == "like" and edited["picture"]["like"] == "clamshell"
    listed = as_json(run("exercise", "list", "--own", "--format", "json")[1])
    assert [e["slug"] for e in listed] == ["own-towel-press"]
    code, out, _err = run("exercise", "list", "--own")
    assert "own-towel-press" in out and "like clamshell" in out
    code, out, _err = run("exercise", "show", "own-towel-press")
    assert "figure in the pose of clamshell" in out and "2 × 10 × 5 s hold, rest 30 s" in out


def test_a_photo_and_the_pictures_of_own_exercises(run: Run, tmp_path: Path) -> None:
    photo = tmp_path / "shot.jpg"
    Image.effect_noise((1600, 900), 50).convert("RGB").save(photo, quality=90)
    code, out, err = _add(run, "--photo", str(photo), "--format", "json")
    assert code == 0, err
    picture = as_json(out)["picture"]
    assert picture["kind"] == "photo" and (picture["width"], picture["height"]) == (1200, 675)
    png, svg = tmp_path / "own.png", tmp_path / "own.svg"
    assert run("exercise", "picture", "own-towel-press", "-o", str(png), "--width", "300")[0] \
        == 0
    assert QImage(str(png)).width() == 300
    assert run("exercise", "picture", "own-towel-press", "-o", str(svg))[0] == 0
    image = ET.fromstring(svg.read_text(encoding="utf-8")).find(
        "{http://www.w3.org/2000/svg}image")
    assert image is not None and (image.get("href") or "").startswith("data:image/")
    assert _add(run, "--pose", "sitting")[0] == 0
    figure = tmp_path / "figure.png"
    code, _out, err = run("exercise", "picture", "own-towel-press-2", "-o", str(figure),
                          "--side", "left")
    assert code == 0, err
    assert QImage(str(figure)).height() > 100


@pytest.mark.parametrize(("content", "message"), [
    (b"not a picture at all", "it is not a PNG or JPEG image"),
    (b"", "it is empty"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "it is damaged or incomplete"),
])
def test_a_bad_photo_is_one_line_and_nothing_is_stored(
        run: Run, tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(content)
    code, out, err = _add(run, "--photo", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("equitone: error: bad.jpg cannot be used as a photo: ")
    assert message in err and err.count("\n") == 1
    assert as_json(run("exercise", "list", "--own", "--format", "json")[1]) == []


@pytest.mark.parametrize(("args", "code", "message"), [
    (("show", "no-such"), 3, "There is no exercise 'no-such'."),
    (("edit", "clamshell", "--reps", "3"), 2, "cannot be edited; add your own version"),
    (("add", "--name", "X", "--kind", "activation", "--muscle", "spleen", "--reps", "3"), 2,
     "Unknown muscle(s): spleen"),
    (("add", "--name", "X", "--kind", "activation", "--muscle", "gluteus-medius"), 2,
     "Give the dose reps, a hold in seconds, or both."),
    (("add", "--name", "X", "--kind", "activation", "--muscle", "gluteus-medius",
      "--reps", "3", "--pose", "handstand"), 2, "Unknown position 'handstand'"),
    (("add", "--name", "X", "--kind", "activation", "--muscle", "gluteus-medius",
      "--reps", "0"), 2, "give 1–200, not 0"),
    (("add", "--name", "X", "--kind", "activation", "--muscle", "gluteus-medius",
      "--reps", "3", "--pose", "sitting", "--like", "clamshell"), 2, "not allowed with"),
])
def test_bad_input_is_one_line(run: Run, args: tuple[str, ...], code: int,
                               message: str) -> None:
    got, out, err = run("exercise", *args)
    assert got == code and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_hostile_names_print_safely(run: Run) -> None:
    code, out, err = run("exercise", "add", "--name", HOSTILE, "--kind", "stretch",
                         "--muscle", "hamstrings", "--hold", "30")
    assert code == 0, err
    slug = out.strip()
    code, out, _err = run("exercise", "show", slug)
    assert "\x1b" not in out and "\u202e" not in out and "\\x1b[2J" in out
    assert "«Zoë» <b>" in out
    assert as_json(run("exercise", "show", slug, "--format", "json")[1])["name"] == HOSTILE
    code, out, _err = run("exercise", "list", "--own")
    assert "\x1b" not in out and "\\u202e" in out
