"""Queries and writes for one ledger: list, search, get, insert, update, delete, restore.

Inputs are what a user gives (text, or typed values with money in yuan); every write is
validated first and runs as one transaction together with its change-log entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..domain.indicators import year_range
from ..domain.ledgers import FieldDef, LedgerDef
from ..domain.officers import split_names
from ..domain.status import Computed, status_rule
from ..domain.validation import Problem, Validated, validate
from . import inspections
from .errors import DuplicateError, NotFoundError, ValidationError
from .schema import search_text_sql, sort_key_columns
from .sortkey import sort_value

if TYPE_CHECKING:
    from .database import Database

# Statuses storage works out in Python (domain/status.py Computed): name → (sql, params).
COMPUTED_STATUSES = {"over_cap": inspections.over_cap_clause}
BULK_SEARCH_ROWS = 500  # from this many rows at once, the search index is filled in bulk
# From this many rows at once, and at least as many as the table holds, the plain (sort)
# indexes are dropped and built again after the rows: building an index from sorted rows is
# cheaper than 26 B-tree inserts per row.
BULK_INDEX_ROWS = 2000
_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…, ensure_ascii=False), made once
TRIGRAM = 3  # the FTS5 trigram tokenizer matches terms of three or more characters


@dataclass
class Query:
    """What a list view shows: filters, search text and order."""

    year: int | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)  # field key → value or values
    status: str | None = None
    search: str = ""
    sort: str | None = None  # field key; the ledger's default_sort when None
    descending: bool = True
    deleted: bool = False  # True: the recycle bin (回收站)
    # The year the page shows, for a status computed per year when `year` does not filter
    # (学时未达标 on the officers roster); None: this year.
    period: int | None = None


def now_stamp() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account, odd environment)
        return "unknown"


def to_input(fdef: FieldDef, stored: Any) -> Any:
    """A stored value in the form `validate` accepts (money back to yuan)."""
    if stored is not None and fdef.type == "money":
        return Decimal(stored) / 100
    return stored


class LedgerTable:
    def __init__(self, database: Database, definition: LedgerDef) -> None:
        self.database = database
        self.definition = definition
        self.name = definition.key
        self._columns = ("id", *definition.keys, "created_at", "updated_at", "deleted_at")
        # Hidden pinyin sort keys (storage/sortkey.py), written with their field's value.
        self._sort_keys = dict(sort_key_columns(definition))
        self._people = {f.key for f in definition.fields if f.person_name}

    @property
    def conn(self) -> sqlite3.Connection:
        return self.database.conn

    # -- reading --------------------------------------------------------------------------

    def _where(self, query: Query) -> tuple[str, list[Any]]:
        d = self.definition
        clauses = ["deleted_at IS NOT NULL" if query.deleted else "deleted_at IS NULL"]
        params: list[Any] = []
        if query.year is not None:
            start, end = year_range(query.year)
            clauses.append(f"[{d.year_field}] >= ? AND [{d.year_field}] < ?")
            params += [start, end]
        if query.status:
            rule = status_rule(self.name, query.status)
            if isinstance(rule, Computed):  # worked out by storage (超频次)
                sql, values = COMPUTED_STATUSES[rule.name](self.database, query)
                clauses.append(sql)
                params += values
            elif callable(rule):  # computed from the rows (学时未达标 of the year shown)
                sql, values = rule(lambda q, p: self.conn.execute(q, p).fetchall(),
                                   self.database.get_setting, query.period)
                clauses.append(sql)
                params += values
            else:
                clauses.append(rule)
        for key, wanted in query.filters.items():
            fdef = d.field(key)
            values = list(wanted) if isinstance(wanted, (list, tuple, set)) else [wanted]
            if fdef.type == "multi":
                ors = " OR ".join(f"instr([{key}], ?) > 0" for _ in values)
                clauses.append(f"({ors})")
            else:
                # "+" keeps the planner off low-cardinality choice indexes, which cost more
                # than they save; the year range or the sort column's index wins instead.
                column = f"+[{key}]" if fdef.type in ("choice", "bool") else f"[{key}]"
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params += values
        for term in query.search.lower().split():
            fts = f"[{self.name}_fts]"
            if len(term) >= TRIGRAM:
                clauses.append(f"seq IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")
                params.append('"' + term.replace('"', '""') + '"')
            else:  # too short for trigrams: scan the narrow search table
                clauses.append(f"seq IN (SELECT rowid FROM {fts} WHERE instr(text, ?) > 0)")
                params.append(term)
        return " AND ".join(clauses), params

    def _order(self, query: Query) -> str:
        key = query.sort or self.definition.default_sort
        if key not in self._columns:
            raise KeyError(f"{self.name} cannot sort by {key!r}")
        direction = "DESC" if query.descending else "ASC"
        column = self._sort_keys.get(key, key)  # Chinese text: by pinyin, as in WPS/Excel
        return f"[{column}] {direction}, seq {direction}"

    def count(self, query: Query | None = None) -> int:
        where, params = self._where(query or Query())
        return int(
            self.conn.execute(
                f"SELECT count(*) FROM [{self.name}] WHERE {where}", params
            ).fetchone()[0]
        )

    def ids(self, query: Query | None = None) -> list[str]:
        """Ids of every matching record in display order (for lazy table models)."""
        query = query or Query()
        where, params = self._where(query)
        sql = f"SELECT id FROM [{self.name}] WHERE {where} ORDER BY {self._order(query)}"
        return [r[0] for r in self.conn.execute(sql, params)]

    def list(
        self, query: Query | None = None, offset: int = 0, limit: int = 100
    ) -> list[dict[str, Any]]:
        query = query or Query()
        where, params = self._where(query)
        order = self._order(query)
        # Sort the narrow (key, seq) pairs first, then read only the page's wide rows.
        sql = (
            f"SELECT {self._select()} FROM [{self.name}] WHERE seq IN ("
            f"SELECT seq FROM [{self.name}] WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?) "
            f"ORDER BY {order}"
        )
        return [self._row(r) for r in self.conn.execute(sql, [*params, limit, offset])]

    def get_many(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):  # stay under SQLite's variable limit
            chunk = list(ids[start : start + 500])
            sql = (
                f"SELECT {self._select()} FROM [{self.name}] "
                f"WHERE id IN ({', '.join('?' for _ in chunk)})"
            )
            for r in self.conn.execute(sql, chunk):
                out[r[0]] = self._row(r)
        return out

    def get(self, record_id: str) -> dict[str, Any]:
        found = self.get_many([record_id])
        if record_id not in found:
            raise NotFoundError(f"{self.definition.record_label}不存在（{record_id}）")
        return found[record_id]

    def find(self, field_key: str, value: Any) -> list[dict[str, Any]]:
        """Live records whose `field_key` equals `value` (e.g. a case by 案号)."""
        self.definition.field(field_key)
        sql = (
            f"SELECT {self._select()} FROM [{self.name}] "
            f"WHERE [{field_key}] = ? AND deleted_at IS NULL"
        )
        return [self._row(r) for r in self.conn.execute(sql, [value])]

    def _select(self) -> str:
        return ", ".join(f"[{c}]" for c in self._columns)

    def _row(self, row: Sequence[Any]) -> dict[str, Any]:
        return dict(zip(self._columns, row, strict=True))

    def history(self, record_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT at, user, action, changes FROM change_log WHERE ledger = ? AND record_id = ? "
            "ORDER BY id",
            [self.name, record_id],
        ).fetchall()
        return [
            {"at": a, "user": u, "action": act, "changes": json.loads(c or "{}")}
            for a, u, act, c in rows
        ]

    # -- writing --------------------------------------------------------------------------

    def validate(self, raw: Mapping[str, Any], today: dt.date | None = None) -> Validated:
        result = validate(
            self.definition, raw, choices=self.database.choice_map(self.name), today=today
        )
        for fdef in self.definition.fields:
            if fdef.names_of and result.values.get(fdef.key):
                result.problems += self._unknown_names(fdef, result.values[fdef.key])
        return result

    def _unknown_names(self, fdef: FieldDef, stored: str) -> list[Problem]:
        """A names field (DOMAIN.md §9): names not in the register they belong to are
        allowed, with a warning (a typo, or someone from another unit)."""
        register = self.database.ledger(fdef.names_of or "").definition
        known = {str(r[0]).strip() for r in self.conn.execute(
            f"SELECT DISTINCT [{register.title_field}] FROM [{register.key}] "
            "WHERE deleted_at IS NULL")}
        unknown = [n for n in split_names(stored) if n not in known]
        if not unknown:
            return []
        return [Problem(fdef.key, fdef.label,
                        f"{'、'.join(unknown)} 不在{register.label}台账中，请核对姓名", "warning")]

    def insert(self, raw: Mapping[str, Any], user: str | None = None) -> dict[str, Any]:
        result = self.validate(raw)
        if not result.ok:
            raise ValidationError(result.problems)
        record_id = self.insert_valid([result.values], user)[0]
        return self.get(record_id)

    def insert_valid(self, rows: Iterable[Mapping[str, Any]], user: str | None = None,
                     ids: Sequence[str] | None = None, stamp: str | None = None) -> list[str]:
        """Insert already validated values (from `validate`) in the current transaction.

        `ids` and `stamp` (one per row, and the created/updated time) are for a generator
        that must be reproducible from its seed (the demo); new UUID4s and the clock else."""
        user = user or current_user()
        stamp = stamp or now_stamp()
        keys = self.definition.keys
        sorted_keys = list(self._sort_keys)
        import uuid  # here: it imports `platform` (~5 ms), which reading commands never need

        given = ids
        records, logs, ids = [], [], []
        rows = list(rows)
        if given is not None and len(given) != len(rows):
            raise ValueError(f"{len(given)} ids for {len(rows)} rows")
        random = os.urandom(16 * len(rows)) if given is None else b""  # one system call
        encode = _JSON.encode
        for i, values in enumerate(rows):
            record_id = (str(uuid.UUID(bytes=random[16 * i:16 * i + 16], version=4))
                         if given is None else given[i])
            ids.append(record_id)
            stored = [values.get(k) for k in keys]
            records.append([record_id, *stored, stamp, stamp,
                            *[sort_value(values.get(k), k in self._people) for k in sorted_keys]])
            changes = {k: [None, v] for k, v in zip(keys, stored, strict=True) if v is not None}
            logs.append([stamp, user, self.name, record_id, "insert", encode(changes)])
        with self.database.transaction() as conn:
            self._check_unique_many(records)
            names = ("id", *keys, "created_at", "updated_at", *self._sort_keys.values())
            cols = ", ".join(f"[{c}]" for c in names)
            marks = ", ".join("?" for _ in names)
            with self._bulk_search_index(conn, len(records)), \
                    self._bulk_indexes(conn, len(records)):
                try:
                    conn.executemany(f"INSERT INTO [{self.name}] ({cols}) VALUES ({marks})",
                                     records)
                except sqlite3.IntegrityError as exc:
                    raise self._duplicate_error(str(exc)) from exc
            self._log_many(logs)
        return ids

    @contextlib.contextmanager
    def _bulk_indexes(self, conn: sqlite3.Connection, rows: int) -> Iterator[None]:
        """For a load at least as large as the table (an import into a new or small ledger),
        drop the plain indexes and build them again after the rows; the unique ones stay,
        so duplicates are refused as ever. Inside the caller's transaction: a failure
        restores every index with everything else, and the schema ends as it began."""
        if rows < BULK_INDEX_ROWS:
            yield
            return
        held = conn.execute(f"SELECT count(*) FROM [{self.name}]").fetchone()[0]
        if held > rows:
            yield
            return
        found = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'", (self.name,)).fetchall()
        for name, _ in found:
            conn.execute(f"DROP INDEX [{name}]")
        yield
        for _, sql in found:
            conn.execute(sql)

    @contextlib.contextmanager
    def _bulk_search_index(self, conn: sqlite3.Connection, rows: int) -> Iterator[None]:
        """For many rows (an import), fill the FTS table with one INSERT … SELECT after the
        rows instead of the per-row trigger: 10,000 imported cases write in 0.65 s of CPU
        instead of 1.5 s. Inside the caller's transaction, so a failure restores the trigger
        with everything else."""
        trigger_name = f"{self.name}_fts_insert"
        found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                             (trigger_name,)).fetchone() if rows >= BULK_SEARCH_ROWS else None
        if found is None:
            yield
            return
        last = conn.execute(f"SELECT COALESCE(MAX(seq), 0) FROM [{self.name}]").fetchone()[0]
        conn.execute(f"DROP TRIGGER [{trigger_name}]")
        yield
        conn.execute(f"INSERT INTO [{self.name}_fts](rowid, text) SELECT seq, "
                     f"{search_text_sql(self.definition, self.name)} FROM [{self.name}] "
                     "WHERE seq > ?", (last,))
        conn.execute(found[0])

    def update(
        self, record_id: str, changes: Mapping[str, Any], user: str | None = None
    ) -> dict[str, Any]:
        """Apply `changes` (field key → new value) to a record; returns the stored record."""
        with self.database.transaction() as conn:
            old = self.get(record_id)
            merged = {f.key: to_input(f, old[f.key]) for f in self.definition.fields}
            merged.update(changes)
            result = self.validate(merged)
            if not result.ok:
                raise ValidationError(result.problems)
            diff = {k: [old[k], v] for k, v in result.values.items() if old[k] != v}
            if not diff:
                return old
            for f in self.definition.unique_fields:
                if f.key in diff:
                    self._check_unique(f, diff[f.key][1], exclude=record_id)
            written = {k: v[1] for k, v in diff.items()}
            written.update({self._sort_keys[k]: sort_value(v[1], k in self._people)
                            for k, v in diff.items()
                            if k in self._sort_keys})  # not in the change log: derived
            sets = ", ".join(f"[{k}] = ?" for k in written)
            conn.execute(
                f"UPDATE [{self.name}] SET {sets}, updated_at = ? WHERE id = ?",
                [*written.values(), now_stamp(), record_id],
            )
            self._log(record_id, "update", diff, user)
        return self.get(record_id)

    def delete(self, record_id: str, user: str | None = None) -> None:
        """Soft delete: the record moves to the recycle bin (回收站)."""
        with self.database.transaction() as conn:
            self.get(record_id)
            stamp = now_stamp()
            conn.execute(
                f"UPDATE [{self.name}] SET deleted_at = ?, updated_at = ? "
                "WHERE id = ? AND deleted_at IS NULL",
                [stamp, stamp, record_id],
            )
            self._log(record_id, "delete", {"deleted_at": [None, stamp]}, user)

    def delete_many(self, record_ids: Sequence[str], user: str | None = None) -> int:
        """Soft delete many records in one transaction (undoing an import); returns how many
        were still in the ledger."""
        stamp, who = now_stamp(), user or current_user()
        change = json.dumps({"deleted_at": [None, stamp]})
        deleted: list[str] = []
        with self.database.transaction() as conn:
            for start in range(0, len(record_ids), 500):
                chunk = list(record_ids[start:start + 500])
                where = f"id IN ({', '.join('?' for _ in chunk)}) AND deleted_at IS NULL"
                # no UPDATE … RETURNING: the compat build's SQLite (3.34) predates it
                deleted += [r[0] for r in conn.execute(
                    f"SELECT id FROM [{self.name}] WHERE {where}", chunk)]
                conn.execute(f"UPDATE [{self.name}] SET deleted_at = ?, updated_at = ? "
                             f"WHERE {where}", [stamp, stamp, *chunk])
            self._log_many([[stamp, who, self.name, rid, "delete", change] for rid in deleted])
        return len(deleted)

    def restore_many(self, record_ids: Sequence[str], user: str | None = None) -> int:
        """Restore many records from the 回收站 in one transaction (redoing an import, a
        multi-selection in the bin): all or none when one would duplicate a live 案号 (the
        live-unique index refuses it). Returns how many were in the bin."""
        stamp, who = now_stamp(), user or current_user()
        restored: list[tuple[str, str]] = []
        with self.database.transaction() as conn:
            for start in range(0, len(record_ids), 500):
                chunk = list(record_ids[start:start + 500])
                marks = ", ".join("?" for _ in chunk)
                rows = conn.execute(f"SELECT id, deleted_at FROM [{self.name}] WHERE id IN "
                                    f"({marks}) AND deleted_at IS NOT NULL", chunk).fetchall()
                if not rows:
                    continue
                ids = [r[0] for r in rows]
                try:
                    conn.execute(f"UPDATE [{self.name}] SET deleted_at = NULL, updated_at = ? "
                                 f"WHERE id IN ({', '.join('?' for _ in ids)})", [stamp, *ids])
                except sqlite3.IntegrityError as exc:
                    raise self._duplicate_error(str(exc)) from exc
                restored += [(r[0], r[1]) for r in rows]
            self._log_many([[stamp, who, self.name, rid, "restore",
                             json.dumps({"deleted_at": [was, None]})] for rid, was in restored])
        return len(restored)

    def restore(self, record_id: str, user: str | None = None) -> dict[str, Any]:
        with self.database.transaction() as conn:
            record = self.get(record_id)
            for f in self.definition.unique_fields:
                if record[f.key] is not None:
                    self._check_unique(f, record[f.key], exclude=record_id)
            conn.execute(
                f"UPDATE [{self.name}] SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                [now_stamp(), record_id],
            )
            self._log(record_id, "restore", {"deleted_at": [record["deleted_at"], None]}, user)
        return self.get(record_id)

    # -- helpers --------------------------------------------------------------------------

    def _check_unique(self, fdef: FieldDef, value: Any, exclude: str | None = None) -> None:
        if value is None:
            return
        row = self.conn.execute(
            f"SELECT id FROM [{self.name}] WHERE [{fdef.key}] = ? AND deleted_at IS NULL "
            "AND id != ?",
            [value, exclude or ""],
        ).fetchone()
        if row:
            raise DuplicateError(f"{fdef.label}“{value}”已存在，不能重复")

    def _check_unique_many(self, records: Sequence[Sequence[Any]]) -> None:
        for fdef in self.definition.unique_fields:
            index = 1 + self.definition.keys.index(fdef.key)
            values = [r[index] for r in records if r[index] is not None]
            seen: set[Any] = set()
            for v in values:
                if v in seen:
                    raise DuplicateError(f"{fdef.label}“{v}”重复出现，不能重复")
                seen.add(v)
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                row = self.conn.execute(
                    f"SELECT [{fdef.key}] FROM [{self.name}] WHERE deleted_at IS NULL AND "
                    f"[{fdef.key}] IN ({', '.join('?' for _ in chunk)}) LIMIT 1",
                    chunk,
                ).fetchone()
                if row:
                    raise DuplicateError(f"{fdef.label}“{row[0]}”已存在，不能重复")

    def _duplicate_error(self, message: str) -> DuplicateError:
        labels = "、".join(f.label for f in self.definition.unique_fields)
        return DuplicateError(f"{labels}重复，未保存（{message}）")

    def _log(
        self, record_id: str, action: str, changes: Mapping[str, Any], user: str | None
    ) -> None:
        self._log_many(
            [
                [
                    now_stamp(),
                    user or current_user(),
                    self.name,
                    record_id,
                    action,
                    json.dumps(changes, ensure_ascii=False),
                ]
            ]
        )

    def _log_many(self, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(
            "INSERT INTO change_log (at, user, ledger, record_id, action, changes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
