"""The report's outline for the editor: parts (一、二、…) each followed by its sections
(（一）（二）…), numbered as the exported document numbers them.

A flat list rather than a tree, so that long part titles wrap instead of being cut off.
Part rows can be selected too (the editor then previews the whole part).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from ...reports import ReportSection
from ...reports.document import chinese_numeral
from ...reports.figures import Figures
from ...reports.template import default_template, render_text

SECTION_ROLE = Qt.ItemDataRole.UserRole  # on section rows: the section's index
PART_ROLE = Qt.ItemDataRole.UserRole + 1  # on part rows: the indexes of its sections
PART_NAMES = {"preamble": "开头语"}  # parts without a printed title
INDENT = "\u3000"


class SectionList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportSections")
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(1)
        self.setMinimumWidth(200)

    def fill(self, sections: Sequence[ReportSection], figures: Figures,
             context: Mapping[str, str]) -> None:
        """Rebuild without emitting currentItemChanged; nothing is current afterwards."""
        self.blockSignals(True)
        self.clear()
        parts = {p.key: p.title for p in default_template().parts}
        order = [*parts, *(s.part for s in sections if s.part not in parts)]
        number = 0
        for part in dict.fromkeys(order):
            indexes = [i for i, s in enumerate(sections) if s.part == part]
            if not indexes:
                continue
            if parts.get(part):
                number += 1
                text = chinese_numeral(number) + "、" + render_text(parts[part], {}, context)[0]
            else:
                text = PART_NAMES.get(part, f"不属于报告的内容（{part}）")
            item = QListWidgetItem(text, self)
            item.setData(PART_ROLE, indexes)
            item.setToolTip(text)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setForeground(QColor("#1d2733"))
            for i in indexes:
                QListWidgetItem(self).setData(SECTION_ROLE, i)
        self.setCurrentRow(-1)
        self.relabel(sections, figures, context)
        self.blockSignals(False)

    def relabel(self, sections: Sequence[ReportSection], figures: Figures,
                context: Mapping[str, str]) -> None:
        """Section labels "（一）标题" (untitled sections: "正文"), e.g. after a title edit."""
        number = 0
        for row in range(self.count()):
            item = self.item(row)
            index = self.index_of(item)
            if index is None:
                number = 0
                continue
            title = render_text(sections[index].title.strip(), figures, context)[0]
            if title:
                number += 1
                title = f"（{chinese_numeral(number)}）{title}"
            item.setText(INDENT + (title or "正文"))
            item.setToolTip(title or "本部分正文（无小标题）")

    def select(self, index: int) -> None:
        for row in range(self.count()):
            if self.index_of(self.item(row)) == index:
                self.setCurrentRow(row)
                return

    @staticmethod
    def index_of(item: QListWidgetItem | None) -> int | None:
        """The section's index, or None for a part row (or nothing)."""
        value = item.data(SECTION_ROLE) if item is not None else None
        return None if value is None else int(value)

    @staticmethod
    def children_of(item: QListWidgetItem) -> list[int]:
        """The sections of a part row."""
        return list(item.data(PART_ROLE) or [])

    def label(self, item: QListWidgetItem | None) -> str:
        return item.text().strip(INDENT) if item is not None else ""
