"""依据: what a report sentence rests on (reports/evidence.py), shown so the clerk can check a
claim before signing. The records list opens a record's form on Enter or double-click; Esc
hands the keyboard back to whoever asked (the preview, or closes the 查看 dialog)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...reports.evidence import Evidence, Line, RecordLine

COLUMNS = ("台账", "案号/名称", "相关栏目", "报告中的认定")
Index = QModelIndex | QPersistentModelIndex


class RecordModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[RecordLine, ...] = ()

    def set_rows(self, rows: Sequence[RecordLine]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        return (r.ledger_label, r.title, r.fields_text, r.note or "—")[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class RecordTable(QTableView):
    """The records of a claim; Enter or double-click opens one, Esc calls `escape`."""

    open_record = Signal(str, str)  # ledger, record id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceRecords")
        self.records = RecordModel(self)
        self.setModel(self.records)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setWordWrap(False)  # one line a record: thousands of rows stay quick
        header = self.horizontalHeader()
        for col in range(2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.setToolTip("双击或按 Enter 打开记录；修改保存后报告随之更新")
        self.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.escape: Callable[[], None] | None = None

    def set_rows(self, rows: Sequence[RecordLine]) -> None:
        self.records.set_rows(rows)
        # the register's name only when the records come from more than one
        self.setColumnHidden(0, len({r.ledger for r in rows}) <= 1)
        if rows:
            self.selectRow(0)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.records.rows):
            r = self.records.rows[row]
            self.open_record.emit(r.ledger, r.record_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_row(self.currentIndex().row())
            return
        if event.key() == Qt.Key.Key_Escape and self.escape is not None:
            self.escape()
            return
        super().keyPressEvent(event)


def _lines_html(title: str, lines: Sequence[Line]) -> str:
    if not lines:
        return ""
    items = "".join(
        f"<li>{html.escape(x.label)}：<b>{html.escape(x.value)}</b>"
        + (f"<span style='color:#5f6b7a'>（{html.escape(x.rule)}）</span>" if x.rule else "")
        + "</li>" for x in lines)
    return f"<p style='margin:4px 0 0 0'>{title}</p><ul style='margin:0'>{items}</ul>"


def evidence_html(ev: Evidence) -> str:
    """The figures, facts and settings; the sentence itself is shaded in the preview."""
    parts = []
    if ev.note:
        parts.append(f"<p style='margin:0;color:#8a5a00'>{html.escape(ev.note)}</p>")
    parts.append(_lines_html("统计数据", ev.figures))
    parts.append(_lines_html("年度情况", ev.facts))
    parts.append(_lines_html("设置", ev.settings))
    if not (ev.figures or ev.facts or ev.settings or ev.records or ev.note):
        parts.append("<p style='margin:0;color:#5f6b7a'>这句话不引用台账数据。</p>")
    return "".join(parts)


class EvidencePanel(QWidget):
    """Below the preview: what the selected sentence rests on."""

    open_record = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidencePanel")
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 0, 0)
        row = QHBoxLayout()
        title = QLabel("依据", self)
        title.setObjectName("sectionTitle")
        row.addWidget(title)
        self.kind = QLabel(self)
        self.kind.setObjectName("hint")
        row.addWidget(self.kind, 1)
        column.addLayout(row)
        self.summary = QTextBrowser(self)
        self.summary.setObjectName("evidenceSummary")
        self.summary.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the records
        self.summary.setMaximumHeight(110)
        column.addWidget(self.summary)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hint")
        column.addWidget(self.count_label)
        self.table = RecordTable(self)
        self.table.open_record.connect(self.open_record)
        column.addWidget(self.table, 1)
        self.clear()

    def clear(self, text: str = "在上方预览中点选一句（或按 Tab 移到一句后按 Enter），"
                                  "这里显示它依据的统计数据和台账记录。") -> None:
        self.evidence: Evidence | None = None
        self.kind.setText("")
        self.summary.setHtml(f"<span style='color:#5f6b7a'>{html.escape(text)}</span>")
        self.count_label.hide()
        self.table.set_rows(())
        self.table.hide()

    def show_evidence(self, ev: Evidence) -> None:
        self.evidence = ev
        self.kind.setText(ev.kind)
        self.summary.setHtml(evidence_html(ev))
        self.table.set_rows(ev.records)
        self.table.setVisible(bool(ev.records))
        self.count_label.setVisible(bool(ev.records))
        self.count_label.setText(f"台账记录 {len(ev.records)} 条（双击或按 Enter 打开）")


class EvidenceDialog(QDialog):
    """查看 on the 统计数据 tab: one figure's records, the same list as the 依据."""

    open_record = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceDialog")
        self.resize(1000, 460)
        column = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.table = RecordTable(self)
        self.table.open_record.connect(self.open_record)
        self.table.escape = self.reject
        column.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.key = ""

    def show_check(self, key: str, label: str, value: str, rule: str,
                   rows: Sequence[RecordLine]) -> None:
        self.key = key
        self.setWindowTitle(f"查看：{label}")
        note = "双击或按 Enter 打开记录，修改保存后此处随之更新；Esc 返回。" if rows \
            else "本年度没有这样的记录。"
        self.summary.setText(f"<b>{html.escape(label)}：{html.escape(value)}</b>"
                             f"<br><span style='color:#5f6b7a'>{html.escape(rule)}。"
                             f"{note}</span>")
        self.table.set_rows(rows)
        self.table.setFocus()
