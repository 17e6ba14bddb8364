"""Rules of the 合法性审核 register (DOMAIN.md §9) that need the working-day calendar.

- 报备: a 行政规范性文件 is due for filing `normative_filing_days` calendar days after its
  公布日期 (the deadline rule "normative_filing"; a period ending on a day off ends on the next
  working day). The indicators count "filed on time" with the same due date: storage installs
  :func:`filing_due` as the SQL function named :data:`FILING_DUE_SQL` before computing them,
  so the 及时报备率, the reminders and the report never disagree about a document.
- 重大行政决策: the legality review "一般不少于7个工作日" (《重大行政决策程序暂行条例》
  第二十六条); a review that took fewer working days is flagged on the form and in the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from .deadlines import RULES_BY_ID, DeadlineOutOfRange, due_date
from .workdays import WorkCalendar

LEDGER = "reviews"
NORMATIVE = "行政规范性文件"
MAJOR_DECISION = "重大行政决策"
FILING_RULE = RULES_BY_ID["normative_filing"]
FILING_SETTING = FILING_RULE.setting_key  # "normative_filing_days" (DOMAIN.md §13)
FILING_DUE_SQL = "lawgov_filing_due"
MIN_DECISION_WORKDAYS = 7
DECISION_BASIS = "《重大行政决策程序暂行条例》第二十六条：合法性审查的时间一般不少于7个工作日"


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def filing_due(published: dt.date, days: int, calendar: WorkCalendar) -> dt.date:
    """The last day to file a 规范性文件 published on `published` (DeadlineOutOfRange when
    the date is too far out to count from)."""
    return due_date(FILING_RULE, published, days, calendar)


def filing_due_function(days: int, calendar: WorkCalendar) -> Callable[[Any], str | None]:
    """`lawgov_filing_due(published_on)` for SQLite: the due date as ISO text, None when the
    stored value gives none. Due dates are remembered per day (a ledger has few)."""
    cache: dict[str, str | None] = {}

    def due(published: Any) -> str | None:
        key = str(published)
        if key not in cache:
            day = _date(published)
            try:
                cache[key] = filing_due(day, days, calendar).isoformat() if day else None
            except DeadlineOutOfRange:
                cache[key] = None
        return cache[key]

    return due


def review_workdays(submitted: dt.date, reviewed: dt.date, calendar: WorkCalendar) -> int:
    """Working days from 送审 to 审核完成: the days after `submitted` up to and including
    `reviewed` that are working days (送审 Monday, done the next Monday: 5)."""
    count, day = 0, submitted
    while day < reviewed:
        day += dt.timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return count


def short_review(values: Mapping[str, Any], calendar: WorkCalendar) -> str | None:
    """The flag of a 重大行政决策 reviewed in fewer than 7 working days, else None."""
    if values.get("review_type") != MAJOR_DECISION:
        return None
    submitted, reviewed = _date(values.get("submitted_on")), _date(values.get("reviewed_on"))
    if submitted is None or reviewed is None or reviewed < submitted:
        return None
    if (reviewed - submitted).days > 3 * MIN_DECISION_WORKDAYS:  # surely long enough
        return None
    days = review_workdays(submitted, reviewed, calendar)
    if days >= MIN_DECISION_WORKDAYS:
        return None
    return (f"审核用时{days}个工作日，少于{MIN_DECISION_WORKDAYS}个工作日"
            f"（{DECISION_BASIS}）")
