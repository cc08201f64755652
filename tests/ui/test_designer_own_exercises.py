"""The clinic's own exercises in the window: New exercise… and Edit… under the library, a
dialog with the picture drawn as the card will show it (a figure in a position or a shipped
pose, or a photo), what the service refuses shown in one line with nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from equitone.domain.catalog import Catalog
from equitone.domain.patients import Patient
from equitone.domain.types import Dose, Exercise, ExerciseKind
from equitone.figures import library
from equitone.services import custom_exercises as own
from equitone.services.catalog import load_catalog
from equitone.storage.database import Database
from equitone.storage.models import ExerciseRow
from equitone.ui.designer import SessionTab
from equitone.ui.designer.exercise_dialog import ExerciseDialog
from equitone.ui.main_window import MainWindow

from .test_designer import drop, library_mime, open_tab
from .test_designer import patient as patient  # the fixture


@pytest.fixture
def tab(window: MainWindow, qtbot: QtBot, patient: Patient) -> Iterator[SessionTab]:
    tab = open_tab(window, qtbot, patient)
    tab.new_session()
    yield tab


def _count(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(ExerciseRow)) or 0)


def _dialog(db: Database, qtbot: QtBot, exercise: Exercise | None = None) -> ExerciseDialog:
    catalog: Catalog = load_catalog(db)

    def save(draft: own.ExerciseDraft) -> Exercise:
        if exercise is None:
            return own.add_exercise(db, draft)
        return own.edit_exercise(db, exercise.slug, draft)

    dialog = ExerciseDialog(save, catalog.muscles, own.pose_choices(
        list(catalog.exercises.values())), library().bases(), exercise)
    qtbot.addWidget(dialog)
    return dialog


def _check(dialog: ExerciseDialog, *slugs: str) -> None:
    for n in range(dialog.muscles.count()):
        item = dialog.muscles.item(n)
        if item.data(Qt.ItemDataRole.UserRole) in slugs:
            item.setCheckState(Qt.CheckState.Checked)


def _photo(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "press.jpg"
    # noise, like a photo: a flat colour would be kept as a (smaller) PNG
    Image.effect_noise((1600, 900), 60).convert("RGB").save(path, "JPEG")
    return path


def _saved(dialog: ExerciseDialog, qtbot: QtBot) -> Exercise:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.saved is not None, dialog.problem.text()
    return dialog.saved


def test_a_figure_in_a_position_is_drawn_and_stored(db: Database, qtbot: QtBot) -> None:
    dialog = _dialog(db, qtbot)
    dialog.name.setText("Side-lying «Zoë» lift")
    _check(dialog, "gluteus-medius")
    dialog.base.setCurrentIndex(dialog.base.findData("side-lying"))
    pixmap = dialog.preview.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 100  # the figure, drawn
    dialog.instruction.setPlainText("Lift the top leg slowly.")
    saved = _saved(dialog, qtbot)
    assert saved.custom and saved.picture is not None and saved.picture.base == "side-lying"
    assert saved.muscles == ("gluteus-medius",) and saved.dose == Dose(2, 10, None, 45)
    assert saved.name == "Side-lying «Zoë» lift"


def test_a_pose_borrowed_from_a_shipped_exercise(db: Database, qtbot: QtBot) -> None:
    dialog = _dialog(db, qtbot)
    dialog.name.setText("Banded clam")
    _check(dialog, "gluteus-medius", "gluteus-maximus")
    dialog.picture_kind.setCurrentIndex(1)
    dialog.like.setCurrentIndex(dialog.like.findData("clamshell"))
    assert not dialog.preview.pixmap().isNull()
    saved = _saved(dialog, qtbot)
    assert saved.picture is not None and saved.picture.like == "clamshell"


def test_a_photo_from_a_file(db: Database, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(db, qtbot)
    dialog.name.setText("Towel press")
    _check(dialog, "gluteus-medius")
    dialog.picture_kind.setCurrentIndex(2)
    assert dialog.preview.text() == "No photo chosen yet"
    dialog.choose_file = lambda: _photo(tmp_path)  # type: ignore[method-assign]
    dialog.photo_button.click()
    assert dialog.photo_label.text() == "JPEG, 1200 × 675 pixels"  # scaled down
    assert not dialog.preview.pixmap().isNull()
    saved = _saved(dialog, qtbot)
    assert saved.picture is not None and saved.picture.size == (1200, 675)


def test_a_bad_photo_or_definition_is_one_line_and_stores_nothing(
        db: Database, qtbot: QtBot, tmp_path: Path) -> None:
    before = _count(db)
    dialog = _dialog(db, qtbot)
    dialog.picture_kind.setCurrentIndex(2)
    fake = tmp_path / "holiday.jpg"
    fake.write_bytes(b"not a picture at all")
    dialog.choose_file = lambda: fake  # type: ignore[method-assign]
    dialog.photo_button.click()
    assert "holiday.jpg cannot be used as a photo" in dialog.problem.text()
    assert dialog.photo is None
    dialog.picture_kind.setCurrentIndex(0)
    dialog.show()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()  # no name, no muscle
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.problem.text() and "\n" not in dialog.problem.text()
    assert _count(db) == before


def test_new_and_edit_from_the_library(tab: SessionTab, db: Database, qtbot: QtBot) -> None:
    assert not tab.library.edit_exercise.isEnabled()  # Equitone's own exercise is chosen

    def new(exercise: Exercise | None) -> Exercise:
        assert exercise is None
        return own.add_exercise(db, own.ExerciseDraft(
            name="Towel press", kind=ExerciseKind.ACTIVATION, muscles=("gluteus-medius",),
            dose=Dose(2, 10, None, 45), base="supine-hook"))

    tab.ask_exercise = new
    tab.library.new_exercise.click()
    current = tab.library.current_exercise()
    assert current is not None and current.slug == "own-towel-press"
    assert tab.library.edit_exercise.isEnabled()
    drop(tab, library_mime(tab, "own-towel-press"), -1)
    assert "own-towel-press" in [b.exercise for b in tab.model.blocks]

    def edit(exercise: Exercise | None) -> Exercise:
        assert exercise is not None and exercise.slug == "own-towel-press"
        draft = own.draft_of(exercise)
        return own.edit_exercise(db, exercise.slug, own.ExerciseDraft(
            **{**{f: getattr(draft, f) for f in own.ExerciseDraft.__dataclass_fields__},
               "name": "Towel press, lying"}))

    tab.ask_exercise = edit
    tab.library.edit_exercise.click()
    current = tab.library.current_exercise()
    assert current is not None and current.name == "Towel press, lying"
    assert tab.catalog.exercises["own-towel-press"].name == "Towel press, lying"
