"""Back-view muscles (viewer-left half = patient's LEFT).  Lists are bottom -> top z-order."""

from __future__ import annotations

import landmarks as L
from geom import Along, Between, Knot, Parallel, strap
from model import M, Muscle

A, F, T, G = L.ARM, L.FOREARM, L.THIGH, L.LEG


def xy(k: Knot) -> tuple[float, float]:
    return (k[0], k[1])


# ----------------------------------------------------------------------- shared shapes
def infraspinatus_full() -> list[Knot]:
    return [(255, 273, "c"), (232, 264), (208, 254), (190, 256, "c"), (192, 268, "c"), (208, 284), (226, 304), (246, 334, "c"),
            (254, 318), (257, 294)]


INFRA_FIB = [Between([(256, 276), (256, 300), (250, 330)], [(192, 260), (194, 264), (196, 268)], 12)]


def _lat_border(s: float, off: float = 0.0, flag: str | None = None) -> Knot:
    """Point on the scapula's lateral border (s: 0 glenoid .. 1 inferior angle), off + = lateral."""
    gx, gy = 197.0, 262.0
    ix, iy = 247.0, 346.0
    ln = ((ix - gx) ** 2 + (iy - gy) ** 2) ** 0.5
    ux, uy = (ix - gx) / ln, (iy - gy) / ln
    x, y = gx + ux * ln * s - uy * off, gy + uy * ln * s + ux * off
    return (x, y, flag) if flag else (x, y)


def teres_minor() -> list[Knot]:
    """Short strap along the upper 2/3 of the lateral border, up to the greater tubercle."""
    return [(188, 262, "c"), _lat_border(0.1, 0), _lat_border(0.35, -1), _lat_border(0.6, -1),
            _lat_border(0.72, 2), _lat_border(0.73, 7), _lat_border(0.66, 11), _lat_border(0.45, 12),
            _lat_border(0.25, 12), (185, 278, "c")]


TMIN_FIB = [Between([xy(_lat_border(0.72, 1)), xy(_lat_border(0.7, 10))],
                    [(189, 263), (187, 275)], 5)]


def teres_major() -> list[Knot]:
    return [(247, 338, "c"), (248, 350), (240, 356, "c"), (222, 344), (206, 328), (196, 317, "c"), (198, 302, "c"), (214, 314), (232, 326)]


def hamstrings(top: float) -> list[list[Knot]]:
    """Biceps femoris (lateral), semitendinosus and semimembranosus (medial).

    All three start together, rounded, at the ischial tuberosity (~T.p(0.18, -23)); on the
    superficial view gluteus maximus is drawn above, so they emerge from under its lower edge.
    """
    bf = [T.p(top, -16), T.p(top + 0.08, -8), T.p(0.32, 2), T.p(0.5, 19), T.p(0.7, 28), T.p(0.85, 29),
          G.c(0.06, 31), G.c(0.05, 23), T.p(0.88, 13), T.p(0.72, 5), T.p(0.5, -5), T.p(0.34, -13),
          T.p(top + 0.07, -20), T.p(top - 0.015, -21)]
    st = [T.p(top + 0.005, -21), T.p(top + 0.08, -20), T.p(0.34, -18), T.p(0.52, -8), T.p(0.72, -9),
          T.p(0.86, -17), G.c(0.1, -28), G.c(0.12, -32), T.p(0.9, -27), T.p(0.72, -22),
          T.p(0.52, -24), T.p(0.34, -28), T.p(top + 0.08, -30), T.p(top - 0.01, -28)]
    sm = [T.p(top + 0.1, -30), T.p(0.4, -31), T.p(0.55, -26), T.p(0.75, -24), T.p(0.9, -30),
          G.c(0.06, -36), G.c(0.05, -42), T.p(0.88, -40), T.p(0.72, -40), T.p(0.55, -40),
          T.p(0.4, -38), T.p(top + 0.12, -35)]
    return [bf, st, sm]


