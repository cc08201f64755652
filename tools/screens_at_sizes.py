"""Every tab of the patient page at the window sizes a clinic has: 1280×720, 1280×800 and
1920×1080, on the demo clinic, for a person to look at (does everything fit?).

    .venv/bin/python tools/screens_at_sizes.py [OUT]      (default: /tmp/equitone-sizes)
Offscreen by default; under xvfb-run it shows what a real X display shows. Writes
<size>-<tab>.png and, on the Assessment tab, a muscle selected so the Tag panel is filled.
"""

from __future__ import annotations

import sys
from pathlib import Path

SIZES = ((1280, 720), (1280, 800), (1920, 1080))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/equitone-sizes")
    out.mkdir(parents=True, exist_ok=True)
    from screenshots import demo_window  # the same demo clinic as the README's shots

    app, db, patients, window, _home = demo_window("equitone-sizes-")
    from PySide6.QtWidgets import QApplication

    from equitone.ui.bodymap import RegionKey

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    window.list_panel.select_patient(patients["Maria Keller"].id)
    settle()
    page = window.page
    for width, height in SIZES:
        window.resize(width, height)
        settle()
        for index in range(page.tabs.count()):
            page.tabs.setCurrentIndex(index)
            settle()
            name = page.tabs.tabText(index).replace("&", "").split()[0].lower()
            if page.tabs.currentWidget() is page.assessment and page.assessment is not None:
                tagged = list(page.assessment.map.view.tags())
                page.assessment.map.select(tagged[:1] or [RegionKey("gluteus-medius",
                                                                    next(iter(_sides())))])
                settle()
            path = out / f"{width}x{height}-{name}.png"
            window.grab().save(str(path))
            print(path)
            extra = _second_look(page, name)
            if extra is not None:
                settle()
                path = out / f"{width}x{height}-{name}-{extra}.png"
                window.grab().save(str(path))
                print(path)
                _second_look(page, name, undo=True)
    window.close()
    db.close()
    QApplication.processEvents()
    return 0


def _second_look(page: object, name: str, *, undo: bool = False) -> str | None:
    """Show the tab's other view (Findings & PSFS; one chart per muscle); None: none."""
    from equitone.ui.patient_page import PatientPage

    assert isinstance(page, PatientPage)
    if name == "assessment" and page.assessment is not None:
        page.assessment.side_tabs.setCurrentIndex(0 if undo else 2)
        return "findings"
    if name == "trends" and page.trends is not None and page.trends.chart is not None:
        page.trends.chart.set_mode("overlay" if undo else "small-multiples")
        return "multiples"
    return None


def _sides() -> tuple[object, ...]:
    from equitone.domain.types import Side

    return (Side.LEFT,)


if __name__ == "__main__":
    raise SystemExit(main())
