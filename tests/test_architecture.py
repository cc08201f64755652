"""The layers stay visible: the domain imports neither Qt nor SQLAlchemy, and nothing below
the UI imports the UI. Checked by walking every module's imports (ast), so a violation fails
here rather than in review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "equitone"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": ("PySide6", "sqlalchemy", "alembic", "pyqtgraph", "reportlab", "equitone.ui",
               "equitone.storage", "equitone.services", "equitone.cli", "equitone.printing",
               "equitone.charts"),
    "storage": ("PySide6", "equitone.ui", "equitone.services", "equitone.cli"),
    "services": ("PySide6", "equitone.ui", "equitone.cli"),
    "cli": ("equitone.ui",),
    "bodymap": ("PySide6.QtWidgets", "equitone.ui", "equitone.storage", "equitone.services"),
    "charts": ("equitone.ui", "equitone.storage", "equitone.services", "equitone.cli"),
    "printing": ("PySide6.QtWidgets", "equitone.ui", "equitone.storage", "equitone.services",
                 "equitone.cli"),
    # the exercise figures are pure geometry: Qt, reportlab and SVG adapters draw them
    "figures": ("PySide6", "sqlalchemy", "alembic", "pyqtgraph", "reportlab", "numpy",
                "equitone.ui", "equitone.storage", "equitone.services", "equitone.cli",
                "equitone.printing", "equitone.charts", "equitone.bodymap"),
}
# modules a layer may use although their package is forbidden to it (plain data, no Qt)
ALLOWED: dict[str, tuple[str, ...]] = {"figures": ("equitone.bodymap.tones",)}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_forbidden_packages(layer: str) -> None:
    violations = []
    if not (SRC / layer).is_dir():
        pytest.skip(f"no {layer} package yet")
    for path in sorted((SRC / layer).rglob("*.py")):
        for name in _imports(path):
            if name in ALLOWED.get(layer, ()):
                continue
            for banned in FORBIDDEN[layer]:
                if name == banned or name.startswith(banned + "."):
                    violations.append(f"{path.relative_to(SRC)} imports {name}")
    assert not violations, "\n".join(violations)


def test_modules_allowed_across_layers_stay_pure() -> None:
    """What a pure layer may borrow from a Qt one must itself import no Qt."""
    for module in {m for allowed in ALLOWED.values() for m in allowed}:
        path = SRC.parent / (module.replace(".", "/") + ".py")
        qt = [n for n in _imports(path) if n.split(".")[0] in ("PySide6", "pyqtgraph")]
        assert not qt, f"{module} imports {qt}"
