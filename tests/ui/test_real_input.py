"""The slow suite's real-input run: the whole window on xcb under Xvfb, driven by xdotool —
the X server's own pointer, wheel, keys and drags, as a clinician's hardware sends them:
tagging by click and key, the wheel over the Tag panel, a reorder drag and a library drag
(tests/ui/real_input_script.py does it and reports)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).with_name("real_input_script.py")


def _xdotool() -> str | None:
    """xdotool, installed from the system's packages when it is missing and we may."""
    found = shutil.which("xdotool")
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "xdotool"], check=False,
                       capture_output=True, timeout=300)
        found = shutil.which("xdotool")
    return found


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory, template_database: Path) -> dict[str, Any]:
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed")
    if _xdotool() is None:
        pytest.skip("xdotool is not installed and could not be installed")
    folder = tmp_path_factory.mktemp("real-input")
    database = folder / "clinic.sqlite3"
    shutil.copyfile(template_database, database)
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", EQUITONE_HOME=str(folder / "home"))
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, str(SCRIPT),
         str(database)],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.slow
def test_tagging_by_click_and_key(real_run: dict[str, Any]) -> None:
    assert real_run["platform"] == "xcb"
    assert real_run["selected_by_click"] == ["gluteus-medius:left"]
    assert str(real_run["caption"]).startswith("Keys change Gluteus medius (left)")
    assert real_run["tags_after_key"]["gluteus-medius:left"] == ["tight"]


@pytest.mark.slow
def test_the_wheel_over_the_tag_panel_scrolls_and_changes_nothing(
    real_run: dict[str, Any],
) -> None:
    assert real_run["tag_panel_scrolls"]
    assert real_run["grade_in_view"]  # the wheel turns over the visible, unfocused grade
    assert real_run["scrolled_by"] > 0  # the panel scrolled under the pointer ...
    assert real_run["grade_unchanged"]  # ... and the grade under it stayed as it was
    assert real_run["undo_entries_from_wheel"] == 0


@pytest.mark.slow
def test_a_reorder_drag_and_a_library_drag(real_run: dict[str, Any]) -> None:
    assert real_run["after_reorder"] == ["reverse-clamshell", "clamshell", "hip-hike"]
    expected = ["reverse-clamshell", "lateral-band-walk", "clamshell", "hip-hike"]
    assert real_run["after_library_drag"] == expected
    assert real_run["stored"] == expected
