"""The side panel of an officer's form: this year's training hours against the target, the
trainings that list them, and whether their 执法证 is valid today (DOMAIN.md §9). It follows
the 姓名, 证件 dates and 状态 as they are typed. Also the names a names field offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from ...domain.officer_figures import hours_target, trainings_of, year_hours
from ...domain.officers import Roster, certificate_valid, on_duty
from ...domain.values import ValueProblem, parse_date
from ...storage import Database

ROSTER_FIELDS = ("name", "cert_issued_on", "cert_expires_on", "status", "status_changed_on")


def people(db: Database, ledger: str, today: dt.date | None = None) -> list[str]:
    """The names a names field offers: officers 在岗 today, in the register's name order."""
    if ledger != "officers":
        table = db.ledger(ledger)
        key = table.definition.title_field
        return [str(r[0]) for r in db.conn.execute(
            f"SELECT DISTINCT [{key}] FROM [{ledger}] WHERE deleted_at IS NULL "
            f"AND [{key}] IS NOT NULL ORDER BY [{key}]")]
    cols = ", ".join(ROSTER_FIELDS)
    sort = dict(db.ledger("officers")._sort_keys).get("name", "name")
    rows = db.conn.execute(f"SELECT {cols} FROM officers WHERE deleted_at IS NULL "
                           f"ORDER BY [{sort}]")
    roster = Roster(dict(zip(ROSTER_FIELDS, r, strict=True)) for r in rows)
    return roster.on_duty_names(today or dt.date.today())


class OfficerHours:
    """Each officer's training hours in the year the list shows (its 学时 column)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.year = dt.date.today().year
        self.hours: dict[str, float] = {}

    def reload(self) -> None:
        self.hours = year_hours(lambda q, p: self.db.conn.execute(q, p).fetchall(), self.year)

    def text(self, record: Mapping[str, Any]) -> str:
        return _hours(self.hours.get(str(record.get("name") or "").strip(), 0.0))


def _date(text: Any) -> str | None:
    try:
        return parse_date(text) if str(text or "").strip() else None
    except ValueProblem:
        return None


class OfficerPanel(QWidget):
    """本年度培训学时 and 执法证 of the officer on the form."""

    def __init__(self, db: Database, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or dt.date.today()
        self.target = hours_target(db.get_setting("training_hours_target"))
        self.hours = 0.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"{self.today.year}年培训学时", self)
        heading.setObjectName("panelTitle")
        layout.addWidget(heading)
        self.summary = QLabel(self)
        self.summary.setObjectName("hoursSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.trainings = QListWidget(self)
        self.trainings.setObjectName("officerTrainings")
        self.trainings.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.trainings.setMinimumWidth(230)
        layout.addWidget(self.trainings, 1)
        cert_heading = QLabel("执法证", self)
        cert_heading.setObjectName("panelTitle")
        layout.addWidget(cert_heading)
        self.certificate = QLabel(self)
        self.certificate.setObjectName("certificateState")
        self.certificate.setWordWrap(True)
        layout.addWidget(self.certificate)

    def update_from(self, values: Mapping[str, Any]) -> None:
        name = str(values.get("name") or "").strip()
        found = trainings_of(lambda q, p: self.db.conn.execute(q, p).fetchall(), name,
                             self.today.year)
        self.hours = round(sum(h for _, _, h in found), 2)
        self.trainings.clear()
        for day, title, hours in found:
            self.trainings.addItem(f"{day}  {title}  {_hours(hours)}学时")
        if not name:
            self.summary.setText("填写姓名后显示其参加的培训。")
        else:
            short = self.target - self.hours
            state = f"未达标，差 {_hours(short)} 学时" if short > 0 else "已达标"
            self.summary.setText(f"参加培训 {len(found)} 次，共 {_hours(self.hours)} 学时"
                                 f"（年度目标 {_hours(self.target)} 学时，{state}）")
        self.certificate.setText(certificate_text(values, self.today))


def certificate_text(values: Mapping[str, Any], today: dt.date) -> str:
    officer = {k: _date(values.get(k)) for k in ("cert_issued_on", "cert_expires_on",
                                                  "status_changed_on")}
    officer["status"] = values.get("status") or None
    expires = officer["cert_expires_on"]
    if not expires:
        text = "未填写证件有效期，视为无有效执法证。"
    elif certificate_valid(officer, today):
        left = (dt.date.fromisoformat(expires) - today).days
        text = f"有效至 {expires}（还剩 {left} 天）"
    elif expires < today.isoformat():
        text = f"已于 {expires} 过期，不得从事行政检查等执法活动。"
    else:
        text = f"发证日期在今天之后，尚未生效（有效至 {expires}）。"
    if not on_duty(officer, today):
        text += "（已不在岗）"
    return text


def _hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


__all__ = ["OfficerHours", "OfficerPanel", "certificate_text", "people"]
