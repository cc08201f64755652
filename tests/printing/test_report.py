"""Progress report: maps, six charts, changes, sessions and PSFS."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from equitone.printing import render_report
from tests.printing.samples import CHART_TITLES, sample_report

from . import pdftools
from .conftest import Pictures


@pytest.fixture
def report(pictures: Pictures):  # type: ignore[no-untyped-def]
    return sample_report(map_then=pictures.body_map, map_now=pictures.body_map)


def test_report_content(tmp_path: Path, report) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "report.pdf"
    render_report(report, pdf)

    text = re.sub(r"\s+", " ", pdftools.text(pdf))
    assert "Progress report" in text
    assert "Maria Keller" in text
    assert "2 Sep 2026 – 25 Nov 2026" in text
    assert "Then — 2 Sep 2026" in text and "Now — 22 Nov 2026" in text
    for title in CHART_TITLES:
        assert title in text
    assert "Underactive · 6/10" in text and "Balanced · 2/10" in text
    assert "Worse (+1): review load" in text
    for _day, session in report.sessions:
        assert session in text
    assert "Sessions delivered (8)" in text
    assert "Mean score 4.3 → 6.7" in text
    assert "Page 1 of" in text
    pdftools.assert_sound(pdf)


def test_report_metadata_and_pages(tmp_path: Path, report) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "report.pdf"
    render_report(report, pdf)
    meta = pdftools.info(pdf)
    assert meta["Title"] == "Progress report — Maria Keller — 2026-09-02 to 2026-11-25"
    assert meta["Author"] == "Dr. Anna Weber"
    assert "Progress report" in meta["Subject"]
    assert 1 <= int(meta["Pages"]) <= 3


def test_report_on_letter(tmp_path: Path, report) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "report.pdf"
    render_report(replace(report, paper="letter"), pdf)
    assert pdftools.info(pdf)["Page size"].endswith("(letter)")
    pdftools.assert_sound(pdf)


def test_odd_chart_count_and_empty_sections(tmp_path: Path, report) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "report.pdf"
    sparse = replace(
        report,
        charts=report.charts[:3],
        changes=(),
        sessions=(),
        psfs_text="",
        map_now=None,
        patient_name="王小明",
    )
    render_report(sparse, pdf)
    text = pdftools.text(pdf)
    assert "No tagged muscles in this period." in text
    assert "No sessions in this period." in text
    assert "No picture available." in text
    assert "王小明" in text
    pdftools.assert_sound(pdf)
