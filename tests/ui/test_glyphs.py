"""Every character the source code can put on screen or paper exists in a shipped font.

The app ships DejaVu Sans and Droid Sans Fallback (and prints with them); a character neither
has (an emoji such as a lock) shows as an empty box on a clinician's screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QRawFont

from equitone.resources_access import resource_path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "equitone"
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallback.ttf")


def test_every_non_ascii_character_in_the_source_has_a_glyph(qapp: object) -> None:
    fonts = [QRawFont(str(resource_path("fonts", name)), 12.0) for name in FONTS]
    assert all(font.isValid() for font in fonts)
    missing: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for char in set(path.read_text(encoding="utf-8")):
            if ord(char) < 128 or char in "\ufe0f":
                continue
            if not any(font.supportsCharacter(ord(char)) for font in fonts):
                missing.setdefault(f"U+{ord(char):04X} {char}", set()).add(
                    str(path.relative_to(SOURCE))
                )
    assert not missing, f"characters no shipped font can draw: {missing}"
