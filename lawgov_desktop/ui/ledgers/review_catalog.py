"""规范性文件目录: the 现行有效 行政规范性文件 with 文号, 名称, 公布日期 and 报备日期, shown
from the 合法性审核 page and exported to Excel (reports/catalog.py writes the file, in the
background)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...reports.catalog import COLUMNS, catalog_filename, catalog_rows, catalog_title
from ...storage import Database
from ..shell import prompts
from ..shell.jobs import run_job


class CatalogDialog(QDialog):
    open_record = Signal(str)  # record id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("catalogDialog")
        unit = db.get_setting("unit_name")
        self.setWindowTitle("规范性文件目录")
        self.rows = catalog_rows(db)
        layout = QVBoxLayout(self)
        heading = QLabel(catalog_title(unit, None), self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self.count = QLabel(f"共 {len(self.rows)} 件（有效状态为“现行有效”的行政规范性文件，"
                            "按公布日期排列；双击打开）", self)
        layout.addWidget(self.count)
        self.table = QTableWidget(len(self.rows), len(COLUMNS) - 1, self)
        self.table.setObjectName("catalogTable")
        self.table.setHorizontalHeaderLabels(COLUMNS[:-1])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for i, r in enumerate(self.rows):
            cells = (str(i + 1), r.doc_no, r.name, r.published_on or "",
                     r.filed_on or "未报备", r.filing_body)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(i, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(
            lambda item: self.open_record.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton("导出 Excel…",
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 520)

    def export(self) -> None:
        unit = self.db.get_setting("unit_name")
        suggested = str(Path.home() / catalog_filename(unit, None))
        path = prompts.save_file(self, "导出规范性文件目录", suggested, "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.export_button.setEnabled(False)

        def work(db: Database, progress: object) -> int:
            from ...reports.catalog import write_catalog

            return write_catalog(db, Path(path))[1]

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.count.setText(f"已导出 {count} 件到 {path}")

        def failed(message: str) -> None:
            self.export_button.setEnabled(True)
            if message:
                prompts.error(self, "导出失败", message)

        run_job(self, "正在导出规范性文件目录", work, self.db.path.parent, done, failed)


def add_catalog_button(view: QWidget, bar: QHBoxLayout, db: Database,
                       open_record: Callable[[str], object]) -> QPushButton:
    """The 规范性文件目录 button on the 合法性审核 page."""
    button = QPushButton("规范性文件目录", view)
    button.setObjectName("catalogButton")
    button.setToolTip("现行有效的行政规范性文件（文号、名称、公布日期、报备日期），可导出 Excel")

    def show() -> None:
        dialog = CatalogDialog(db, view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def opened(record_id: str) -> None:
            dialog.accept()
            open_record(record_id)

        dialog.open_record.connect(opened)
        view.catalog_dialog = dialog  # type: ignore[attr-defined]  # for tests
        dialog.open()

    button.clicked.connect(show)
    bar.addWidget(button)
    return button
