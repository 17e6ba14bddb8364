"""Is the ledger file sound? SQLite's own checks plus ours, reporting only damage as damage.

A busy ledger, a full disk or an I/O error met while checking raises its LedgerError (exit 2),
so "in use" is never reported as "damaged" and a script is never led to restore over a healthy
ledger. Damage is decided by SQLite's result code (storage/errors.py).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from ..domain.ledgers import get_ledger, ledger_keys
from .errors import LedgerDamagedError, classify, is_undecodable, primary_code

if TYPE_CHECKING:
    from .database import Database

_SKIP_FTS = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY}


def _damage_or_raise(db: Database, exc: BaseException) -> list[str]:
    """A problem list when `exc` means damage; else the error a user can act on."""
    error = classify(exc, db.path)
    if error is None:
        raise exc
    if isinstance(error, LedgerDamagedError):
        detail = "记录中有无法识别的文字" if is_undecodable(exc) else str(exc)
        return [f"数据库已损坏：{detail}"]
    raise error from exc


def quick_check(db: Database) -> list[str]:
    """SQLite's quick_check (no index cross-check): empty when sound. On the large demo
    ledger (54 MB) it takes 45-65 ms with the file in the OS cache, up to ~0.4 s cold, so
    the GUI runs it in a background job at start; a plain open (and the CLI) only checks
    the header (filecheck.py, ~0.1 ms)."""
    try:
        rows = db.conn.execute("PRAGMA quick_check(20)").fetchall()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        return _damage_or_raise(db, exc)
    return [r[0] for r in rows if r[0] != "ok"]


def full_check(db: Database) -> list[str]:
    """SQLite's integrity and foreign-key checks, each full-text index against its table,
    and every record read once (text that does not decode is damage no check reports)."""
    try:
        rows = db.conn.execute("PRAGMA integrity_check").fetchall()
        problems = [r[0] for r in rows if r[0] != "ok"]
        problems += [
            f"外键错误：{r[0]} 第 {r[1]} 行"
            for r in db.conn.execute("PRAGMA foreign_key_check").fetchall()
        ]
        for key in ledger_keys():
            problems += _fts_problems(db, key)
        if not problems:
            for key in ledger_keys():
                db.conn.execute(f"SELECT * FROM [{key}]").fetchall()
            problems += _fact_problems(db)
        return problems
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        return _damage_or_raise(db, exc)


def _fts_problems(db: Database, key: str) -> list[str]:
    """FTS5's own check. It is written as an INSERT, so it needs the write lock: on a
    read-only ledger, or while another program writes, it is skipped, not failed."""
    if db.read_only:
        return []
    from .database import BUSY_TIMEOUT_S

    before = db.conn.total_changes
    try:
        db.conn.execute("PRAGMA busy_timeout = 0")
        db.conn.execute(f"INSERT INTO [{key}_fts]([{key}_fts]) VALUES('integrity-check')")
    except sqlite3.Error as exc:
        code = primary_code(exc)
        if code in _SKIP_FTS:
            return []
        if code is None or isinstance(classify(exc, db.path), LedgerDamagedError):
            return [f"{get_ledger(key).label}的全文索引与数据不一致"]
        if code == sqlite3.SQLITE_ERROR:  # the index's own definition no longer parses
            return [f"{get_ledger(key).label}的全文索引已损坏：{exc}"]
        raise
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()
        db.uncounted_changes += db.conn.total_changes - before  # a check, not a write
        db.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return []


def _fact_problems(db: Database) -> list[str]:
    """Read every fact of the year once: text that does not decode is damage no check
    reports. (A value of the wrong type is not damage: storage/facts.py leaves it unstated.)"""
    db.conn.execute("SELECT * FROM year_facts").fetchall()
    return []
