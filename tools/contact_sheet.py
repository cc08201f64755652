"""Every exercise's pictures on a few pages, to look at them the way a reviewer (or a patient)
would: start and end frames side by side, one frame per muscle for the techniques applied to
a chosen muscle. Problems (no pose, a pose that cannot be done) are listed at the end and on
stderr.

Run:  .venv/bin/python tools/contact_sheet.py -o sheet.pdf      (vector, one PDF)
      .venv/bin/python tools/contact_sheet.py -o sheet.png      (sheet-1.png, sheet-2.png …)
Options: --only SLUG[,SLUG…] (a few exercises), --side left|right|both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from equitone.domain.types import Side
from equitone.figures import FigureLibrary, PoseError, library
from equitone.figures.scene import Scene
from equitone.resources_access import read_text


@dataclass(frozen=True)
class Cell:
    title: str
    caption: str
    scene: Scene | None
    problem: str = ""


def _catalog() -> list[dict[str, object]]:
    return list(json.loads(read_text("catalog", "exercises.json"))["exercises"])


def cells(lib: FigureLibrary, only: set[str], side: Side | None) -> tuple[list[Cell], list[str]]:
    out: list[Cell] = []
    problems: list[str] = []
    for entry in _catalog():
        slug = str(entry["slug"])
        if only and slug not in only:
            continue
        name = str(entry["name"])
        muscles = [str(m) for m in entry["muscles"]]  # type: ignore[attr-defined]
        targets = [(m, (m,)) for m in muscles] if entry["muscle_parameter"] else [
            (None, tuple(muscles))]
        for muscle, highlight in targets:
            spec = lib.spec(slug, muscle)
            title = name if muscle is None else f"{name}: {muscle.replace('-', ' ')}"
            if spec is None:
                problems.append(f"{slug}{':' + muscle if muscle else ''}: no pose yet")
                out.append(Cell(title, "no pose", None, "no pose yet"))
                continue
            for frame in spec.frame_names:
                try:
                    scene = lib.picture(spec, frame=frame, side=side, muscles=highlight)
                except PoseError as exc:
                    problems.append(str(exc))
                    out.append(Cell(title, frame, None, str(exc)))
                    continue
                out.append(Cell(title, frame, scene))
    return out, problems


def write_png(all_cells: list[Cell], target: Path, columns: int = 6, cell_px: int = 300) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    from equitone.bodymap.figure_painter import paint_scene
    from equitone.offscreen import ensure_application

    ensure_application()
    rows_per_page = 5
    label_h = 46
    per_page = columns * rows_per_page
    pages = [all_cells[i:i + per_page] for i in range(0, len(all_cells), per_page)]
    for number, page in enumerate(pages, start=1):
        image = QImage(columns * cell_px, rows_per_page * (cell_px + label_h),
                       QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        font = QFont("DejaVu Sans")
        font.setPixelSize(13)
        painter.setFont(font)
        for index, cell in enumerate(page):
            x = (index % columns) * cell_px
            y = (index // columns) * (cell_px + label_h)
            box = QRectF(x + 6, y + 6, cell_px - 12, cell_px - 12)
            painter.setPen(QPen(QColor("#D0D4D8")))
            painter.drawRect(box)
            if cell.scene is not None:
                paint_scene(painter, cell.scene, box.adjusted(4, 4, -4, -4))
            else:
                painter.setPen(QColor("#B3261E"))
                painter.drawText(box.adjusted(8, 8, -8, -8), Qt.TextFlag.TextWordWrap,
                                 cell.problem)
            painter.setPen(QColor("#1F2328"))
            painter.drawText(QRectF(x + 6, y + cell_px - 4, cell_px - 12, label_h),
                             Qt.TextFlag.TextWordWrap, f"{cell.title} — {cell.caption}")
        painter.end()
        image.save(str(target.with_name(f"{target.stem}-{number}{target.suffix}")))


def write_pdf(all_cells: list[Cell], target: Path) -> None:
    from equitone.printing.figure_sheet import contact_sheet_pdf

    contact_sheet_pdf([(c.title, c.caption, c.scene, c.problem) for c in all_cells], target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", required=True, type=Path)
    parser.add_argument("--only", default="", help="comma-separated exercise slugs")
    parser.add_argument("--side", choices=("left", "right", "both"), default="right")
    args = parser.parse_args()
    side = None if args.side == "both" else Side(args.side)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    all_cells, problems = cells(library(), only, side)
    if args.output.suffix.lower() == ".pdf":
        write_pdf(all_cells, args.output)
    else:
        write_png(all_cells, args.output)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(all_cells)} pictures, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
