"""Legal time limits of DOMAIN.md §5 and the reminders they produce.

Each rule starts at a recorded date and is met when another date is recorded. The limits are
settings (`<rule id>_days`) with the statutory defaults below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .workdays import WorkCalendar


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    label: str
    ledger: str
    start_field: str
    done_field: str
    default_days: int
    working_days: bool
    basis: str  # the legal source, shown to the user
    when: tuple[str, str] | None = None  # (field, value) the rule applies to
    unless: tuple[str, str] | None = None  # (field, value) the rule does not apply to
    also_when: tuple[str, str] | None = None  # a second (field, value) it applies to
    # False: the limit still runs after 结案 (a 意见书's 整改报告 is owed after the case ends).
    ends_at_close: bool = True

    @property
    def setting_key(self) -> str:
        return f"{self.id}_days"

    def sql_where(self) -> tuple[str, list[Any]]:
        """Open records for this rule: started, not met, not closed or deleted, and not a
        历史记录 (DOMAIN.md §12: history gets no reminders)."""
        clauses = [
            "deleted_at IS NULL",
            "COALESCE(is_history, 0) = 0",
            f"{self.start_field} IS NOT NULL",
            f"{self.done_field} IS NULL",
        ]
        if self.ends_at_close:
            clauses.append("closed_on IS NULL")
        params: list[Any] = []
        for cond in (self.when, self.also_when):
            if cond:
                clauses.append(f"{cond[0]} = ?")
                params.append(cond[1])
        if self.unless:
            clauses.append(f"COALESCE({self.unless[0]}, '') != ?")
            params.append(self.unless[1])
        return " AND ".join(clauses), params

    def applies_to(self, values: Mapping[str, Any]) -> bool:
        """Whether this rule runs for a record's values (its ledger's kind and start date),
        as `sql_where` selects it, whatever the record has done since."""
        if not values.get(self.start_field):
            return False
        for cond in (self.when, self.also_when):
            if cond and values.get(cond[0]) != cond[1]:
                return False
        return not (self.unless and values.get(self.unless[0]) == self.unless[1])

    def pending(self, values: Mapping[str, Any]) -> bool:
        """Whether a reminder runs for these values now: the rule applies, its step is not
        done, and (for most rules) the record is not closed."""
        if not self.applies_to(values) or values.get(self.done_field):
            return False
        return not (self.ends_at_close and values.get("closed_on"))


RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "decision",
        "作出处罚决定",
        "cases",
        "filed_on",
        "decided_on",
        90,
        False,
        "《行政处罚法》第六十条：自立案之日起九十日内作出行政处罚决定",
        unless=("procedure", "简易程序"),
    ),
    DeadlineRule(
        "publish",
        "处罚决定公示",
        "cases",
        "decided_on",
        "published_on",
        7,
        True,
        "国办发〔2018〕118号：作出决定之日起7个工作日内公开",
        when=("decision_type", "给予处罚"),
    ),
    # 行政复议 answers: 10 working days, 5 in 简易程序 (DOMAIN.md §9). A record without a
    # 复议程序 is a 普通程序 one (the law's default; older records were migrated to say so).
    DeadlineRule(
        "reconsideration_reply",
        "行政复议答复",
        "appeals",
        "received_on",
        "replied_on",
        10,
        True,
        "《行政复议法》第四十八条、第八十八条：收到申请书副本之日起10日（工作日）内答复",
        when=("kind", "行政复议"),
        unless=("procedure", "简易程序"),
    ),
    DeadlineRule(
        "reconsideration_reply_simple",
        "行政复议答复（简易程序）",
        "appeals",
        "received_on",
        "replied_on",
        5,
        True,
        "《行政复议法》第五十四条、第八十八条：适用简易程序的，收到申请书副本或者申请笔录"
        "复印件之日起5日（工作日）内答复",
        when=("kind", "行政复议"),
        also_when=("procedure", "简易程序"),
    ),
    DeadlineRule(
        "rectification_report",
        "报送整改情况",
        "appeals",
        "opinion_on",
        "rectification_reported_on",
        60,
        False,
        "《行政复议法》第七十六条：收到行政复议意见书之日起60日内将纠正情况报送行政复议机关",
        when=("kind", "行政复议"),
        ends_at_close=False,
    ),
    DeadlineRule(
        "lawsuit_answer",
        "行政诉讼答辩",
        "appeals",
        "received_on",
        "replied_on",
        15,
        False,
        "《行政诉讼法》第六十七条：收到起诉状副本之日起15日内提交答辩状",
        when=("kind", "行政诉讼"),
    ),
    # DOMAIN.md §9: a 整改期限 passed with no 复查日期 is a 复查 due. The limit counts days
    # after the 整改期限 (0: due on it); inspections have no 结案.
    DeadlineRule(
        "recheck",
        "整改复查",
        "inspections",
        "rectify_by",
        "recheck_on",
        0,
        False,
        "整改期限届满后应及时复查（可设置整改期限后若干日内复查）",
        ends_at_close=False,
    ),
    DeadlineRule(
        "normative_filing",
        "规范性文件报备",
        "reviews",
        "published_on",
        "filed_on",
        30,
        False,
        "国办发〔2018〕37号及本省行政规范性文件备案规定：自公布之日起按规定期限"
        "（多为30日，有的省为15日）报送备案",
        when=("review_type", "行政规范性文件"),
        ends_at_close=False,  # a register without 结案日期
    ),
)

RULES_BY_ID = {r.id: r for r in RULES}
# Settings that hold the limits, with their defaults; `publish_days` is named in the CLI contract.
DEFAULT_LIMITS = {r.setting_key: r.default_days for r in RULES}


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    record_id: str
    title: str
    start: dt.date
    due_on: dt.date
    days_left: int  # calendar days from today; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def status(self) -> str:
        if self.days_left < 0:
            return f"已逾期{-self.days_left}天"
        if self.days_left == 0:
            return "今天到期"
        return f"还剩{self.days_left}天"


# Deadlines are computed only for start dates in this range: beyond it the holiday data and
# the law say nothing, and far dates (9999-12-31, accepted by an earlier version) would make
# date arithmetic overflow. Such a record simply shows no computed deadline.
FIRST_YEAR = 1900
LAST_YEAR = 2100


class DeadlineOutOfRange(ValueError):
    """The start date is not a date, or outside FIRST_YEAR..LAST_YEAR: no deadline computed."""


def due_date(rule: DeadlineRule, start: dt.date, days: int, calendar: WorkCalendar) -> dt.date:
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise DeadlineOutOfRange(f"{start.isoformat()} 超出可计算期限的范围")
    try:
        if rule.working_days:
            return calendar.add_workdays(start, days)
        return calendar.add_days(start, days)
    except OverflowError:  # a limit set absurdly high
        raise DeadlineOutOfRange(f"{start.isoformat()} 加 {days} 日超出日期范围") from None


def start_date(rule: DeadlineRule, record: Mapping[str, Any]) -> dt.date:
    """The rule's start date of `record`; DeadlineOutOfRange when it is not a usable date."""
    raw = record.get(rule.start_field)
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise DeadlineOutOfRange(f"“{raw}”不是日期") from None


def deadline_for(
    rule: DeadlineRule,
    record: Mapping[str, Any],
    title: str,
    limits: Mapping[str, int],
    calendar: WorkCalendar,
    today: dt.date,
) -> Deadline:
    """The deadline of `record` under `rule`; DeadlineOutOfRange (a ValueError) when its start
    date cannot give one (see `find_deadline` for the lenient form)."""
    start = start_date(rule, record)
    days = int(limits.get(rule.setting_key, rule.default_days))
    due = due_date(rule, start, days, calendar)
    return Deadline(rule, record["id"], title, start, due, (due - today).days)


def find_deadline(
    rule: DeadlineRule,
    record: Mapping[str, Any],
    title: str,
    limits: Mapping[str, int],
    calendar: WorkCalendar,
    today: dt.date,
) -> Deadline | None:
    """`deadline_for`, or None where a stored date gives no computable deadline."""
    try:
        return deadline_for(rule, record, title, limits, calendar, today)
    except DeadlineOutOfRange:
        return None
