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
