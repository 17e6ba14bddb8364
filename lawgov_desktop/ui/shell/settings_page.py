"""设置: unit names, deadline rules, editable choice lists, the holiday table, and 备份与恢复
(ui/safety/backups_panel.py). Every value is checked by storage before it is kept."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.deadlines import RULES
from ...domain.ledgers import load_ledgers
from ...domain.settings import SETTINGS
from ...storage import Database, LedgerError
from ..report.annual_choice import AnnualTemplateBox
from ..report.place import PlaceFields
from ..safety.backups_panel import BackupsPanel
from . import prompts
from .cap_settings import CapSettings


class SettingsPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self.db = db
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel("设置", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        tabs = QTabWidget(self)
        general = QScrollArea(tabs)  # with 统计报表 it is taller than a 768-pixel screen
        general.setWidgetResizable(True)
        general.setFrameShape(QFrame.Shape.NoFrame)
        general.setWidget(self._general_tab())
        tabs.addTab(general, "单位与期限")
        tabs.addTab(self._choices_tab(), "选项列表")
        self.caps = CapSettings(db, self)
        self.caps.changed.connect(self.changed)
        tabs.addTab(self.caps, "检查频次")
        tabs.addTab(self._holidays_tab(), "节假日")
        self.backups = BackupsPanel(db, self)
        tabs.addTab(self.backups, "备份与恢复")
        layout.addWidget(tabs, 1)
        self.tabs = tabs

    def show_backups(self) -> None:
        self.tabs.setCurrentWidget(self.backups)

    # -- unit and deadlines ---------------------------------------------------------------

    def _general_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        unit_box = QGroupBox("单位信息", page)
        form = QFormLayout(unit_box)
        self.unit_name = QLineEdit(self.db.get_setting("unit_name"), unit_box)
        self.unit_name.setPlaceholderText("如：某某县应急管理局")
        self.upper_unit = QLineEdit(self.db.get_setting("upper_unit"), unit_box)
        self.upper_unit.setPlaceholderText("如：某某市应急管理局")
        form.addRow(SETTINGS["unit_name"].label, self.unit_name)
        form.addRow(SETTINGS["upper_unit"].label, self.upper_unit)
        self.place = PlaceFields(self.db, form, unit_box, self.unit_name)  # for the report
        layout.addWidget(unit_box)
        rules_box = QGroupBox("办理期限（用于概览中的期限提醒）", page)
        rules = QFormLayout(rules_box)
        self.limits: dict[str, QSpinBox] = {}
        for rule in RULES:
            spin = QSpinBox(rules_box)
            low, high = SETTINGS[rule.setting_key].integer_range or (1, 365)
            spin.setRange(low, high)
            spin.setValue(int(self.db.get_setting(rule.setting_key)))
            spin.setSuffix(" 个工作日" if rule.working_days else " 日")
            spin.setToolTip(rule.basis)
            basis = QLabel(f"默认 {rule.default_days}；{rule.basis}", rules_box)
            basis.setObjectName("hint")
            basis.setWordWrap(True)
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(basis, 1)
            rules.addRow(rule.label, row)
            self.limits[rule.setting_key] = spin
        layout.addWidget(rules_box)
        self.annual = AnnualTemplateBox(self.db, page)  # the workbook's 年报 template
        layout.addWidget(self.annual)
        save = QPushButton("保存", page)
        save.setObjectName("saveGeneral")
        save.clicked.connect(self.save_general)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def save_general(self) -> None:
        values = {"unit_name": self.unit_name.text(), "upper_unit": self.upper_unit.text()}
        values.update(self.place.values())
        values.update({k: str(s.value()) for k, s in self.limits.items()})
        values["annual_template"] = self.annual.value()
        try:
            for key, value in values.items():
                self.db.set_setting(key, value)
        except LedgerError as exc:
            prompts.error(self, "设置未保存", str(exc))
            return
        self.changed.emit()

    # -- choice lists ---------------------------------------------------------------------

    def _choices_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        hint = QLabel("可按本单位实际增减下列选项；已录入记录中的原有选项不受影响。", page)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        self.choice_field = QComboBox(page)
        for ledger in load_ledgers().values():
            for f in ledger.fields:
                if f.editable_choices and not f.choices_from:  # edited at its source
                    self.choice_field.addItem(f"{ledger.label} · {f.label}", (ledger.key, f.key))
        self.choice_field.currentIndexChanged.connect(self.load_choices)
        layout.addWidget(self.choice_field)
        row = QHBoxLayout()
        self.choice_list = QListWidget(page)
        self.choice_list.setObjectName("choiceList")
        self.choice_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        row.addWidget(self.choice_list, 1)
        side = QVBoxLayout()
        for text, slot in (("添加", self.add_choice), ("删除", self.remove_choice),
                           ("上移", lambda: self.move_choice(-1)),
                           ("下移", lambda: self.move_choice(1)), ("保存", self.save_choices)):
            button = QPushButton(text, page)
            button.clicked.connect(slot)
            side.addWidget(button)
        side.addStretch(1)
        row.addLayout(side)
        layout.addLayout(row, 1)
        self.load_choices()
        return page

    def load_choices(self) -> None:
        ledger, field = self.choice_field.currentData()
        self.choice_list.clear()
        for value in self.db.choices(ledger, field):
            self._choice_item(value)

    def _choice_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.choice_list)
        item.setFlags(item.flags() | item.flags().ItemIsEditable)
        return item

    def add_choice(self) -> None:
        item = self._choice_item("新选项")
        self.choice_list.setCurrentItem(item)
        self.choice_list.editItem(item)

    def remove_choice(self) -> None:
        row = self.choice_list.currentRow()
        if row >= 0:
            self.choice_list.takeItem(row)

    def move_choice(self, delta: int) -> None:
        row = self.choice_list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.choice_list.count():
            return
        item = self.choice_list.takeItem(row)
        self.choice_list.insertItem(target, item)
        self.choice_list.setCurrentRow(target)

    def save_choices(self) -> None:
        ledger, field = self.choice_field.currentData()
        values = [self.choice_list.item(i).text() for i in range(self.choice_list.count())]
        try:
            self.db.set_choices(ledger, field, values)
        except LedgerError as exc:
            prompts.error(self, "选项未保存", str(exc))
            return
        self.load_choices()
        self.changed.emit()

    # -- holidays -------------------------------------------------------------------------

    def _holidays_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        hint = QLabel("程序内置国务院公布的节假日安排（至 2026 年）。之后年度或有本地调整时，"
                      "在此补充法定节假日和调休上班日，计算“工作日”期限时优先采用。", page)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        add = QHBoxLayout()
        self.holiday_day = QDateEdit(page)
        self.holiday_day.setCalendarPopup(True)
        self.holiday_day.setDisplayFormat("yyyy-MM-dd")
        self.holiday_day.setDate(QDate.currentDate())
        self.holiday_kind = QComboBox(page)
        self.holiday_kind.addItems(["休息日（节假日）", "上班日（调休）"])
        self.holiday_note = QLineEdit(page)
        self.holiday_note.setPlaceholderText("说明，如：春节")
        add_button = QPushButton("添加", page)
        add_button.clicked.connect(self.add_holiday)
        remove_button = QPushButton("删除选中", page)
        remove_button.clicked.connect(self.remove_holiday)
        for w in (self.holiday_day, self.holiday_kind, self.holiday_note, add_button,
                  remove_button):
            add.addWidget(w)
        layout.addLayout(add)
        self.holiday_table = QTableWidget(0, 3, page)
        self.holiday_table.setObjectName("holidayTable")
        self.holiday_table.setHorizontalHeaderLabels(["日期", "类型", "说明"])
        self.holiday_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.holiday_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.holiday_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.holiday_table.verticalHeader().hide()
        layout.addWidget(self.holiday_table, 1)
        self.load_holidays()
        return page

    def load_holidays(self) -> None:
        rows = self.db.conn.execute("SELECT day, workday, note FROM holidays ORDER BY day")
        rows = rows.fetchall()
        self.holiday_table.setRowCount(len(rows))
        for r, (day, workday, note) in enumerate(rows):
            kind = "上班日（调休）" if workday else "休息日（节假日）"
            for c, text in enumerate((day, kind, note or "")):
                self.holiday_table.setItem(r, c, QTableWidgetItem(text))

    def add_holiday(self) -> None:
        q = self.holiday_day.date()
        day = dt.date(q.year(), q.month(), q.day())
        try:
            self.db.set_holiday(day, self.holiday_kind.currentIndex() == 1,
                                self.holiday_note.text().strip())
        except LedgerError as exc:
            prompts.error(self, "未能添加", str(exc))
            return
        self.holiday_note.clear()
        self.load_holidays()
        self.changed.emit()

    def remove_holiday(self) -> None:
        row = self.holiday_table.currentRow()
        if row < 0:
            return
        day = dt.date.fromisoformat(self.holiday_table.item(row, 0).text())
        self.db.remove_holiday(day)
        self.load_holidays()
        self.changed.emit()
