"""Front-view muscles (viewer-left half = patient's RIGHT).  Lists are bottom -> top z-order."""

from __future__ import annotations

import landmarks as L
from geom import Along, Between, Knot, Parallel, Profile, strap
from model import M, Muscle

A, F, T, G = L.ARM, L.FOREARM, L.THIGH, L.LEG


def xy(k: Knot) -> tuple[float, float]:
    return (k[0], k[1])


# lateral edge of rectus abdominis (linea semilunaris) as a function of y
_RA_OUT = Profile([(332, 237), (380, 241), (430, 246), (470, 251), (520, 262), (570, 276), (600, 289)])


def rectus_blocks() -> list[list[Knot]]:
    bands = [(333, 368), (373, 410), (415, 453), (458, 600)]
    subs: list[list[Knot]] = []
    for i, (y0, y1) in enumerate(bands):
        top = [(_RA_OUT(y0) + 1, y0 + 2, "c"), (268, y0 - 1 + (2 if i else -3)), (298, y0 + (1 if i else -4), "c")]
        right = [(298, y1, "c")]
        if i == 3:
            bottom = [(289, 601, "c")]
            left = [(_RA_OUT(y), y) for y in (570, 530, 495)]
        else:
            bottom = [(270, y1 + 1), (_RA_OUT(y1) + 1, y1 - 1, "c")]
            left = [(_RA_OUT((y0 + y1) / 2) - 0.5, (y0 + y1) / 2)]
        subs.append(top + right + bottom + left)
    return subs


def serratus_slips() -> list[list[Knot]]:
    subs = []
    for i, y in enumerate((334, 356, 378, 400)):
        dx = i * 1.5
        subs.append([(209 + dx, y - 8, "c"), (224 + dx, y - 3), (238 + dx, y + 7, "c"), (226 + dx, y + 11), (212 + dx, y + 10, "c")])
    return subs


