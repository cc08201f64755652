"""The designer's strip for standing "activated, then tighter" flags: what was seen, what the
engine proposes, and the clinician's answer — never applied until accepted.

It only shows and emits; the tab turns an answer into one undoable edit of the session.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from equitone.domain.sequencing import Proposal

FILL, BORDER = "#FFF8E1", "#E0B252"


class ProposalBar(QFrame):
    answerRequested = QtSignal(object, bool)  # noqa: N815  Proposal, accept
    withdrawRequested = QtSignal(object)  # noqa: N815  ProposalResponse

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalBar")
        self.setStyleSheet(
            f"#proposalBar {{ background: {FILL}; border: 1px solid {BORDER};"
            " border-radius: 3px; }"
        )
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(8, 4, 4, 4)
        self.grid.setHorizontalSpacing(6)
        self.rows: list[tuple[QLabel, list[QPushButton]]] = []
        self._shown: tuple[tuple[Proposal, ...], bool] | None = None
        self.hide()

    def show_proposals(self, proposals: Sequence[Proposal], *, read_only: bool) -> None:
        shown = (tuple(proposals), read_only)
        if shown == self._shown:
            return  # every repaint of the timeline asks again: nothing to rebuild
        self._shown = shown
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # out of sight at once, not when the event loop gets to it
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.rows = []
        for row, proposal in enumerate(proposals):
            label = QLabel(_words(proposal))
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setObjectName("proposalText")
            self.grid.addWidget(label, row, 0)
            buttons: list[QPushButton] = []
            if proposal.response is None:
                accept = QPushButton("Accept…")
                accept.setToolTip("Add the relaxations and lower the doses (one undo step)")
                accept.clicked.connect(
                    lambda _c=False, p=proposal: self.answerRequested.emit(p, True)
                )
                dismiss = QPushButton("Dismiss…")
                dismiss.setToolTip("Keep the session as it is, with your reason")
                dismiss.clicked.connect(
                    lambda _c=False, p=proposal: self.answerRequested.emit(p, False)
                )
                buttons = [accept, dismiss]
            else:
                withdraw = QPushButton("Withdraw")
                withdraw.setToolTip("Take the answer back: the proposal is open again")
                answer = proposal.response
                withdraw.clicked.connect(lambda _c=False, r=answer: self.withdrawRequested.emit(r))
                buttons = [withdraw]
            for column, button in enumerate(buttons, 1):
                button.setEnabled(not read_only)
                self.grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignTop)
            self.rows.append((label, buttons))
        self.grid.setColumnStretch(0, 1)
        self.setVisible(bool(proposals))


def _words(proposal: Proposal) -> str:
    seen = f"⚑ {proposal.explanation}\n" if proposal.explanation else "⚑ "
    answer = proposal.response
    if answer is None:
        return f"{seen}Proposed: {proposal.text}"
    verb = "Accepted" if answer.accepted else "Dismissed"
    return f"{seen}{verb}: {answer.reason}"
