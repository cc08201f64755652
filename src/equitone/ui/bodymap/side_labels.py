"""Which side of the picture is the patient's left, said in the map's top corners.

Seen from the front the patient's right is on the viewer's left, which is exactly the side a
hurried click gets wrong. The labels are children of the view (not of its viewport), so they
stay put while the map is zoomed or panned, and let mouse events through to the map.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from equitone.domain.types import View

_MARGIN = 8
_STYLE = (
    "QLabel { color: #5f4b42; background: rgba(250, 248, 246, 210); border-radius: 3px;"
    " padding: 1px 5px; font-weight: 600; }"
)


def side_texts(view: View) -> tuple[str, str]:
    """(text for the viewer's left corner, text for the viewer's right corner)."""
    if view is View.FRONT:
        return "Patient's right", "Patient's left"
    return "Patient's left", "Patient's right"


class SideLabels:
    """The two corner labels of one map view."""

    def __init__(self, host: QWidget) -> None:
        self._host = host
        self.left = self._label("bodymap_side_left")
        self.right = self._label("bodymap_side_right")

    def _label(self, name: str) -> QLabel:
        label = QLabel(self._host)
        label.setObjectName(name)
        label.setStyleSheet(_STYLE)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    def show_for(self, view: View) -> None:
        left, right = side_texts(view)
        self.left.setText(left)
        self.right.setText(right)
        self.place()

    def place(self) -> None:
        """Top corners of the host; called after a resize."""
        for label in (self.left, self.right):
            label.adjustSize()
            label.raise_()
        width = self._host.width()
        self.left.move(_MARGIN, _MARGIN)
        self.right.move(max(_MARGIN, width - self.right.width() - _MARGIN), _MARGIN)
