"""The 执法人员 figures of a year (DOMAIN.md §9) and each officer's training hours.

Officers are counted on a day, not by a date in the year: those 在岗 on 31 December (or
today, for the current year). An officer's yearly hours are the 学时 of the year's trainings
whose 参训执法人员 name them. Names are matched as domain/officers.py matches them, which SQL
cannot do ("张三，李四" and "张三、李四" are the same list), so these figures are computed
here from the rows rather than by the SQL aggregates of indicators.py. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .indicators import year_range
from .officers import certificate_valid, on_duty, split_names

DEFAULT_HOURS_TARGET = 60.0
OFFICER_FIELDS = ("id", "name", "cert_issued_on", "cert_expires_on", "legal_reviewer",
                  "status", "status_changed_on")

Rows = Callable[[str, list[Any]], Sequence[Sequence[Any]]]


def count_day(year: int, today: dt.date) -> dt.date:
    """The day a year's officers are counted on: 31 December, or today for the current year
    (and a year still ahead)."""
    return min(dt.date(year, 12, 31), today)


def hours_target(text: str | None) -> float:
    """The training_hours_target setting as a number (the default when empty or unreadable)."""
    try:
        value = float(str(text or "").strip())
    except ValueError:
        return DEFAULT_HOURS_TARGET
    return value if value > 0 else DEFAULT_HOURS_TARGET


def hours_by_name(trainings: Iterable[tuple[str | None, float | None]]) -> dict[str, float]:
    """Name → hours from (参训执法人员, 学时) pairs: each training's hours go to everyone it
    lists, once per training."""
    out: dict[str, float] = {}
    for names, hours in trainings:
        for name in split_names(names):
            out[name] = out.get(name, 0.0) + float(hours or 0)
    return out


def year_hours(rows: Rows, year: int) -> dict[str, float]:
    """Each listed name's training hours in `year` (trainings dated in the year)."""
    start, end = year_range(year)
    found = rows("SELECT trainees, hours FROM trainings WHERE deleted_at IS NULL "
                 "AND trainees IS NOT NULL AND date >= ? AND date < ?", [start, end])
    return {k: round(v, 2) for k, v in hours_by_name((r[0], r[1]) for r in found).items()}


def trainings_of(rows: Rows, name: str, year: int) -> list[tuple[str, str, float]]:
    """(日期, 名称, 学时) of the trainings in `year` that list `name`, by date."""
    name = name.strip()
    if not name:
        return []
    start, end = year_range(year)
    found = rows("SELECT date, name, hours, trainees FROM trainings WHERE deleted_at IS NULL "
                 "AND date >= ? AND date < ? AND instr(trainees, ?) > 0 ORDER BY date",
                 [start, end, name])
    return [(r[0], r[1] or "", float(r[2] or 0)) for r in found if name in split_names(r[3])]


def officer_rows(rows: Rows) -> list[dict[str, Any]]:
    cols = ", ".join(OFFICER_FIELDS)
    found = rows(f"SELECT {cols} FROM officers WHERE deleted_at IS NULL", [])
    return [dict(zip(OFFICER_FIELDS, r, strict=True)) for r in found]


@dataclass(frozen=True)
class StaffYear:
    """The officers of a year as counted, with their hours."""

    day: dt.date
    target: float
    on_duty: list[dict[str, Any]]
    hours: dict[str, float]  # name → hours in the year (names listed on any training)

    def hours_of(self, officer: Mapping[str, Any]) -> float:
        return self.hours.get((officer.get("name") or "").strip(), 0.0)

    @property
    def certified(self) -> list[dict[str, Any]]:
        return [o for o in self.on_duty if certificate_valid(o, self.day)]

    @property
    def below_hours(self) -> list[dict[str, Any]]:
        return [o for o in self.on_duty if self.hours_of(o) < self.target]

    def figures(self) -> dict[str, Any]:
        """The raw figures (counts, total hours) of indicators.py's 执法人员 block."""
        return {
            "officers_total": len(self.on_duty),
            "certified_officers": len(self.certified),
            "legal_review_staff": sum(1 for o in self.on_duty if o.get("legal_reviewer")),
            "training_hours_total": round(sum(self.hours_of(o) for o in self.on_duty), 2),
            "officers_below_hours": len(self.below_hours),
        }


def staff_year(rows: Rows, year: int, today: dt.date, target: float) -> StaffYear:
    day = count_day(year, today)
    officers = [o for o in officer_rows(rows) if on_duty(o, day)]
    officers.sort(key=lambda o: str(o.get("name") or ""))
    return StaffYear(day, target, officers, year_hours(rows, year))


def below_hours_condition(rows: Rows, setting: Callable[[str], str],
                          year: int | None, today: dt.date | None = None
                          ) -> tuple[str, list[Any]]:
    """The list filter 学时未达标: officers 在岗 on the year's counting day whose hours in
    `year` (this year when None) are below training_hours_target, as an SQL condition."""
    today = today or dt.date.today()
    staff = staff_year(rows, year or today.year, today,
                       hours_target(setting("training_hours_target")))
    ids = [str(o["id"]) for o in staff.below_hours]
    return f"id IN ({', '.join('?' for _ in ids)})" if ids else "0", ids


def officer_figures(rows: Rows, year: int, today: dt.date,
                    setting: Callable[[str], str]) -> dict[str, Any]:
    """The 执法人员 figures of `year` (see indicators.compute)."""
    target = hours_target(setting("training_hours_target"))
    return staff_year(rows, year, today, target).figures()


__all__ = ["DEFAULT_HOURS_TARGET", "StaffYear", "below_hours_condition", "count_day",
           "hours_by_name", "hours_target", "officer_figures", "staff_year", "trainings_of",
           "year_hours"]
