"""Real drags: `startDrag` → `QDrag.exec` on the timeline (a card reordered) and on the
library (an exercise dropped between two cards), driven by QTest mouse events from timers
while the drag's own event loop runs, with a `QDrag.cancel()` watchdog.

Offscreen, `QDrag.exec` returns at once (docs/architecture.md), so the drags run in a
subprocess on the `minimal` platform (always shipped with Qt), and on xcb under Xvfb in the
slow run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_drags(tmp_path: Path, db_path: Path, platform: str, wrapper: list[str]) -> dict[str, Any]:
    """tests/ui/drag_driver.py on `platform`, on a copy of the migrated test database (saves
    a migration)."""
    env = dict(os.environ, QT_QPA_PLATFORM=platform, EQUITONE_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [*wrapper, sys.executable, "-m", "tests.ui.drag_driver", str(db_path)], env=env,
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def check(result: dict[str, Any], platform: str) -> None:
    assert result["platform"] == platform
    assert result["reorder"] == "done" and result["drop"] == "done"  # no watchdog cancel
    assert result["after_reorder"] == ["reverse-clamshell", "clamshell", "hip-hike"]
    expected = ["reverse-clamshell", "lateral-band-walk", "clamshell", "hip-hike"]
    assert result["after_drop"] == expected and result["stored"] == expected
    # the band walk keeps glute med on: the engine adds its relaxation, then the warm-down
    assert result["auto_rules"] == ["sustained-relax", "warm-down"]
    assert result["undo"][-2:] == ["Move Reverse clamshell", "Add Lateral band walk"]


def test_real_drags_on_the_minimal_platform(tmp_path: Path, db_path: Path) -> None:
    check(run_drags(tmp_path, db_path, "minimal", []), "minimal")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_real_drags_on_xcb_under_xvfb(tmp_path: Path, db_path: Path) -> None:
    wrapper = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"]
    check(run_drags(tmp_path, db_path, "xcb", wrapper), "xcb")
