"""The ledger's schema: numbered migrations plus additive columns from forms/.

Migrations (sqlite_utils.Migrations, each in its own transaction) make every structural
change. Ledger tables are created from the forms/ definitions; a field added to forms/ later
becomes a new nullable column at the next start (`sync_columns`), since fields are only ever
added, never renamed (they are a contract). A database that has applied a migration this
version does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import sqlite_utils

from ..domain.ledgers import LedgerDef, load_ledgers

MIGRATION_SET = "lawgov"
migrations = sqlite_utils.Migrations(MIGRATION_SET)

SQL_TYPES = {
    "text": "TEXT",
    "date": "TEXT",
    "choice": "TEXT",
    "multi": "TEXT",
    "integer": "INTEGER",
    "money": "INTEGER",  # fen
    "bool": "INTEGER",
    "decimal": "REAL",
    "percent": "REAL",
}
META_COLUMNS = ("created_at", "updated_at", "deleted_at")


def _create_ledger_table(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    columns = ", ".join(f"[{f.key}] {SQL_TYPES[f.type]}" for f in ledger.fields)
    db.execute(
        f"CREATE TABLE [{ledger.key}] (id TEXT PRIMARY KEY, {columns}, "
        "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT)"
    )
    _create_indexes(db, ledger)
    _create_fts(db, ledger)


def _create_indexes(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    """Indexes for the year filters and sorts the list views and indicators use."""
    for f in ledger.fields:
        if f.unique:
            db.execute(
                f"CREATE UNIQUE INDEX IF NOT EXISTS [{ledger.key}_{f.key}_live] "
                f"ON [{ledger.key}]([{f.key}]) WHERE deleted_at IS NULL"
            )
        elif f.type in ("date", "choice", "integer", "money") or f.key == ledger.title_field:
            db.execute(
                f"CREATE INDEX IF NOT EXISTS [{ledger.key}_{f.key}] ON [{ledger.key}]([{f.key}])"
            )
    db.execute(
        f"CREATE INDEX IF NOT EXISTS [{ledger.key}_deleted] ON [{ledger.key}](deleted_at)"
    )


def _create_fts(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    """Trigram full-text index: matches Chinese substrings of three or more characters."""
    db[ledger.key].enable_fts(
        [f.key for f in ledger.search_fields],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="trigram",
    )


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    for ledger in load_ledgers().values():
        _create_ledger_table(db, ledger)
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE choice_lists (ledger TEXT NOT NULL, field TEXT NOT NULL, "
        "position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (ledger, field, value))"
    )
    db.execute(
        "CREATE TABLE holidays (day TEXT PRIMARY KEY, workday INTEGER NOT NULL, note TEXT)"
    )
    db.execute(
        "CREATE TABLE change_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT, "
        "ledger TEXT NOT NULL, record_id TEXT NOT NULL, action TEXT NOT NULL, changes TEXT)"
    )
    db.execute("CREATE INDEX change_log_record ON change_log(ledger, record_id)")


@migrations(name="0002_report_sections")
def m0002_report_sections(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE report_sections (year INTEGER NOT NULL, key TEXT NOT NULL, "
        "part TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
        "position INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (year, key))"
    )


KNOWN_MIGRATIONS = tuple(m.name for m in migrations._migrations)
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)


def applied_names(db: sqlite_utils.Database) -> list[str]:
    if not db[migrations.migrations_table].exists():
        return []
    return [m.name for m in migrations.applied(db)]


def sync_columns(db: sqlite_utils.Database) -> None:
    """Add columns, indexes and FTS columns for fields that forms/ gained since creation."""
    for ledger in load_ledgers().values():
        table = db[ledger.key]
        existing = set(table.columns_dict)
        missing = [f for f in ledger.fields if f.key not in existing]
        for f in missing:
            db.execute(f"ALTER TABLE [{ledger.key}] ADD COLUMN [{f.key}] {SQL_TYPES[f.type]}")
        if missing:
            _create_indexes(db, ledger)
        fts_columns = set(db[f"{ledger.key}_fts"].columns_dict)
        if fts_columns != {f.key for f in ledger.search_fields}:
            table.disable_fts()
            _create_fts(db, ledger)
            table.rebuild_fts()
