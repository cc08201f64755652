"""The tagged-muscles list (grouped by state, with what the method suggests) and the
compare-mode list of changes. Rows carry their :class:`RegionKey`; a click asks the tab to
select that region on the map."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from equitone.bodymap.palette import STATE_STYLES, swatch_pixmap
from equitone.bodymap.svgregions import RegionKey
from equitone.domain.assessment import TagChange, ToneTag, states_text
from equitone.domain.catalog import Catalog
from equitone.domain.measures_text import findings_text, measure_parts
from equitone.domain.method import suggestion
from equitone.domain.types import Side, ToneState

KEY_ROLE = Qt.ItemDataRole.UserRole


def muscle_label(catalog: Catalog, slug: str, side: Side) -> str:
    """"Gluteus medius L" (catalog name, falling back to the slug)."""
    muscle = catalog.muscles.get(slug)
    name = muscle.name if muscle is not None else slug.replace("-", " ").capitalize()
    return f"{name} {side.letter}"


def tag_row_text(catalog: Catalog, tag: ToneTag) -> str:
    """"Gluteus medius L — 3/10 — activate, then relax it; check its compensators …"; a side
    with several states says them all: "Hamstrings R — tight + underactive — 6/10 — …"."""
    parts = [muscle_label(catalog, tag.muscle, tag.side)]
    if len(tag.states) > 1:
        parts.append(states_text(tag.states))
    if tag.tightness is not None:
        parts.append(f"{tag.tightness}/10")
    parts.append(suggestion(catalog, tag.muscle, tag.states))
    return " — ".join(parts)


def tag_tooltip(catalog: Catalog, tag: ToneTag, *, neurological: bool) -> str:
    """Every state with its grade, the measures (each against normal, kept ones said so)
    and the note: what the row has no room for."""
    lines = [tag_row_text(catalog, tag), findings_text(tag)]
    measures = measure_parts(tag, neurological=neurological)
    lines.extend(measures)
    if tag.note:
        lines.append(f"Note: {tag.note}")
    return "\n".join(lines)


class _KeyTree(QTreeWidget):
    regionActivated = Signal(object)  # noqa: N815  RegionKey

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, KEY_ROLE)
        if isinstance(key, RegionKey):
            self.regionActivated.emit(key)

    def _groups(self) -> list[QTreeWidgetItem]:
        found = (self.topLevelItem(n) for n in range(self.topLevelItemCount()))
        return [item for item in found if item is not None]

    @staticmethod
    def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        found = (item.child(n) for n in range(item.childCount()))
        return [child for child in found if child is not None]

    def row_for(self, key: RegionKey) -> QTreeWidgetItem | None:
        for group in self._groups():
            for item in (group, *self._children(group)):
                if item.data(0, KEY_ROLE) == key:
                    return item
        return None

    def rows(self) -> list[str]:
        """Every row's text, groups and children in order (tests and accessibility)."""
        out = []
        for group in self._groups():
            out.append(group.text(0))
            out.extend(child.text(0) for child in self._children(group))
        return out

    def _leaf(self, parent: QTreeWidgetItem | None, text: str, key: RegionKey) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text]) if parent is None else QTreeWidgetItem(parent, [text])
        item.setData(0, KEY_ROLE, key)
        item.setToolTip(0, text)
        return item


class TaggedMusclesTree(_KeyTree):
    """State → rows, in the palette's order (underactive first)."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taggedMuscles")
        self._catalog = catalog

    def show_tags(self, tags: Iterable[ToneTag], *, neurological: bool = False) -> None:
        """Grouped by each side's primary state; a side with several states shows them all
        (its icon striped like the map)."""
        by_state: dict[ToneState, list[ToneTag]] = {}
        for tag in tags:
            by_state.setdefault(tag.state, []).append(tag)
        self.clear()
        for state, style in STATE_STYLES.items():
            found = sorted(
                by_state.get(state, []),
                key=lambda t: (muscle_label(self._catalog, t.muscle, t.side)),
            )
            if not found:
                continue
            group = QTreeWidgetItem([f"{style.label} ({len(found)})"])
            group.setIcon(0, QIcon(swatch_pixmap(state, 14)))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.addTopLevelItem(group)
            for tag in found:
                leaf = self._leaf(group, tag_row_text(self._catalog, tag), RegionKey(*tag.key))
                leaf.setToolTip(0, tag_tooltip(self._catalog, tag, neurological=neurological))
                leaf.setIcon(0, QIcon(swatch_pixmap(  # striped when it carries several
                    tag.state, 14, others=tuple(o.state for o in tag.others))))
                if tag.not_applying(neurological=neurological):
                    leaf.setText(0, leaf.text(0) + "  (kept measure)")
            group.setExpanded(True)
        if self.topLevelItemCount() == 0:
            empty = QTreeWidgetItem(["No muscles tagged yet — click one on the map, then 1–6."])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(empty)


class ChangesTree(_KeyTree):
    """Compare mode: "Gluteus medius L: underactive 6/10 → balanced"."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesList")
        self.setRootIsDecorated(False)
        self._catalog = catalog

    def show_changes(self, changes: Iterable[TagChange], heading: str) -> None:
        self.clear()
        title = QTreeWidgetItem([heading])
        title.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = title.font(0)
        font.setBold(True)
        title.setFont(0, font)
        self.addTopLevelItem(title)
        count = 0
        for change in changes:
            text = f"{muscle_label(self._catalog, change.muscle, change.side)}: {change.summary}"
            item = self._leaf(None, text, RegionKey(change.muscle, change.side))
            after = change.after
            item.setIcon(0, QIcon(swatch_pixmap(
                after.state if after else None, 14,
                others=tuple(o.state for o in after.others) if after else ())))
            self.addTopLevelItem(item)
            count += 1
        if not count:
            none = QTreeWidgetItem(["No changes."])
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(none)
