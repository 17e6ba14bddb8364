"""Queries of the 行政检查 register that need more than one row: an enterprise's checks of a
year (the form's cap warning and panel), the enterprises over their cap (the 超频次 filter and
over_cap_units), the register's Python-counted indicators, and the inspections that name a
case's 案号. The rules themselves are domain/inspections.py.

Every query is bounded by an index: the year range (inspected_on), the code (credit_code) or
the name (target, a `lookup` field), so a check is warned about in a few milliseconds on
50,000 inspections (bench/bench_inspections.py).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..domain.indicators import year_range
from ..domain.inspections import (
    TO_CASE,
    CapRules,
    CapStatus,
    Enterprises,
    Tally,
    cap_status,
    too_few,
)
from ..domain.officers import Roster, split_names

if TYPE_CHECKING:
    from .database import Database
    from .records import Query

LEDGER = "inspections"
LIVE = "deleted_at IS NULL"


def cap_rules(db: Database) -> CapRules:
    return CapRules.from_settings(db.get_setting, db.choices("cases", "domain"))


def _codes_for_names(db: Database, names: Sequence[str]) -> dict[str, str]:
    """name → the (lowest) code its checks carry, for the names given."""
    found: dict[str, str] = {}
    for start in range(0, len(names), 500):  # SQLite's variable limit, with room
        chunk = list(names[start:start + 500])
        marks = ", ".join("?" for _ in chunk)
        found.update(db.conn.execute(
            f"SELECT target, MIN(credit_code) FROM {LEDGER} WHERE {LIVE} AND target IN ({marks}) "
            "AND +credit_code IS NOT NULL GROUP BY target", chunk).fetchall())  # by the name
    return found


def _year_filter(year: int | None) -> tuple[str, list[Any]]:
    if year is None:
        return LIVE, []
    start, end = year_range(year)
    return f"{LIVE} AND inspected_on >= ? AND inspected_on < ?", [start, end]


# Database → (ledger state, year, rules) → enterprise_years' answer. The list filter asks on
# every refresh (typing a search, a sort) and the dashboard on every redraw; the answer holds
# until something is written (this connection's total_changes, another's data_version).
_answers: weakref.WeakKeyDictionary[Any, dict[Any, dict[tuple[str, str], Tally]]] = (
    weakref.WeakKeyDictionary())


def _state(db: Database) -> tuple[int, int]:
    return db.conn.total_changes, db.conn.execute("PRAGMA data_version").fetchone()[0]


def enterprise_years(db: Database, year: int | None, rules: CapRules | None = None
                     ) -> dict[tuple[str, str], Tally]:
    """(year, enterprise) → its tally (the caller must not change it), cached until the
    ledger changes."""
    rules = rules or cap_rules(db)
    known = _answers.setdefault(db, {})
    key = (_state(db), year, rules.counted)
    if key not in known:
        for stale in [k for k in known if k[0] != key[0]]:
            del known[stale]
        known[key] = _enterprise_years(db, year, rules)
    return known[key]


def _enterprise_years(db: Database, year: int | None, rules: CapRules
                      ) -> dict[tuple[str, str], Tally]:
    """(year, enterprise) → its tally, for the checks of `year` (None: every year).

    SQL groups the checks by year, code (or name where there is none) and 执法领域 on the
    covering index (forms/inspections.toml `indexes`), so Python sees a few thousand groups,
    not 10,000 rows a year; names without a code then join the code their name carries."""
    kinds = sorted(rules.counted)
    where, params = _year_filter(year)
    marks = ", ".join("?" for _ in kinds) or "NULL"
    groups = db.conn.execute(
        f"SELECT substr(inspected_on, 1, 4), credit_code, "
        f"CASE WHEN credit_code IS NULL THEN target END, domain, SUM(kind IN ({marks})) "
        f"FROM {LEDGER} WHERE {where} GROUP BY 1, 2, 3, 4", [*kinds, *params]).fetchall()
    nameless = sorted({g[2] for g in groups if g[2] is not None})
    key = Enterprises((c, n) for n, c in _codes_for_names(db, nameless).items()).key
    out: dict[tuple[str, str], Tally] = {}
    for y, code, name, domain, counted in groups:
        group = (y, key(code, name))
        t = out.get(group)
        if t is None:
            t = out[group] = Tally()
        t.domains.add(domain)
        t.counted += counted
        if name is not None:
            t.names.add(name)
    return out


def over_cap(db: Database, year: int | None, rules: CapRules | None = None
             ) -> dict[tuple[str, str], Tally]:
    """The enterprise-years past their cap (超频次)."""
    rules = rules or cap_rules(db)
    if not rules.any:
        return {}
    return {k: t for k, t in enterprise_years(db, year, rules).items() if t.over(rules)}


def over_cap_clause(db: Database, query: Query) -> tuple[str, list[Any]]:
    """The list filter 超频次: the checks of enterprises past their cap in their year. Each
    check is "year|code" (or "year|名称:name" without a code); the over-cap enterprises give
    their code and the names their code-less checks carry."""
    wanted: list[str] = []
    for (y, key), t in over_cap(db, query.year).items():
        wanted.append(f"{y}|{key}")
        wanted += [f"{y}|名称:{n}" for n in t.names if f"名称:{n}" != key]
    return ("substr(inspected_on, 1, 4) || '|' || COALESCE(credit_code, '名称:' || target) "
            "IN (SELECT value FROM json_each(?))", [json.dumps(wanted, ensure_ascii=False)])


def enterprise_checks(db: Database, code: str | None, name: str | None, year: int,
                      exclude_id: str | None = None) -> list[dict[str, Any]]:
    """The live checks of `year` of the enterprise a check with this code and name is,
    oldest first; `exclude_id` leaves out the record being edited."""
    code = (code or "").strip() or None
    name = (name or "").strip()
    if not code and not name:
        return []
    if code is None:
        code = _codes_for_names(db, [name]).get(name)
    names = [name] if name else []
    if code:
        names += [n for (n,) in db.conn.execute(
            f"SELECT DISTINCT target FROM {LEDGER} WHERE {LIVE} AND credit_code = ?", [code])]
        names = list(dict.fromkeys(names))
        # a name whose checks carry a lower code is that other enterprise
        own = _codes_for_names(db, names)
        names = [n for n in names if own.get(n, code) == code]
    start, end = year_range(year)
    # Each part by its own index (code, name); "+" keeps the planner off the date index,
    # which would walk the whole year.
    cols = "id, inspected_on, target, domain, kind, outcome, seq"
    span = f"{LIVE} AND +inspected_on >= ? AND +inspected_on < ?"
    parts, params = [], []
    if code:
        parts.append(f"SELECT {cols} FROM {LEDGER} WHERE {span} AND credit_code = ?")
        params += [start, end, code]
    if names:
        marks = ", ".join("?" for _ in names)
        parts.append(f"SELECT {cols} FROM {LEDGER} WHERE {span} AND +credit_code IS NULL "
                     f"AND target IN ({marks})")
        params += [start, end, *names]
    rows = db.conn.execute(" UNION ALL ".join(parts) + " ORDER BY 2, 7", params).fetchall()
    keys = ("id", "inspected_on", "target", "domain", "kind", "outcome")
    return [dict(zip(keys, r[:6], strict=True)) for r in rows if r[0] != exclude_id]


def check_cap(db: Database, values: dict[str, Any], record_id: str | None = None,
              rules: CapRules | None = None) -> tuple[CapStatus, list[dict[str, Any]]]:
    """What saving `values` (validated) would make of its enterprise's year, and the
    enterprise's other checks of that year."""
    rules = rules or cap_rules(db)
    day = values.get("inspected_on")
    if not day:
        return CapStatus(0, None, False), []
    others = enterprise_checks(db, values.get("credit_code"), values.get("target"),
                               int(str(day)[:4]), record_id)
    status = cap_status(((o["domain"], o["kind"]) for o in others), values.get("domain"),
                        values.get("kind"), rules)
    return status, others


