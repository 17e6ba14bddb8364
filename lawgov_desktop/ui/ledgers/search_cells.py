"""How a ledger list shows what a search found: the matched text highlighted in each cell
(like WPS/Excel's 查找全部), and a sort arrow drawn by the model's header text rather than
by the style (Qt's styles disagree on which way "ascending" points)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QWidget,
)

HIGHLIGHT = QColor("#ffe066")
Index = QModelIndex | QPersistentModelIndex


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of any term in `text`, case-insensitive, merged."""
    lower = text.lower()
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = lower.find(term)
        while term and start >= 0:
            spans.append((start, start + len(term)))
            start = lower.find(term, start + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class HighlightDelegate(QStyledItemDelegate):
    """Paints a cell as usual, with the search terms' occurrences on a yellow ground."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.terms: list[str] = []

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not self.terms:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        spans = match_spans(text, self.terms) if text else []
        if not spans or not (opt.displayAlignment & Qt.AlignmentFlag.AlignLeft):
            super().paint(painter, option, index)
            return
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = rect.adjusted(margin, 0, -margin, 0)
        metrics = opt.fontMetrics
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setClipRect(rect)
        painter.setFont(opt.font)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(QPalette.ColorGroup.Normal, role))
        painter.drawText(rect, flags, shown)
        painter.setPen(QColor("#000000"))  # dark on yellow, also in a selected row
        for start, end in spans:
            if start >= len(shown):
                break
            left = rect.left() + metrics.horizontalAdvance(shown[:start])
            part = shown[start:min(end, len(shown))]
            box = QRect(left, rect.top() + 2, metrics.horizontalAdvance(part), rect.height() - 4)
            painter.fillRect(box, HIGHLIGHT)
            painter.drawText(QRect(left, rect.top(), box.width() + 2, rect.height()), flags, part)
        painter.restore()


class TextArrowHeader(QHeaderView):
    """A header whose sections never draw the style's sort arrow: the model's label carries
    ▲ (升序) or ▼ (降序). Clicks still sort as usual."""

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:
        super().initStyleOptionForIndex(option, logicalIndex)
        option.sortIndicator = QStyleOptionHeader.SortIndicator.None_
