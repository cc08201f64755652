"""Screenshots of the on-screen body map for reviewing artwork changes (not part of the app).

.venv/bin/python tools/bodymap/review.py OUTDIR [ART_DIR]

Grabs the real map panel for all four views with the muscles the last clinical review asked to
redraw tagged (patient's left underactive, right tight), so a before/after pair is two runs:
one with ART_DIR pointing at the old SVGs, one without (the shipped ones).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REVIEWED = ("gluteus-minimus", "iliopsoas", "transversus-abdominis", "diaphragm", "subscapularis",
            "multifidus", "vastus-medialis", "vastus-lateralis", "latissimus-dorsi",
            "levator-scapulae")


def shoot(out: Path, art: str | None) -> None:
    from PySide6.QtWidgets import QApplication

    from equitone.domain.types import Layer, Side, ToneState, View
    from equitone.ui.bodymap import BodyMapPanel, RegionInfo, RegionKey

    panel = BodyMapPanel(art)
    panel.resize(460, 820)
    panel.show()
    tags = {RegionKey(slug, Side.LEFT): RegionInfo(ToneState.UNDERACTIVE) for slug in REVIEWED}
    tags |= {RegionKey(slug, Side.RIGHT): RegionInfo(ToneState.TIGHT) for slug in REVIEWED}
    panel.set_tags(tags)
    for view in View:
        for layer in Layer:
            panel.set_view(view, layer)
            QApplication.processEvents()
            panel.grab().save(str(out / f"map-{view.value}-{layer.value}.png"))
    panel.close()
    panel.deleteLater()
    QApplication.processEvents()


def main() -> int:
    from PySide6.QtWidgets import QApplication

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    shoot(out, sys.argv[2] if len(sys.argv) > 2 else None)
    del app
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
