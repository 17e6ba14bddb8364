"""Which imported rows are history (DOMAIN.md §12): their reminders would already be more
than HISTORY_DAYS overdue today, so the import offers to mark them 历史记录 (no reminders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..domain.deadlines import RULES, find_deadline
from ..domain.workdays import WorkCalendar

HISTORY_DAYS = 90
HISTORY_FIELD = "is_history"


class CachedCalendar(WorkCalendar):
    """A WorkCalendar remembering each due date: thousands of imported rows share a few
    hundred start dates, and counting working days one by one is slow."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.__dict__.update(calendar.__dict__)
        self._memo: dict[tuple[str, dt.date, int], dt.date] = {}

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        key = ("w", start, count)
        if key not in self._memo:
            self._memo[key] = super().add_workdays(start, count)
        return self._memo[key]

    def add_days(self, start: dt.date, count: int) -> dt.date:
        key = ("d", start, count)
        if key not in self._memo:
            self._memo[key] = super().add_days(start, count)
        return self._memo[key]


def long_overdue(ledger: str, values: Mapping[str, Any], limits: Mapping[str, int],
                 calendar: WorkCalendar, today: dt.date, days: int = HISTORY_DAYS) -> bool:
    """Whether any reminder of this record (as `Database.deadlines` would list it) is more
    than `days` days overdue on `today`."""
    for rule in RULES:
        if rule.ledger != ledger or not rule.pending(values):
            continue
        record = {"id": "", rule.start_field: values[rule.start_field]}
        due = find_deadline(rule, record, "", limits, calendar, today)
        if due is not None and due.days_left < -days:
            return True
    return False
