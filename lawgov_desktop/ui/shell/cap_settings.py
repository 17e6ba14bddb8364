"""设置 → 检查频次: the yearly cap on checks of one enterprise (国办发〔2024〕54号), per 执法领域
and for the others, and which 检查类型 count toward it (DOMAIN.md §13 inspection_cap,
inspection_cap.<执法领域>, inspection_cap_types). Empty = no cap."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.inspections import CAP_KEY, CAP_TYPES_KEY, KINDS, cap_key, split_types
from ...storage import Database, LedgerError
from . import prompts


class CapSettings(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("capSettings")
        layout = QVBoxLayout(self)
        hint = QLabel("涉企行政检查应按年度设定同一企业的检查频次上限（国办发〔2024〕54号）。"
                      "留空表示不设上限；某执法领域未单独设置时使用“其他执法领域”的上限。"
                      "一家企业在多个执法领域被检查时，以其中最低的上限为准。", self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        caps = QGroupBox("每家企业每年检查次数上限", self)
        self.form = QFormLayout(caps)
        self.edits: dict[str, QLineEdit] = {}
        digits = QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,4}"), self)
        for domain in db.choices("cases", "domain"):
            self._cap_row(cap_key(domain), domain, digits)
        self._cap_row(CAP_KEY, "其他执法领域", digits)
        layout.addWidget(caps)
        kinds = QGroupBox("计入频次的检查类型", self)
        row = QHBoxLayout(kinds)
        counted = split_types(db.get_setting(CAP_TYPES_KEY))
        self.kinds: dict[str, QCheckBox] = {}
        for kind in KINDS:
            box = QCheckBox(kind, kinds)
            box.setChecked(kind in counted)
            row.addWidget(box)
            self.kinds[kind] = box
        row.addStretch(1)
        layout.addWidget(kinds)
        save = QPushButton("保存", self)
        save.setObjectName("saveCaps")
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _cap_row(self, key: str, label: str, validator: QRegularExpressionValidator) -> None:
        edit = QLineEdit(self.db.get_setting(key), self)
        edit.setValidator(validator)
        edit.setPlaceholderText("不设上限")
        edit.setMaximumWidth(120)
        self.form.addRow(label, edit)
        self.edits[key] = edit

    def save(self) -> None:
        values = {key: edit.text() for key, edit in self.edits.items()}
        values[CAP_TYPES_KEY] = "；".join(k for k, box in self.kinds.items() if box.isChecked())
        if not values[CAP_TYPES_KEY]:
            prompts.error(self, "设置未保存", "请至少选择一种计入频次的检查类型。")
            return
        try:
            for key, value in values.items():
                self.db.set_setting(key, value)
        except LedgerError as exc:
            prompts.error(self, "设置未保存", str(exc))
            return
        self.changed.emit()
