"""`equitone.resources` is the repository's top-level resources/ folder (setup.py maps it into
the package). PyInstaller's module finder only searches the parent package's folder
(src/equitone), so point it at the repository root, where `resources/__init__.py` lives."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def pre_find_module_path(api):  # type: ignore[no-untyped-def]
    api.search_dirs = [str(ROOT)]
