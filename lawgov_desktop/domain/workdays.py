"""Working-day calendar: official holidays and make-up workdays, user overrides, fallback.

The `chinesecalendar` package knows the State Council's holiday arrangements only up to its
last published year (2026 in 1.11.0) and raises NotImplementedError beyond. There we count
Monday–Friday as working days and say so (`fallback_years`), and the user's own holiday table
(settings) overrides both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


class WorkCalendar:
    def __init__(self, overrides: Mapping[dt.date, bool] | None = None) -> None:
        """`overrides` maps a date to True (a working day) or False (a day off)."""
        self.overrides = dict(overrides or {})
        self.fallback_years: set[int] = set()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            self.fallback_years.add(day.year)
            return day.weekday() < 5

    def covers(self, day: dt.date) -> bool:
        """Whether official holiday data exists for `day`'s year."""
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (the start day itself is not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def add_days(self, start: dt.date, count: int) -> dt.date:
        """Calendar days after `start`; a period ending on a day off ends on the next workday
        (期间届满的最后一日是法定节假日的，以节假日后的第一日为期间届满的日期)."""
        day = start + dt.timedelta(days=count)
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def warning(self) -> str | None:
        """A Chinese notice when any computation fell back to weekdays only."""
        if not self.fallback_years:
            return None
        years = "、".join(str(y) for y in sorted(self.fallback_years))
        return (
            f"内置节假日数据不含{years}年，期限按周一至周五计算；"
            "请在“设置 → 节假日”中补充当年的法定节假日和调休上班日。"
        )