def front_superficial() -> list[Muscle]:
    ms: list[Muscle] = []
    # ---------------- trunk
    ms.append(M("latissimus-dorsi",
                [(208, 321, "c"), (214, 330), (217, 360), (220, 400), (225, 440), (228, 456, "c"), (200, 440), (196, 380), (198, 330)],
                fibres=[Parallel(-80, 3)]))
    ms.append(M("external-oblique",
                [(208, 352, "c"), (238, 356), (244, 380), (247, 420), (249, 460), (246, 495), (236, 523, "c"),
                 (224, 512), (213, 503, "c"), (204, 470), (206, 420), (204, 380)],
                fibres=[Between([(200, 330), (200, 420), (205, 500)], [(262, 380), (262, 460), (240, 540)], 16)]))
    ms.append(M("serratus-anterior", *serratus_slips(),
                fibres=[Between([(208, 326), (212, 410)], [(240, 342), (242, 416)], 12)]))
    ms.append(M("rectus-abdominis", *rectus_blocks(), fibres=[Parallel(90, 5)]))
    ms.append(M("pectoralis-major",
                [(289, 237, "c"), (264, 242), (241, 241, "c"), (226, 256), (212, 276), (198, 294, "c"), (200, 307, "c"),
                 (213, 322), (234, 336), (258, 344), (281, 342), (297, 335, "c"), (298, 290), (297, 245)],
                fibres=[Between([(238, 240), (266, 242), (291, 238), (298, 262), (298, 300), (296, 336), (268, 348), (242, 340), (222, 330)],
                                [(203, 288), (199, 296), (200, 303), (203, 310)], 22, bend=-3)]))
    # ---------------- arm & forearm
    ms.append(M("biceps-brachii",
                [A.c(0.12, -4), A.p(0.24, 10), A.p(0.38, 17), A.p(0.58, 19), A.p(0.76, 14), A.p(0.88, 7), A.c(0.99, 3),
                 A.c(0.99, -5), A.p(0.88, -9), A.p(0.74, -18), A.p(0.56, -23), A.p(0.38, -21)],
                fibres=[Between([xy(A.p(0.2, -14)), xy(A.p(0.2, 8))], [xy(A.p(0.98, -4)), xy(A.p(0.98, 3))], 9)]))
    ms.append(M("brachioradialis",
                [A.c(0.7, 23), A.p(0.8, 31), F.p(0.02, 34), F.p(0.15, 35), F.p(0.38, 30), F.p(0.62, 21), F.p(0.85, 16),
                 F.c(1.0, 14), F.c(0.98, 8), F.p(0.75, 8), F.p(0.48, 10), F.p(0.22, 12), F.p(0.06, 12), A.p(0.86, 14)],
                fibres=[Between([xy(A.p(0.72, 24)), xy(A.p(0.82, 14))], [xy(F.p(0.98, 14)), xy(F.p(0.96, 8))], 7)]))
    ms.append(M("wrist-flexors",
                [A.c(0.96, -31), F.p(0.06, -35), F.p(0.3, -31), F.p(0.6, -25), F.p(0.88, -18), F.c(1.0, -12), F.c(1.0, 5),
                 F.p(0.8, 5), F.p(0.5, 6), F.p(0.22, 0), F.p(0.08, -10), A.p(0.98, -20)],
                fibres=[Between([xy(A.p(0.97, -34)), xy(A.p(0.99, -16))], [xy(F.p(1.0, -15)), xy(F.p(1.0, 5))], 9, bend=2)]))
    # ---------------- neck & shoulder
    ms.append(M("upper-trapezius",
                [(270, 182, "c"), (273, 206), (254, 216), (226, 224), (196, 230, "c"), (212, 231), (232, 232, "c"),
                 (247, 221), (260, 202)],
                fibres=[Between([(270, 180), (271, 206)], [(232, 234), (192, 232)], 7)]))
    ms.append(M("sternocleidomastoid",
                [(256, 158, "c"), (264, 166, "c"), (276, 186), (287, 210), (295, 230, "c"), (286, 233, "c"), (282, 224),
                 (277, 234, "c"), (268, 232, "c"), (264, 206), (259, 180)],
                fibres=[Between([(256, 157), (266, 160)], [(270, 234), (295, 232)], 7)]))
    ms.append(M("anterior-deltoid",
                [(240, 237, "c"), (222, 227), (203, 222), (189, 223, "c"), (183, 260), (177, 300), (169, 342, "c"),
                 (181, 316), (195, 292), (211, 270), (228, 251)],
                fibres=[Between([(242, 238), (215, 231), (188, 231)], [(176, 336), (169, 341)], 10)]))
    ms.append(M("lateral-deltoid",
                [(189, 223, "c"), (176, 220), (156, 232), (142, 262), (141, 292), (149, 322), (169, 343, "c"), (177, 300), (183, 260)],
                fibres=[Between([(190, 230), (172, 231), (157, 248), (152, 278)], [(171, 338), (168, 343)], 8)]))
    # ---------------- hip & thigh
    ms.append(M("hip-adductors",
                [(266, 594, "c"), (282, 598), (296, 606, "c"), T.p(0.2, -50), T.p(0.42, -46), T.p(0.62, -41), T.p(0.8, -37),
                 T.c(0.95, -36), T.c(0.9, -28), T.p(0.62, -28), T.p(0.4, -20), T.p(0.22, -10), T.c(0.13, -6)],
                fibres=[Between([(268, 594), (296, 604)], [xy(T.p(0.62, -28)), xy(T.p(0.9, -36))], 12, bend=-4)]))
    # vastus lateralis: the widest quadriceps, from the ITB to rectus femoris (which overlies it)
    ms.append(M("vastus-lateralis",
                [T.c(-0.02, 24), T.p(0.05, 44), T.p(0.2, L.THIGH_LAT(0.2) - 9), T.p(0.45, L.THIGH_LAT(0.45) - 10),
                 T.p(0.7, L.THIGH_LAT(0.7) - 10), T.p(0.88, L.THIGH_LAT(0.88) - 9), T.c(0.95, 17), T.c(0.9, 9),
                 T.p(0.78, 7), T.p(0.55, 10), T.p(0.3, 12), T.p(0.08, 14)],
                fibres=[Between([xy(T.p(0.0, 40)), xy(T.p(0.3, 46)), xy(T.p(0.7, 34))],
                                [xy(T.p(0.3, 13)), xy(T.p(0.65, 9)), xy(T.p(0.93, 10))], 18)]))
    ms.append(M("rectus-femoris",
                [T.c(-0.11, 4), T.p(0.02, 13), T.p(0.2, 17), T.p(0.45, 18), T.p(0.64, 14), T.p(0.75, 9), T.c(0.8, 6), T.c(0.8, -6),
                 T.p(0.72, -11), T.p(0.6, -16), T.p(0.35, -16), T.p(0.12, -10), T.p(-0.05, -2)],
                fibres=[Between([xy(T.p(0.0, 12)), xy(T.p(0.5, 18)), xy(T.p(0.77, 8))], [xy(T.p(0.0, 0)), xy(T.p(0.45, 0)), xy(T.p(0.8, 0))], 7),
                        Between([xy(T.p(0.05, -7)), xy(T.p(0.5, -17)), xy(T.p(0.76, -9))], [xy(T.p(0.0, 0)), xy(T.p(0.45, 0)), xy(T.p(0.8, 0))], 6)]))
    ms.append(M("tensor-fasciae-latae",
                [(234, 531, "c"), (220, 520), (205, 532), (192, 560), (193, 596), T.c(0.19, 47), T.c(0.2, 40), (214, 600), (226, 566), (233, 545)],
                fibres=[Between([(234, 531), (206, 530)], [xy(T.p(0.2, 40)), xy(T.p(0.19, 47))], 7)]))
    sart_c = [(237, 532), (246, 566), (258, 610), T.p(0.25, -12)[:2], T.p(0.45, -24)[:2], T.p(0.65, -32)[:2], T.p(0.82, -37)[:2],
              T.p(0.97, -35)[:2], G.p(0.08, -30)[:2], G.p(0.14, -22)[:2]]
    ms.append(M("sartorius", strap(sart_c, [9, 14, 16, 16, 16, 15, 14, 13, 12, 10]),
                fibres=[Along(sart_c, [-6, -3, 0, 3, 6])]))
    # vastus medialis: the teardrop bulging above and inside the kneecap, over sartorius there
    ms.append(M("vastus-medialis",
                [T.c(0.6, -24), T.p(0.68, -27), T.p(0.77, -29.5), T.p(0.86, -30.5), T.p(0.93, -28),
                 T.p(0.965, -21), T.p(0.97, -14), T.p(0.94, -9), T.p(0.87, -8), T.p(0.8, -12),
                 T.p(0.72, -17), T.p(0.65, -21)],
                fibres=[Between([xy(T.p(0.62, -24)), xy(T.p(0.75, -29)), xy(T.p(0.9, -30))],
                                [xy(T.p(0.82, -11)), xy(T.p(0.9, -8)), xy(T.p(0.96, -13))], 11)]))
    # ---------------- leg
    ms.append(M("soleus",
                [G.c(0.34, -31), G.p(0.46, -32), G.p(0.62, -26), G.p(0.78, -20), G.c(0.86, -18), G.p(0.74, -15), G.p(0.55, -15), G.p(0.42, -19)],
                [G.c(0.36, 28), G.p(0.52, 28), G.p(0.7, 22), G.c(0.84, 17), G.p(0.66, 27), G.p(0.5, 33)],
                fibres=[Parallel(95, 3.5)]))
    ms.append(M("gastrocnemius",
                [G.c(0.02, -27), G.p(0.08, -35), G.p(0.2, -41), G.p(0.34, -40), G.c(0.48, -30), G.p(0.36, -27), G.p(0.2, -22), G.p(0.08, -22)],
                fibres=[Between([xy(G.p(0.02, -26)), xy(G.p(0.1, -22))], [xy(G.p(0.3, -41)), xy(G.p(0.47, -30))], 6)]))
    ms.append(M("fibularis",
                [G.c(0.06, 22), G.p(0.16, 37), G.p(0.32, 37), G.p(0.55, 29), G.p(0.8, 21), G.c(0.98, 19), G.c(0.98, 13),
                 G.p(0.8, 12), G.p(0.6, 16), G.p(0.4, 22), G.p(0.2, 23)],
                fibres=[Parallel(93, 3)]))
    ms.append(M("tibialis-anterior",
                [G.c(0.08, -1), G.p(0.12, 12), G.p(0.25, 21), G.p(0.45, 20), G.p(0.62, 14), G.p(0.78, 6), G.p(0.92, -4), G.c(1.05, -15),
                 G.c(1.04, -21), G.p(0.94, -10), G.p(0.8, -5), G.p(0.6, -3), G.p(0.35, -3), G.p(0.18, -3)],
                fibres=[Parallel(92, 3)]))
    return ms


