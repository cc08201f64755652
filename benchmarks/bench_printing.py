"""Printing benchmark (issues 5 and 13): a one-page session plan and a 6-chart progress report,
each side by side in the same run with a bare reportlab document of the same text; and the
first PDF of a new process.

Run:  .venv/bin/python benchmarks/bench_printing.py [--runs 15]
Goals: the plan under 300 ms and within 3x the bare document; the report under 2 s; the first
plan a new process prints under 250 ms (median of --runs processes, each rendering the plan
once: reportlab imported and the fonts read on the way; its pictures drawn beforehand, as
the app's cache would hold them).

The documents are the realistic samples (tests/printing/samples.py) with real pictures
from the production code: cropped exercise thumbnails and front/back body maps, drawn
offscreen once (as the app's cache would hold them). The bare document is a plain platypus
story of the same strings in the same embedded font (the issue requires an embedded Unicode
font; Helvetica cannot print 王小明): no pictures, no tables, no styling — the floor a
document of that text cannot beat. The Helvetica variant is printed too. Each figure is the
median of warm runs (reportlab imported, fonts registered); the first, cold render is printed
as well, and so is the whole job from the demo database (pictures drawn, data read), which
is what the app's File → Print… costs. Prints lines "name: value unit (goal ...)".
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from budget import Figure, main

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the sample documents are test data (tests/printing/samples.py)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SRC = Path(__file__).resolve().parents[1] / "src"
PLAN_GOAL_MS = 300.0
PLAN_RATIO_GOAL = 3.0
REPORT_GOAL_MS = 2000.0
FIRST_PDF_GOAL_MS = 250.0
PLAN_BLOCKS = 4  # with the header, notes, warm-down, weekly log and notes lines: one A4 page


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def paired_ms(
    ours: Callable[[], object], bare: Callable[[], object], runs: int
) -> tuple[float, float, float]:
    """Medians of ``ours`` and ``bare`` run alternately (a busy neighbour on the machine slows
    both alike), and the median of the per-pair ratios."""
    mine, floor, ratios = [], [], []
    for _ in range(runs):
        a = once_ms(ours)
        b = once_ms(bare)
        mine.append(a)
        floor.append(b)
        ratios.append(a / b)
    return statistics.median(mine), statistics.median(floor), statistics.median(ratios)


def once_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def plan_strings(doc: object) -> list[str]:
    from equitone.printing.model import PlanDocument

    assert isinstance(doc, PlanDocument)
    texts = [doc.clinic.name, doc.clinic.address, doc.clinic.contact, "Your exercise plan",
             doc.patient_name, doc.session_date.isoformat(), doc.frequency_text, "Exercises"]
    for block in doc.blocks:
        texts += [f"{block.position}. {block.exercise_name}", block.instruction, *block.cues,
                  f"Dose {block.dose_text} Side {block.side_text}", block.reason]
    texts += ["Warm-down", "Weekly log"] + [f"Week {n}" for n in range(1, 5)]
    texts += ["Clinician's notes", doc.clinician_notes]
    return [t for t in texts if t]


def report_strings(doc: object) -> list[str]:
    from equitone.printing.model import ReportDocument

    assert isinstance(doc, ReportDocument)
    texts = [doc.clinic.name, "Progress report", doc.patient_name, doc.then_label,
             doc.now_label, "Tightness trends"]
    texts += [chart.title for chart in doc.charts]
    texts += [f"{c.muscle} {c.side} {c.then_state} {c.now_state} {c.change_text}"
              for c in doc.changes]
    texts += [f"{day.isoformat()} {text}" for day, text in doc.sessions]
    texts += [doc.psfs_text, *doc.flags_text]
    return [t for t in texts if t]


def bare_document(texts: Iterable[str], *, embedded: bool) -> bytes:
    """The floor: the same strings as plain paragraphs, in the base-14 Helvetica (nothing
    to embed) or in the same embedded DejaVu Sans our documents must use."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from equitone.printing.fonts import REGULAR, register_fonts

    body = getSampleStyleSheet()["BodyText"]
    if embedded:
        register_fonts()
        body = ParagraphStyle("bare", parent=body, fontName=REGULAR)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, initialFontName=REGULAR if embedded else None)
    doc.build([Paragraph(escape(t), body) for t in texts])
    return out.getvalue()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", pdf))


def _documents() -> tuple[object, object]:
    """The sample plan (with its thumbnails) and report (with its maps), pictures drawn."""
    from equitone.offscreen import ensure_application

    ensure_application()
    from tests.printing.samples import sample_plan, sample_report

    from equitone.bodymap.pictures import body_map_image, exercise_thumbnail, map_panels
    from equitone.domain.types import Side, ToneState

    thumbs = [exercise_thumbnail(("gluteus-medius",), (Side.LEFT, Side.RIGHT), relax)
              for relax in (False, True)]
    then = {("gluteus-medius", Side.LEFT): ToneState.UNDERACTIVE,
            ("tensor-fasciae-latae", Side.LEFT): ToneState.OVERACTIVE,
            ("quadratus-lumborum", Side.RIGHT): ToneState.OVERACTIVE}
    now = {key: ToneState.BALANCED for key in then}
    panels = map_panels(then, now)
    plan = sample_plan(blocks=PLAN_BLOCKS, thumbnail=thumbs[0])
    plan = replace(plan, blocks=tuple(
        replace(b, thumbnail=thumbs[1] if b.relaxing else thumbs[0]) for b in plan.blocks))
    report = sample_report(
        map_then=body_map_image(then, panels), map_now=body_map_image(now, panels)
    )
    assert len(report.charts) == 6
    return plan, report


