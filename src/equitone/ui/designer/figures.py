"""Exercise pictures for the designer: the scenes for a library row or a block, and pixmaps
of them at the sizes the lists paint, both cached (a repaint after a drop draws dozens of
cards; each picture is composed and rasterised once)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap

from equitone.bodymap.figure_painter import scene_image
from equitone.domain.sequencing import Block
from equitone.domain.types import Exercise, Side, ToneState
from equitone.figures import Scene
from equitone.services.figures import SIDE_SHOWN, exercise_pictures

StateMap = Mapping[tuple[str, Side], ToneState]
_MAX_PIXMAPS = 600


class FigureCache:
    """The patient's tags colour the worked muscle; change them with :meth:`set_states`."""

    def __init__(self) -> None:
        self._states: dict[tuple[str, Side], ToneState] = {}
        self._scenes: dict[tuple[object, ...], tuple[Scene, ...]] = {}
        self._pixmaps: dict[tuple[str, int, int, float], QPixmap] = {}

    def set_states(self, states: StateMap) -> bool:
        """True when the tags changed (the caller repaints)."""
        fresh = dict(states)
        if fresh == self._states:
            return False
        self._states = fresh
        self._scenes.clear()
        return True

    def exercise(self, exercise: Exercise, muscle: str | None = None,
                 side: Side | None = Side.RIGHT) -> tuple[Scene, ...]:
        """A library row's pictures: the technique on ``muscle`` (or its first muscle)."""
        if exercise.muscle_parameter:
            wanted = muscle if muscle in exercise.muscles else exercise.muscles[0]
            muscles: tuple[str, ...] = (wanted,)
        else:
            muscles = exercise.muscles
        return self._get(exercise.slug, exercise, muscles, side)

    def block(self, block: Block, exercise: Exercise | None) -> tuple[Scene, ...]:
        return self._get(block.exercise, exercise, block.muscles, SIDE_SHOWN[block.side])

    def _get(self, slug: str, exercise: Exercise | None, muscles: tuple[str, ...],
             side: Side | None) -> tuple[Scene, ...]:
        # an own exercise's picture can change while the window is open (Edit…)
        key = (slug, muscles, side, exercise.picture if exercise is not None else None)
        found = self._scenes.get(key)
        if found is None:
            found = exercise_pictures(slug, exercise, muscles, side, self._states)
            self._scenes[key] = found
        return found

    def pixmap(self, scene: Scene, width: int, height: int, ratio: float = 1.0) -> QPixmap:
        """The scene fitted into width × height logical pixels, transparent around it."""
        key = (scene.key, width, height, ratio)
        found = self._pixmaps.get(key)
        if found is None:
            if len(self._pixmaps) > _MAX_PIXMAPS:
                self._pixmaps.clear()
            fitted = scene.fitted_to(width / height)
            image = scene_image(fitted, width, height, device_pixel_ratio=ratio,
                                background=QColor(Qt.GlobalColor.transparent))
            found = self._pixmaps[key] = QPixmap.fromImage(image)
        return found
