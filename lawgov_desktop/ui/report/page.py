"""年度报告 page: the report editor (报告正文) and the year's figures as the report quotes them,
with their rules, ready to copy into a document (统计数据). The figures the 不足 and 安排 rest
on come first, each with a 查看 listing its records (the editor's data, so both agree)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication
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

from ...domain.indicators import INDICATORS
from ...reports.evidence import record_lines
from ...reports.evidence_checks import Check, checks
from ...reports.year_report import dated_year
from ...reports.yeardata import YearData
from ...storage import Database
from .editor import ReportEditor
from .evidence import EvidenceDialog
from .preview import figure_text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReportPage(QTabWidget):
    """Two tabs that follow the window's year; the editor is made when first shown."""

    status_changed = Signal(str)
    open_record = Signal(str, str)  # ledger, record id: the main window opens its form

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPage")
        self.db = db
        self.editor: ReportEditor | None = None
        self.figures = ReportFigures(db, self)
        self.figures.open_record.connect(self.open_record)
        self.addTab(QWidget(self), "报告正文")
        self.addTab(self.figures, "统计数据")

    def set_year(self, year: int) -> None:
        if self.editor is None:
            self.editor = ReportEditor(self.db, year, self)
            self.editor.status_changed.connect(self.status_changed)
            self.editor.open_record.connect(self.open_record)
            placeholder = self.widget(0)
            self.removeTab(0)
            self.insertTab(0, self.editor, "报告正文")
            self.setCurrentIndex(0)
            placeholder.deleteLater()
        else:
            self.editor.set_year(year)
        data = self.editor.data if self.editor.year == year else None
        self.figures.set_year(year, data)


CHECK_ROLE = Qt.ItemDataRole.UserRole  # on a check row's first cell: its key


class ReportFigures(QWidget):
    open_record = Signal(str, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportFiguresPage")
        self.db = db
        self.year = 0
        self.data: YearData | None = None
        self.checks: dict[str, Check] = {}
        self.dialog: EvidenceDialog | None = None
        self.first_indicator_row = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        head = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        head.addWidget(self.heading, 1)
        self.copy_button = QPushButton("复制全部数据", self)
        self.copy_button.setToolTip("复制为表格文本，可直接粘贴到 WPS/Word 或 Excel")
        self.copy_button.clicked.connect(self.copy)
        self.view_button = QPushButton("查看记录(&V)", self)
        self.view_button.setToolTip("列出所选数据对应的台账记录（也可双击该行或按 Enter）")
        self.view_button.clicked.connect(lambda: self.view(self.table.currentRow()))
        head.addWidget(self.view_button)
        head.addWidget(self.copy_button)
        layout.addLayout(head)
        intro = QLabel(
            "以下是年度报告引用的统计数据，均由台账按统一口径自动计算（数据所属年度以相应日期为准）。"
            "修改台账后此处随之更新。前一部分是报告“存在的不足”“下一年度安排”依据的数据，"
            "双击一行（或按 Enter）查看是哪些记录。", self)
        intro.setWordWrap(True)
        intro.setObjectName("pageIntro")
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("reportFigures")
        self.table.setHorizontalHeaderLabels(["指标", "报告中的写法", "统计口径", "记录"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.activated.connect(lambda index: self.view(index.row()))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

    def set_year(self, year: int, data: YearData | None = None) -> None:
        """Show `year`; `data`: the editor's data of that year (read here when not given)."""
        self.year = year
        self.data = data if data is not None else dated_year(self.db, year)[1]
        self.refresh()

    def _group(self, row: int, text: str) -> None:
        item = QTableWidgetItem(text)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setBackground(QColor("#eef2f7"))
        self.table.setItem(row, 0, item)
        self.table.setSpan(row, 0, 1, 4)

    def refresh(self) -> None:
        unit = self.db.get_setting("unit_name") or "本单位"
        self.heading.setText(f"{unit}{self.year}年法治政府建设年度报告 · 统计数据")
        if self.data is None or self.data.year != self.year:
            self.data = dated_year(self.db, self.year)[1]
        figures = self.data.figures
        found = checks(self.db, self.data)
        self.checks = {c.key: c for c in found}
        self.table.clearSpans()
        self.table.clearContents()
        groups = 2 if found else 1
        self.table.setRowCount(len(found) + len(INDICATORS) + groups)
        row = 0
        if found:
            self._group(row, "报告中“存在的不足”“下一年度安排”依据的数据")
            row += 1
        for c in found:
            cells = (c.label, c.value, c.rule,
                     f"查看（{len(c.records)}条）" if c.records else "无")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(RIGHT)
                if col == 0:
                    item.setData(CHECK_ROLE, c.key)
                if col == 3 and c.records:
                    item.setForeground(QColor("#1d4f85"))
                    item.setToolTip("双击或按 Enter 列出这些记录")
                self.table.setItem(row, col, item)
            row += 1
        self._group(row, "统计指标")
        row += 1
        self.first_indicator_row = row
        for ind in INDICATORS:
            # as the report writes it (24.5万元, 9.4万余人次), not as 概览's cards (trial G3)
            shown = figure_text(figures, ind.id) if figures.get(ind.id) is not None else "—"
            cells = (ind.label, shown, ind.rule, "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, col, item)
            row += 1
        if self.dialog is not None and self.dialog.isVisible():
            self._fill_dialog(self.dialog.key)

    def row_of(self, key: str) -> int:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(CHECK_ROLE) == key:
                return row
        return -1

    def view(self, row: int) -> None:
        """查看: the records of the check on `row` (nothing for an indicator row)."""
        item = self.table.item(row, 0) if row >= 0 else None
        key = item.data(CHECK_ROLE) if item is not None else None
        if key not in self.checks:
            return
        if self.dialog is None:
            self.dialog = EvidenceDialog(self)
            self.dialog.open_record.connect(self.open_record)
        self._fill_dialog(key)
        self.dialog.open()

    def _fill_dialog(self, key: str) -> None:
        assert self.dialog is not None and self.data is not None
        c = self.checks.get(key)
        if c is None:
            self.dialog.show_check(key, key, "—", "", ())
            return
        self.dialog.show_check(key, c.label, c.value, c.rule,
                               record_lines(self.db, self.data, c.records, c.note))

    def as_text(self) -> str:
        rows = ["\t".join(self.table.horizontalHeaderItem(c).text() for c in range(3))]
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(3)]
            rows.append("\t".join(c.text() if c is not None else "" for c in cells).rstrip("\t"))
        return "\n".join(rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())
        self.copy_button.setText("已复制")
