"""Contract checks on the generated SVGs: ids, slugs, sides, no transforms, little overlap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from model import SLUGS

NS = "{http://www.w3.org/2000/svg}"
ID_RE = re.compile(r"^([a-z-]+)_(left|right)$")


def check(files: list[Path]) -> dict[str, dict[str, set[str]]]:
    """Return {slug: {file_stem: {sides}}}; raise AssertionError on any contract violation."""
    seen: dict[str, dict[str, set[str]]] = {s: {} for s in SLUGS}
    for f in files:
        root = ET.parse(f).getroot()
        assert root.get("viewBox") == "0 0 600 1200" and root.get("width") == "600" and root.get("height") == "1200", f
        groups = [g.get("id") for g in root.findall(f"{NS}g")]
        assert groups[:1] == ["silhouette"] and "muscles" in groups and "fibres" in groups, (f, groups)
        assert groups.index("fibres") > groups.index("muscles"), f
        for el in root.iter():
            assert el.get("transform") is None, f"transform found in {f}"
        muscles = root.find(f"{NS}g[@id='muscles']")
        assert muscles is not None
        for el in muscles.iter():
            if el is muscles:
                continue
            assert el.tag == f"{NS}path", f"non-path element {el.tag} in muscles of {f}"
            rid = el.get("id") or ""
            m = ID_RE.match(rid)
            assert m and m.group(1) in SLUGS, f"bad region id {rid!r} in {f}"
            assert el.get("fill") == "#d98c7a" and el.get("stroke") == "#8a4b3f", rid
            d = el.get("d") or ""
            xs = [float(v) for v in re.findall(r"-?\d+\.?\d*", d)[0::2]]
            cx = (min(xs) + max(xs)) / 2
            front = f.stem.startswith("front")
            on_viewer_right = cx > 300
            patient_left = on_viewer_right if front else not on_viewer_right
            assert (m.group(2) == "left") == patient_left, f"{rid} drawn on the wrong side in {f.name}"
            seen[m.group(1)].setdefault(f.stem, set()).add(m.group(2))
        for el in root.iter():
            rid = el.get("id")
            if rid and ID_RE.match(rid):
                assert el in list(muscles.iter()), f"muscle-form id {rid} outside <g id=muscles> in {f}"
    missing = [f"{s}_{side}" for s, byfile in seen.items() for side in ("left", "right")
               if not any(side in sides for sides in byfile.values())]
    assert not missing, f"missing regions: {missing}"
    return seen


def overlap_report(files: list[Path]) -> list[str]:
    """Pairs of different regions in one file whose fills overlap by more than 4 px^2."""
    from writer import SCALE, area
    msgs = []
    for f in files:
        root = ET.parse(f).getroot()
        muscles = root.find(f"{NS}g[@id='muscles']")
        paths = {}
        for el in muscles:
            paths[el.get("id")] = _to_qpath(el.get("d"), SCALE)
        ids = list(paths)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pa, pb = paths[a], paths[b]
                if not pa.boundingRect().intersects(pb.boundingRect()):
                    continue
                ov = area(pa.intersected(pb))
                if ov > 4:
                    msgs.append(f"{f.stem}: {a} x {b} overlap {ov:.1f} px^2")
    return msgs


def _parse_d(d: str) -> list:
    return re.findall(r"[MLCZ]|-?\d+\.?\d*", d)


def _to_qpath(d: str, scale: float):
    from PySide6.QtGui import QPainterPath
    p = QPainterPath()
    toks = _parse_d(d)
    i = 0
    cmd = None
    while i < len(toks):
        t = toks[i]
        if t in "MLCZ":
            cmd = t
            i += 1
            if t == "Z":
                p.closeSubpath()
            continue
        if cmd == "M":
            p.moveTo(float(toks[i]) * scale, float(toks[i + 1]) * scale)
            i += 2
            cmd = "L"
        elif cmd == "L":
            p.lineTo(float(toks[i]) * scale, float(toks[i + 1]) * scale)
            i += 2
        elif cmd == "C":
            v = [float(x) * scale for x in toks[i:i + 6]]
            p.cubicTo(*v)
            i += 6
    return p
