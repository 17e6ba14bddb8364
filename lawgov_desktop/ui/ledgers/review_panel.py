"""The 合法性审核 form's side panel and the list's flag (DOMAIN.md §9).

- 报备期限: a 行政规范性文件 with a 公布日期 is due for filing within `normative_filing_days`
  calendar days; shown with the days left, 已报备 or 超期报备, as the form is filled in.
- 审核用时: working days from 送审 to 审核完成; a 重大行政决策 under 7 working days is flagged
  in red here and, in the list, by a red row with the reason as its tooltip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.deadlines import DeadlineOutOfRange
from ...domain.review_rules import (
    FILING_SETTING,
    NORMATIVE,
    filing_due,
    review_workdays,
    short_review,
)
from ...domain.workdays import WorkCalendar
from ...storage import Database
from .record_panels import DONE, LATE, SOON

# Fields whose change updates the panel.
PANEL_FIELDS = ("review_type", "submitted_on", "reviewed_on", "published_on", "filed_on",
                "is_history")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _span(colour: Any, text: str) -> str:
    return f"<span style='color:{colour.name()}'>{text}</span>"


class ReviewPanel(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.calendar = db.calendar()
        self.days = int(db.get_setting(FILING_SETTING))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filing, self.flag = QLabel(self), QLabel(self)
        for title, label, name in (("报备期限", self.filing, "reviewFiling"),
                                   ("审核用时", self.flag, "reviewFlag")):
            heading = QLabel(title, self)
            heading.setObjectName("panelTitle")
            layout.addWidget(heading)
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setMinimumWidth(200)
            layout.addWidget(label)
        layout.addStretch(1)

    def update_from(self, values: Mapping[str, Any], today: dt.date | None = None) -> None:
        self.filing.setText(self.filing_html(values, today or dt.date.today()))
        self.flag.setText(self.duration_html(values))

    def filing_html(self, values: Mapping[str, Any], today: dt.date) -> str:
        if values.get("review_type") != NORMATIVE:
            return "<span style='color:#667'>仅行政规范性文件需要报备。</span>"
        published = _date(values.get("published_on"))
        if published is None:
            return f"<span style='color:#667'>填写公布日期后显示报备期限（{self.days}日）。</span>"
        try:
            due = filing_due(published, self.days, self.calendar)
        except DeadlineOutOfRange:
            return ""
        head = f"<b>公布之日起{self.days}日内报备</b>，{due} 到期<br>"
        filed = _date(values.get("filed_on"))
        if filed is not None:
            return head + (_span(LATE, f"{filed} 报备，超期") if filed > due
                           else _span(DONE, f"{filed} 已报备"))
        if values.get("is_history") in ("是", 1, True):  # the form gives 是/否, records 1/0
            return head + "历史记录：不提醒报备期限。"
        left = (due - today).days
        if left < 0:
            return head + _span(LATE, f"已逾期{-left}天，尚未报备")
        state = "今天到期" if left == 0 else f"还剩{left}天"
        return head + _span(SOON if left <= 3 else DONE, f"尚未报备，{state}")

    def duration_html(self, values: Mapping[str, Any]) -> str:
        submitted, reviewed = _date(values.get("submitted_on")), _date(values.get("reviewed_on"))
        if submitted is None or reviewed is None or reviewed < submitted:
            return "<span style='color:#667'>填写送审日期和审核完成日期后显示。</span>"
        flag = short_review(values, self.calendar)
        if flag:
            return _span(LATE, "⚠ " + flag)
        days = review_workdays(submitted, reviewed, self.calendar)
        return f"{days}个工作日"


def row_flagger(db: Database) -> Callable[[Mapping[str, Any]], str | None]:
    """For the list: the flag text of a record (a rushed 重大行政决策), else None."""
    calendar: WorkCalendar = db.calendar()
    return lambda record: short_review(record, calendar)
