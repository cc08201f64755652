"""``BodyMapPanel``: the body map with its toolbar, tag palette and legend.

Everything the panel does goes through :class:`BodyMapView`; its signals are the view's,
forwarded, so the owner can connect to either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from equitone.bodymap.info import NameLookup, RegionInfo, default_name
from equitone.bodymap.palette import STATE_STYLES, swatch_pixmap
from equitone.bodymap.svgregions import ArtDir, RegionKey
from equitone.domain.types import Layer, ToneState, View

from .view import BodyMapView


def _tool_button(text: str, tip: str, *, checkable: bool = False) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setCheckable(checkable)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep keyboard shortcuts on the map
    button.setAutoRaise(not checkable)
    return button


class BodyMapLegend(QWidget):
    """Each state's swatch (colour + hatch + outline), glyph, name and number key."""

    def __init__(self, parent: QWidget | None = None, *, columns: int = 3) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        entries: list[tuple[ToneState | None, tuple[ToneState, ...], str, str]] = [
            (s.state, (), f"{s.label} ({s.glyph})", s.state.value) for s in STATE_STYLES.values()
        ]
        entries.append((None, (), "Not tagged", "untagged"))
        entries.append((ToneState.UNDERACTIVE, (ToneState.TENDER,),
                        "Several states: stripes", "combined"))
        for n, (state, others, text, name) in enumerate(entries):
            swatch = QLabel()
            swatch.setPixmap(swatch_pixmap(state, 16, device_pixel_ratio=self.devicePixelRatioF(),
                                           others=others))
            label = QLabel(text)
            label.setObjectName(f"legend_{name}")
            if others:
                label.setToolTip("A muscle side with several states is filled with its first "
                                 "state and striped with the others (here underactive and "
                                 "tender)")
            row, col = divmod(n, columns)
            grid.addWidget(swatch, row, col * 2)
            grid.addWidget(label, row, col * 2 + 1)
        grid.setColumnStretch(columns * 2, 1)


