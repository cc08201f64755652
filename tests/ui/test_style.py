"""The window's colours come from ui/style.py: no widget writes its own colour into a style
sheet or a rich-text label (the body map keeps its own palette, bodymap/palette.py)."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "src" / "equitone" / "ui"
OWN_PALETTES = {UI / "style.py", UI / "designer" / "colours.py"}
COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}\b")
STYLED = re.compile(r"setStyleSheet\(|style=|style='|color:|background:")


def test_no_inline_colours_in_the_window() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path in OWN_PALETTES or path.parent.name == "bodymap":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if STYLED.search(line) and COLOUR.search(line):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_every_exercise_kind_and_session_status_has_its_look() -> None:
    from equitone.domain.session import SessionStatus
    from equitone.domain.types import ExerciseKind
    from equitone.ui.designer.colours import KIND_COLOURS
    from equitone.ui.designer.session_bar import STATUS_LABELS

    assert set(KIND_COLOURS) == set(ExerciseKind)
    assert len({colour.name() for colour in KIND_COLOURS.values()}) == len(ExerciseKind)
    assert set(STATUS_LABELS) == set(SessionStatus)


def test_every_state_has_its_drawing_style() -> None:
    from equitone.bodymap.palette import STATE_BY_SHORTCUT, STATE_STYLES
    from equitone.domain.types import ToneState

    assert list(STATE_STYLES) == list(ToneState)
    assert sorted(STATE_BY_SHORTCUT.values()) == sorted(ToneState)