FIRST_PDF = """
import io, json, sys, time
sys.path.insert(0, sys.argv[1])
from bench_printing import _documents
plan, _report = _documents()
wall, cpu = time.perf_counter(), time.process_time()
from equitone.printing import render_plan
render_plan(plan, io.BytesIO())
print(json.dumps([(time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000]))
"""


def first_pdf_ms(runs: int) -> tuple[float, float]:
    """Median (wall, CPU) milliseconds of the first plan PDF in `runs` new processes."""
    # An installed app runs from bytecode; an editable checkout under
    # PYTHONDONTWRITEBYTECODE=1 would compile every module it imports, every time.
    compileall.compile_dir(str(SRC), quiet=1)
    here = str(Path(__file__).resolve().parent)
    times = [json.loads(subprocess.run(
        [sys.executable, "-c", FIRST_PDF, here], capture_output=True, text=True, check=True,
    ).stdout.splitlines()[-1]) for _ in range(runs + 1)][1:]  # the first warms the file cache
    return (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    first_wall, first_cpu = first_pdf_ms(max(3, args.runs // 2))
    yield Figure("first plan PDF of a new process", first_wall, goal=FIRST_PDF_GOAL_MS,
                 note=f"CPU {first_cpu:.0f} ms; reportlab imported and fonts read on the way")
    from equitone.printing import render_plan, render_report

    plan, report = _documents()

    def render_plan_bytes() -> bytes:
        out = io.BytesIO()
        render_plan(plan, out)
        return out.getvalue()

    def render_report_bytes() -> bytes:
        out = io.BytesIO()
        render_report(report, out)
        return out.getvalue()

    plan_texts, report_texts = plan_strings(plan), report_strings(report)
    cold_plan = once_ms(render_plan_bytes)  # includes importing reportlab and font parsing
    cold_report = once_ms(render_report_bytes)
    plan_pages = pages(render_plan_bytes())
    report_pages = pages(render_report_bytes())
    bare_plan_pages = pages(bare_document(plan_texts, embedded=True))

    plan_ms, bare_plan_ms, ratio = paired_ms(
        render_plan_bytes, lambda: bare_document(plan_texts, embedded=True), args.runs
    )
    _ours, bare_plan_h_ms, ratio_h = paired_ms(
        render_plan_bytes, lambda: bare_document(plan_texts, embedded=False), args.runs
    )
    report_ms, bare_report_ms, report_ratio = paired_ms(
        render_report_bytes, lambda: bare_document(report_texts, embedded=True), args.runs
    )

    yield Figure("plan pages", plan_pages, "pages", 1, at_most=True,
                 note=f"{PLAN_BLOCKS} blocks, with thumbnails; bare document {bare_plan_pages}")
    yield Figure("plan render", plan_ms, goal=PLAN_GOAL_MS)
    yield Figure("plan, bare reportlab", bare_plan_ms,
                 note="same text, same embedded font, plain paragraphs")
    yield Figure("plan vs bare", ratio, "x", PLAN_RATIO_GOAL, at_most=True)
    yield Figure("plan, bare in Helvetica", bare_plan_h_ms,
                 note=f"cannot print Zoë's or 王小明's name; {ratio_h:.1f} x")
    yield Figure("report pages", report_pages, "pages", note="6 charts, 2 body maps")
    yield Figure("report render", report_ms, goal=REPORT_GOAL_MS)
    yield Figure("report, bare reportlab", bare_report_ms, note="same text, same font")
    yield Figure("report vs bare", report_ratio, "x")
    yield Figure("plan, first render in this process", cold_plan,
                 note="after the pictures were drawn; reportlab import and fonts")
    yield Figure("report, first render", cold_report, note="after a plan")
    yield from _whole_jobs(args.runs)


def _whole_jobs(runs: int) -> Iterator[Figure]:
    """From the demo database to the PDF file, as File → Print… and the CLI do it."""
    from equitone.bodymap.pictures import QtPictures, exercise_thumbnail
    from equitone.services.demo import load_demo
    from equitone.services.patients import list_patients
    from equitone.services.printing import print_report, print_session
    from equitone.services.sessions import list_sessions
    from equitone.services.workspace import open_workspace

    folder = Path(tempfile.mkdtemp(prefix="equitone-bench-print-"))
    try:
        db = open_workspace(folder / "demo.sqlite3")
        load_demo(db, today=date(2026, 11, 25))
        maria = next(p for p in list_patients(db) if p.name == "Maria Keller")
        session = list_sessions(db, maria.id)[0]
        target = folder / "out.pdf"

        pictures = QtPictures()

        def plan_job() -> None:
            print_session(db, session.id, target, pictures=pictures)

        def report_job() -> None:
            print_report(db, maria.id, target, pictures=pictures)

        exercise_thumbnail.cache_clear()
        first_plan = once_ms(plan_job)  # draws the session's thumbnails
        plan_job_ms = median_ms(plan_job, runs)
        report_job_ms = median_ms(report_job, runs)
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    yield Figure("plan job, first", first_plan,
                 note="demo database → PDF, thumbnails drawn")
    yield Figure("plan job", plan_job_ms,
                 note="demo database → PDF, thumbnails cached; 2 pages, 9 blocks")
    yield Figure("report job", report_job_ms, goal=REPORT_GOAL_MS,
                 note="demo database → PDF, maps drawn")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    main(figures, parser)
