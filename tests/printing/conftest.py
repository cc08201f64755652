from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QApplication

from equitone.domain.types import Side

from .images import assessment_map_png, thumbnail_png


@dataclass(frozen=True)
class Pictures:
    thumbnail: bytes
    body_map: bytes


@pytest.fixture(scope="session")
def pictures(qapp: QApplication) -> Pictures:
    """Real body-map renders, made once per run."""
    return Pictures(
        thumbnail=thumbnail_png("gluteus-medius", Side.LEFT),
        body_map=assessment_map_png(),
    )
