"""What a year's report may say: figures, last year's figures, the records it names, the
publication and deadline checks, the place settings and the year's facts (DOMAIN.md §10).

Built once per export from the ledger (:func:`load_year`) or, for old callers and tests,
from figures alone (:func:`from_figures`: nothing is named then). The narrative reads only
this, so every sentence it writes can say what it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..domain.deadlines import RULES_BY_ID, due_date
from ..domain.ledgers import ledger_keys
from ..domain.officer_figures import hours_target, staff_year
from ..domain.settings import Place, report_place
from ..domain.workdays import WorkCalendar
from .figures import Figures
from .review_year import ReviewYear, load_reviews

if TYPE_CHECKING:
    from ..storage import Database

CORRECTED = ("撤销", "变更", "确认违法", "责令履行")


@dataclass(frozen=True)
class Late:
    """A record that missed a legal time limit: late, or still not done when checked."""

    record_id: str
    title: str
    due_on: dt.date
    done_on: dt.date | None  # None: not done by `as_of`


@dataclass(frozen=True)
class YearData:
    year: int
    figures: Figures
    place: Place
    previous: Figures | None = None  # last year's figures
    previous_ledgers: frozenset[str] = frozenset()  # ledgers with a record last year
    ledgers: frozenset[str] = frozenset()  # ledgers with a record this year
    in_use: frozenset[str] = frozenset()  # ledgers with a live record in any year
    trainings: tuple[Mapping[str, Any], ...] = ()
    publicity: tuple[Mapping[str, Any], ...] = ()
    appeals: tuple[Mapping[str, Any], ...] = ()  # with "cause": the related case's 案由
    decisions: tuple[str, ...] = ()  # ids of the year's penalty decisions
    publish_days: int = 7
    late_published: tuple[Late, ...] = ()
    unpublished: tuple[Late, ...] = ()
    unpublished_pending: int = 0  # not yet published, limit not yet passed
    late_decisions: tuple[Late, ...] = ()
    late_replies: tuple[Late, ...] = ()
    reviews: ReviewYear = field(default_factory=ReviewYear)  # 合法性审核 (reports/review_year)
    # 历史记录 (imported) whose dates cannot back a claim (DOMAIN.md §11, §12): decisions with
    # no 公示日期 recorded, and records the deadline checks would count as late (their start
    # date may be an import's whole-column value, a missing end date is unrecorded, not undone)
    unrecorded_publication: tuple[str, ...] = ()
    unchecked_deadlines: tuple[str, ...] = ()
    # 行政复议意见书 dated in the year (行政复议法 第七十六条), and those whose 整改报告 came
    # after the 60 days or has not come though they have passed
    opinions: tuple[Mapping[str, Any], ...] = ()
    rectification_days: int = 60
    late_rectifications: tuple[Late, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)  # DOMAIN.md §10: the set ones
    staff: Any = None  # domain.officer_figures.StaffYear: the officers as counted (§9)
    as_of: dt.date = field(default_factory=dt.date.today)
    detailed: bool = True  # False: built from figures only (no records, no checks)

    @property
    def empty(self) -> bool:
        """No record of any ledger falls in the year."""
        return not self.ledgers

    def has(self, ledger: str) -> bool:
        return ledger in self.ledgers

    def compare(self, ledger: str) -> Figures | None:
        """Last year's figures when last year has a record in `ledger` (同比), else None."""
        return self.previous if ledger in self.previous_ledgers else None


_LEDGER_OF = {"cases_filed": "cases", "cases_closed": "cases", "penalty_decisions": "cases",
              "reconsiderations_total": "appeals", "lawsuits_total": "appeals",
              "trainings": "trainings", "publicity_events": "publicity",
              "inspections_total": "inspections", "reviews_total": "reviews"}


def from_figures(figures: Figures, unit_name: str, year: int,
                 settings: Mapping[str, str] | None = None) -> YearData:
    """Year data from figures only: a ledger counts as used when one of its counts is > 0."""
    values = dict(settings or {})
    values.setdefault("unit_name", unit_name)
    used = frozenset(ledger for fid, ledger in _LEDGER_OF.items() if figures.get(fid))
    return YearData(year, figures, report_place(lambda k: values.get(k, "")), ledgers=used,
                    in_use=used, detailed=False)


class _CachedCalendar(WorkCalendar):
    """A work calendar that asks chinesecalendar about each day once."""

    def __init__(self, overrides: Mapping[dt.date, bool]) -> None:
        super().__init__(overrides)
        self._seen: dict[dt.date, bool] = {}

    def is_workday(self, day: dt.date) -> bool:
        if day not in self._seen:
            self._seen[day] = super().is_workday(day)
        return self._seen[day]


