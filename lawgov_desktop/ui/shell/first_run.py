"""First run: the ledger is empty — enter the unit name, then load demo data or start empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ... import demo
from ...storage import Database, LedgerError
from ..report.place import PlaceFields
from . import prompts
from .jobs import run_job


class FirstRunDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("firstRun")
        self.setWindowTitle("欢迎使用法治建设台账")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<b>台账目前是空的。</b><br>请填写本单位名称（用于概览和年度报告），"
            "并选择从空台账开始，或先载入演示数据熟悉功能。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.unit_name = QLineEdit(db.get_setting("unit_name"), self)
        self.unit_name.setPlaceholderText("如：某某县应急管理局")
        form.addRow("单位名称", self.unit_name)
        self.upper_unit = QLineEdit(db.get_setting("upper_unit"), self)
        self.upper_unit.setPlaceholderText("如：某某市应急管理局（年度报告的主送单位之一）")
        form.addRow("上级单位", self.upper_unit)
        self.place = PlaceFields(db, form, self, self.unit_name)  # the report's wording
        layout.addLayout(form)
        later = QLabel("以上各项用于年度报告的称谓，以后可在“设置”中修改。", self)
        later.setObjectName("hint")
        layout.addWidget(later)
        self.empty = QRadioButton("从空台账开始，录入或导入本单位数据", self)
        self.demo = QRadioButton(
            f"载入演示数据（{demo.UNIT}近三年的案件、复议诉讼、培训和宣传，用于熟悉功能）", self)
        self.empty.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.empty, self.demo):
            group.addButton(button)
            layout.addWidget(button)
        note = QLabel(f"台账文件：{db.path}", self)
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton("开始使用", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton("稍后", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def apply(self, done: Callable[[], None]) -> None:
        """Store the unit name and start loading demo data if chosen; `done()` when finished."""
        unit = self.unit_name.text().strip()
        try:
            if unit:
                self.db.set_setting("unit_name", unit)
            self.db.set_setting("upper_unit", self.upper_unit.text())
            for key, value in self.place.values().items():
                self.db.set_setting(key, value)
        except LedgerError as exc:
            prompts.error(self.parentWidget(), "设置未保存", str(exc))
        if not self.demo.isChecked():
            done()
            return
        year = dt.date.today().year

        def work(db: Database, progress: Callable[[str], None]) -> dict[str, int]:
            return demo.fill(db, year, "small", progress=progress)

        def failed(message: str) -> None:
            if message:
                prompts.error(self.parentWidget(), "演示数据未载入", message)
            done()

        run_job(self.parentWidget() or self, "正在载入演示数据", work, self.db.path.parent,
                lambda _counts: done(), failed)
