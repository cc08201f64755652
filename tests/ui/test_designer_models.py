"""The designer's MIME codecs as tables, and every item model checked with pytest-qt's
qtmodeltester (the pure edits, wording and suggestions: tests/domain/test_session_edits.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from equitone.domain.assessment import ToneTag
from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import (
    BlockSide,
    Preferences,
)
from equitone.domain.suggestions import suggest
from equitone.domain.types import ToneState
from equitone.services.catalog import shipped_catalog
from equitone.ui.designer import mime
from equitone.ui.designer.library_model import LibraryFilter, LibraryModel, SuggestionModel
from equitone.ui.designer.timeline_model import CARD_ROLE, DOSE_ROLE, Card, TimelineModel
from tests.session_plans import GM, TFL, L, block, plan


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


# -- MIME codecs -------------------------------------------------------------------------------


def test_mime_round_trips() -> None:
    payload = mime.ExercisePayload("lacrosse-ball-release", TFL, "left")
    assert mime.decode_exercise(mime.encode_exercise(payload)) == payload
    assert mime.decode_block(mime.encode_exercise(payload)) is None
    card = mime.BlockPayload(7, "abc")
    assert mime.decode_block(mime.encode_block(card, text="Clamshell")) == card
    assert mime.encode_block(card, text="Clamshell").text() == "Clamshell"


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[]", b'"x"', b'{"slug": ""}', b'{"slug": 3}', b'{"slug": "a", "side": "up"}',
     b'{"slug": "a", "muscle": ""}', b'{"slug": "a", "muscle": 4}', "é".encode("latin-1")],
)
def test_malformed_exercise_payloads_decode_to_none(raw: bytes) -> None:
    data = QMimeData()
    data.setData(mime.EXERCISE_MIME, raw)
    assert mime.decode_exercise(data) is None


@pytest.mark.parametrize(
    "raw", [b"{}", b'{"session": "1", "id": "a"}', b'{"session": true, "id": "a"}',
            b'{"session": 1, "id": ""}', b'{"session": 1}'],
)
def test_malformed_block_payloads_decode_to_none(raw: bytes) -> None:
    data = QMimeData()
    data.setData(mime.BLOCK_MIME, raw)
    assert mime.decode_block(data) is None
    assert mime.decode_block(None) is None


# -- item models ---------------------------------------------------------------------------------


def test_timeline_model(qtmodeltester: Any, catalog: Catalog) -> None:
    model = TimelineModel()
    model.set_catalog(catalog.exercises, catalog.muscles)
    qtmodeltester.check(model)
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "clamshell", "clam", GM, BlockSide.LEFT))
    model.set_plan(3, blocks, ())
    qtmodeltester.check(model)
    card = model.index(1, 0).data(CARD_ROLE)
    assert isinstance(card, Card) and card.position == 2
    assert model.index(1, 0).data(DOSE_ROLE) == blocks[1].dose
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled and flags & Qt.ItemFlag.ItemIsEditable
    assert not flags & Qt.ItemFlag.ItemIsDropEnabled  # drops land between cards
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.setData(model.index(0, 0), "3 × 10")  # only a Dose is accepted
    model.set_plan(3, blocks, (), read_only=True)
    qtmodeltester.check(model)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.canDropMimeData(model.mimeData([model.index(0, 0)]),
                                     Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_library_and_suggestion_models(qtmodeltester: Any, catalog: Catalog) -> None:
    model = LibraryModel()
    qtmodeltester.check(model)
    model.set_catalog(catalog.exercises.values(), catalog.muscles)
    qtmodeltester.check(model)
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    proxy.set_search("stretch")
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < model.rowCount()
    row = model.row_of("lacrosse-ball-release")
    assert mime.decode_exercise(model.mimeData([model.index(row, 0)])) == (
        mime.ExercisePayload("lacrosse-ball-release", None, "both"))
    model.muscle, model.side = TFL, "left"
    assert mime.decode_exercise(model.mimeData([model.index(row, 0)])) == (
        mime.ExercisePayload("lacrosse-ball-release", TFL, "left"))
    clam = model.row_of("clamshell")  # not a modality: the muscle filter does not narrow it
    assert mime.decode_exercise(model.mimeData([model.index(clam, 0)])) == (
        mime.ExercisePayload("clamshell", None, "left"))
    suggestions = SuggestionModel()
    qtmodeltester.check(suggestions)
    tags = [ToneTag(GM, L, ToneState.UNDERACTIVE), ToneTag(TFL, L, ToneState.OVERACTIVE)]
    suggestions.set_suggestions(suggest(catalog, tags, Preferences()), catalog.exercises)
    qtmodeltester.check(suggestions)
    first = mime.decode_exercise(suggestions.mimeData([suggestions.index(0, 0)]))
    assert first is not None and first.muscle == TFL and first.side == "left"
