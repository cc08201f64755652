"""Compose a view: mirror muscles, resolve overlaps (upper muscle wins), clip fibres, write SVG."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from geom import (
    Pt,
    Seg,
    closed,
    fibre_lines,
    mirror_pt,
    mirror_segs,
    poly_d,
    rdp,
    rdp_ring,
    segs_to_d,
)
from model import Muscle
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF
from silhouette import Item

MUSCLE_FILL = "#d98c7a"
MUSCLE_STROKE = "#8a4b3f"
SCALE = 8.0  # boolean ops run at 8x so flattened curves stay smooth
AREA_EPS = 1.0  # px^2


@dataclass
class View:
    name: str  # file stem, e.g. "front-superficial"
    viewer_left_side: str  # patient side drawn at x < 300 ("right" on front views, "left" on back views)
    outline: Item
    silhouette_extra: list[Item]
    structures: list[Item]
    muscles: list[Muscle]  # bottom -> top

    @property
    def other_side(self) -> str:
        return "left" if self.viewer_left_side == "right" else "right"


@dataclass
class Region:
    """Final geometry of one muscle on the viewer-left half."""

    muscle: Muscle
    d_left: str
    d_right: str
    polys: list[list[Pt]]  # flattened visible outline (viewer-left), for fibre clipping
    fibres: list[list[Pt]] = field(default_factory=list)
    modified: bool = False


# ----------------------------------------------------------------------------- qt helpers
def qpath(subpaths: list[list[Seg]], scale: float = SCALE) -> QPainterPath:
    p = QPainterPath()
    p.setFillRule(Qt.FillRule.WindingFill)
    for segs in subpaths:
        p.moveTo(segs[0][0][0] * scale, segs[0][0][1] * scale)
        for _, c1, c2, p1 in segs:
            p.cubicTo(c1[0] * scale, c1[1] * scale, c2[0] * scale, c2[1] * scale, p1[0] * scale, p1[1] * scale)
        p.closeSubpath()
    return p


def _poly_area(poly: list[Pt]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(poly, poly[1:] + poly[:1], strict=False))) / 2


def polys_of(path: QPainterPath, scale: float = SCALE) -> list[list[Pt]]:
    out = []
    for poly in path.toSubpathPolygons():
        pts = [(poly[i].x() / scale, poly[i].y() / scale) for i in range(poly.size())]
        if len(pts) > 2 and pts[0] == pts[-1]:
            pts = pts[:-1]
        if len(pts) >= 3 and _poly_area(pts) > 0.3:
            out.append(pts)
    return out


def area(path: QPainterPath) -> float:
    """Area in px^2 (path at SCALE); even-odd over subpath polygons."""
    total = 0.0
    for poly in path.toFillPolygons():
        pts = [(poly[i].x(), poly[i].y()) for i in range(poly.size())]
        total += _poly_area(pts)
    return total / (SCALE * SCALE)


RING_TOL = 0.3  # px: Douglas-Peucker tolerance for flattened (boolean-op) outlines
LINE_TOL = 0.3  # px: same for fibre polylines


def polys_to_d(polys: list[list[Pt]]) -> str:
    parts = []
    for poly in polys:
        ring = rdp_ring(poly, RING_TOL)
        if len(ring) >= 3:
            parts.append(poly_d(ring, close=True))
    return "".join(parts)


def lines_to_d(lines: list[list[Pt]]) -> str:
    return "".join(poly_d(rdp(ln, LINE_TOL), close=False) for ln in lines)


# ----------------------------------------------------------------------------- regions
def _inside(polys: list[QPolygonF], x: float, y: float) -> bool:
    n = 0
    pt = QPointF(x, y)
    for q in polys:
        if q.containsPoint(pt, Qt.FillRule.OddEvenFill):
            n += 1
    return n % 2 == 1


def clip_lines(lines: list[list[Pt]], polys: list[list[Pt]], inset: float = 1.3, min_len: float = 4.0) -> list[list[Pt]]:
    qpolys = [QPolygonF([QPointF(x, y) for x, y in p]) for p in polys]
    offs = [(inset, 0), (-inset, 0), (0, inset), (0, -inset), (0, 0)]
    out: list[list[Pt]] = []
    for ln in lines:
        # densify so the clip follows the outline closely
        dense: list[Pt] = []
        for a, b in itertools.pairwise(ln):
            n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) / 1.5))
            dense += [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n)]
        dense.append(ln[-1])
        run: list[Pt] = []
        for x, y in dense:
            if all(_inside(qpolys, x + dx, y + dy) for dx, dy in offs):
                run.append((x, y))
            else:
                if len(run) > 1 and math.dist(run[0], run[-1]) >= min_len:
                    out.append(run)
                run = []
        if len(run) > 1 and math.dist(run[0], run[-1]) >= min_len:
            out.append(run)
    return out


def _union(paths: list[QPainterPath]) -> QPainterPath:
    out = QPainterPath()
    for q in paths:
        out = q if out.isEmpty() else out.united(q)
    return out


def resolve(view: View) -> list[Region]:
    sil = qpath([view.outline.subpaths[0]])
    raw = []
    for m in view.muscles:
        segs = [closed(k, m.smooth) for k in m.subpaths]
        p = qpath(segs)
        raw.append((m, segs, p))
    regions: list[Region] = []
    for i, (m, segs, p) in enumerate(raw):
        # union pieces one by one: QPainterPath.simplified() on many overlapping subpaths loses area
        vis = _union([qpath([s]) for s in segs])
        above = _union([q for _, _, q in raw[i + 1:] if q.boundingRect().intersects(p.boundingRect())])
        if not above.isEmpty():
            vis = vis.subtracted(above)
        vis = vis.intersected(sil)
        a_orig = area(p)
        a_sum = sum(area(qpath([s])) for s in segs)
        modified = abs(area(vis) - a_orig) > AREA_EPS or abs(a_sum - a_orig) > AREA_EPS
        polys = polys_of(vis)
        if modified:
            d_left = polys_to_d(polys)
            d_right = polys_to_d([[mirror_pt(pt) for pt in poly] for poly in polys])
        else:
            d_left = segs_to_d(segs)
            d_right = segs_to_d([mirror_segs(s) for s in segs])
        r = Region(m, d_left, d_right, polys, modified=modified)
        br = p.boundingRect()
        bbox = (br.left() / SCALE, br.top() / SCALE, br.right() / SCALE, br.bottom() / SCALE)
        lines = []
        for spec in m.fibres:
            lines += fibre_lines(spec, bbox)
        r.fibres = clip_lines(lines, polys)
        regions.append(r)
    return regions


# ----------------------------------------------------------------------------- SVG
def _item_svg(it: Item, sil: QPainterPath | None = None) -> str:
    attrs = " ".join(f'{k}="{v}"' for k, v in it.style.items())
    if it.clip and sil is not None:
        d = polys_to_d(polys_of(_union([qpath([s]) for s in it.all_subpaths()]).intersected(sil)))
    else:
        d = segs_to_d(it.all_subpaths(), close=it.closed)
    return f'    <path d="{d}" {attrs}/>'


def write_svg(view: View, regions: list[Region], out: Path) -> list[str]:
    sil = qpath([view.outline.subpaths[0]])
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="1200" viewBox="0 0 600 1200">',
        f"  <!-- Equitone body map: {view.name}. Generated by tools/bodymap/generate.py - do not edit by hand. -->",
        '  <g id="silhouette">',
        _item_svg(view.outline),
        *[_item_svg(it) for it in view.silhouette_extra],
        "  </g>",
        '  <g id="structures" pointer-events="none">',
        *[_item_svg(it, sil) for it in view.structures],
        "  </g>",
        f'  <g id="muscles" fill="{MUSCLE_FILL}" stroke="{MUSCLE_STROKE}" stroke-width="1" '
        'stroke-linejoin="round">',
    ]
    ids: list[str] = []
    for r in regions:
        for side, d in ((view.viewer_left_side, r.d_left), (view.other_side, r.d_right)):
            rid = f"{r.muscle.slug}_{side}"
            ids.append(rid)
            lines.append(
                f'    <path id="{rid}" data-name={quoteattr(r.muscle.name)} '
                f'fill="{MUSCLE_FILL}" stroke="{MUSCLE_STROKE}" d="{d}"/>'
            )
    lines.append("  </g>")
    lines.append(f'  <g id="fibres" fill="none" stroke="{MUSCLE_STROKE}" stroke-opacity="0.35" stroke-width="0.6" '
                 'stroke-linecap="round" pointer-events="none">')
    for r in regions:
        if not r.fibres:
            continue
        mirrored = [[mirror_pt(p) for p in ln] for ln in r.fibres]
        lines.append(f'    <path d="{lines_to_d(r.fibres + mirrored)}"/>')
    lines.append("  </g>")
    lines.append("</svg>")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids
