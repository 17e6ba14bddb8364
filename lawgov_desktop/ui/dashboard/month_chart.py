"""Monthly bars for the dashboard, drawn with QPainter (PySide6-Essentials has no QtCharts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain import annual
from ...storage import Database

COLOURS = ("#2f6fb0", "#1f7a4d", "#c77d1a", "#8a5cb8")
# (series label, indicator ids whose monthly values add up to it): counted by domain/annual.
SERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("立案", ("cases_filed",)),
    ("结案", ("cases_closed",)),
    ("处罚决定", ("penalty_decisions",)),
    ("培训与宣传活动", ("trainings", "publicity_events")),
)


def monthly_counts(db: Database, year: int) -> list[tuple[str, list[int]]]:
    """For each series, 12 monthly counts of `year` (a record counts in its date's month)."""
    ids = tuple(i for _, parts in SERIES for i in parts)
    months = annual.monthly(lambda sql, p: db.conn.execute(sql, p).fetchall(), year, ids)
    return [(label, [sum(v) for v in zip(*(months[i] for i in parts), strict=True)])
            for label, parts in SERIES]


class MonthChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[tuple[str, list[int]]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)

    def set_series(self, series: Sequence[tuple[str, list[int]]]) -> None:
        self.series = list(series)
        total = ", ".join(f"{label}{sum(values)}" for label, values in self.series)
        self.setAccessibleDescription(f"按月统计：{total}")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 260)

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.lineSpacing()
        left, right, top, bottom = fm.horizontalAdvance("0000") + 12, 8, line + 12, line + 8
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        peak = max((max(v) for _, v in self.series if v), default=0)
        step = _nice_step(peak)
        top_value = max(step * 4, step * -(-peak // step)) if step else 4
        text_colour = self.palette().text().color()
        grid = QColor("#e3e6ea")
        # legend
        x = left
        for i, (label, _) in enumerate(self.series):
            painter.fillRect(QRectF(x, 4, 10, 10), QColor(COLOURS[i % len(COLOURS)]))
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + 14, 0, 200, line + 4), Qt.AlignmentFlag.AlignVCenter,
                             label)
            x += 14 + fm.horizontalAdvance(label) + 18
        # grid and axis labels
        for k in range(0, 5):
            value = top_value * k / 4
            y = plot.bottom() - plot.height() * k / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, y - line / 2, left - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:g}")
        # bars
        n = max(len(self.series), 1)
        slot = plot.width() / 12
        bar = max(2.0, (slot - 8) / n)
        for month in range(12):
            x0 = plot.left() + slot * month + (slot - bar * n) / 2
            for i, (_, values) in enumerate(self.series):
                value = values[month] if month < len(values) else 0
                h = plot.height() * value / top_value if top_value else 0
                painter.fillRect(QRectF(x0 + bar * i, plot.bottom() - h, bar - 1, h),
                                 QColor(COLOURS[i % len(COLOURS)]))
            painter.setPen(text_colour)
            painter.drawText(QRectF(plot.left() + slot * month, plot.bottom() + 2, slot, line + 4),
                             Qt.AlignmentFlag.AlignCenter, f"{month + 1}月")
        painter.end()


def _nice_step(peak: int) -> int:
    """A round grid step so that four steps cover `peak`."""
    if peak <= 0:
        return 1
    raw = peak / 4
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)
