"""The figure's colours and line weights, in the body map's calm palette.

Colour is kept for the muscle: the body is a warm neutral, props are greys and browns, so a
tone state's colour (or the neutral highlight) is the only colour in the picture.
"""

from __future__ import annotations

SKIN = "#EFE4D8"
SKIN_FAR = "#DCCCBC"  # limbs on the far side of the body: a shade darker reads as depth
OUTLINE = "#8A7264"
OUTLINE_WIDTH = 0.6  # cm: 1 px on a 300-px figure; adapters keep a readable minimum
HAIR = "#A38F80"  # hair and eyes say which way the figure faces (features.py)
EYE = "#4A3B32"
GHOST = "#CDBFB3"  # the start position drawn faintly behind the end frame

MUSCLE = "#C4573F"  # the worked muscle when no assessment tags it (the body map's muscle red,
MUSCLE_EDGE = "#7E2E1F"  # deepened so a small print still shows it)

ARROW = "#2B3A47"
FLOOR = "#B7B0A8"

PROP_FILL = "#C9CED3"
PROP_EDGE = "#6F7780"
WOOD = "#C7A27C"
WOOD_EDGE = "#7F5F42"
WALL = "#E4E6E8"
MAT = "#B9C6CF"
TOOL = "#3E444B"  # ball, roller: dark so the placement is the first thing one sees
TOOL_EDGE = "#1E2226"
BAND = "#4D5560"
TOWEL = "#F4F1EA"
HAND = "#F2C9A0"  # a helper's hand (clinician techniques): warmer than the patient's skin
HAND_EDGE = "#8E5F3A"