class BodyMapPanel(QWidget):
    """Toolbar (front/back, superficial/deep, zoom) + map + tag palette + legend."""

    selectionChanged = Signal(list)  # noqa: N815 (Qt naming)
    tagRequested = Signal(list, object)  # noqa: N815
    noteEditRequested = Signal(object)  # noqa: N815
    mirrorRequested = Signal(list)  # noqa: N815
    regionHovered = Signal(object)  # noqa: N815
    viewChanged = Signal(object, object)  # noqa: N815  (View, Layer)

    def __init__(
        self,
        art_dir: ArtDir | None = None,
        parent: QWidget | None = None,
        *,
        names: NameLookup = default_name,
    ) -> None:
        super().__init__(parent)
        self._names = names
        self.view = BodyMapView(art_dir, self, names=names)
        self.legend = BodyMapLegend(self)
        self.status = QLabel()
        self.status.setObjectName("bodymapStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.view_buttons: dict[View, QToolButton] = {}
        self.layer_buttons: dict[Layer, QToolButton] = {}
        self.tag_buttons: dict[ToneState | None, QToolButton] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addLayout(self._build_palette())
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.legend)

        v = self.view
        v.selectionChanged.connect(self.selectionChanged)
        v.tagRequested.connect(self.tagRequested)
        v.noteEditRequested.connect(self.noteEditRequested)
        v.mirrorRequested.connect(self.mirrorRequested)
        v.regionHovered.connect(self.regionHovered)
        v.selectionChanged.connect(self._update_status)
        v.regionHovered.connect(self._update_status)
        self._sync_buttons()
        self._update_status()

    # -------------------------------------------------------------- delegation
    def set_tags(self, tags: Mapping[RegionKey, RegionInfo]) -> None:
        self.view.set_tags(tags)
        self._update_status()

    def set_view(self, view: View, layer: Layer) -> None:
        self.view.set_view(view, layer)
        self._sync_buttons()
        self.viewChanged.emit(view, layer)

    def selection(self) -> list[RegionKey]:
        return self.view.selection()

    def select(self, keys: Iterable[RegionKey]) -> None:
        self.view.select(keys)

    def set_name_lookup(self, names: NameLookup) -> None:
        self._names = names
        self.view.set_name_lookup(names)
        self._update_status()

    # ------------------------------------------------------------------ layout
    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(2)
        for view in View:
            self.view_buttons[view] = self._segment(bar, view, f"Show the {view.value} of the body")
        bar.addSpacing(10)
        for layer in Layer:
            self.layer_buttons[layer] = self._segment(bar, layer, f"Show {layer.value} muscles")
        for group_buttons in (self.view_buttons, self.layer_buttons):
            group = QButtonGroup(self)
            for button in group_buttons.values():
                group.addButton(button)
        bar.addStretch(1)
        for text, tip, slot in (
            ("−", "Zoom out (−, or the mouse wheel)", self.view.zoom_out),
            ("+", "Zoom in (+, or the mouse wheel / pinch)", self.view.zoom_in),
            ("Fit", "Fit the whole body in the window (F or Ctrl+0)", self.view.fit),
        ):
            button = _tool_button(text, tip)
            button.setObjectName(f"bodymap_zoom_{text}")
            button.clicked.connect(slot)
            bar.addWidget(button)
        return bar

    def _segment(self, bar: QHBoxLayout, value: View | Layer, tip: str) -> QToolButton:
        button = _tool_button(value.value.capitalize(), tip, checkable=True)
        button.setObjectName(f"bodymap_{value.value}")
        button.clicked.connect(self._on_toggle)
        bar.addWidget(button)
        return button

    def _build_palette(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(3)
        entries: list[tuple[ToneState | None, str, str]] = [
            (s.state, f"{s.shortcut}  {s.label}", str(s.shortcut)) for s in STATE_STYLES.values()
        ]
        entries.append((None, "0  Clear", "0 or Delete"))
        for n, (state, text, key) in enumerate(entries):
            button = _tool_button(text, "")
            button.setIcon(
                QIcon(swatch_pixmap(state, 18, device_pixel_ratio=self.devicePixelRatioF()))
            )
            button.setIconSize(QSize(18, 18))
            button.setAutoRaise(False)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if state is None:
                button.setToolTip(f"Clear the selected muscles' tags  (key {key})")
            else:
                button.setToolTip(
                    f"{STATE_STYLES[state].label}: on or off on the selected muscles  (key "
                    f"{key}). A muscle side may carry several states.")
            button.setObjectName(f"bodymap_tag_{state.value if state else 'clear'}")
            button.clicked.connect(lambda _=False, s=state: self.view.request_tag(s))
            self.tag_buttons[state] = button
            row, col = divmod(n, 4)
            grid.addWidget(button, row, col)
        return grid

    # ----------------------------------------------------------------- updates
    def _on_toggle(self) -> None:
        view = next(v for v, b in self.view_buttons.items() if b.isChecked())
        layer = next(layer for layer, b in self.layer_buttons.items() if b.isChecked())
        if (view, layer) == self.view.current_view:
            return
        try:
            self.set_view(view, layer)
        except FileNotFoundError:
            self._sync_buttons()
            self.status.setText(f"No artwork for {view.value} / {layer.value} yet.")

    def _sync_buttons(self) -> None:
        view, layer = self.view.current_view
        self.view_buttons[view].setChecked(True)
        self.layer_buttons[layer].setChecked(True)

    def _update_status(self, *_: object) -> None:
        selection = self.view.selection()
        for button in self.tag_buttons.values():
            button.setEnabled(bool(selection))
        hovered = self.view.hovered()
        if hovered is not None:
            text = f"{self._names(hovered.slug)} ({hovered.side.value})"
        elif len(selection) == 1:
            key = selection[0]
            name = f"{self._names(key.slug)} ({key.side.value})"
            text = f"Selected: {name} — 1–6 state on/off, 0 clear, Enter note, M mirror"
        elif selection:
            text = f"{len(selection)} muscles selected — 1–6 state on/off, 0 clear, M mirror"
        else:
            text = "Click a muscle (Shift/Ctrl-click to add); arrows move; right-click for more."
        self.status.setText(text)
