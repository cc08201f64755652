"""The rising-tightness flags under the chart, in plain language, with their two links:
"Show on chart" (zoom to the activation and what followed) and "Open session" (the session
that activated the muscle, where relaxation can be added or the load lowered)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from equitone.domain.activation_flags import RisingFlag
from equitone.domain.trends import format_day

MAX_HEIGHT_PX = 96
_STYLE = (
    "QFrame#trendFlagsBox { background: #FFF8E1; border: 1px solid #E0C060;"
    " border-radius: 3px; }"
)


class FlagsPanel(QFrame):
    """Signals: `session_requested(session id)`, `show_requested(index into the flags)`."""

    session_requested = Signal(int)
    show_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendFlagsBox")
        self.setStyleSheet(_STYLE)
        self.title = QLabel()
        self.title.setObjectName("trendFlagsTitle")
        self.title.setStyleSheet("font-weight: bold; border: none; background: transparent;")
        self.text = QLabel()
        self.text.setObjectName("trendFlags")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setStyleSheet("border: none; background: transparent;")
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.text.linkActivated.connect(self._on_link)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)

        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.text)
        scroll.setStyleSheet("background: transparent;")
        self.scroller = scroll
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 4)
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addWidget(scroll)
        self.flags: list[RisingFlag] = []
        self.setVisible(False)

    def set_flags(self, flags: list[RisingFlag]) -> None:
        self.flags = list(flags)
        if not flags:
            self.text.setText("")
            self.setVisible(False)
            return
        count = len(flags)
        self.title.setText(
            f"⚠ Tightness rose after activation ({count} flag{'' if count == 1 else 's'}): "
            "an activated muscle needs relaxing again afterwards"
        )
        self.text.setText("<br>".join(
            f"• {escape(f.explanation)} <a href='show:{i}'>Show on chart</a> · "
            f"<a href='session:{f.session_id}'>Open session of {format_day(f.session_day)}</a>"
            for i, f in enumerate(flags)
        ))
        self.setVisible(True)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the wrapped text needs, up to MAX_HEIGHT_PX (then it scrolls)."""
        width = max(self.scroller.viewport().width(), 200)
        needed = self.text.heightForWidth(width)
        self.scroller.setFixedHeight(min(max(needed, 0), MAX_HEIGHT_PX) + 2)

    def _on_link(self, link: str) -> None:
        kind, _, ident = link.partition(":")
        if not ident.isdigit():
            return
        if kind == "session":
            self.session_requested.emit(int(ident))
        elif kind == "show":
            self.show_requested.emit(int(ident))