HAM_FIB = [Between([xy(T.p(0.2, -18)), xy(T.p(0.3, -5)), xy(T.p(0.5, 10))], [xy(G.p(0.05, 24)), xy(T.p(0.9, 24)), xy(T.p(0.9, 30))], 6),
           Between([xy(T.p(0.2, -24)), xy(T.p(0.45, -14))], [xy(G.p(0.1, -29)), xy(G.p(0.1, -31))], 5),
           Between([xy(T.p(0.4, -32)), xy(T.p(0.5, -40))], [xy(G.p(0.05, -37)), xy(G.p(0.05, -41))], 5)]


def adductors_back(top: float) -> list[Knot]:
    """Adductor magnus + gracilis seen from behind (inner thigh)."""
    return [T.c(top, -27), T.p(top + 0.04, -44), T.p(0.32, -50), T.p(0.5, -46), T.p(0.68, -42), T.c(0.85, -38), T.p(0.7, -37),
            T.p(0.5, -36), T.p(0.36, -30), T.p(0.26, -28)]


def gluteus_medius(lower: list[Knot]) -> list[Knot]:
    return [(272, 523, "c"), (252, 508), (230, 503), (212, 513), (200, 535), (197, 560), (203, 584, "c"), *lower]


GMED_FIB = [Between([(272, 522), (250, 507), (228, 503), (210, 514), (199, 540)], [(214, 578), (210, 580), (206, 582), (204, 583), (203, 584)], 14)]


