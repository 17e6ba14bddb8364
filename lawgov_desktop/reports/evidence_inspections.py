"""The 行政检查 figures the report's 不足 rests on, with their records (统计数据 tab): the
checks of enterprises past their cap, checks not approved before they were made, checks by
fewer than two inspectors, and checks an inspector made without a valid certificate that day.
The same rules as storage/inspections.year_counts and domain/inspections.py, per record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.indicators import year_range
from ..domain.inspections import too_few, unapproved
from ..domain.officers import split_names

if TYPE_CHECKING:
    from ..storage import Database

LEDGER = "inspections"


def inspection_records(db: Database, year: int) -> dict[str, tuple[str, ...]]:
    """indicator id → the ids of the year's checks it counts (over_cap_units: the checks
    of the enterprises past their cap)."""
    from ..storage.inspections import over_cap_clause, roster
    from ..storage.records import Query

    start, end = year_range(year)
    live = "deleted_at IS NULL AND inspected_on >= ? AND inspected_on < ?"
    clause, params = over_cap_clause(db, Query(year=year))
    over = tuple(r[0] for r in db.conn.execute(
        f"SELECT id FROM {LEDGER} WHERE {live} AND {clause} ORDER BY inspected_on",
        [start, end, *params]))
    rows = db.conn.execute(f"SELECT id, inspected_on, approved_on, inspectors FROM {LEDGER} "
                           f"WHERE {live} ORDER BY inspected_on", [start, end]).fetchall()
    staff = roster(db)
    single, uncertified = [], []
    for rid, day, _, inspectors in rows:
        names = split_names(inspectors)
        if too_few(names):
            single.append(rid)
        if day and staff.check(names, day).uncertified:  # the form's own rule
            uncertified.append(rid)
    return {"over_cap_units": over,
            "inspections_unapproved": tuple(r[0] for r in rows if unapproved(r[2], r[1])),
            "inspections_single_officer": tuple(single),
            "inspections_uncertified": tuple(uncertified)}
