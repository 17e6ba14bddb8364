"""导入 Excel 台账: a wizard over the core importer (lawgov_desktop.importing).

Four steps: 选择文件 (file, sheet, ledger, header row) → 核对列 (each Excel column's field,
a value for a whole column the sheet lacks, with a checked preview of the first rows) → 检查
(a dry run over every row, listing each problem by sheet, row, column and field, what was
inferred and skipped, rows already in the ledger and rows to mark 历史记录) → 导入 (the real
import, all or nothing). Esc after the first step asks before closing. The file is
read off the GUI thread: its first rows once when chosen (importing.read_head), every row in
the dry run and again in the import. The column mapping the user sets is remembered per
header for the next import (and `lawgov import`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...domain.ledgers import get_ledger, ledger_keys, load_ledgers
from ...importing import (
    HEAD_ROWS,
    NOT_IMPORTED,
    PREVIEW_ROWS,
    SheetData,
    WorkbookError,
    WorkbookHead,
    guess_ledger,
    ledger_hits,
    preview,
    read_head,
)
from ...storage import Database
from ..shell import prompts
from ..shell.jobs import run_job
from .mapping import preview_text

MAX_HEADER_ROW = HEAD_ROWS - PREVIEW_ROWS * 2
TOP_ROWS = 12
HEADER_ROW = QColor("#dbe8f6")


@dataclass
class ImportPlan:
    """What the user chose so far; the pages fill it in turn."""

    path: Path | None = None
    head: WorkbookHead | None = None  # the first rows of every sheet, read once
    sheet: str = ""
    ledger: str = "cases"
    header_row: int = 0
    data: SheetData | None = None  # header and first rows, as read with the mapping below
    columns: dict[int, str] = field(default_factory=dict)  # column → field key or NOT_IMPORTED
    fill: dict[str, str] = field(default_factory=dict)  # 整列使用同一值: field key → value
    per_row: dict[int, dict[str, str]] = field(default_factory=dict)  # Excel row → own values
    on_duplicate: str = "skip"  # rows already in the ledger: skip them or stop
    history: bool = True  # mark rows whose reminders are long overdue 历史记录


def year_of(values: list[dict], ledger: str) -> int | None:
    """The year most of the imported records belong to (so the view can show them)."""
    key = get_ledger(ledger).year_field
    years = Counter(str(v.get(key) or "")[:4] for v in values if v.get(key))
    return int(years.most_common(1)[0][0]) if years else None


class SourcePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.plan = wizard.plan
        self.db = wizard.db
        self.setTitle("第一步：选择 Excel 文件")
        self.setSubTitle("选择要导入的工作簿（.xlsx、.xls 或 .ods）、其中的工作表，以及导入到"
                         "哪个台账。标题行、空行、合计行和序号等多余的列不影响导入。")
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText("点击“浏览…”选择文件，或粘贴文件路径后按 Enter")
        self.path_edit.editingFinished.connect(lambda: self.set_path(self.path_edit.text()))
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton("浏览…", self)
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.browse_button)
        file_label = QLabel("文件(&F)：", self)  # a label with a buddy, so "&F" is a shortcut
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.currentIndexChanged.connect(
            lambda _i: self._sheet_changed(self.current_sheet()))
        form.addRow("工作表(&S)：", self.sheet_combo)
        self.ledger_combo = QComboBox(self)
        for key in ledger_keys():
            self.ledger_combo.addItem(get_ledger(key).label, key)
        self.ledger_combo.setCurrentIndex(ledger_keys().index(self.plan.ledger))
        self.ledger_combo.currentIndexChanged.connect(lambda: self.reload(auto_header=True))
        form.addRow("导入到台账(&L)：", self.ledger_combo)
        self.header_spin = QSpinBox(self)
        self.header_spin.setRange(1, MAX_HEADER_ROW)
        self.header_spin.setSuffix(" 行")
        self.header_spin.setPrefix("第 ")
        self.header_spin.setToolTip("列名所在的行。一般会自动找到；找错时可以手动指定。")
        self.header_spin.valueChanged.connect(lambda: self.reload(auto_header=False))
        form.addRow("表头所在行(&H)：", self.header_spin)
        self.info = QLabel(self)
        self.info.setObjectName("importInfo")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.info)
        self.top = QTableWidget(0, 0, self)  # the sheet's first rows, the header highlighted
        self.top.setObjectName("sheetTop")
        self.top.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.top.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.top.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        form.addRow(self.top)
        self.error = ""
        self.loading = False

    def browse(self) -> None:
        start = str(self.plan.path.parent if self.plan.path else prompts.default_folder())
        path = prompts.open_file(self, "选择要导入的 Excel 文件", start,
                                 "Excel 工作簿 (*.xlsx *.xls *.xlsm *.ods);;所有文件 (*)")
        if path:
            self.set_path(path)

    def set_path(self, text: str) -> None:
        text = text.strip().strip('"')
        if not text or self.loading or (self.plan.path and Path(text) == self.plan.path
                                        and not self.error):
            return
        self.plan.path, self.plan.head, self.plan.data = Path(text), None, None
        self.path_edit.setText(text)
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.blockSignals(False)
        self.loading = True
        self.info.setStyleSheet("")
        self.info.setText("正在读取…")
        self.completeChanged.emit()
        path = self.plan.path
        run_job(self, f"正在读取“{path.name}”", lambda _db, _progress: read_head(path), None,
                self._read, self._unreadable)

    def _unreadable(self, message: str) -> None:
        self.loading = False
        self.show_error(message or "已取消读取文件。")

    def _read(self, head: WorkbookHead) -> None:
        self.loading = False
        if head.path != self.plan.path:  # another file was chosen meanwhile
            return
        self.plan.head = head
        ledgers = list(load_ledgers().values())
        mappings = {key: self.db.import_mappings(key) for key in ledger_keys()}
        # Open on the first visible sheet that looks like a ledger (a 说明 sheet often comes
        # first; a hidden sheet is never the default).
        names = head.visible or list(head.sheets)
        first = next((n for n in names if guess_ledger(head, n, ledgers, mappings)), names[0])
        self.sheet_combo.blockSignals(True)
        for name in head.sheets:
            self.sheet_combo.addItem(f"{name}（隐藏）" if name in head.hidden else name, name)
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(first))
        self.sheet_combo.blockSignals(False)
        self._sheet_changed(first)

    def current_sheet(self) -> str:
        return str(self.sheet_combo.currentData() or "")

    def _sheet_changed(self, sheet: str) -> None:
        head = self.plan.head
        if not sheet or head is None:
            return
        mappings = {key: self.db.import_mappings(key) for key in ledger_keys()}
        hits = ledger_hits(head, sheet, list(load_ledgers().values()), mappings)
        best = max(hits, key=hits.__getitem__, default=None)
        current = str(self.ledger_combo.currentData())
        # Switch ledgers only on clear evidence: the ledger chosen may share a header or two.
        if best and hits[best] >= 2 and hits[best] >= hits.get(current, 0) + 2:
            self.ledger_combo.blockSignals(True)
            self.ledger_combo.setCurrentIndex(ledger_keys().index(best))
            self.ledger_combo.blockSignals(False)
        self.reload(auto_header=True)

    def reload(self, auto_header: bool) -> None:
        """Read the header and first rows with the current choices."""
        plan = self.plan
        if plan.head is None or not self.current_sheet():
            return
        plan.sheet = self.current_sheet()
        plan.ledger = str(self.ledger_combo.currentData())
        ledger = get_ledger(plan.ledger)
        try:
            data = preview(plan.head, plan.sheet, ledger, self.db.import_mappings(plan.ledger),
                           None if auto_header else self.header_spin.value())
        except WorkbookError as exc:
            self.show_error(str(exc))
            return
        plan.data, plan.header_row = data, data.header_row
        plan.columns = {i: data.columns.get(i, NOT_IMPORTED) for i in data.headers}
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(data.header_row)
        self.header_spin.blockSignals(False)
        self._show_top(data.header_row)
        known = len(data.columns)
        if not data.headers:
            self.show_error(f"第{data.header_row}行是空的，请指定列名所在的行。")
            return
        self.error = ""
        found = "找到" if data.header_found or not auto_header else "没有找到典型的列名，暂定"
        self.info.setStyleSheet("")
        self.info.setText(
            f"{found}第 {data.header_row} 行为表头：{len(data.headers)} 列中识别出 {known} 列"
            f"对应{ledger.label}的字段" + (f"，其余 {len(data.headers) - known} 列可在下一步"
                                          f"指定或不导入" if known < len(data.headers) else "")
            + "。" + ("" if data.header_found else "如表头不在此行，请修改“表头所在行”。"))
        self.completeChanged.emit()

    def _show_top(self, header_row: int) -> None:
        """The sheet as it starts, so the user sees which row is taken as the header."""
        assert self.plan.head is not None
        rows = self.plan.head.sheets[self.plan.sheet][:max(TOP_ROWS, header_row + 3)]
        width = max((len(r) for r in rows), default=0)
        self.top.clear()
        self.top.setRowCount(len(rows))
        self.top.setColumnCount(width)
        self.top.setHorizontalHeaderLabels([get_column_letter(i + 1) for i in range(width)])
        self.top.setVerticalHeaderLabels([str(n) for n in range(1, len(rows) + 1)])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(preview_text(value))
                if r == header_row - 1:
                    item.setBackground(QBrush(HEADER_ROW))
                    item.setToolTip("表头所在行")
                self.top.setItem(r, c, item)
        self.top.resizeColumnsToContents()
        for c in range(width):
            self.top.setColumnWidth(c, min(self.top.columnWidth(c), 160))

    def show_error(self, text: str) -> None:
        self.top.setRowCount(0)
        self.top.setColumnCount(0)
        self.error = text
        self.plan.data = None
        self.info.setStyleSheet("color: #b42318;")
        self.info.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.plan.data is not None and not self.error and not self.loading

    def validatePage(self) -> bool:
        self.set_path(self.path_edit.text())  # a path typed without Enter
        return self.isComplete()


class ImportWizard(QWizard):
    imported = Signal(str, object, object)  # ledger, ImportResult, the records' main year

    def __init__(self, db: Database, ledger: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from .check import CheckPage, ImportPage
        from .mapping import MappingPage

        self.db = db
        self.plan = ImportPlan(ledger=ledger or "cases")
        self.setObjectName("importWizard")
        self.setWindowTitle("从 Excel 导入台账")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        # after the import only 完成: a 取消 there would read as "undo the import" (F2.6)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步(&B)"),
                             (QWizard.WizardButton.NextButton, "下一步(&N) >"),
                             (QWizard.WizardButton.CommitButton, "导入(&I)"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.source_page = SourcePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for page in (self.source_page, self.mapping_page, self.check_page, self.import_page):
            self.addPage(page)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(960, screen.width()), min(680, screen.height()))

    def busy(self) -> bool:
        return self.check_page.running or self.import_page.running or self.source_page.loading

    def reject(self) -> None:
        """Esc or 取消. On the first step and after the import it closes; in between it asks,
        with 继续导入 as the default (Enter and Esc keep the wizard open)."""
        if self.busy():  # the progress dialog's 取消 stops the job; the wizard waits for it
            return
        if self.currentPage() in (self.source_page, self.import_page) or self.confirm_close():
            super().reject()

    def confirm_close(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "放弃导入",
                          "还没有导入任何数据。要关闭导入向导吗？", parent=self)
        box.setObjectName("confirmCloseImport")
        leave = box.addButton("放弃导入(&D)", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("继续导入(&C)", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave

    def start_with(self, path: str | Path) -> None:
        """Open on a file already chosen (as if picked with 浏览…)."""
        self.source_page.set_path(str(path))