# ----------------------------------------------------------------------- back superficial
def back_superficial() -> list[Muscle]:
    ms: list[Muscle] = []
    ms.append(M("erector-spinae",
                [(297, 420, "c"), (286, 428), (274, 452), (267, 490), (268, 528), (280, 556), (297, 570, "c")],
                fibres=[Parallel(92, 3.5)]))
    ms.append(M("external-oblique",
                [(211, 392, "c"), (226, 440), (236, 486), (236, 500, "c"), (222, 502), (212, 508, "c"), (203, 470), (204, 420)],
                fibres=[Parallel(70, 4)]))
    ms.append(M("infraspinatus", infraspinatus_full(), fibres=INFRA_FIB))
    ms.append(M("teres-minor", teres_minor(), fibres=TMIN_FIB))
    ms.append(M("teres-major", teres_major(), fibres=[Between([(248, 340), (244, 354)], [(198, 302), (196, 316)], 5)]))
    ms.append(M("latissimus-dorsi",
                [(292, 338, "c"), (270, 346), (250, 354), (238, 358), (222, 348), (206, 332), (200, 322, "c"), (197, 342), (206, 385),
                 (216, 425), (228, 465), (236, 494, "c"), (246, 496), (258, 462), (272, 420), (284, 380)],
                fibres=[Between([(292, 340), (284, 380), (270, 424), (256, 466), (238, 496), (226, 466), (214, 420)],
                                [(205, 318), (203, 320), (202, 322), (201, 324), (200, 326), (200, 328), (200, 330)], 18, bend=4)]))
    ms.append(M("gluteus-medius", gluteus_medius([(226, 572), (252, 552), (268, 536)]), fibres=GMED_FIB))
    ms.append(M("hip-adductors", adductors_back(0.17), fibres=[Between([xy(T.p(0.2, -34)), xy(T.p(0.3, -45))], [xy(T.p(0.6, -34)), xy(T.p(0.8, -37))], 7)]))
    ms.append(M("vastus-lateralis",
                [T.c(0.17, 34), T.p(0.3, L.THIGH_LAT(0.3) - 10), T.p(0.55, L.THIGH_LAT(0.55) - 10), T.p(0.8, L.THIGH_LAT(0.8) - 9),
                 T.c(0.9, L.THIGH_LAT(0.9) - 8), T.p(0.7, 26), T.p(0.45, 14)],
                fibres=[Parallel(96, 3.5)]))
    ms.append(M("hamstrings", *hamstrings(0.2), fibres=HAM_FIB))
    ms.append(M("gluteus-maximus",
                [(285, 524, "c"), (262, 541), (238, 561), (215, 582), (203, 604), T.p(0.18, 49), T.c(0.24, 40), (236, 646), (262, 652),
                 (286, 648), (297, 640, "c"), (298, 606), (296, 570), (291, 542)],
                fibres=[Parallel(136, 4.5)]))
    ms.append(M("fibularis",
                [G.c(0.06, 30), G.p(0.2, 35), G.p(0.4, 31), G.p(0.62, 24), G.c(0.8, 20), G.p(0.6, 20), G.p(0.4, 26), G.p(0.2, 28)],
                fibres=[Parallel(93, 3)]))
    ms.append(M("soleus",
                [G.c(0.3, 30), G.p(0.48, 28), G.p(0.64, 21), G.p(0.76, 12), G.c(0.86, 8), G.c(0.6, 7), G.p(0.46, 20)],
                [G.c(0.3, -36), G.p(0.5, -33), G.p(0.66, -24), G.p(0.78, -15), G.c(0.86, -8), G.c(0.62, -8), G.p(0.5, -26)],
                fibres=[Between([xy(G.p(0.3, 32)), xy(G.p(0.6, 22))], [xy(G.p(0.55, 8)), xy(G.p(0.86, 8))], 6),
                        Between([xy(G.p(0.3, -38)), xy(G.p(0.62, -26))], [xy(G.p(0.58, -8)), xy(G.p(0.86, -8))], 7)]))
    ms.append(M("gastrocnemius",
                [G.c(-0.04, -10), G.p(-0.02, -27), G.p(0.12, -38), G.p(0.3, -39), G.p(0.44, -30), G.c(0.55, -9), G.p(0.4, -2), G.p(0.2, -2), G.p(0.05, -5)],
                [G.c(-0.03, 8), G.p(-0.01, 24), G.p(0.12, 31), G.p(0.28, 31), G.p(0.4, 21), G.c(0.5, 7), G.p(0.36, 1), G.p(0.18, 1), G.p(0.04, 4)],
                fibres=[Between([xy(G.p(-0.03, -12)), xy(G.p(0.0, -27))], [xy(G.p(0.52, -6)), xy(G.p(0.35, -38))], 8),
                        Between([xy(G.p(-0.02, 10)), xy(G.p(0.0, 24))], [xy(G.p(0.48, 5)), xy(G.p(0.32, 30))], 7)]))
    # ---------------- shoulder girdle
    ms.append(M("lower-trapezius",
                [(298, 272, "c"), (272, 268), (254, 266, "c"), (258, 292), (270, 340), (284, 398), (298, 452, "c")],
                fibres=[Between([(298, 276), (298, 360), (298, 450)], [(256, 268), (262, 290), (276, 350)], 10)]))
    ms.append(M("middle-trapezius",
                [(298, 216, "c"), (266, 222), (232, 230), (194, 236, "c"), (208, 244), (232, 254), (253, 263, "c"), (272, 266), (298, 270, "c")],
                fibres=[Between([(298, 218), (298, 268)], [(196, 238), (252, 264)], 10)]))
    ms.append(M("upper-trapezius",
                [(298, 152, "c"), (284, 154), (268, 160), (274, 184), (274, 206), (252, 212), (222, 219), (192, 225), (178, 230, "c"),
                 (200, 235), (234, 229), (266, 221), (298, 215, "c")],
                fibres=[Between([(298, 154), (272, 160), (272, 200)], [(298, 214), (240, 228), (186, 233)], 10, bend=-2)]))
    ms.append(M("posterior-deltoid",
                [(252, 270, "c"), (228, 260), (204, 250), (187, 245, "c"), (182, 270), (176, 305), (169, 343, "c"), (184, 322), (204, 300),
                 (226, 284), (246, 276)],
                fibres=[Between([(252, 270), (222, 258), (188, 245)], [(171, 336), (169, 343)], 10)]))
    ms.append(M("lateral-deltoid",
                [(187, 243, "c"), (176, 228), (156, 234), (142, 262), (141, 292), (149, 322), (169, 344, "c"), (176, 305), (182, 270)],
                fibres=[Between([(188, 240), (172, 234), (157, 248), (152, 278)], [(171, 338), (168, 343)], 8)]))
    # ---------------- arm
    ms.append(M("triceps-brachii",
                [A.c(0.22, -22), A.p(0.3, 4), A.p(0.42, 22), A.p(0.6, 28), A.p(0.78, 21), A.p(0.9, 11), A.c(0.98, 6), A.c(0.98, -8),
                 A.p(0.86, -22), A.p(0.66, -33), A.p(0.46, -34), A.p(0.32, -30)],
                [A.c(0.6, 2), A.p(0.72, 8), A.p(0.84, 4), A.c(0.9, 0), A.p(0.82, -10), A.p(0.7, -8)],
                fibres=[Between([xy(A.p(0.24, -26)), xy(A.p(0.4, 22))], [xy(A.p(0.95, -6)), xy(A.p(0.95, 6))], 10)]))
    ms.append(M("wrist-extensors",
                [A.c(0.88, 26), A.p(0.96, 32), F.p(0.08, 35), F.p(0.3, 31), F.p(0.55, 24), F.p(0.8, 18), F.c(1.0, 15), F.c(1.0, -8),
                 F.p(0.8, -10), F.p(0.5, -10), F.p(0.25, -6), F.p(0.08, 6), A.p(0.97, 14)],
                fibres=[Between([xy(A.p(0.9, 28)), xy(A.p(0.98, 12))], [xy(F.p(1.0, 14)), xy(F.p(1.0, -7))], 10, bend=-2)]))
    return ms


