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
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..domain.indicators import year_range
from ..domain.inspections import TO_CASE, CapRules, CapStatus, Enterprises, Tally, cap_status, tally
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
            "AND credit_code IS NOT NULL GROUP BY target", chunk).fetchall())
    return found


def _year_rows(db: Database, year: int | None, columns: str) -> list[tuple[Any, ...]]:
    """(year, credit_code, target, *columns) of the live checks of `year` (None: all)."""
    where, params = LIVE, []
    if year is not None:
        start, end = year_range(year)
        where += " AND inspected_on >= ? AND inspected_on < ?"
        params = [start, end]
    sql = (f"SELECT substr(inspected_on, 1, 4), credit_code, target, {columns} "
           f"FROM {LEDGER} WHERE {where}")
    return db.conn.execute(sql, params).fetchall()


def _enterprises(db: Database, rows: Sequence[tuple[Any, ...]]) -> Enterprises:
    """Who the checks in `rows` are: codes for the names checked without one."""
    nameless = sorted({r[2] for r in rows if not r[1] and r[2]})
    codes = _codes_for_names(db, nameless) if nameless else {}
    return Enterprises((code, name) for name, code in codes.items())


def year_tallies(db: Database, year: int | None, rules: CapRules | None = None
                 ) -> dict[tuple[str, str], tuple[Tally, list[int]]]:
    """(year, enterprise) → its tally and the seqs of its checks."""
    rules = rules or cap_rules(db)
    rows = _year_rows(db, year, "domain, kind, seq")
    who = _enterprises(db, rows)
    grouped: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for y, code, name, domain, kind, seq in rows:
        grouped[(y, who.key(code, name))].append((name, domain, kind, seq))
    out = {}
    for key, checks in grouped.items():
        t = tally(((key[1], n, d, k) for n, d, k, _ in checks), rules)[key[1]]
        out[key] = (t, [c[3] for c in checks])
    return out


def over_cap(db: Database, year: int | None, rules: CapRules | None = None
             ) -> dict[tuple[str, str], tuple[Tally, list[int]]]:
    """The enterprise-years past their cap (超频次), with their checks."""
    rules = rules or cap_rules(db)
    if not rules.any:
        return {}
    return {k: v for k, v in year_tallies(db, year, rules).items() if v[0].over(rules)}


def over_cap_clause(db: Database, query: Query) -> tuple[str, list[Any]]:
    """The list filter 超频次: the checks of enterprises past their cap in their year."""
    seqs = [s for _, found in over_cap(db, query.year).values() for s in found]
    return "seq IN (SELECT value FROM json_each(?))", [json.dumps(seqs)]


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
    clauses, params = [], []
    if code:
        clauses.append("credit_code = ?")
        params.append(code)
    if names:
        marks = ", ".join("?" for _ in names)
        clauses.append(f"(credit_code IS NULL AND target IN ({marks}))")
        params += names
    sql = (f"SELECT id, inspected_on, target, domain, kind, outcome FROM {LEDGER} "
           f"WHERE {LIVE} AND inspected_on >= ? AND inspected_on < ? AND ({' OR '.join(clauses)})"
           " ORDER BY inspected_on, seq")
    rows = db.conn.execute(sql, [start, end, *params]).fetchall()
    keys = ("id", "inspected_on", "target", "domain", "kind", "outcome")
    return [dict(zip(keys, r, strict=True)) for r in rows if r[0] != exclude_id]


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
    inspectors."""
    rows = _year_rows(db, year, "domain, kind, inspectors, inspected_on")
    who = _enterprises(db, rows)
    rules = cap_rules(db)
    tallies = tally(((who.key(c, n), n, d, k) for _, c, n, d, k, _, _ in rows), rules)
    staff = roster(db)
    single = uncertified = 0
    for *_, inspectors, day in rows:
        names = split_names(inspectors)
        single += len(names) < 2
        uncertified += bool(staff.check(names, day).uncertified)
    return {
        "inspected_units": len(tallies),
        "over_cap_units": sum(t.over(rules) for t in tallies.values()) if rules.any else 0,
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


__all__ = ["TO_CASE", "check_cap", "enterprise_checks", "naming_case", "over_cap",
           "over_cap_clause", "roster", "year_counts", "year_tallies"]
