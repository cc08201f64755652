"""`equitone exercise picture`: any shipped exercise as a PNG or SVG, start or end, either
side, any sensible width; one-line errors and no file for the rest."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QTransform

from .conftest import Run

pytestmark = pytest.mark.usefixtures("qapp")


def test_png_start_and_end_differ(run: Run, tmp_path: Path) -> None:
    start, end = tmp_path / "start.png", tmp_path / "end.png"
    for frame, path in (("start", start), ("end", end)):
        code, out, err = run("exercise", "picture", "clamshell", "-o", str(path),
                             "--frame", frame, "--width", "480")
        assert code == 0, err
        assert out.strip() == str(path)
    images = [QImage(str(p)) for p in (start, end)]
    assert all(image.width() == 480 and image.height() > 100 for image in images)
    assert images[0] != images[1]


def test_left_is_the_mirror_image_of_right(run: Run, tmp_path: Path) -> None:
    paths = {side: tmp_path / f"{side}.png" for side in ("left", "right")}
    for side, path in paths.items():
        assert run("exercise", "picture", "hip-hike", "-o", str(path), "--side", side,
                   "--frame", "end", "--width", "300")[0] == 0
    left, right = (QImage(str(paths[s])) for s in ("left", "right"))
    flipped = left.transformed(QTransform().scale(-1, 1))
    assert flipped.size() == right.size()
    different = sum(
        1 for x in range(0, right.width(), 3) for y in range(0, right.height(), 3)
        if _far(flipped.pixelColor(x, y), right.pixelColor(x, y)))
    assert different < 0.01 * (right.width() // 3) * (right.height() // 3)  # antialiasing


def _far(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 90


def test_svg_and_a_technique_on_a_chosen_muscle(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "ball.svg"
    code, _out, err = run("exercise", "picture", "lacrosse-ball-release", "--muscle",
                          "gluteus-maximus", "-o", str(path))
    assert code == 0, err
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg") and root.get("width") == "600"


@pytest.mark.parametrize(("args", "message"), [
    (("no-such-exercise",), "Unknown exercise 'no-such-exercise'."),
    (("clamshell", "--width", "0"), "the width must be 16–4000 pixels, not 0"),
    (("clamshell", "--width", "100000"), "the width must be 16–4000 pixels, not 100000"),
    (("clamshell", "--width", "wide"), "'wide' is not a whole number"),
    (("clamshell", "--frame", "middle"), "invalid choice: 'middle'"),
    (("lacrosse-ball-release", "--muscle", "diaphragm"),
     "'diaphragm' is not one of Lacrosse-ball release's muscles."),
])
def test_bad_requests_are_one_line_errors(run: Run, tmp_path: Path, args: tuple[str, ...],
                                          message: str) -> None:
    target = tmp_path / "out.png"
    code, out, err = run("exercise", "picture", *args, "-o", str(target))
    assert code != 0 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert not target.exists()


@pytest.mark.parametrize("target", ["picture.jpg", "missing-folder/picture.png", "a-folder"])
def test_unwritable_targets_are_refused(run: Run, tmp_path: Path, target: str) -> None:
    (tmp_path / "a-folder").mkdir()
    code, _out, err = run("exercise", "picture", "clamshell", "-o", str(tmp_path / target))
    assert code != 0 and len(err.strip().splitlines()) == 1
    assert any(word in err for word in (".png or .svg", "does not exist", "is a folder"))


def test_a_file_that_cannot_be_written(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _out, err = run("exercise", "picture", "clamshell", "-o", str(blocker / "x.png"))
    assert code != 0 and "does not exist" in err
