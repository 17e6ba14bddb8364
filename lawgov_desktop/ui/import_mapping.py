"""Step two of the import wizard: which field each Excel column goes to, and a preview of the
first rows as they will be stored (cells that will not pass shown in red, with the reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from ..domain.ledgers import get_ledger
from ..domain.validation import validate
from ..domain.values import display_value
from ..importing import NOT_IMPORTED, header_index, normalise_header

if TYPE_CHECKING:
    from .import_wizard import ImportWizard

BAD_CELL = QColor("#fde8e6")


def preview_text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # a date cell: its time part is always 00:00
    return str(value).strip()


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.plan = wizard.plan
        self.db = wizard.db
        self.setTitle("第二步：核对每一列导入到哪个字段")
        self.setSubTitle("左侧是工作表中的列名，请在“导入为”中核对或修改；带 * 的是必填字段。"
                         "下方预览前几行导入后的样子，红色单元格无法通过检查。")
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(["列", "Excel 中的列名", "导入为", "第一行的内容"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        splitter.addWidget(self.table)
        self.preview = QTableWidget(0, 0, self)
        self.preview.setObjectName("previewTable")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        splitter.addWidget(self.preview)
        layout.addWidget(splitter, 1)
        self.status = QLabel(self)
        self.status.setObjectName("mappingStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.remember = QCheckBox("记住这些列名的对应关系，下次导入时自动使用(&R)", self)
        self.remember.setChecked(True)
        layout.addWidget(self.remember)
        self.combos: dict[int, QComboBox] = {}

    # -- the mapping table ----------------------------------------------------------------

    def initializePage(self) -> None:
        data = self.plan.data
        assert data is not None
        ledger = get_ledger(self.plan.ledger)
        self.table.setRowCount(len(data.headers))
        self.combos.clear()
        first = data.preview[0][1] if data.preview else ()
        for row, (col, text) in enumerate(sorted(data.headers.items())):
            self.table.setItem(row, 0, QTableWidgetItem(get_column_letter(col + 1)))
            self.table.setItem(row, 1, QTableWidgetItem(text))
            combo = QComboBox(self.table)
            combo.addItem("（不导入）", NOT_IMPORTED)
            for f in ledger.fields:
                combo.addItem(f"{f.label} *" if f.required else f.label, f.key)
            combo.setCurrentIndex(max(0, combo.findData(self.plan.columns.get(col, ""))))
            combo.setAccessibleName(f"“{text}”导入为")
            combo.currentIndexChanged.connect(lambda _i, c=col: self._chosen(c))
            self.table.setCellWidget(row, 2, combo)
            self.combos[col] = combo
            sample = preview_text(first[col]) if col < len(first) else ""
            self.table.setItem(row, 3, QTableWidgetItem(sample))
        self.refresh()

    def _chosen(self, col: int) -> None:
        self.plan.columns[col] = str(self.combos[col].currentData())
        self.refresh()

    def problems(self) -> list[str]:
        """What stops the import before any row is looked at: a required field with no
        column, or one field fed by two columns."""
        ledger = get_ledger(self.plan.ledger)
        chosen = [k for k in self.plan.columns.values() if k]
        out = [f"必填字段“{f.label}”没有对应的列" for f in ledger.fields
               if f.required and f.key not in chosen]
        counts = {k: chosen.count(k) for k in chosen}
        out += [f"“{ledger.field(k).label}”对应了{n}列，只能选一列" for k, n in counts.items()
                if n > 1]
        return out

    def refresh(self) -> None:
        problems = self.problems()
        if problems:
            self.status.setStyleSheet("color: #b42318;")
            self.status.setText("；".join(problems) + "。")
        else:
            used = sum(1 for k in self.plan.columns.values() if k)
            self.status.setStyleSheet("")
            self.status.setText(f"将导入 {used} 列，{len(self.plan.columns) - used} 列不导入。")
        self._fill_preview()
        self.completeChanged.emit()

    # -- the preview ----------------------------------------------------------------------

    def _fill_preview(self) -> None:
        """The first rows as they will be stored, and a last 检查结果 column for what does not
        belong to a shown cell (a required field left empty, dates out of order)."""
        data = self.plan.data
        assert data is not None
        ledger = get_ledger(self.plan.ledger)
        mapped = [key for _, key in sorted(self.plan.columns.items()) if key]
        cols = {key: col for col, key in self.plan.columns.items() if key}
        self.preview.clear()
        self.preview.setColumnCount(len(mapped) + 1)
        self.preview.setRowCount(len(data.preview))
        self.preview.setHorizontalHeaderLabels([ledger.field(k).label for k in mapped]
                                               + ["检查结果"])
        self.preview.setVerticalHeaderLabels([f"第{n}行" for n, _ in data.preview])
        choices = self.db.choice_map(self.plan.ledger)
        for r, (_number, cells) in enumerate(data.preview):
            raw = {key: cells[col] for key, col in cols.items() if col < len(cells)}
            checked = validate(ledger, raw, choices=choices)
            problems = checked.by_field()
            for c, key in enumerate(mapped):
                if key in problems:
                    item = QTableWidgetItem(preview_text(raw.get(key)))
                    item.setBackground(QBrush(BAD_CELL))
                    item.setToolTip("；".join(p.message for p in problems[key]))
                else:
                    item = QTableWidgetItem(display_value(ledger.field(key),
                                                          checked.values.get(key)))
                self.preview.setItem(r, c, item)
            errors = [p for p in checked.errors]
            other = [str(p) for p in errors if p.field not in mapped]
            verdict = "；".join(other) if other else (
                f"{len(errors)} 处错误（见红色单元格）" if errors else "通过")
            item = QTableWidgetItem(verdict)
            if errors:
                item.setForeground(QBrush(QColor("#b42318")))
            self.preview.setItem(r, len(mapped), item)
        self.preview.resizeColumnsToContents()

    def isComplete(self) -> bool:
        return bool(self.combos) and not self.problems()

    def validatePage(self) -> bool:
        if self.remember.isChecked():
            self.db.remember_import_mappings(self.plan.ledger, self.user_choices())
        return True

    def user_choices(self) -> dict[str, str]:
        """Header → field for the columns whose field differs from what the labels and
        aliases alone give, plus headers remembered before (so a change back sticks)."""
        assert self.plan.data is not None
        ledger = get_ledger(self.plan.ledger)
        builtin = header_index(ledger)
        before = {normalise_header(h) for h in self.db.import_mappings(self.plan.ledger)}
        out: dict[str, str] = {}
        for col, text in self.plan.data.headers.items():
            name = normalise_header(text)
            key = self.plan.columns.get(col, NOT_IMPORTED)
            if key != builtin.get(name, NOT_IMPORTED) or name in before:
                out[name] = key
        return out
