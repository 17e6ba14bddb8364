"""Step two of the import wizard: which field each Excel column goes to, a value for the whole
column where the sheet has no column for a required field (整列使用同一值), and a preview of
the first rows as they will be stored: cells that will not pass in red, values inferred or
given for the whole column in blue, each with its reason in the 检查结果 column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ...domain.ledgers import FieldDef, LedgerDef, get_ledger
from ...domain.validation import validate
from ...domain.values import ValueProblem, display_value, parse_value
from ...importing import NOT_IMPORTED, header_index, normalise_header, prepare, raw_values
from ...importing.infer import BY_ROW, SAME_AS, WHOLE_COLUMN, source_of
from ...importing.unmapped import unmapped_data, unmapped_message

if TYPE_CHECKING:
    from .wizard import ImportWizard

BAD_CELL = QColor("#fde8e6")
WARNING_TEXT = "#9a5b00"  # amber: needs a look, is no error
INFERRED_CELL = QColor("#e3eefc")
VERDICT_WIDTH = 320  # the 检查结果 column: wide enough to read without hovering
INFERABLE = {"party_type": "可由证件号码或名称推断", "decision_type": "可由决定日期和罚款推断",
             "penalty_kinds": "可由罚款金额推断"}


def missing_fields(ledger: LedgerDef, chosen: set[str]) -> list[FieldDef]:
    """Fields a row may need that no column feeds: required ones, and those another mapped
    field requires (决定类型 with a 决定日期)."""
    out = []
    for f in ledger.fields:
        if f.key in chosen:
            continue
        needed = f.required or any(c.kind == "requires" and c.needs == f.key
                                   and c.field in chosen for c in ledger.checks)
        if needed:
            out.append(f)
    return out


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
        self.preview.cellDoubleClicked.connect(self.choose_for_row)
        self._shown: list[tuple[int, list[str], dict]] = []  # per preview row: number, keys, raw
        splitter.addWidget(self.preview)
        layout.addWidget(splitter, 1)
        self.fill_box = QGroupBox("表中没有的列：取自其他日期列，或整列使用同一值", self)
        self.fill_box.setObjectName("fillBox")
        self.fill_form = QFormLayout(self.fill_box)
        layout.addWidget(self.fill_box)
        self.fill_editors: dict[str, QWidget] = {}
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
        self._build_fill()
        self.refresh()

    def _chosen(self, col: int) -> None:
        self.plan.columns[col] = str(self.combos[col].currentData())
        self._build_fill()
        self.refresh()

    # -- 整列使用同一值 ----------------------------------------------------------------------

    def _build_fill(self) -> None:
        """One editor per field no column feeds: a choice list, or a line for text/dates."""
        ledger = get_ledger(self.plan.ledger)
        fields = missing_fields(ledger, {k for k in self.plan.columns.values() if k})
        while self.fill_form.rowCount():
            self.fill_form.removeRow(0)
        self.fill_editors.clear()
        for key in list(self.plan.fill):
            if key not in {f.key for f in fields}:
                del self.plan.fill[key]
        for f in fields:
            editor: QWidget
            if f.has_choices:
                combo = QComboBox(self.fill_box)
                combo.addItem("（不指定，逐行检查）", "")
                for option in self.db.choices(self.plan.ledger, f.key):
                    combo.addItem(option, option)
                combo.setCurrentIndex(max(0, combo.findData(self.plan.fill.get(f.key, ""))))
                combo.currentIndexChanged.connect(lambda _i, k=f.key: self._fill_changed(k))
                editor = combo
            elif f.is_date:
                editor = self._date_fill(f, ledger)
            else:
                line = QLineEdit(str(self.plan.fill.get(f.key, "")), self.fill_box)
                line.setPlaceholderText("不指定时逐行检查")
                line.editingFinished.connect(lambda k=f.key: self._fill_changed(k))
                editor = line
            editor.setObjectName(f"fill_{f.key}")
            editor.setAccessibleName(f"{f.label}：整列使用同一值")
            hint = INFERABLE.get(f.key, "")
            label = f"{f.label}{' *' if f.required else ''}"
            self.fill_form.addRow(f"{label}（{hint}）：" if hint else f"{label}：", editor)
            self.fill_editors[f.key] = editor
        self.fill_box.setVisible(bool(fields))

    def _date_fill(self, f: FieldDef, ledger: LedgerDef) -> QComboBox:
        """A date the sheet lacks: taken from another date column of the same row (取自
        “决定日期”列), or one date typed for every row (warned about at the check)."""
        combo = QComboBox(self.fill_box)
        combo.setEditable(True)
        combo.addItem("（不指定，逐行检查）", "")
        mapped = {k for k in self.plan.columns.values() if k}
        for other in ledger.fields:
            if other.is_date and other.key != f.key and other.key in mapped:
                combo.addItem(f"取自“{other.label}”列", f"{SAME_AS}{other.label}")
        current = str(self.plan.fill.get(f.key, ""))
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)
        else:
            combo.setEditText(current)
        combo.lineEdit().setPlaceholderText("选择取自哪一列，或输入同一日期，如 2025-01-01")
        combo.setToolTip("表中有决定日期等列时，建议“取自”该列：每行用自己的日期。"
                         "输入一个日期则每一行都用这个日期，办案期限和按月统计都按它计算。")
        combo.activated.connect(lambda _i, k=f.key: self._fill_changed(k))
        combo.lineEdit().editingFinished.connect(lambda k=f.key: self._fill_changed(k))
        return combo

    def _fill_changed(self, key: str) -> None:
        editor = self.fill_editors[key]
        if isinstance(editor, QComboBox) and editor.isEditable():
            text = editor.currentText().strip()
            index = editor.findText(text)
            value = editor.itemData(index) if index >= 0 else text
        else:
            value = (editor.currentData() if isinstance(editor, QComboBox)
                     else editor.text().strip())  # type: ignore[attr-defined]
        if value:
            self.plan.fill[key] = value
        else:
            self.plan.fill.pop(key, None)
        self.refresh()

    def fill_problems(self) -> list[str]:
        ledger = get_ledger(self.plan.ledger)
        out = []
        for key, value in self.plan.fill.items():
            if source_of(ledger, key, value):
                continue
            try:
                parse_value(ledger.field(key), value, self.db.choices(self.plan.ledger, key))
            except ValueProblem as exc:
                out.append(f"{ledger.field(key).label}：{exc}")
        return out

    def problems(self) -> list[str]:
        """What stops the import before any row is looked at: one field fed by two columns,
        a value for the whole column that is no value. A required field with no column does
        not: its value is inferred, given for the whole column, or asked per row."""
        ledger = get_ledger(self.plan.ledger)
        chosen = [k for k in self.plan.columns.values() if k]
        out = self.fill_problems()
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
            text = (f"将导入 {used} 列，{len(self.plan.columns) - used} 列不导入。"
                    "预览中蓝色单元格是推断或指定的值，红色单元格无法通过检查；"
                    "双击预览中的单元格可为该行单独指定。")
            assert self.plan.data is not None
            looks = unmapped_data(self.plan.data, self.plan.columns)
            if looks:  # a fine column left out imports every fine as 0: say so plainly
                self.status.setStyleSheet(f"color: {WARNING_TEXT};")
                self.status.setText("注意：" + unmapped_message(looks) + "。\n" + text)
            else:
                self.status.setStyleSheet("")
                self.status.setText(text)
        self._fill_preview()
        self.completeChanged.emit()

    # -- the preview ----------------------------------------------------------------------

    def _fill_preview(self) -> None:
        """The first rows as they will be stored, and a last 检查结果 column for what does not
        belong to a shown cell (a required field left empty, dates out of order) and for
        what was inferred; it comes first, word-wrapped, so it is read without hovering."""
        data = self.plan.data
        assert data is not None
        ledger = get_ledger(self.plan.ledger)
        mapped = [key for _, key in sorted(self.plan.columns.items()) if key]
        cols = {col: key for col, key in self.plan.columns.items() if key}
        choices = self.db.choice_map(self.plan.ledger)
        rows = []
        for number, cells in data.preview:
            raw = raw_values(cells, cols, data.scaled)
            row, came = prepare(ledger, raw, self.plan.fill, self.plan.per_row.get(number))
            rows.append((number, raw, came, validate(ledger, row, choices=choices)))
        extra = [f.key for f in ledger.fields if f.key not in mapped
                 and any(f.key in came for _, _, came, _ in rows)]
        shown = extra + mapped  # what the sheet lacks first, next to the verdict
        self.preview.clear()
        self.preview.setColumnCount(len(shown) + 1)
        self.preview.setRowCount(len(rows))
        # 检查结果 first: the reasons stay in view however many columns the sheet has
        def how(key: str) -> str:
            """（指定） for the user's choice (a whole-column value, a row's own, 取自…列),
            （推断） for the program's inference."""
            reasons = {came[key] for _, _, came, _ in rows if key in came}
            users = any(r in (WHOLE_COLUMN, BY_ROW) or r.startswith("取自") for r in reasons)
            return "（指定）" if users else "（推断）"

        self.preview.setHorizontalHeaderLabels(
            ["检查结果"] + [ledger.field(k).label + (how(k) if k in extra else "")
                           for k in shown])
        self.preview.setVerticalHeaderLabels([f"第{n}行" for n, *_ in rows])
        self._shown = [(number, shown, raw) for number, raw, _came, _checked in rows]
        for r, (_number, raw, came, checked) in enumerate(rows):
            problems = checked.by_field()
            for c, key in enumerate(shown):
                if key in problems:
                    item = QTableWidgetItem(preview_text(raw.get(key)))
                    item.setBackground(QBrush(BAD_CELL))
                    item.setToolTip("；".join(p.message for p in problems[key]))
                else:
                    item = QTableWidgetItem(display_value(ledger.field(key),
                                                          checked.values.get(key)))
                    if key in came:
                        item.setBackground(QBrush(INFERRED_CELL))
                        item.setToolTip(came[key])
                self.preview.setItem(r, c + 1, item)
            errors = list(checked.errors)
            other = [str(p) for p in errors if p.field not in shown]
            verdict = "；".join(other) if other else (
                f"{len(errors)} 处错误（见红色单元格）" if errors else "通过")
            if came and not errors:  # information, never in the red of an error
                verdict += "；推断/指定：" + "、".join(ledger.field(k).label for k in came)
            item = QTableWidgetItem(verdict)
            item.setToolTip("\n".join([verdict, *(f"{ledger.field(k).label}：{how}"
                                                   for k, how in came.items())]))
            if errors:
                item.setForeground(QBrush(QColor("#b42318")))
            self.preview.setItem(r, 0, item)
        self.preview.resizeColumnsToContents()
        for c in range(1, len(shown) + 1):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 180))
        self.preview.setColumnWidth(0, VERDICT_WIDTH)
        self.preview.setWordWrap(True)
        self.preview.resizeRowsToContents()

    def choose_for_row(self, r: int, c: int) -> None:
        """Double-click in the preview: a value for this row of a field its cell lacks (逐行
        指定, as on the check step); on 检查结果 the first such field with a problem."""
        if not 0 <= r < len(self._shown):
            return
        number, shown, raw = self._shown[r]
        ledger = get_ledger(self.plan.ledger)
        empty = [k for k in shown if raw.get(k) in (None, "")]
        if c == 0:
            key = next((k for k in empty if k not in self.plan.fill
                        or k in self.plan.per_row.get(number, {})), empty[0] if empty else None)
        else:
            key = shown[c - 1] if shown[c - 1] in empty else None
        if key is None:
            return
        f = ledger.field(key)
        own = self.plan.per_row.get(number, {}).get(key, "")
        if f.has_choices:
            options = ["（不指定）", *self.db.choices(self.plan.ledger, key)]
            current = options.index(own) if own in options else 0
            value, ok = QInputDialog.getItem(self, "逐行指定", f"第{number}行的{f.label}：",
                                             options, current, False)
            value = "" if value == options[0] else value
        else:
            value, ok = QInputDialog.getText(self, "逐行指定", f"第{number}行的{f.label}：",
                                             text=own)
        if not ok:
            return
        row = self.plan.per_row.setdefault(number, {})
        if value.strip():
            row[key] = value.strip()
        else:
            row.pop(key, None)
        self.refresh()

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
