"""Register the shipped fonts so every name renders, whatever the machine has installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from equitone.resources_access import resource_path

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallback.ttf")
CJK_FALLBACK = "Droid Sans Fallback"


def install_fonts(app: QApplication) -> None:
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
    # Keep the platform's UI font, and add the shipped CJK face as a per-glyph fallback.
    font = QFont(app.font())
    families = [*font.families(), CJK_FALLBACK]
    font.setFamilies(families)
    app.setFont(font)
