"""A contact sheet of exercise pictures (tools/contact_sheet.py): every picture in a grid
with its name, as vectors, so a reviewer can zoom into any of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from equitone.figures.scene import Scene

from .figures import draw_scene
from .fonts import REGULAR, register_fonts

Cell = tuple[str, str, Scene | None, str]  # title, caption, picture, problem
COLUMNS, ROWS = 6, 4
MARGIN = 28.0
LABEL_H = 24.0


def contact_sheet_pdf(cells: Sequence[Cell], target: Path) -> None:
    register_fonts()
    width, height = landscape(A4)
    canvas = Canvas(str(target), pagesize=(width, height))
    canvas.setTitle("Equitone exercise pictures")
    cell_w = (width - 2 * MARGIN) / COLUMNS
    cell_h = (height - 2 * MARGIN) / ROWS
    per_page = COLUMNS * ROWS
    for start in range(0, len(cells), per_page):
        for index, (title, caption, scene, problem) in enumerate(cells[start:start + per_page]):
            column, row = index % COLUMNS, index // COLUMNS
            x = MARGIN + column * cell_w
            y = height - MARGIN - (row + 1) * cell_h
            canvas.setStrokeColorRGB(0.82, 0.84, 0.86)
            canvas.setLineWidth(0.5)
            canvas.rect(x + 3, y + LABEL_H, cell_w - 6, cell_h - LABEL_H - 3)
            box_w, box_h = cell_w - 14, cell_h - LABEL_H - 11
            if scene is not None:
                draw_scene(canvas, scene.fitted_to(box_w / box_h), x + 7, y + LABEL_H + 4,
                           box_w, box_h)
            else:
                canvas.setFillColorRGB(0.7, 0.15, 0.12)
                canvas.setFont(REGULAR, 6)
                canvas.drawString(x + 8, y + cell_h - 16, problem[:70])
            canvas.setFillColorRGB(0.12, 0.14, 0.16)
            canvas.setFont(REGULAR, 6.5)
            canvas.drawString(x + 4, y + LABEL_H - 9, title[:58])
            canvas.setFillColorRGB(0.35, 0.38, 0.43)
            canvas.drawString(x + 4, y + LABEL_H - 18, caption)
        canvas.showPage()
    canvas.save()
