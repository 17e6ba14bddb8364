"""Merging the facts of the year (year_facts) as part of `merge_ledger` (storage/merge.py).

Each (year, fact) keeps the newer value: the side whose row was updated later wins, a newer
clear (value NULL) included, so a fact one PC emptied on purpose does not come back. Equal
times are broken by the values themselves, so both PCs pick the same winner and merging
back and forth converges. A row of the other file that cannot be one of ours (an unknown
year, a value of the wrong type, a broken time stamp) is refused and listed, like a record.
Every fact taken is one "merge" change-log entry per year ({key: [ours, theirs]}).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..domain.facts import LOG_NAME, FactError, check_year, load_facts, stored_fact
from .facts import TABLE, log_change
from .records import now_stamp

if TYPE_CHECKING:
    from .database import Database
    from .merge import MergeReport

FACTS_LABEL = "年度情况"
__all__ = ["FACTS_LABEL", "LOG_NAME", "merge_facts"]


def _time(stamp: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(stamp)
    return parsed if parsed.tzinfo else parsed.astimezone()


def _rank(value: Any, stamp: str) -> tuple[dt.datetime, str]:
    return _time(stamp), json.dumps(value, ensure_ascii=False)


def merge_facts(db: Database, other: Database, report: MergeReport, user: str) -> None:
    """Take the other side's newer facts into `db` (inside the merge's transaction)."""
    from .merge import Skipped

    form = load_facts()
    ours = {(y, k): (v, u) for y, k, v, u in db.conn.execute(
        f"SELECT year, key, value, updated_at FROM {TABLE}")}
    taken: dict[int, dict[str, list[Any]]] = defaultdict(dict)
    rows = []
    for year, key, value, stamp in other.conn.execute(
            f"SELECT year, key, value, updated_at FROM {TABLE} ORDER BY year, key"):
        if key not in form.keys:
            continue  # a fact this version does not know (none yet: a newer file is refused)
        fact = form.get(key)
        try:
            check_year(year)
            theirs = stored_fact(fact, value)
            if not isinstance(stamp, str):
                raise FactError(f"修改时间“{stamp}”不是时间")
            try:
                _time(stamp)
            except ValueError:
                raise FactError(f"修改时间“{stamp}”不是时间") from None
        except FactError as exc:
            report.refused.append(Skipped(LOG_NAME, "", f"{year}年{fact.label}", str(exc)))
            continue
        mine = ours.get((year, key))
        if mine is not None:
            value_here, stamp_here = mine
            if value_here == theirs:
                continue
            try:
                if _rank(value_here, stamp_here) >= _rank(theirs, stamp):
                    continue  # ours is newer
            except ValueError:
                pass  # our own stamp is broken: the other side's valid one wins
        elif theirs is None:
            continue  # a clear of a fact never set here: nothing to take
        rows.append((year, key, theirs, stamp))
        taken[year][key] = [mine[0] if mine else None, theirs]
        report.facts_taken.append(f"{year}年{fact.label}")
    db.conn.executemany(
        f"INSERT INTO {TABLE} (year, key, value, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(year, key) DO UPDATE SET value = excluded.value, "
        "updated_at = excluded.updated_at", rows)
    stamp = now_stamp()
    for year, changes in taken.items():
        log_change(db, year, changes, user, stamp, action="merge")