def year_is_empty(db: Database, year: int) -> bool:
    """No record of any ledger falls in `year` (a cheap check before an export)."""
    return not _ledgers_of(db, year)


def _date(text: str | None) -> dt.date | None:
    """A stored date, or None when empty or not a date (a damaged value is stated nowhere)."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = db.conn.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _ledgers_of(db: Database, year: int) -> frozenset[str]:
    start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    found = set()
    for key in ledger_keys():
        field_ = db.ledger(key).definition.year_field
        row = db.conn.execute(
            f"SELECT 1 FROM [{key}] WHERE deleted_at IS NULL AND [{field_}] >= ? "
            f"AND [{field_}] < ? LIMIT 1", [start, end]).fetchone()
        if row:
            found.add(key)
    return frozenset(found)


def _in_use(db: Database) -> frozenset[str]:
    """Ledgers holding a live record in any year: a zero is stated only for a register in use."""
    return frozenset(key for key in ledger_keys() if db.conn.execute(
        f"SELECT 1 FROM [{key}] WHERE deleted_at IS NULL LIMIT 1").fetchone())


def _late(rows: list[dict[str, Any]], start: str, done: str, due: Callable[[dt.date], dt.date],
          as_of: dt.date, open_only: Callable[[dict[str, Any]], bool] = lambda r: True
          ) -> tuple[list[Late], list[Late]]:
    """(done late, not done and past due by `as_of`) among `rows`."""
    late, missing = [], []
    for r in rows:
        started = _date(r[start])
        try:
            due_on = due(started) if started else None
        except ValueError:  # DeadlineOutOfRange: a date too far out to count from
            due_on = None
        if due_on is None:
            continue
        done_on = _date(r[done])
        if done_on is not None:
            if done_on > due_on:
                late.append(Late(r["id"], r["title"] or "", due_on, done_on))
        elif due_on < as_of and open_only(r):
            missing.append(Late(r["id"], r["title"] or "", due_on, None))
    return late, missing


def load_year(db: Database, year: int, as_of: dt.date | None = None,
              facts: Mapping[str, Any] | None = None) -> YearData:
    """Everything the year's report may state, read from the ledger in a few queries.
    `facts`: the year's facts as stored (default: read from the ledger)."""
    from ..storage.facts import read_facts

    as_of = as_of or dt.date.today()
    start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    span = [start, end]
    calendar = _CachedCalendar(db.holidays())
    limits = db.deadline_limits()

    def rule_due(rule_id: str) -> Callable[[dt.date], dt.date]:
        """Due dates by start day, each computed once: thousands of cases start on a few
        hundred days, and walking the holiday calendar is the slow part (3 s → 0.1 s)."""
        rule = RULES_BY_ID[rule_id]
        days = limits.get(rule.setting_key, rule.default_days)
        cache: dict[dt.date, dt.date] = {}

        def due(day: dt.date) -> dt.date:
            if day not in cache:
                cache[day] = due_date(rule, day, days, calendar)
            return cache[day]
        return due

    live = "deleted_at IS NULL"
    trainings = _rows(db, f"SELECT id, date, name, category, organizer, lecturer, audience, "
                          f"participants FROM trainings WHERE {live} AND date >= ? AND date < ? "
                          "ORDER BY date, name", span)
    publicity = _rows(db, f"SELECT id, start_on, name, theme, form, place, materials, "
                          "COALESCE(onsite_audience, 0) + COALESCE(online_audience, 0) AS audience "
                          f"FROM publicity WHERE {live} AND start_on >= ? AND start_on < ? "
                          "ORDER BY start_on, name", span)
    appeals = _rows(db, "SELECT a.id, a.kind, a.case_no, a.related_case_no, a.result, "
                        "a.head_appeared, a.received_on, a.replied_on, a.closed_on, "
                        "a.is_history, "
                        "a.procedure, "
                        "a.case_no AS title, "
                        "(SELECT c.cause FROM cases c WHERE c.deleted_at IS NULL AND "
                        " c.case_no = a.related_case_no LIMIT 1) AS cause "
                        "FROM appeals a WHERE a.deleted_at IS NULL AND a.received_on >= ? "
                        "AND a.received_on < ? ORDER BY a.received_on, a.case_no", span)
    # Only rows that can be late are read in full: a limit of N days (working or calendar)
    # ends no earlier than N calendar days after the start, so anything done by then is in
    # time. The year's decisions are still all counted (and named as provenance).
    decisions = [r[0] for r in db.conn.execute(
        f"SELECT id FROM cases WHERE {live} AND decision_type = '给予处罚' AND decided_on >= ? "
        "AND decided_on < ? ORDER BY decided_on, case_no", span)]
    publish_days = limits.get("publish_days", 7)
    decided = _rows(db, f"SELECT id, case_no AS title, decided_on, published_on, is_history "
                        "FROM cases "
                        f"WHERE {live} AND decision_type = '给予处罚' AND decided_on >= ? "
                        "AND decided_on < ? AND (published_on IS NULL OR published_on > "
                        "date(decided_on, ?)) ORDER BY decided_on, case_no",
                    [*span, f"+{publish_days} days"])
    unrecorded = [r["id"] for r in decided if r["is_history"] and not r["published_on"]]
    decided = [r for r in decided if not (r["is_history"] and not r["published_on"])]
    late_pub, unpublished = _late(decided, "decided_on", "published_on", rule_due("publish"),
                                  as_of)
    decide_days = limits.get("decision_days", 90)
    filed = _rows(db, "SELECT id, case_no AS title, filed_on, decided_on, closed_on, is_history "
                      "FROM cases "
                      f"WHERE {live} AND filed_on >= ? AND filed_on < ? "
                      "AND COALESCE(procedure, '') != '简易程序' AND (decided_on IS NULL OR "
                      "decided_on > date(filed_on, ?)) ORDER BY filed_on, case_no",
                  [*span, f"+{decide_days} days"])
    late_dec, open_dec = _late(filed, "filed_on", "decided_on", rule_due("decision"), as_of,
                               lambda r: r["closed_on"] is None)
    history = {r["id"] for r in filed if r["is_history"]}
    history |= {a["id"] for a in appeals if a["is_history"]}
    replies: list[Late] = []
    for rule_id in ("reconsideration_reply", "reconsideration_reply_simple", "lawsuit_answer"):
        rule = RULES_BY_ID[rule_id]  # 简易程序 复议 are answered in 5 working days, not 10
        rows = [a for a in appeals if rule.applies_to(a)]
        late, missing = _late(rows, "received_on", "replied_on", rule_due(rule_id), as_of,
                              lambda r: r["closed_on"] is None)
        replies += late + missing
    opinions = _rows(db, "SELECT id, case_no AS title, opinion_on, rectification_reported_on, "
                         f"is_history FROM appeals WHERE {live} AND kind = '行政复议' "
                         "AND opinion_on >= ? AND opinion_on < ? ORDER BY opinion_on, case_no",
                     span)
    late_rect, missing_rect = _late(opinions, "opinion_on", "rectification_reported_on",
                                    rule_due("rectification_report"), as_of)
    history |= {r["id"] for r in opinions if r["is_history"]}
    # A history record's deadlines are not tracked (no reminders) and its start date may be
    # a whole-column value the import was given: such records are named for checking in a
    # 【待补充】, never claimed late.
    late_all = (*late_dec, *open_dec, *replies, *late_rect, *missing_rect)
    unchecked = [x.record_id for x in late_all if x.record_id in history]
    late_dec, open_dec, replies, late_rect, missing_rect = (
        [x for x in group if x.record_id not in history]
        for group in (late_dec, open_dec, replies, late_rect, missing_rect))
    previous_ledgers = _ledgers_of(db, year - 1)
    return YearData(
        year=year,
        figures=db.stats(year),
        place=report_place(db.get_setting),
        previous=db.stats(year - 1) if previous_ledgers else None,
        previous_ledgers=previous_ledgers,
        ledgers=_ledgers_of(db, year),
        in_use=_in_use(db),
        trainings=tuple(trainings),
        publicity=tuple(publicity),
        appeals=tuple(appeals),
        decisions=tuple(decisions),
        publish_days=publish_days,
        late_published=tuple(late_pub),
        unpublished=tuple(unpublished),
        unpublished_pending=sum(1 for r in decided if not r["published_on"]) - len(unpublished),
        late_decisions=tuple(late_dec + open_dec),
        late_replies=tuple(replies),
        reviews=load_reviews(db, year, as_of, calendar),
        unrecorded_publication=tuple(unrecorded),
        unchecked_deadlines=tuple(unchecked),
        opinions=tuple(opinions),
        rectification_days=limits.get("rectification_report_days", 60),
        late_rectifications=tuple(late_rect + missing_rect),
        facts=dict(read_facts(db, year) if facts is None else facts),
        as_of=as_of,
        staff=staff_year(lambda q, p: db.conn.execute(q, p).fetchall(), year, as_of,
                         hours_target(db.get_setting("training_hours_target"))),
    )
