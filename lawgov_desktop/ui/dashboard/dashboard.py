"""概览: the year's key figures (domain indicators), cases and events by month, and the legal
deadlines that are due or overdue. Double-clicking a deadline opens its record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.indicators import BY_ID, format_indicator
from ...domain.ledgers import CardDef, get_ledger, load_ledgers
from ...storage import Database
from .month_chart import MonthChart, monthly_counts


def dashboard_cards() -> tuple[CardDef, ...]:
    """The 概览 cards: each register's `[[cards]]` in forms/, in register order."""
    return tuple(c for d in load_ledgers().values() for c in d.cards)


WINDOWS = (("15 日内到期及已逾期", 15), ("30 日内到期及已逾期", 30), ("全部未完成期限", None))
SAMPLE_CASE_NO = "某应急罚〔2025〕第0123号"  # a real 案号's length: the column's least width
LATE = QColor("#c0392b")
SOON = QColor("#b7791f")


def card_text(card: CardDef, figures: Mapping[str, Any]) -> str:
    first = BY_ID[card.indicators[0]]
    if len(card.indicators) == 1:
        return format_indicator(first, figures[first.id])
    return format_indicator(first, sum(figures[i] for i in card.indicators))


class _Shown(Mapping[str, str]):
    """`{shown[x]}` in a card note: indicator x written with its unit."""

    def __init__(self, figures: Mapping[str, Any]) -> None:
        self.figures = figures

    def __getitem__(self, key: str) -> str:
        return format_indicator(BY_ID[key], self.figures[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)


def card_note(card: CardDef, figures: Mapping[str, Any]) -> str:
    return card.note.format_map({**figures, "shown": _Shown(figures)})


class Card(QFrame):
    def __init__(self, card_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setProperty("cardId", card_id)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.title = QLabel(title, self)
        self.title.setObjectName("cardTitle")
        # Wrap rather than widen the window: a register's card in a new row must not raise
        # the window's minimum width (a column is as wide as its widest title otherwise).
        self.title.setWordWrap(True)
        self.value = QLabel("—", self)
        self.value.setObjectName("cardValue")
        self.note = QLabel(self)
        self.note.setObjectName("cardNote")
        self.note.setWordWrap(True)
        for w in (self.title, self.value, self.note):
            layout.addWidget(w)
        layout.addStretch(1)


class Dashboard(QWidget):
    open_record = Signal(str, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.db = db
        self.year = dt.date.today().year
        self.figures: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        layout.addWidget(self.heading)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.cards: dict[str, Card] = {}
        for i, spec in enumerate(dashboard_cards()):
            card = Card(spec.id, spec.title, self)
            card.setToolTip("；".join(BY_ID[x].rule for x in spec.indicators))
            self.cards[spec.id] = card
            grid.addWidget(card, i // 6, i % 6)
        layout.addLayout(grid)
        lower = QHBoxLayout()
        chart_box = QVBoxLayout()
        chart_title = QLabel("按月统计", self)
        chart_title.setObjectName("sectionTitle")
        chart_box.addWidget(chart_title)
        self.chart = MonthChart(self)
        chart_box.addWidget(self.chart, 1)
        lower.addLayout(chart_box, 2)
        due_box = QVBoxLayout()
        due_head = QHBoxLayout()
        due_title = QLabel("办理期限提醒", self)
        due_title.setObjectName("sectionTitle")
        due_head.addWidget(due_title)
        due_head.addStretch(1)
        self.window_combo = QComboBox(self)
        for text, days in WINDOWS:
            self.window_combo.addItem(text, days)
        self.window_combo.setCurrentIndex(1)
        self.window_combo.currentIndexChanged.connect(self.load_deadlines)
        due_head.addWidget(self.window_combo)
        due_box.addLayout(due_head)
        self.deadlines = QTableWidget(0, 5, self)
        self.deadlines.setObjectName("deadlineTable")
        self.deadlines.setHorizontalHeaderLabels(["期限", "案号", "起算日", "到期日", "状态"])
        self.deadlines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.deadlines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.deadlines.verticalHeader().hide()
        header = self.deadlines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # 案号 gets room for a real one (某应急罚〔2025〕第0123号) even when the table is
        # empty or holds only short ones; 状态 takes what is left.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.case_no_width = self.fontMetrics().horizontalAdvance(SAMPLE_CASE_NO) + 24
        header.resizeSection(1, self.case_no_width)
        self.deadlines.itemActivated.connect(self._open_deadline)
        self.deadlines.setToolTip("双击打开对应记录")
        due_box.addWidget(self.deadlines, 1)
        self.nothing_due = QLabel(self)
        self.nothing_due.setObjectName("nothingDue")
        self.nothing_due.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing_due.setWordWrap(True)
        # a frame and the placeholder colour, not a per-widget style sheet (costly at start)
        self.nothing_due.setFrameShape(QFrame.Shape.StyledPanel)
        self.nothing_due.setMargin(24)
        self.nothing_due.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.nothing_due.hide()
        due_box.addWidget(self.nothing_due, 1)
        self.calendar_note = QLabel(self)
        self.calendar_note.setObjectName("warningNote")
        self.calendar_note.setWordWrap(True)
        self.calendar_note.hide()
        due_box.addWidget(self.calendar_note)
        lower.addLayout(due_box, 2)  # the chart gives way: 案号 need their width
        layout.addLayout(lower, 1)

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        unit = self.db.get_setting("unit_name")
        self.heading.setText(f"{unit + ' · ' if unit else ''}{self.year}年度概览")
        self.figures = self.db.stats(self.year)
        for spec in dashboard_cards():
            card = self.cards[spec.id]
            card.value.setText(card_text(spec, self.figures))
            card.note.setText(card_note(spec, self.figures))
        self.chart.set_series(monthly_counts(self.db, self.year))
        self.load_deadlines()

    def load_deadlines(self) -> None:
        calendar = self.db.calendar()
        found = self.db.deadlines(self.window_combo.currentData(), calendar=calendar)
        table = self.deadlines
        table.setRowCount(len(found))
        for row, d in enumerate(found):
            ledger = get_ledger(d.rule.ledger)
            cells = [d.rule.label, d.title or f"（{ledger.record_label}）", str(d.start),
                     str(d.due_on), d.status]
            colour = LATE if d.overdue else SOON if d.days_left <= 3 else None
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (d.rule.ledger, d.record_id))
                if colour is not None and col == 4:
                    item.setForeground(QBrush(colour))
                if col == 0:
                    item.setToolTip(d.rule.basis)
                table.setItem(row, col, item)
        header = table.horizontalHeader()
        header.resizeSection(1, min(max(self.case_no_width, table.sizeHintForColumn(1)), 360))
        # An empty grid reads as "not loaded"; say plainly that nothing is due.
        window = self.window_combo.currentText()
        self.nothing_due.setText(f"暂无到期事项\n（{window}）")
        table.setVisible(bool(found))
        self.nothing_due.setVisible(not found)
        warning = calendar.warning()
        self.calendar_note.setText(warning or "")
        self.calendar_note.setVisible(bool(warning))

    def _open_deadline(self, item: QTableWidgetItem) -> None:
        ledger, record_id = item.data(Qt.ItemDataRole.UserRole)
        self.open_record.emit(ledger, record_id)
