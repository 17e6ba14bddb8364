"""The 行政检查 form's side panel: the enterprise's checks this year against its cap, the
form's warnings from other records (cap, approval, inspectors, certificates; DOMAIN.md §9),
and the 立案 action for a check whose 处理结果 is 立案查处. Also the case form's list of the
inspections that name its 案号."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.inspections import (
    TO_CASE,
    CapRules,
    approval_message,
    too_few_message,
)
from ...domain.officers import split_names
from ...domain.validation import Problem
from ...storage import Database, inspections

ID_ROLE = Qt.ItemDataRole.UserRole


def _title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("panelTitle")
    return label


class InspectionPanel(QWidget):
    """Follows the form's values; `problems(values)` gives the warnings to show at 保存."""

    open_record = Signal(str, str)  # ledger, record id
    file_case = Signal()  # the 立案 button

    def __init__(self, db: Database, record_id: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.record_id = record_id
        self.rules: CapRules = inspections.cap_rules(db)
        self.roster = inspections.roster(db)
        self.definition = db.ledger("inspections").definition
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_title("该企业本年度检查", self))
        self.cap = QLabel(self)
        self.cap.setObjectName("capStatus")
        self.cap.setWordWrap(True)
        self.cap.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.cap)
        self.checks = QListWidget(self)
        self.checks.setObjectName("enterpriseChecks")
        self.checks.setMinimumWidth(230)
        self.checks.setMaximumHeight(180)
        self.checks.itemActivated.connect(self._open_item)
        layout.addWidget(self.checks)
        layout.addWidget(_title("立案查处", self))
        self.case_hint = QLabel(self)
        self.case_hint.setWordWrap(True)
        layout.addWidget(self.case_hint)
        self.case_button = QPushButton("立案…", self)
        self.case_button.setObjectName("fileCase")
        self.case_button.setToolTip("以本次检查的企业、信用代码和执法领域新建执法案件，"
                                    "保存后案号写回“关联案号”")
        self.case_button.clicked.connect(self.file_case)
        layout.addWidget(self.case_button)
        layout.addStretch(1)
        self.update_from({})

    # -- following the form ---------------------------------------------------------------

    def update_from(self, values: Mapping[str, Any]) -> None:
        """`values`: the form's parsed values (None where empty or not parsed)."""
        status, others = inspections.check_cap(self.db, dict(values), self.record_id,
                                               self.rules)
        self.checks.clear()
        for o in others:
            text = f"{o['inspected_on']}  {o['kind'] or '—'}  {o['domain'] or ''}"
            item = QListWidgetItem(text.rstrip(), self.checks)
            item.setData(ID_ROLE, o["id"])
        if not values.get("target") and not values.get("credit_code"):
            self.cap.setText("<span style='color:#667'>填写检查对象后显示该企业本年度的检查"
                             "</span>")
        else:
            cap = "未设置上限" if status.cap is None else f"年度上限 {status.cap} 次"
            colour = "#c0392b" if status.over else "#b7791f" if status.reaches else "#1f7a4d"
            counted = "、".join(sorted(self.rules.counted))
            self.cap.setText(
                f"本年度其他检查 {len(others)} 次；计入频次（{counted}）含本次 "
                f"<b style='color:{colour}'>{status.count}</b> 次，{cap}")
        outcome = values.get("outcome")
        linked = values.get("related_case_no")
        self.case_button.setEnabled(outcome == TO_CASE and not linked)
        if outcome != TO_CASE:
            self.case_hint.setText("处理结果为“立案查处”时，可由此新建执法案件。")
        elif linked:
            self.case_hint.setText(f"已关联案件 {linked}。")
        else:
            self.case_hint.setText("按“立案…”新建执法案件，保存后案号自动填入“关联案号”。")

    def problems(self, values: Mapping[str, Any]) -> list[Problem]:
        """Warnings that need other records or settings (not refusals: DOMAIN.md §9)."""
        label = self.definition.field
        out: list[Problem] = []
        day = values.get("inspected_on")
        status, _ = inspections.check_cap(self.db, dict(values), self.record_id, self.rules)
        if status.reaches:
            out.append(Problem("target", label("target").label, status.message(), "warning"))
        if message := approval_message(values.get("approved_on"), day):
            out.append(Problem("approved_on", label("approved_on").label, message, "warning"))
        names = split_names(values.get("inspectors"))
        messages = [too_few_message(names)]
        if day and names:  # names not in the register: the names field warns (storage)
            uncertified = self.roster.check(names, day).uncertified
            if uncertified:
                messages.append(f"{'、'.join(uncertified)} {day} 无有效执法证"
                                "（国办发〔2024〕54号：不得由无执法证人员实施检查）")
        for message in filter(None, messages):
            out.append(Problem("inspectors", label("inspectors").label, message, "warning"))
        return out

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_record.emit("inspections", str(item.data(ID_ROLE)))


class CaseInspections(QWidget):
    """On the case form: the inspections whose 关联案号 is this case's 案号."""

    open_record = Signal(str, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_title("关联检查", self))
        self.list = QListWidget(self)
        self.list.setObjectName("caseInspections")
        self.list.setMaximumHeight(110)
        self.list.itemActivated.connect(
            lambda item: self.open_record.emit("inspections", str(item.data(ID_ROLE))))
        layout.addWidget(self.list)
        self.empty = QLabel("没有“关联案号”为本案号的行政检查。", self)
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.case_no = ""

    def lookup(self, case_no: str) -> None:
        case_no = (case_no or "").strip()
        if case_no == self.case_no and self.list.count():
            return
        self.case_no = case_no
        self.list.clear()
        for r in inspections.naming_case(self.db, case_no):
            item = QListWidgetItem(f"{r['inspected_on']}  {r['target']}", self.list)
            item.setData(ID_ROLE, r["id"])
        self.list.setVisible(self.list.count() > 0)
        self.empty.setVisible(self.list.count() == 0)