def front_deep() -> list[Muscle]:
    ms: list[Muscle] = []
    ms.append(M("deep-neck-flexors",
                [(292, 160, "c"), (297, 158, "c"), (298, 200), (297, 236, "c"), (291, 234, "c"), (289, 205), (289, 180)],
                fibres=[Parallel(92, 2.5)]))
    ms.append(M("scalenes",
                [(277, 168, "c"), (283, 170), (282, 200), (272, 226), (258, 243, "c"), (245, 245, "c"), (255, 228), (266, 205), (272, 180)],
                [(273, 176, "c"), (266, 204), (252, 228), (240, 240, "c"), (235, 236, "c"), (250, 214), (265, 188)],
                fibres=[Between([(280, 168), (268, 180)], [(256, 244), (236, 238)], 8)]))
    # subscapularis: on the front of the shoulder blade, seen only in the armpit between the arm
    # and the side of the ribcage, below pectoralis minor, converging on the lesser tubercle
    ms.append(M("subscapularis",
                [(199, 266, "c"), (207, 272), (215, 283), (222, 295, "c"), (220, 306), (216, 315),
                 (211, 322), (206, 321), (201, 310), (198, 294), (197, 280)],
                fibres=[Between([(222, 296), (219, 307), (215, 316), (209, 322)],
                                [(199, 267), (199, 269), (198, 271), (198, 273)], 9)]))
    # diaphragm: the muscular rim between the (pale, trefoil) central tendon and its costal
    # attachment, following the costal margin down from the xiphoid to the lowest ribs
    ms.append(M("diaphragm",
                [(299, 352, "c"), (282, 347), (266, 340), (256, 330), (250, 319), (240, 313),
                 (229, 317), (221, 330), (216, 352), (214, 384), (215, 410), (217, 426),
                 (222, 434), (228, 431), (232, 416), (239, 396), (250, 376), (266, 362), (282, 357), (299, 357, "c")],
                fibres=[Between([(252, 322), (242, 314), (230, 317), (222, 330), (217, 350),
                                 (215, 380), (216, 410)],
                                [(268, 359), (256, 366), (243, 380), (233, 394), (226, 406),
                                 (222, 416), (219, 426)], 13, bend=3)]))
    # psoas beside the lumbar spine and iliacus in the iliac fossa; the abdominal wall
    # (transversus, drawn above) covers the iliacus, the psoas stays visible along the spine
    ms.append(M("iliopsoas",
                [(283, 442, "c"), (293, 442, "c"), (296, 500), (292, 545), (278, 575), (266, 605), (265, 640, "c"), (254, 640, "c"),
                 (250, 605), (262, 570), (276, 540), (281, 490)],
                [(222, 508, "c"), (242, 504), (264, 516), (276, 538), (268, 566), (257, 602, "c"), (246, 590), (232, 560), (220, 532)],
                fibres=[Between([(290, 444), (292, 520), (276, 532), (250, 516), (222, 510)], [(262, 636), (260, 636), (259, 636), (258, 636), (257, 636)], 14, bend=-4)]))
    # internal oblique: the flank between the lowest ribs and the iliac crest, fibres fanning up
    # and in from the crest
    ms.append(M("internal-oblique",
                [(214, 430, "c"), (232, 434), (248, 442), (262, 452, "c"), (254, 462), (240, 468),
                 (228, 478), (222, 492), (222, 503, "c"), (214, 500), (210, 482), (210, 456)],
                fibres=[Between([(212, 498), (216, 501), (221, 502)],
                                [(214, 432), (232, 436), (248, 444), (260, 453)], 10)]))
    # transversus abdominis: the lower abdomen between the navel line and the groin crease,
    # where it is felt just inside the front of the pelvic bone; horizontal fibres
    ms.append(M("transversus-abdominis",
                [(226, 472, "c"), (244, 464), (262, 462), (277, 466, "c"), (279, 500), (279, 530),
                 (277, 558), (272, 574, "c"), (262, 566), (248, 550), (236, 534, "c"), (226, 518),
                 (222, 500), (222, 484)],
                fibres=[Parallel(174, 4.5)]))
    ms.append(M("hip-adductors",
                [(262, 598, "c"), (282, 598), (296, 606, "c"), T.p(0.2, -50), T.p(0.42, -46), T.p(0.62, -41), T.p(0.8, -37), T.c(0.93, -36),
                 T.c(0.88, -20), T.p(0.62, -12), T.p(0.42, -4), T.p(0.26, 4), T.c(0.12, 2)],
                fibres=[Between([(262, 598), (296, 604)], [xy(T.p(0.55, -6)), xy(T.p(0.9, -34))], 14, bend=-4)]))
    ms.append(M("pectoralis-minor",
                [(206, 257, "c"), (222, 266), (242, 280), (257, 289, "c"), (263, 296), (260, 304, "c"),
                 (265, 312), (262, 320, "c"), (265, 328), (260, 337, "c"), (248, 326), (232, 304),
                 (218, 282), (207, 266)],
                fibres=[Between([(206, 258), (207, 264)],
                                [(257, 290), (263, 304), (264, 320), (260, 334)], 8)]))
    return ms
