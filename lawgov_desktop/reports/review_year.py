"""What a year's report may say about 合法性审核 (DOMAIN.md §9, §11): the year's reviews, and
whether the 行政规范性文件 published in the year were filed within the limit.

Read once per report (:func:`load_reviews`) with the due date of the reminder and the
indicators (domain/review_rules.filing_due), so the three never disagree about a document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.deadlines import DeadlineOutOfRange
from ..domain.review_rules import FILING_SETTING, NORMATIVE, filing_due
from ..domain.workdays import WorkCalendar

if TYPE_CHECKING:
    from ..storage import Database


@dataclass(frozen=True)
class Filing:
    """A 规范性文件 published in the year, with its filing due date."""

    record_id: str
    title: str  # 《名称》 or the 文号
    due_on: dt.date
    filed_on: dt.date | None


@dataclass(frozen=True)
class ReviewYear:
    reviews: tuple[Mapping[str, Any], ...] = ()  # reviewed in the year
    filing_days: int = 30
    on_time: tuple[Filing, ...] = ()
    late: tuple[Filing, ...] = ()  # filed after the due date
    unfiled: tuple[Filing, ...] = ()  # not filed, due date passed by `as_of`
    pending: tuple[Filing, ...] = ()  # not filed, still within the limit
    # 历史记录 (imported) that would count as late or unfiled: their dates may be a whole
    # column's value or simply not recorded, so they back no claim (DOMAIN.md §11, §12)
    unchecked: tuple[Filing, ...] = ()

    @property
    def published(self) -> tuple[Filing, ...]:
        return (*self.on_time, *self.late, *self.unfiled, *self.pending, *self.unchecked)


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def load_reviews(db: Database, year: int, as_of: dt.date, calendar: WorkCalendar
                 ) -> ReviewYear:
    span = [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"]
    cur = db.conn.execute(
        "SELECT id, review_type, name, doc_no, adviser, contract_amount, reviewed_on "
        "FROM reviews WHERE deleted_at IS NULL AND reviewed_on >= ? AND reviewed_on < ? "
        "ORDER BY reviewed_on, name", span)
    names = [c[0] for c in cur.description]
    reviews = tuple(dict(zip(names, r, strict=True)) for r in cur.fetchall())
    days = int(db.get_setting(FILING_SETTING))
    groups: dict[str, list[Filing]] = {"on_time": [], "late": [], "unfiled": [], "pending": [],
                                       "unchecked": []}
    for rid, name, doc_no, published, filed, history in db.conn.execute(
            "SELECT id, name, doc_no, published_on, filed_on, is_history FROM reviews "
            "WHERE deleted_at IS NULL AND review_type = ? AND published_on >= ? "
            "AND published_on < ? ORDER BY published_on, name", [NORMATIVE, *span]):
        day = _date(published)
        try:
            due = filing_due(day, days, calendar) if day else None
        except DeadlineOutOfRange:
            due = None
        if due is None:
            continue
        filed_on = _date(filed)
        item = Filing(rid, f"《{name}》" if name else (doc_no or ""), due, filed_on)
        if filed_on is not None:
            group = "on_time" if filed_on <= due else "late"
        else:
            group = "unfiled" if due < as_of else "pending"
        if history and group in ("late", "unfiled"):
            group = "unchecked"
        groups[group].append(item)
    return ReviewYear(reviews, days, **{k: tuple(v) for k, v in groups.items()})
