"""Body outline, head/hand/foot details and non-interactive structures (bones, tendons)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import landmarks as L
from geom import (
    Knot,
    Pt,
    Seg,
    closed,
    ellipse_knots,
    mirror_pt,
    mirror_segs,
    open_curve,
    strap,
)

SKIN = "#efe6de"
SKIN_STROKE = "#b9a89a"
UNDER = "#e6c9bd"  # unlisted muscle tissue (non-interactive)
BONE = "#f3ede2"
BONE_STROKE = "#c2b29c"
TENDON = "#efe3d2"
TENDON_STROKE = "#c4ae96"
LINE = "#a89384"


@dataclass
class Item:
    """One non-interactive drawable: bezier subpaths + SVG style attributes."""

    subpaths: list[list[Seg]]
    style: dict[str, str]
    closed: bool = True
    mirror: bool = True  # also draw the mirror image (x' = 600 - x)
    clip: bool = False  # clip to the body outline (writer flattens the result)

    def all_subpaths(self) -> list[list[Seg]]:
        out = list(self.subpaths)
        if self.mirror:
            out += [mirror_segs(s) for s in self.subpaths]
        return out


def _v(p: Knot) -> Pt:
    return (p[0], p[1])


# ------------------------------------------------------------------------- outline
def half_outline() -> list[Knot]:
    """Viewer-left half of the body contour, from head top (x=300) to crotch (x=300)."""
    A, F, H, T, G = L.ARM, L.FOREARM, L.HAND, L.THIGH, L.LEG
    ax, _ay = L.ANKLE
    k: list[Knot] = [
        (300, 40), (277, 44), (260, 58), (252, 82), (251, 108),
        # ear
        (248, 111, "c"), (243, 116), (242, 131), (246, 146), (252, 152, "c"),
        # jaw angle (mandible), a small notch under the jaw, neck -> trapezius slope
        (254, 161), (261, 170), (268, 176, "c"), (270, 190), (269, 207), (254, 215), (226, 222), (198, 227), (181, 230),
        (164, 236), (152, 249), (146, 266),
    ]
    k += [A.p(t, L.ARM_LAT(t)) for t in (0.2, 0.34, 0.5, 0.66, 0.82, 0.95)]
    k += [F.p(t, L.FORE_LAT(t)) for t in (0.08, 0.2, 0.38, 0.58, 0.8, 0.96)]
    # hand (palm forward on the front; same contour from behind)
    k += [H.p(0.08, 21), H.p(0.2, 27), H.p(0.33, 31), H.p(0.5, 34), H.p(0.6, 31, "c"), H.p(0.56, 25),
          H.p(0.44, 20, "c"), H.p(0.6, 18)]
    # four fingers: tips at slightly different lengths, shallow notches between them
    k += [H.p(0.84, 17), H.p(0.925, 13), H.c(0.89, 8.5), H.p(0.975, 5.5), H.p(1.0, 1),
          H.c(0.955, -2.5), H.p(0.985, -6.5), H.p(0.97, -10.5), H.c(0.915, -12.5),
          H.p(0.9, -16.5), H.p(0.84, -20)]
    k += [H.p(0.65, -22), H.p(0.38, -24), H.p(0.12, -20)]
    k += [F.p(t, -L.FORE_MED(t)) for t in (0.94, 0.75, 0.55, 0.35, 0.15, 0.03)]
    k += [A.p(t, -L.ARM_MED(t)) for t in (0.92, 0.75, 0.58, 0.44)]
    k += [(208, 322, "c"), (212, 342), (216, 380), (222, 424), (225, 452), (222, 480), (214, 505),
          (204, 535), (197, 565)]
    k += [T.p(t, L.THIGH_LAT(t)) for t in (0.07, 0.2, 0.4, 0.6, 0.78, 0.93)]
    k += [G.p(t, L.LEG_LAT(t)) for t in (0.06, 0.17, 0.3, 0.45, 0.62, 0.8, 0.94)]
    k += [(ax - 22, 1114), (ax - 27, 1131), (ax - 30, 1148), (ax - 26, 1158), (ax - 12, 1162),
          (ax + 8, 1163), (ax + 25, 1161), (ax + 31, 1152), (ax + 28, 1131), (ax + 23, 1113)]
    k += [G.p(t, -L.LEG_MED(t)) for t in (0.94, 0.8, 0.62, 0.45, 0.3, 0.15, 0.04)]
    k += [T.p(t, -L.THIGH_MED(t)) for t in (0.9, 0.72, 0.52, 0.34)]
    k += [T.p(0.2, -46), (300, 616, "c")]
    return k


def body_outline() -> list[Seg]:
    half = half_outline()
    mirrored = [(*mirror_pt(_v(p)), *p[2:]) for p in reversed(half[1:-1])]
    return closed(half + mirrored)


def outline_item(ghost: bool) -> Item:
    style = {"fill": SKIN, "stroke": SKIN_STROKE, "stroke-width": "1.5"}
    if ghost:
        style.update({"fill-opacity": "0.55", "stroke-opacity": "0.6"})
    return Item([body_outline()], style, mirror=False)


def head_details(view: str) -> list[Item]:
    st = {"fill": "none", "stroke": LINE, "stroke-width": "0.8", "stroke-opacity": "0.7"}
    items = [Item([open_curve([(251, 118), (247, 124), (248, 138), (251, 144)])], st)]  # ear helix
    if view == "front":
        # mandible: angle below the ear, body of the jaw to the chin
        items.append(Item([open_curve([(255, 150), (258, 162), (270, 173), (286, 180), (300, 182)])], st))
    else:
        items.append(Item([open_curve([(258, 132), (270, 146), (286, 152), (300, 153)])], st))
    return items


def hand_details(view: str) -> list[Item]:
    H = L.HAND
    st = {"fill": "none", "stroke": LINE, "stroke-width": "0.7", "stroke-opacity": "0.7"}
    lines = []
    for t_tip, off in ((0.89, 8.5), (0.955, -2.5), (0.915, -12.5)):
        lines.append(open_curve([_v(H.p(0.7, off * 0.92)), _v(H.p(t_tip - 0.025, off))]))
    if view == "front":
        lines.append(open_curve([_v(H.p(0.12, 15)), _v(H.p(0.3, 10)), _v(H.p(0.45, 16))]))  # thenar crease
    else:
        lines.append(open_curve([_v(H.p(0.5, 16)), _v(H.p(0.54, 4)), _v(H.p(0.55, -8)), _v(H.p(0.53, -19))]))  # knuckles
    return [Item(lines, st, closed=False)]


def foot_details(view: str) -> list[Item]:
    ax, _ = L.ANKLE
    st = {"fill": "none", "stroke": LINE, "stroke-width": "0.7", "stroke-opacity": "0.7"}
    if view == "front":
        lines = [open_curve([(ax + dx, 1150), (ax + dx * 1.05, 1161)]) for dx in (13, 3, -7, -16)]
        mal = [closed(ellipse_knots(ax - 19, 1103, 4, 5)), closed(ellipse_knots(ax + 19, 1098, 4, 5))]
        return [Item(lines, st, closed=False), Item(mal, {"fill": "none", "stroke": LINE, "stroke-width": "0.6", "stroke-opacity": "0.6"})]
    heel = open_curve([(ax - 16, 1146), (ax - 8, 1158), (ax + 8, 1158), (ax + 16, 1146)])
    return [Item([heel], st, closed=False)]


def band(center: list[Pt], width: float | list[float]) -> list[Seg]:
    ws = width if isinstance(width, list) else [width] * len(center)
    return closed(strap(center, ws, round_ends=True), 0.3)


def _bone(subs: list[list[Seg]], ghost: bool = False) -> Item:
    st = {"fill": BONE, "stroke": BONE_STROKE, "stroke-width": "0.8"}
    if ghost:
        st.update({"fill-opacity": "0.7", "stroke-opacity": "0.8"})
    return Item(subs, st)


def _tendon(subs: list[list[Seg]]) -> Item:
    return Item(subs, {"fill": TENDON, "stroke": TENDON_STROKE, "stroke-width": "0.7"})


def _under(knots_list: list[list[Knot]]) -> Item:
    return Item([closed(k) for k in knots_list], {"fill": UNDER, "stroke": "none"}, clip=True)


def limb_under() -> list[list[Knot]]:
    """Muted 'other muscle' fill for the trunk and limbs (shows between listed muscles)."""
    A, F, T, G = L.ARM, L.FOREARM, L.THIGH, L.LEG
    arm = [A.p(t, L.ARM_LAT(t) - 1) for t in (0.05, 0.3, 0.6, 0.9)] + [F.p(t, L.FORE_LAT(t) - 1) for t in (0.1, 0.5, 0.97)]
    arm += [F.p(t, -L.FORE_MED(t) + 1) for t in (0.97, 0.5, 0.1)] + [A.p(t, -L.ARM_MED(t) + 1) for t in (0.9, 0.6, 0.35)]
    leg = [T.p(t, L.THIGH_LAT(t) - 1) for t in (0.02, 0.3, 0.7, 1.0)] + [G.p(t, L.LEG_LAT(t) - 1) for t in (0.2, 0.55, 0.97)]
    leg += [G.p(t, -L.LEG_MED(t) + 1) for t in (0.97, 0.55, 0.2)] + [T.p(t, -L.THIGH_MED(t) + 1) for t in (1.0, 0.6, 0.22)]
    trunk = [(300, 175), (271, 186), (268, 208), (230, 222), (190, 232), (205, 320), (214, 345), (220, 420),
             (224, 452), (215, 505), (200, 560), (230, 600), (300, 612)]
    return [arm, leg, trunk]


GHOST_FILL = "#ecdcd4"
GHOST_STROKE = "#d3b7aa"


def ghost_muscles(muscles: list, slugs: set[str]) -> list[Item]:
    """Pale, non-interactive copies of superficial muscles (context for the deep views).

    One item per muscle, in the given (bottom -> top) order, so later ones occlude earlier ones.
    """
    st = {"fill": GHOST_FILL, "stroke": GHOST_STROKE, "stroke-width": "0.7"}
    return [Item([closed(k, m.smooth) for k in m.subpaths], dict(st)) for m in muscles
            if m.slug in slugs]


# ------------------------------------------------------------------------- superficial structures
def front_superficial_structures() -> list[Item]:
    T, G = L.THIGH, L.LEG
    items: list[Item] = [_under(limb_under())]
    # aponeurosis of the external oblique + linea alba (rectus and obliques are drawn on top)
    items.append(_tendon([closed([(238, 346), (299, 340, "c"), (299, 600, "c"), (287, 600), (234, 531, "c"), (246, 470), (246, 400)])]))
    items.append(Item([open_curve([(234, 531), (262, 570), (287, 598)])], {"fill": "none", "stroke": TENDON_STROKE, "stroke-width": "1"}))
    items.append(_bone([band(L.CLAVICLE, 7)]))
    items.append(_bone([closed([(297, 233, "c"), (300, 231), (300, 334), (297, 333, "c")])]))  # sternum edge
    items.append(_bone([band([(212, 506), (222, 512), (232, 526)], 5)]))  # iliac crest -> ASIS
    # IT band along the lateral thigh
    it = [(T.p(t, L.THIGH_LAT(t) + 3)) for t in (0.12, 0.4, 0.7, 0.95)] + [G.c(0.09, 27), G.c(0.08, 21)]
    it += [T.p(t, L.THIGH_LAT(t) - 8) for t in (0.9, 0.7, 0.4)] + [T.p(0.16, L.THIGH_LAT(0.16) - 8, "c")]
    items.append(_tendon([closed(it)]))
    # quadriceps tendon (narrow), patella (rounded triangle, apex down), patellar ligament
    px, _ = L.PATELLA
    items.append(_tendon([
        closed([T.c(0.76, -8), T.p(0.8, -7), T.c(0.85, -9), T.c(0.85, 9), T.p(0.8, 7), T.c(0.76, 8)]),
        closed([(px - 5, 832, "c"), (px - 5.5, 850), G.c(0.13, -7), G.c(0.13, 7), (px + 5.5, 850),
                (px + 5, 832, "c")]),
    ]))
    items.append(_bone([
        closed([(px - 12, 802), (px - 1, 799), (px + 11, 802), (px + 13, 812), (px + 6, 830),
                (px, 838), (px - 6, 830), (px - 13, 812)]),
        band([_v(G.p(0.14, -8)), _v(G.p(0.5, -9)), _v(G.p(0.88, -11)), _v(G.p(1.0, -15))],
             [10, 9, 8, 11]),
    ]))
    items.append(Item([closed(ellipse_knots(300, 462, 3.5, 4.5))], {"fill": "#e2d3c7", "stroke": SKIN_STROKE, "stroke-width": "0.8"}, mirror=False))
    return items


def back_superficial_structures() -> list[Item]:
    T, G, F = L.THIGH, L.LEG, L.FOREARM
    items: list[Item] = [_under(limb_under())]
    # thoracolumbar fascia (lumbar diamond) and the nuchal/supraspinous ligament line
    items.append(_tendon([closed([(299, 330, "c"), (284, 390), (264, 452), (248, 500), (262, 525), (286, 540), (299, 600, "c")])]))
    items.append(_tendon([closed([(298, 152, "c"), (300, 152), (300, 452), (298, 452, "c")])]))
    items.append(_bone([band([(258, 266), (232, 255), (205, 244), (186, 236)], [6, 5, 5, 8])]))  # spine of scapula
    items.append(_bone([band([(277, 521), (252, 503), (228, 499), (210, 514)], 5)]))  # iliac crest
    items.append(_bone([closed([(286, 527, "c"), (299, 520), (299, 590, "c"), (292, 572)])]))  # sacrum
    items.append(Item([open_curve([(300, 585), (300, 642)])], {"fill": "none", "stroke": LINE, "stroke-width": "1"}, mirror=False))
    it = [(T.p(t, L.THIGH_LAT(t) + 3)) for t in (0.2, 0.4, 0.7, 0.95)] + [G.p(0.1, 26, "c"), G.p(0.08, 18, "c")]
    it += [T.p(t, L.THIGH_LAT(t) - 11) for t in (0.9, 0.7, 0.4)] + [T.p(0.22, L.THIGH_LAT(0.22) - 9, "c")]
    items.append(_tendon([closed(it)]))
    # Achilles tendon, olecranon, ulna border
    items.append(_tendon([closed([G.c(0.5, 8), G.p(0.75, 6), G.p(1.0, 7), G.p(1.08, 9), G.p(1.08, -9), G.p(1.0, -7), G.p(0.75, -6), G.c(0.5, -8)])]))
    items.append(_bone([closed(ellipse_knots(*_v(L.ARM.p(1.0, -2)), 7, 8)), band([_v(F.p(0.05, -6)), _v(F.p(0.5, -14)), _v(F.p(0.98, -12))], 4)]))
    return items


# ------------------------------------------------------------------------- deep skeleton (ghost)
def _ribs_front() -> list[list[Seg]]:
    subs = []
    for i in range(10):
        y_lat = 250 + i * 18
        half = 62 + 26 * math.sin(min(i, 7) / 7 * math.pi / 2)
        x_lat = 300 - half
        if i < 7:
            y_med = 242 + i * 14
            pts = [(x_lat + 4, y_lat - 10), (x_lat, y_lat + 4), (x_lat + 18, y_lat + 22), (276, y_med + 12), (296, y_med)]
        else:
            pts = [(x_lat + 4, y_lat - 10), (x_lat, y_lat + 6), (x_lat + 12, y_lat + 26), (x_lat + 30 - (i - 7) * 6, y_lat + 36 - i)]
        subs.append(band(pts, 5.5))
    return subs


def _ribs_back() -> list[list[Seg]]:
    subs = []
    for i in range(12):
        y = 226 + i * 19
        half = 58 + 30 * math.sin(min(i, 7) / 7 * math.pi / 2) - max(0, i - 9) * 16
        pts = [(294, y), (280, y - 2), (300 - half * 0.7, y + 5), (300 - half, y + 20 + i * 0.8)]
        subs.append(band(pts, 5))
    return subs


def _vertebrae(y0: float, y1: float, n: int, w: float) -> list[list[Seg]]:
    subs = []
    h = (y1 - y0) / n
    for i in range(n):
        y = y0 + i * h
        subs.append(closed([(300 - w, y + 1.5, "c"), (300, y + 0.5), (300, y + h - 1.5), (300 - w, y + h - 2, "c")], 0.2))
    return subs


def _pelvis_front() -> list[list[Seg]]:
    ilium = closed([(286, 548), (262, 522), (236, 530, "c"), (220, 508), (216, 494), (232, 486), (262, 500), (284, 528)])
    pubis = closed([(296, 583, "c"), (299, 583), (299, 606, "c"), (288, 606), (262, 600), (246, 580), (262, 566), (280, 574)])
    femur = band([(252, 574), (232, 584), (220, 600), (236, 700), (250, 805)], [13, 12, 12, 11, 20])
    femur_head = closed(ellipse_knots(254, 572, 12, 12))
    return [ilium, pubis, femur, femur_head]


def _pelvis_back() -> list[list[Seg]]:
    ilium = closed([(288, 540), (270, 516), (248, 500), (222, 500), (212, 520), (226, 560), (258, 590), (280, 600)])
    sacrum = closed([(284, 528, "c"), (299, 524), (299, 612, "c"), (292, 598)])
    ischium = closed([(256, 590), (276, 602), (280, 630), (266, 636), (254, 614)])
    femur = band([(252, 574), (232, 584), (220, 600), (236, 700), (250, 805)], [13, 12, 12, 11, 20])
    return [ilium, sacrum, ischium, femur]


def _scapula_back() -> list[Seg]:
    return closed([(253, 238, "c"), (256, 290), (248, 346, "c"), (226, 314), (200, 276), (193, 262, "c"), (202, 246), (225, 238)])


def front_deep_structures() -> list[Item]:
    items = [
        _bone(_ribs_front(), ghost=True),
        _bone([closed([(292, 231, "c"), (300, 229), (300, 338), (296, 336, "c")]), band(L.CLAVICLE, 7), *_vertebrae(440, 592, 6, 13)], ghost=True),
        _bone(_pelvis_front(), ghost=True),
        _bone([band([_v(L.ARM.p(0.02, 2)), _v(L.ARM.p(0.5, 0)), _v(L.ARM.p(0.98, 2))], [15, 9, 14])], ghost=True),
        # central tendon of the diaphragm (one half of the trefoil; mirrored)
        _tendon([closed([(299, 334, "c"), (286, 327), (270, 320), (258, 316), (251, 319), (256, 330),
                         (266, 340), (282, 347), (299, 352, "c")])]),
    ]
    return items


def back_deep_structures() -> list[Item]:
    items = [
        _bone(_ribs_back(), ghost=True),
        _bone(_vertebrae(160, 600, 24, 7), ghost=True),
        _bone(_pelvis_back(), ghost=True),
        _bone([_scapula_back(), band([(258, 266), (232, 255), (205, 244), (186, 236)], [6, 5, 5, 8]),
               band([_v(L.ARM.p(0.02, 2)), _v(L.ARM.p(0.5, 0)), _v(L.ARM.p(0.98, 2))], [15, 9, 14])], ghost=True),
        _tendon([closed([L.LEG.c(0.55, 8), L.LEG.p(0.75, 6), L.LEG.p(1.0, 7), L.LEG.p(1.08, 9), L.LEG.p(1.08, -9), L.LEG.p(1.0, -7), L.LEG.p(0.75, -6), L.LEG.c(0.55, -8)])]),
    ]
    return items
