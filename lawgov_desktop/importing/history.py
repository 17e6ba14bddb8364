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
        self._workday: dict[dt.date, bool] = {}

    def is_workday(self, day: dt.date) -> bool:
        known = self._workday.get(day)
        if known is None:  # the first ask records a year without holiday data, as before
            known = self._workday[day] = super().is_workday(day)
        return known

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


class OverdueCheck:
    """`check(values)` is `long_overdue(ledger, values, …)` for the rows of one import,
    which share a few hundred combinations of the fields the rules read: each combination
    is decided once."""

    def __init__(self, ledger: str, limits: Mapping[str, int], calendar: WorkCalendar,
                 today: dt.date, days: int = HISTORY_DAYS) -> None:
        self.ledger, self.limits, self.calendar = ledger, limits, calendar
        self.today, self.days = today, days
        read: dict[str, None] = {"closed_on": None}
        for rule in RULES:
            if rule.ledger == ledger:
                read |= dict.fromkeys((rule.start_field, rule.done_field))
                read |= dict.fromkeys(c[0] for c in (rule.when, rule.unless) if c)
        self._reads = tuple(read)
        self._known: dict[tuple[Any, ...], bool] = {}
        self._due: dict[tuple[str, Any], int | None] = {}

    def __call__(self, values: Mapping[str, Any]) -> bool:
        key = tuple([values.get(k) for k in self._reads])
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = long_overdue(self.ledger, values, self.limits,
                                                    self.calendar, self.today, self.days,
                                                    self._due)
        return found


def long_overdue(ledger: str, values: Mapping[str, Any], limits: Mapping[str, int],
                 calendar: WorkCalendar, today: dt.date, days: int = HISTORY_DAYS,
                 memo: dict[tuple[str, Any], int | None] | None = None) -> bool:
    """Whether any reminder of this record (as `Database.deadlines` would list it) is more
    than `days` days overdue on `today`. `memo` (kept across an import's rows, which share
    a few hundred start dates) remembers the days left per rule and start date."""
    for rule in RULES:
        if rule.ledger != ledger or not rule.pending(values):
            continue
        start = values[rule.start_field]
        key = (rule.id, start)
        if memo is not None and key in memo:
            left = memo[key]
        else:
            due = find_deadline(rule, {"id": "", rule.start_field: start}, "", limits,
                                calendar, today)
            left = None if due is None else due.days_left
            if memo is not None:
                memo[key] = left
        if left is not None and left < -days:
            return True
    return False
