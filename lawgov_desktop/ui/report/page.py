"""年度报告 page: the report editor (报告正文) and the year's figures as the report quotes them,
with their rules, ready to copy into a document (统计数据)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.indicators import INDICATORS, format_indicator
from ...storage import Database
from .editor import ReportEditor

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReportPage(QTabWidget):
    """Two tabs that follow the window's year; the editor is made when first shown."""

    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPage")
        self.db = db
        self.editor: ReportEditor | None = None
        self.figures = ReportFigures(db, self)
        self.addTab(QWidget(self), "报告正文")
        self.addTab(self.figures, "统计数据")

    def set_year(self, year: int) -> None:
        if self.editor is None:
            self.editor = ReportEditor(self.db, year, self)
            self.editor.status_changed.connect(self.status_changed)
            placeholder = self.widget(0)
            self.removeTab(0)
            self.insertTab(0, self.editor, "报告正文")
            self.setCurrentIndex(0)
            placeholder.deleteLater()
        else:
            self.editor.set_year(year)
        self.figures.set_year(year)


class ReportFigures(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportFiguresPage")
        self.db = db
        self.year = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        head = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        head.addWidget(self.heading, 1)
        self.copy_button = QPushButton("复制全部数据", self)
        self.copy_button.setToolTip("复制为表格文本，可直接粘贴到 WPS/Word 或 Excel")
        self.copy_button.clicked.connect(self.copy)
        head.addWidget(self.copy_button)
        layout.addLayout(head)
        intro = QLabel(
            "以下是年度报告引用的统计数据，均由台账按统一口径自动计算（数据所属年度以相应日期为准）。"
            "修改台账后此处随之更新。", self)
        intro.setWordWrap(True)
        intro.setObjectName("pageIntro")
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("reportFigures")
        self.table.setHorizontalHeaderLabels(["指标", "报告中的写法", "统计口径"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        unit = self.db.get_setting("unit_name") or "本单位"
        self.heading.setText(f"{unit}{self.year}年法治政府建设年度报告 · 统计数据")
        figures = self.db.stats(self.year)
        self.table.setRowCount(len(INDICATORS))
        for row, ind in enumerate(INDICATORS):
            cells = (ind.label, format_indicator(ind, figures[ind.id]), ind.rule)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, col, item)

    def as_text(self) -> str:
        rows = ["\t".join(self.table.horizontalHeaderItem(c).text() for c in range(3))]
        for r in range(self.table.rowCount()):
            rows.append("\t".join(self.table.item(r, c).text() for c in range(3)))
        return "\n".join(rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())
        self.copy_button.setText("已复制")
