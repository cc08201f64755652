"""Skeleton landmarks (viewer-left half, x < 300) shared by all four views.

Canon: 8 heads of 140 px.  Head top y=40, chin y=180, nipples ~y=320 (2 heads), navel ~y=460,
pubis y=600 (4 heads), knee ~y=835, soles y=1160.  Shoulders ~2 heads wide (x 160..440).
The figure is symmetric, so front and back views share the same landmarks; only which
patient side the viewer-left half represents changes (front: patient RIGHT, back: LEFT).
"""

from __future__ import annotations

from geom import Frame, Profile

HEAD_TOP = 40.0
CHIN = 180.0
SOLE = 1160.0

# --- axial skeleton ---------------------------------------------------------------
EOP = (300.0, 150.0)  # external occipital protuberance (back)
MASTOID = (262.0, 160.0)
C7 = (300.0, 214.0)
STERNAL_NOTCH = (300.0, 232.0)
XIPHOID = (300.0, 332.0)
T4 = (300.0, 272.0)
T7 = (300.0, 330.0)
T12 = (300.0, 450.0)
NAVEL = (300.0, 462.0)
L5 = (300.0, 540.0)
PUBIS = (300.0, 600.0)

# --- shoulder girdle -----------------------------------------------------------------
ACROMION = (183.0, 231.0)
CORACOID = (207.0, 258.0)
CLAVICLE = [(289.0, 235.0), (266.0, 239.0), (240.0, 238.0), (212.0, 231.0), (188.0, 229.0)]
SCAP_SUP_ANGLE = (253.0, 240.0)
SCAP_SPINE_ROOT = (256.0, 266.0)
SCAP_INF_ANGLE = (247.0, 346.0)
GLENOID = (197.0, 262.0)
AXILLA = (208.0, 322.0)

# --- pelvis ----------------------------------------------------------------------------
ASIS = (234.0, 530.0)
AIIS = (242.0, 552.0)
ILIAC_CREST_TOP = (222.0, 502.0)
PSIS = (279.0, 522.0)
PUBIC_TUBERCLE = (286.0, 598.0)
GREATER_TROCHANTER = (200.0, 585.0)
ISCHIAL_TUB = (274.0, 628.0)

# --- limb frames (t along bone, off + = lateral) ----------------------------------------
ARM = Frame((188.0, 258.0), (155.0, 455.0))  # shoulder joint -> elbow
FOREARM = Frame((155.0, 455.0), (113.0, 620.0))  # elbow -> wrist
HAND = Frame((113.0, 620.0), (88.0, 722.0))  # wrist -> middle fingertip
THIGH = Frame((250.0, 580.0), (257.0, 840.0))  # hip -> knee
LEG = Frame((257.0, 840.0), (259.0, 1105.0))  # knee -> ankle

PATELLA = (256.0, 816.0)
ANKLE = (259.0, 1105.0)

# lateral (+) / medial (-) half widths of the limb silhouettes
ARM_LAT = Profile([(0.0, 36.0), (0.15, 40.0), (0.3, 36.0), (0.45, 30.0), (0.7, 28.0), (0.95, 29.0), (1.0, 30.0)])
ARM_MED = Profile([(0.3, 29.0), (0.5, 32.0), (0.8, 29.0), (1.0, 31.0)])
FORE_LAT = Profile([(0.0, 31.0), (0.15, 33.0), (0.4, 28.0), (0.75, 20.0), (1.0, 18.0)])
FORE_MED = Profile([(0.0, 32.0), (0.15, 33.0), (0.4, 29.0), (0.75, 21.0), (1.0, 18.0)])
THIGH_LAT = Profile([(0.0, 53.0), (0.12, 56.0), (0.4, 52.0), (0.7, 43.0), (0.92, 33.0), (1.0, 32.0)])
THIGH_MED = Profile([(0.13, 47.0), (0.3, 45.0), (0.6, 38.0), (0.85, 33.0), (1.0, 34.0)])
LEG_LAT = Profile([(0.0, 32.0), (0.12, 33.0), (0.3, 35.0), (0.55, 27.0), (0.8, 19.0), (1.0, 19.0)])
LEG_MED = Profile([(0.0, 34.0), (0.15, 37.0), (0.3, 40.0), (0.55, 31.0), (0.8, 21.0), (1.0, 21.0)])
