"""The facts of the year in the ledger file: table year_facts (year, key, value, updated_at).

One row per year and fact (migration 0006_year_facts). A cleared fact keeps its row with a
NULL value and the time it was cleared, so a merge can tell a newer clear from an older
value (storage/merge.py keeps the newer value of each fact). Every write is one transaction
with its change-log entry (ledger "year_facts", record id the year, {key: [old, new]}), as
records have. Values are stored as domain/values.py stores a field of the same type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..domain.facts import (
    LOG_NAME,
    FactDef,
    FactError,
    check_year,
    conflicts,
    load_facts,
    parse_fact,
    stored_fact,
)
from .database import guarded
from .errors import LedgerError
from .records import current_user, now_stamp

if TYPE_CHECKING:
    from .database import Database

TABLE = "year_facts"


@guarded
def fact_rows(db: Database, year: int) -> dict[str, tuple[Any, str]]:
    """key → (stored value or None, updated_at) for the facts of `year` this version knows."""
    form = load_facts()
    rows = db.conn.execute(
        f"SELECT key, value, updated_at FROM {TABLE} WHERE year = ?", [year]).fetchall()
    out = {}
    for key, value, stamp in rows:
        if key in form.keys:
            out[key] = (_valid(form.get(key), value), stamp)
    return out


def _valid(fact: FactDef, value: Any) -> Any:
    """A stored value as it may be stated; None for one another program wrote that cannot
    be this fact's (a report must not state it, and a form shows the fact as unset)."""
    try:
        return stored_fact(fact, value)
    except FactError:
        return None


@guarded
def read_facts(db: Database, year: int) -> dict[str, Any]:
    """The facts of `year` that are set: key → stored value (unset facts are absent)."""
    return {k: v for k, (v, _) in fact_rows(db, year).items() if v is not None}


@guarded
def fact_years(db: Database) -> list[int]:
    """Years with at least one fact set, newest first."""
    rows = db.conn.execute(
        f"SELECT DISTINCT year FROM {TABLE} WHERE value IS NOT NULL ORDER BY year DESC")
    return [int(r[0]) for r in rows if isinstance(r[0], int)]


def set_facts(db: Database, year: int, raw: Mapping[str, Any],
              user: str | None = None) -> dict[str, Any]:
    """Set several facts of `year` from what a user typed ("" or None clears), all or none.

    Keys may be fact keys or labels. Returns key → stored value of the facts that
    changed. Raises LedgerError (Chinese) for an unknown name, a bad value or a part larger
    than its whole; nothing is written then.
    """
    try:
        year = check_year(year)
        form = load_facts()
        parsed: dict[str, Any] = {}
        for name, value in raw.items():
            fact = form.find(name)
            parsed[fact.key] = parse_fact(fact, value)
    except FactError as exc:
        raise LedgerError(str(exc)) from None
    with db.transaction() as conn:
        current = read_facts(db, year)
        after = {**current, **parsed}
        problems = conflicts({k: v for k, v in after.items() if v is not None})
        if problems:
            raise LedgerError("；".join(msg for _, msg in problems) + "，未保存")
        changes = {k: [current.get(k), v] for k, v in parsed.items() if current.get(k) != v}
        if not changes:
            return {}
        stamp = now_stamp()
        conn.executemany(
            f"INSERT INTO {TABLE} (year, key, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(year, key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            [(year, k, new, stamp) for k, (_, new) in changes.items()])
        log_change(db, year, changes, user or current_user(), stamp)
    return {k: new for k, (_, new) in changes.items()}


def set_fact(db: Database, year: int, name: str | FactDef, value: Any,
             user: str | None = None) -> Any:
    """Set one fact (see set_facts); returns its stored value (None when cleared)."""
    fact = name if isinstance(name, FactDef) else _find(name)
    set_facts(db, year, {fact.key: value}, user)
    return read_facts(db, year).get(fact.key)


def _find(name: str) -> FactDef:
    try:
        return load_facts().find(name)
    except FactError as exc:
        raise LedgerError(str(exc)) from None


def log_change(db: Database, year: int, changes: Mapping[str, list[Any]], user: str,
               stamp: str, action: str = "update") -> None:
    db.conn.execute(
        "INSERT INTO change_log (at, user, ledger, record_id, action, changes) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [stamp, user, LOG_NAME, str(year), action,
         json.dumps(dict(changes), ensure_ascii=False)])


@guarded
def history(db: Database, year: int) -> list[dict[str, Any]]:
    """The change log of `year`'s facts, oldest first."""
    rows = db.conn.execute(
        "SELECT at, user, action, changes FROM change_log WHERE ledger = ? AND record_id = ? "
        "ORDER BY id", [LOG_NAME, str(year)]).fetchall()
    return [{"at": a, "user": u, "action": act, "changes": json.loads(c or "{}")}
            for a, u, act, c in rows]