# ----------------------------------------------------------------------- back deep
def back_deep() -> list[Muscle]:
    ms: list[Muscle] = []
    ms.append(M("quadratus-lumborum",
                [(262, 444, "c"), (240, 448), (224, 462), (220, 490), (224, 506, "c"), (246, 510), (264, 514, "c"), (262, 480)],
                fibres=[Between([(262, 446), (242, 448), (224, 462)], [(266, 512), (246, 510), (224, 506)], 8)]))
    ms.append(M("erector-spinae",
                [(272, 565, "c"), (258, 526), (252, 480), (256, 420), (262, 350), (268, 280), (275, 226), (280, 196, "c"), (283, 224),
                 (280, 280), (275, 350), (270, 420), (269, 480), (276, 530)],
                [(286, 596, "c"), (278, 562), (274, 500), (276, 420), (280, 340), (283, 260), (284, 200), (284, 168, "c"), (291, 168, "c"),
                 (292, 230), (292, 330), (290, 420), (286, 470), (287, 540), (293, 596, "c")],
                fibres=[Parallel(91, 3)]))
    # multifidus: a band either side of the lumbar spinous processes (the gap between the left
    # and right bands is the spine), over the medial erector column, down onto the sacrum
    ms.append(M("multifidus",
                [(296.5, 428, "c"), (290, 434), (285, 452), (283, 488), (283, 528), (285, 562),
                 (289, 588), (296.5, 608, "c")],
                fibres=[Parallel(104, 3.2)]))
    ms.append(M("suboccipitals",
                [(298, 156, "c"), (284, 157), (270, 162, "c"), (276, 172), (290, 184, "c"), (298, 184, "c")],
                [(268, 166, "c"), (282, 180, "c"), (272, 178, "c")],
                fibres=[Between([(298, 157), (284, 157)], [(296, 184), (286, 182)], 4), Between([(270, 166)], [(280, 180)], 2)]))
    ms.append(M("levator-scapulae", strap([(274, 166), (272, 190), (264, 216), (254, 240), (250, 250)], [10, 13, 14, 13, 8]),
                fibres=[Along([(274, 166), (272, 190), (264, 216), (254, 240), (250, 250)], [-4, -1.5, 1, 3.5])]))
    ms.append(M("supraspinatus",
                [(253, 246, "c"), (236, 238), (214, 235), (194, 240), (186, 248, "c"), (196, 250, "c"), (218, 248), (238, 254), (254, 262, "c")],
                fibres=[Between([(254, 248), (254, 260)], [(188, 246), (190, 250)], 5)]))
    ms.append(M("infraspinatus", [(255, 274, "c"), (232, 264), (208, 256), (192, 258, "c"), (194, 268, "c"), (210, 284), (228, 305),
                                  (246, 334, "c"), (254, 318), (257, 294)], fibres=INFRA_FIB))
    ms.append(M("teres-minor", teres_minor(), fibres=TMIN_FIB))
    ms.append(M("rhomboids",
                [(298, 212, "c"), (276, 226), (256, 242, "c"), (256, 262, "c"), (298, 234, "c")],
                [(298, 239, "c"), (256, 267, "c"), (254, 300), (248, 342, "c"), (272, 318), (298, 296, "c")],
                fibres=[Between([(298, 212), (298, 296)], [(256, 242), (248, 342)], 12)]))
    # glute med cut back to its rim along the iliac crest, showing gluteus minimus beneath it: a
    # fan on the outer ilium converging on the greater trochanter, above piriformis
    ms.append(M("gluteus-medius", gluteus_medius([(209, 566), (216, 548), (230, 534), (248, 528), (264, 530)]),
                fibres=GMED_FIB))
    ms.append(M("gluteus-minimus",
                [(207, 583, "c"), (210, 566), (217, 549), (231, 536), (248, 531), (264, 534), (270, 543, "c"),
                 (264, 552), (246, 561), (226, 572), (212, 582)],
                fibres=[Between([(212, 566), (220, 549), (233, 537), (248, 532), (263, 535), (268, 544)],
                                [(208, 581), (208, 582), (208, 582), (209, 583), (209, 583), (210, 583)], 12)]))
    ms.append(M("piriformis",
                [(291, 556, "c"), (270, 564), (240, 575), (213, 590, "c"), (216, 597, "c"), (244, 590), (272, 584), (292, 580, "c")],
                fibres=[Between([(291, 558), (292, 578)], [(214, 591), (216, 596)], 5)]))
    ms.append(M("hip-adductors", adductors_back(0.22), fibres=[Between([xy(T.p(0.22, -34)), xy(T.p(0.3, -45))], [xy(T.p(0.6, -34)), xy(T.p(0.8, -37))], 7)]))
    ms.append(M("hamstrings", *hamstrings(0.17), fibres=HAM_FIB))
    ms.append(M("tibialis-posterior",
                [G.c(0.2, -6), G.p(0.2, 8), G.p(0.4, 10), G.p(0.6, 6), G.p(0.8, -2), G.c(0.97, -12), G.c(0.95, -17), G.p(0.8, -9), G.p(0.6, -8), G.p(0.4, -10)],
                fibres=[Between([xy(G.p(0.2, 0)), xy(G.p(0.85, -6))], [xy(G.p(0.45, 10)), xy(G.p(0.95, -14))], 8),
                        Between([xy(G.p(0.2, 0)), xy(G.p(0.85, -6))], [xy(G.p(0.45, -10)), xy(G.p(0.95, -14))], 8)]))
    ms.append(M("soleus",
                [G.c(0.1, 28), G.p(0.25, 33), G.p(0.45, 30), G.p(0.65, 21), G.p(0.78, 11), G.c(0.86, 8), G.c(0.6, 9), G.p(0.4, 13), G.p(0.2, 10)],
                [G.c(0.14, -20), G.p(0.28, -36), G.p(0.5, -32), G.p(0.66, -24), G.p(0.78, -14), G.c(0.86, -8), G.c(0.7, -10), G.p(0.45, -13), G.p(0.28, -12)],
                fibres=[Between([xy(G.p(0.1, 30)), xy(G.p(0.6, 22))], [xy(G.p(0.5, 10)), xy(G.p(0.86, 8))], 7),
                        Between([xy(G.p(0.15, -22)), xy(G.p(0.66, -26))], [xy(G.p(0.55, -12)), xy(G.p(0.86, -8))], 7)]))
    return ms
