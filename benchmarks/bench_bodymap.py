"""Body-map timings: SVG parse, hover hit-test per mouse move, full recolour, repaint (also
with every region striped by a second state), export, and opening a patient with 50
assessments on the Assessment tab (issue 3's goals: hit-test < 1 ms, full recolour < 8 ms,
open < 150 ms).

Run:  .venv/bin/python benchmarks/bench_bodymap.py [ART_DIR]
Uses the real artwork when present, else a synthetic 60-region map (the size of a real view).
Prints lines "name: value unit (goal ...)".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from budget import Figure, main
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from equitone.domain.types import Layer, ToneState, View
from equitone.ui.bodymap import (
    BodyMapView,
    RegionInfo,
    default_art_dir,
    parse_svg,
    render_map_image,
)


def synthetic_art_dir(n_slugs: int = 30) -> Path:
    """A 600x1200 figure with 2*n_slugs irregular regions (curves, so hit-tests are real work)."""
    rng = random.Random(7)
    paths = []
    for i in range(n_slugs):
        row, col = divmod(i, 3)
        x0, y0 = 40 + col * 80, 60 + row * 110
        d = (
            f"M{x0} {y0} C{x0 + 30} {y0 - 20} {x0 + 60} {y0 + 10} {x0 + 70} {y0 + 40} "
            f"S{x0 + 50} {y0 + 100} {x0 + 20} {y0 + 95} Q{x0 - 10} {y0 + 60} {x0} {y0} Z"
        )
        for side, mirror in (("right", False), ("left", True)):
            dd = (
                d
                if not mirror
                else " ".join(
                    (f"{600 - float(t):g}" if k % 2 == 0 else t)
                    for k, t in enumerate(
                        d.replace("M", "")
                        .replace("C", "")
                        .replace("S", "")
                        .replace("Q", "")
                        .replace("Z", "")
                        .split()
                    )
                )
            )
            if mirror:
                nums = dd.split()
                dd = (
                    f"M{nums[0]} {nums[1]} C{' '.join(nums[2:8])} S{' '.join(nums[8:12])} "
                    f"Q{' '.join(nums[12:16])} Z"
                )
            paths.append(f'<path id="m{i:02d}-{rng.randint(0, 9)}_{side}" d="{dd}"/>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 1200">'
        '<g id="silhouette"><rect x="20" y="20" width="560" height="1160" fill="#eee"/></g>'
        f'<g id="muscles">{"".join(paths)}</g><g id="fibres"/></svg>'
    )
    folder = Path(tempfile.mkdtemp(prefix="bench_bodymap_"))
    for v in View:
        for la in Layer:
            (folder / f"{v.value}-{la.value}.svg").write_text(svg)
    return folder


def median_ms(runs: list[float]) -> float:
    return statistics.median(runs) * 1000


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.art is not None:
        art_dir: Path = args.art
    else:
        real = Path(str(default_art_dir()))
        art_dir = real if (real / "front-superficial.svg").is_file() else synthetic_art_dir()
    data = (art_dir / "front-superficial.svg").read_bytes()
    runs = []
    for _ in range(30):
        t0 = time.perf_counter()
        art = parse_svg(data, source="bench")
        runs.append(time.perf_counter() - t0)
    n = len(art.regions)
    print(f"artwork: {art_dir} ({n} regions)")
    yield Figure("parse_svg, whole file with decoration", median_ms(runs),
                 note="once per file, cached")
    import xml.etree.ElementTree as ET

    from equitone.bodymap.pathdata import parse_path_data

    muscles = next(g for g in ET.fromstring(data).iter() if g.get("id") == "muscles")
    ds = [e.get("d", "") for e in muscles.iter() if e.get("d")]
    runs = []
    for _ in range(30):
        t0 = time.perf_counter()
        for d in ds:
            parse_path_data(d)
        runs.append(time.perf_counter() - t0)
    yield Figure(f"build region paths ({len(ds)} regions)", median_ms(runs),
                 note="reference ~1-2 ms for 60 regions")

    view = BodyMapView(art_dir, view=View.FRONT, layer=Layer.SUPERFICIAL)
    view.resize(500, 900)
    view.show()
    app.processEvents()
    box = art.view_box
    rng = random.Random(1)
    points = [
        QPointF(rng.uniform(box.left(), box.right()), rng.uniform(box.top(), box.bottom()))
        for _ in range(1000)
    ]
    t0 = time.perf_counter()
    hits = sum(view.hover_at(p) is not None for p in points)
    hover = (time.perf_counter() - t0) / len(points)
    yield Figure("hover hit-test per mouse move", hover * 1000, goal=1.0,
                 note=f"mean over 1000 points, {hits} on a region")

    keys = view.regions()
    states = list(ToneState)
    tag_sets = [
        {
            k: RegionInfo(states[(i + j) % len(states)], tightness=(i + j) % 11, note=f"n{j}")
            for i, k in enumerate(keys)
        }
        for j in range(2)
    ]
    recolour, repaint, repaint_cpu = [], [], []
    for j in range(40):
        t0 = time.perf_counter()
        view.set_tags(tag_sets[j % 2])
        recolour.append(time.perf_counter() - t0)
        t0, c0 = time.perf_counter(), time.thread_time()
        view.viewport().repaint()
        repaint.append(time.perf_counter() - t0)
        repaint_cpu.append(time.thread_time() - c0)
    yield Figure(f"full recolour (set_tags, all {n} regions change)", median_ms(recolour),
                 goal=8.0)
    yield Figure("repaint of the whole map after a recolour", median_ms(repaint), goal=16.0,
                 note=f"one frame; CPU {median_ms(repaint_cpu):.1f} ms")
    t0 = time.perf_counter()
    view.set_tags(tag_sets[1])
    yield Figure("set_tags with nothing changed", (time.perf_counter() - t0) * 1000)

    # the worst case for combined states: every region striped with a second state
    striped = [
        {k: RegionInfo(states[(i + j) % 5], others=(states[(i + j + 1) % 5],))
         for i, k in enumerate(keys)}
        for j in range(2)
    ]
    repaint_striped, striped_cpu = [], []
    for j in range(40):
        view.set_tags(striped[j % 2])
        t0, c0 = time.perf_counter(), time.thread_time()
        view.viewport().repaint()
        repaint_striped.append(time.perf_counter() - t0)
        striped_cpu.append(time.thread_time() - c0)
    yield Figure("repaint with every region carrying two states (stripes)",
                 median_ms(repaint_striped),
                 note=f"the worst case; no goal; CPU {median_ms(striped_cpu):.1f} ms")

    t0 = time.perf_counter()
    render_map_image(view.art, tag_sets[0], 300, highlight=keys[0], dim_others=True)
    yield Figure("thumbnail 300 px", (time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    render_map_image(view.art, tag_sets[0], 1200)
    yield Figure("PNG image 1200 px", (time.perf_counter() - t0) * 1000)
    yield open_patient_with_history()


def open_patient_with_history(assessments: int = 50, tagged_muscles: int = 25) -> Figure:
    """Time the Assessment tab showing a patient whose history holds `assessments` visits,
    each with `tagged_muscles` muscles tagged on both sides (the history slider, compare mode
    and the tagged list all need the whole history)."""
    from datetime import date, timedelta

    from equitone.domain.assessment import ToneTag
    from equitone.domain.patients import PatientDraft
    from equitone.domain.types import Side
    from equitone.services.assessments import create_assessment
    from equitone.services.catalog import load_catalog
    from equitone.services.patients import create_patient
    from equitone.services.workspace import open_workspace
    from equitone.ui.assessment import AssessmentTab
    from equitone.ui.operations import Operations

    folder = Path(tempfile.mkdtemp(prefix="bench_open_"))
    db = open_workspace(folder / "bench.sqlite3")
    muscles = sorted(load_catalog(db).muscles)[:tagged_muscles]
    states = list(ToneState)
    patient = create_patient(db, PatientDraft(name="Zoë Ångström"))
    start = date(2022, 1, 3)
    for visit in range(assessments):
        tags = [
            ToneTag(m, side, states[(i + visit) % len(states)], tightness=(i + visit) % 11,
                    note=f"visit {visit}")
            for i, m in enumerate(muscles)
            for side in (Side.LEFT, Side.RIGHT)
        ]
        create_assessment(db, patient.id, day=start + timedelta(weeks=visit),
                          clinician="Dr Ana Silva", findings="bench", tags=tags)
    runs = []
    for _ in range(7):
        tab = AssessmentTab(db, Operations())
        tab.resize(1000, 760)
        tab.show()
        QApplication.processEvents()
        t0 = time.perf_counter()
        tab.show_patient(patient)
        tab.repaint()
        runs.append(time.perf_counter() - t0)
        tab.close()
        tab.deleteLater()
        QApplication.processEvents()
    db.close()
    return Figure(f"open a patient with {assessments} assessments ({2 * tagged_muscles} tags "
                  "each), to painted", median_ms(runs), goal=150.0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--art", type=Path, help="an artwork folder (default: the shipped one)")
    main(figures, parser)
