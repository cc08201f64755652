"""The inspector's picture: the selected exercise large, its start or end frame chosen with
two buttons, or the two alternating slowly ("Play") so the movement can be watched."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from equitone.bodymap.figure_painter import paint_scene
from equitone.figures import Scene

ALTERNATE_MS = 1400  # slow enough to see each frame, fast enough to read as a movement
FRAME_LABELS = {"start": "Start", "end": "End", "hold": "Position"}


class FigureView(QWidget):
    """One scene, fitted into the widget, on a light card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene: Scene | None = None
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(260, 220)

    def show_scene(self, scene: Scene | None) -> None:
        self.scene = scene
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            painter.setPen(QColor("#D5DAE0"))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawRoundedRect(box, 6, 6)
            if self.scene is not None:
                inner = box.adjusted(8, 8, -8, -8)
                paint_scene(painter, self.scene.fitted_to(inner.width() / inner.height()),
                            inner, min_line_px=1.0)
        finally:
            painter.end()


class FigurePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseFigure")
        self.view = FigureView()
        self.view.setObjectName("figureView")
        self.frames: dict[str, Scene] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for name in ("start", "end"):
            button = QToolButton()
            button.setText(FRAME_LABELS[name])
            button.setCheckable(True)
            button.setObjectName(f"figure{name.capitalize()}")
            button.setToolTip(f"Show the {name} position")
            self.group.addButton(button)
            self.buttons[name] = button
            button.clicked.connect(lambda _on, n=name: self._pick(n))
            row.addWidget(button)
        self.play = QToolButton()
        self.play.setText("Play")
        self.play.setObjectName("figurePlay")
        self.play.setCheckable(True)
        self.play.setToolTip("Alternate start and end slowly")
        self.play.toggled.connect(self._playing)
        row.addWidget(self.play)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.view)
        layout.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(ALTERNATE_MS)
        self.timer.timeout.connect(self._next)
        self.shown = ""
        self.show_frames(())

    def show_frames(self, scenes: Sequence[Scene]) -> None:
        """Start and end (two scenes) or one position; none hides the panel."""
        names = ("start", "end") if len(scenes) == 2 else ("hold",)
        self.frames = dict(zip(names, scenes, strict=False))
        moving = len(self.frames) == 2
        for button in (*self.buttons.values(), self.play):
            button.setVisible(moving)
        if not moving:
            self.play.setChecked(False)
        self.setVisible(bool(self.frames))
        self._pick("end" if moving else "hold")

    def _pick(self, name: str) -> None:
        self.shown = name
        if name in self.buttons:
            self.buttons[name].setChecked(True)
        self.view.show_scene(self.frames.get(name))

    def _playing(self, on: bool) -> None:
        if on:
            self.timer.start()
        else:
            self.timer.stop()

    def _next(self) -> None:
        if len(self.frames) == 2:
            self._pick("start" if self.shown == "end" else "end")
