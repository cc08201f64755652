"""`equitone assess`, `assessment show|list`, `bodymap`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import Run, as_json


@pytest.fixture
def patient(run: Run) -> str:
    return run("patient", "add", "--name", "Zoë Ångström")[1].strip()


def test_assess_and_show_json_contract(run: Run, patient: str) -> None:
    code, out, err = run(
        "assess", "--patient", patient, "--date", "2026-03-01", "--clinician", "Dr Silva",
        "--tag", "gluteus-medius:left:underactive:3",
        "--tag", "tensor-fasciae-latae:both:overactive:7",
    )
    assert code == 0, err
    assessment_id = out.strip()
    data = as_json(run("assessment", "show", assessment_id, "--format", "json")[1])
    assert {"id", "patient_id", "date", "clinician", "tags"} <= set(data)
    assert data["date"] == "2026-03-01" and data["clinician"] == "Dr Silva"
    tags = {(t["muscle"], t["side"]): t for t in data["tags"]}
    assert set(tags) == {("gluteus-medius", "left"), ("tensor-fasciae-latae", "left"),
                         ("tensor-fasciae-latae", "right")}
    assert tags[("gluteus-medius", "left")]["state"] == "underactive"
    assert tags[("gluteus-medius", "left")]["tightness"] == 3
    assert {"muscle", "side", "state", "tightness", "strength", "tenderness", "pain",
            "rom_degrees", "ashworth"} <= set(tags[("gluteus-medius", "left")])
    text = run("assessment", "show", assessment_id, "--format", "text")[1]
    assert "gluteus-medius" in text and "underactive 3/10" in text


def test_assessment_list_newest_first(run: Run, patient: str) -> None:
    first = run("assess", "--patient", patient, "--date", "2026-01-01")[1].strip()
    second = run("assess", "--patient", patient, "--date", "2026-02-01")[1].strip()
    lines = run("assessment", "list", "--patient", patient)[1].strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == [second, first]


@pytest.mark.parametrize(
    ("tag", "fragment"),
    [
        ("unicorn:left:tight", "Unknown muscle 'unicorn'"),
        ("soleus:middle:tight", "Unknown side 'middle'"),
        ("soleus:left:sleepy", "Unknown state 'sleepy'"),
        ("soleus:left:tight:11", "between 0 and 10"),
        ("soleus:left:tight:x", "not a whole number"),
        ("soleus-left-tight", "should be MUSCLE:SIDE:STATE"),
    ],
)
def test_bad_tags_refused_and_nothing_written(
    run: Run, patient: str, tag: str, fragment: str
) -> None:
    code, _, err = run("assess", "--patient", patient, "--tag", "soleus:left:tight:4",
                       "--tag", tag)
    assert code != 0 and fragment in err and len(err.strip().splitlines()) == 1
    assert run("assessment", "list", "--patient", patient)[1].strip() == ""


def test_unknown_patient_and_assessment(run: Run) -> None:
    code, _, err = run("assess", "--patient", "77", "--tag", "soleus:left:tight")
    assert code != 0 and "no patient with id 77" in err
    code, _, err = run("assessment", "show", "77")
    assert code != 0 and "no assessment with id 77" in err


def test_bodymap_png_and_svg(run: Run, patient: str, tmp_path: Path) -> None:
    assessment = run("assess", "--patient", patient,
                     "--tag", "gluteus-medius:both:underactive:3")[1].strip()
    png = tmp_path / "map.png"
    code, _, err = run("bodymap", "--assessment", assessment, "-o", str(png),
                       "--view", "back", "--width", "300")
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "map.svg"
    code, _, err = run("bodymap", "--assessment", assessment, "-o", str(svg),
                       "--view", "back", "--layer", "deep")
    assert code == 0, err
    assert ET.parse(svg).getroot().tag.endswith("svg")


def test_bodymap_bad_output(run: Run, patient: str, tmp_path: Path) -> None:
    assessment = run("assess", "--patient", patient)[1].strip()
    code, _, err = run("bodymap", "--assessment", assessment, "-o", str(tmp_path / "x.gif"))
    assert code != 0 and ".png or .svg" in err
    code, _, err = run("bodymap", "--assessment", assessment,
                       "-o", str(tmp_path / "missing" / "x.png"))
    assert code != 0 and "does not exist" in err


def test_several_states_per_side_and_the_old_form(run: Run, patient: str) -> None:
    code, out, err = run(
        "assess", "--patient", patient, "--date", "2026-03-01", "--neurological",
        "--tag", "gluteus-medius:left:underactive+tender:3",
        "--tag", "hamstrings:both:underactive+tight",
        "--tag", "soleus:right:tight:5",
    )
    assert code == 0, err
    data = as_json(run("assessment", "show", out.strip(), "--format", "json")[1])
    assert data["neurological"] is True
    tags = {(t["muscle"], t["side"]): t for t in data["tags"]}
    gm = tags[("gluteus-medius", "left")]
    assert (gm["state"], gm["states"], gm["tightness"]) == (
        "underactive", ["underactive", "tender"], 3)
    assert gm["grades"] == {"underactive": None, "tender": None}
    # the primary state is the clinically most pressing one, whatever the order typed
    assert tags[("hamstrings", "right")]["state"] == "tight"
    assert tags[("hamstrings", "right")]["states"] == ["tight", "underactive"]
    assert tags[("soleus", "right")]["states"] == ["tight"]
    for tag in tags.values():  # every key the output had before, and the new ones
        assert {"muscle", "side", "state", "tightness", "grade", "note", "strength",
                "tenderness", "pain", "rom_degrees", "ashworth", "states", "rom_test",
                "measures_not_applying"} <= set(tag)
    text = run("assessment", "show", out.strip())[1]
    assert "underactive + tender 3/10" in text and "Neurological presentation" in text
    listed = as_json(run("assessment", "list", "--patient", patient, "--format", "json")[1])
    assert listed[0]["tags"][0]["states"]


@pytest.mark.parametrize(
    ("tag", "fragment"),
    [
        ("soleus:left:tight+sleepy:3", "Unknown state 'sleepy'"),
        ("soleus:left:tight+tight", "names tight twice"),
        ("soleus:left:tight+balanced", "cannot be combined"),
        ("soleus:left:+tight", "Unknown state ''"),
    ],
)
def test_bad_state_lists_refused_and_nothing_written(
    run: Run, patient: str, tag: str, fragment: str
) -> None:
    code, _, err = run("assess", "--patient", patient, "--tag", tag)
    assert code != 0 and fragment in err and len(err.strip().splitlines()) == 1
    assert run("assessment", "list", "--patient", patient)[1].strip() == ""