def roster(db: Database) -> Roster:
    """The officers register, for matching inspectors' names."""
    keys = db.ledger("officers").definition.keys
    cols = ", ".join(f"[{k}]" for k in keys)
    rows = db.conn.execute(f"SELECT {cols} FROM officers WHERE {LIVE}").fetchall()
    return Roster(dict(zip(keys, r, strict=True)) for r in rows)


def year_counts(db: Database, year: int) -> dict[str, int]:
    """The register's indicators that SQL sums cannot give (DOMAIN.md §9): distinct
    enterprises, enterprises past their cap, checks by fewer than two or by uncertified
    inspectors. Each distinct 执法人员 text is split once; a day is looked at only for the
    registered names whose certificate does not cover the whole year."""
    rules = cap_rules(db)
    years = enterprise_years(db, year, rules)
    where, params = _year_filter(year)
    crews = db.conn.execute(
        f"SELECT inspectors, inspected_on, COUNT(*) FROM {LEDGER} WHERE {where} "
        "GROUP BY inspectors, inspected_on", params).fetchall()
    staff = roster(db)
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    judged: dict[str | None, tuple[bool, list[str]]] = {}  # text → (single, doubtful names)
    valid: dict[tuple[str, str], bool] = {}
    single = uncertified = 0
    for inspectors, day, n in crews:
        if inspectors not in judged:
            names = split_names(inspectors)
            judged[inspectors] = (too_few(names), [x for x in names if x in staff and not (
                len(staff.officers(x)) == 1  # one certificate valid at both ends: all year
                and staff.certified(x, first) and staff.certified(x, last))])
        alone, doubtful = judged[inspectors]
        single += n * alone
        for name in doubtful:
            if (name, day) not in valid:
                valid[(name, day)] = staff.certified(name, day)
            if not valid[(name, day)]:
                uncertified += n
                break
    return {
        "inspected_units": len(years),
        "over_cap_units": sum(t.over(rules) for t in years.values()) if rules.any else 0,
        "inspections_single_officer": single,
        "inspections_uncertified": uncertified,
    }


def naming_case(db: Database, case_no: str) -> list[dict[str, Any]]:
    """The live inspections whose 关联案号 is `case_no` (the case form's panel)."""
    case_no = (case_no or "").strip()
    if not case_no:
        return []
    rows = db.conn.execute(
        f"SELECT id, inspected_on, target, outcome FROM {LEDGER} WHERE {LIVE} "
        "AND related_case_no = ? ORDER BY inspected_on", [case_no]).fetchall()
    return [dict(zip(("id", "inspected_on", "target", "outcome"), r, strict=True)) for r in rows]


__all__ = ["TO_CASE", "check_cap", "enterprise_checks", "enterprise_years", "naming_case",
           "over_cap", "over_cap_clause", "roster", "year_counts"]
