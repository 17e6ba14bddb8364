"""The ledger's schema: numbered migrations plus additive columns from forms/.

Migrations (sqlite_utils.Migrations, each in its own transaction) make every structural
change. Ledger tables are created from the forms/ definitions; a field added to forms/ later
becomes a new nullable column at the next start (`sync_columns`), since fields are only ever
added, never renamed (they are a contract). A database that has applied a migration this
version does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain.ledgers import FieldDef, LedgerDef, load_ledgers
from .sortkey import sort_column, sort_value

if TYPE_CHECKING:
    import sqlite_utils

MIGRATION_SET = "lawgov"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.Migrations' own table


class _Migration(NamedTuple):
    name: str
    fn: Callable[[sqlite_utils.Database], None]
    transactional: bool


class LazyMigrations:
    """sqlite_utils.Migrations without importing sqlite_utils (~50 ms) until a migration is
    applied: migrations register with `@migrations(name=…)` as with sqlite_utils, opening an
    up-to-date ledger (every `lawgov` command, the export) reads what is applied with plain
    SQL (`applied_names`), and `apply`, `pending`, `applied` … are sqlite_utils' own, made on
    first use."""

    migrations_table = MIGRATIONS_TABLE

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[_Migration] = []
        self._real: sqlite_utils.Migrations | None = None

    def __call__(self, *, name: str | None = None, transactional: bool = True
                 ) -> Callable[[Callable[[sqlite_utils.Database], None]],
                               Callable[[sqlite_utils.Database], None]]:
        def register(fn: Callable[[sqlite_utils.Database], None]
                     ) -> Callable[[sqlite_utils.Database], None]:
            self._migrations.append(_Migration(name or fn.__name__, fn, transactional))
            self._real = None
            return fn

        return register

    def __getattr__(self, attr: str) -> Any:  # apply, pending, applied, …: sqlite_utils'
        if attr.startswith("__"):
            raise AttributeError(attr)
        if self._real is None:
            import sqlite_utils

            self._real = sqlite_utils.Migrations(self.name)
            for m in self._migrations:
                self._real(name=m.name, transactional=m.transactional)(m.fn)
        return getattr(self._real, attr)


migrations = LazyMigrations(MIGRATION_SET)

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
    # `seq` is an explicit INTEGER PRIMARY KEY so rowids never change (VACUUM renumbers
    # implicit ones), which the full-text index relies on; `id` is the record's UUID.
    columns = ", ".join(f"[{f.key}] {SQL_TYPES[f.type]}" for f in ledger.fields)
    db.execute(
        f"CREATE TABLE [{ledger.key}] (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
        f"{columns}, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT)"
    )
    _create_indexes(db, ledger)
    create_compound_indexes(db, ledger)
    _create_fts(db, ledger)


def column_names(db: sqlite_utils.Database, table: str) -> set[str]:
    """A table's column names, lower-cased: SQLite matches names regardless of case, so
    "decisioN_type__sort" (one flipped bit in a damaged schema) is no missing column to add."""
    return {c.lower() for c in db[table].columns_dict}


def create_compound_indexes(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    """The `indexes` a forms/ file declares (kept on every open: a no-op once made). A
    compound index serves its first column's sorts and ranges too, so that column's plain
    index goes: the planner then reads a year's rows from the covering one."""
    for cols in ledger.indexes:
        name = f"{ledger.key}__{'_'.join(cols)}"
        db.execute(f"CREATE INDEX IF NOT EXISTS [{name}] ON [{ledger.key}]"
                   f"({', '.join(f'[{c}]' for c in cols)})")
        db.execute(f"DROP INDEX IF EXISTS [{ledger.key}_{cols[0]}]")


def sortable(f: FieldDef) -> bool:
    """Columns a list view may sort by get an index; long notes and multi-choices do not."""
    return not f.multiline and f.type != "multi"


# identity codes: digits and capitals, code-point order is right
ASCII_CHECKS = {"party_id", "uscc"}


def pinyin_sorted(f: FieldDef) -> bool:
    """Text columns sorted by their pinyin key (`<key>__sort`) rather than by code point.
    Not codes: identity numbers, nor a unique 案号 (its unique index serves the sort, and a
    bureau's 案号 share their first characters, so pinyin would not change their order)."""
    return (sortable(f) and f.type in ("text", "choice") and not f.unique
            and f.check not in ASCII_CHECKS)


def sort_key_columns(ledger: LedgerDef) -> list[tuple[str, str]]:
    """(field key, its hidden sort-key column) for every pinyin-sorted field."""
    return [(f.key, sort_column(f.key)) for f in ledger.fields if pinyin_sorted(f)]


def _create_indexes(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    """An index per sortable column keeps any sort or year filter an index walk; a
    pinyin-sorted column is sorted by its key column's index (see `add_sort_keys`)."""
    keyed = {key for key, _ in sort_key_columns(ledger)}
    leading = {cols[0] for cols in ledger.indexes}  # served by a compound index
    columns = column_names(db, ledger.key)
    for f in ledger.fields:
        if f.unique:
            db.execute(
                f"CREATE UNIQUE INDEX IF NOT EXISTS [{ledger.key}_{f.key}_live] "
                f"ON [{ledger.key}]([{f.key}]) WHERE deleted_at IS NULL"
            )
        elif f.key in leading:
            continue
        elif f.lookup or (sortable(f) and not (f.key in keyed
                                               and sort_column(f.key).lower() in columns)):
            db.execute(
                f"CREATE INDEX IF NOT EXISTS [{ledger.key}_{f.key}] ON [{ledger.key}]([{f.key}])"
            )


def add_sort_keys(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    """Give every pinyin-sorted field its `<key>__sort` column and index (dropping the plain
    index the sort no longer uses), fill the keys of existing rows, and keep them honest
    under a writer that does not know them (a merge copies a colleague's rows field by
    field): a trigger empties a key whose text changed without it, and `fill_sort_keys`
    fills empty keys."""
    t = ledger.key
    columns = column_names(db, t)
    for key, column in sort_key_columns(ledger):
        if column.lower() not in columns:
            db.execute(f"ALTER TABLE [{t}] ADD COLUMN [{column}] TEXT")
        db.execute(f"CREATE INDEX IF NOT EXISTS [{t}_{column}] ON [{t}]([{column}])")
        if not (ledger.field(key).unique or ledger.field(key).lookup):
            db.execute(f"DROP INDEX IF EXISTS [{t}_{key}]")
    _create_sort_trigger(db, ledger)
    fill_sort_keys(db.conn, ledger)


def _create_sort_trigger(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    t, pairs = ledger.key, sort_key_columns(ledger)
    db.execute(f"DROP TRIGGER IF EXISTS [{t}_sort_keys]")
    if not pairs:
        return
    stale = [f"(new.[{k}] IS NOT old.[{k}] AND new.[{c}] IS old.[{c}])" for k, c in pairs]
    sets = ", ".join(f"[{c}] = CASE WHEN {cond} THEN NULL ELSE [{c}] END"
                     for (k, c), cond in zip(pairs, stale, strict=True))
    db.execute(
        f"CREATE TRIGGER [{t}_sort_keys] AFTER UPDATE ON [{t}] WHEN {' OR '.join(stale)} "
        f"BEGIN UPDATE [{t}] SET {sets} WHERE seq = new.seq; END"
    )


def fill_sort_keys(conn: sqlite3.Connection, ledger: LedgerDef) -> int:
    """Compute the missing sort keys of `ledger` (rows written by a writer that does not
    know them); returns how many rows changed. One scan of the table: for a migration and
    after a merge, not for every open."""
    pairs = sort_key_columns(ledger)
    if not pairs:
        return 0
    t = ledger.key
    missing = " OR ".join(f"([{c}] IS NULL AND [{k}] IS NOT NULL)" for k, c in pairs)
    keys = ", ".join(f"[{k}]" for k, _ in pairs)
    rows = conn.execute(f"SELECT seq, {keys} FROM [{t}] WHERE {missing}").fetchall()
    sets = ", ".join(f"[{c}] = ?" for _, c in pairs)
    people = [ledger.field(k).person_name for k, _ in pairs]
    conn.executemany(
        f"UPDATE [{t}] SET {sets} WHERE seq = ?",
        [[*(sort_value(v, p) for v, p in zip(row[1:], people, strict=True)), row[0]]
         for row in rows],
    )
    return len(rows)


def search_text_sql(ledger: LedgerDef, row: str) -> str:
    """SQL for the lower-cased searchable text of `row` (new/old), fields joined by a tab."""
    parts = [f"COALESCE({row}.[{f.key}], '')" for f in ledger.search_fields]
    return "lower(" + " || char(9) || ".join(parts) + ")"


def _create_fts(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    """One narrow full-text table per ledger, kept in step by triggers.

    The trigram tokenizer answers substring queries of three or more characters from its
    index; shorter terms (a two-character name like 张伟) scan this narrow table, which is
    several times faster than scanning the wide ledger table.
    """
    t, fts = ledger.key, f"{ledger.key}_fts"
    db.execute(f"CREATE VIRTUAL TABLE [{fts}] USING fts5(text, tokenize='trigram')")
    db.execute(
        f"CREATE TRIGGER [{t}_fts_insert] AFTER INSERT ON [{t}] BEGIN "
        f"INSERT INTO [{fts}](rowid, text) VALUES (new.seq, {search_text_sql(ledger, 'new')}); END"
    )
    db.execute(
        f"CREATE TRIGGER [{t}_fts_delete] AFTER DELETE ON [{t}] BEGIN "
        f"DELETE FROM [{fts}] WHERE rowid = old.seq; END"
    )
    _create_fts_update_trigger(db, ledger)
    db.execute(
        f"INSERT INTO [{fts}](rowid, text) SELECT seq, {search_text_sql(ledger, t)} FROM [{t}]"
    )


def _create_fts_update_trigger(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    """Re-index a row when one of its searched fields changes (not on other writes)."""
    t, fts = ledger.key, f"{ledger.key}_fts"
    watched = ", ".join(f"[{f.key}]" for f in ledger.search_fields)
    db.execute(f"DROP TRIGGER IF EXISTS [{t}_fts_update]")
    db.execute(
        f"CREATE TRIGGER [{t}_fts_update] AFTER UPDATE OF {watched} ON [{t}] BEGIN "
        f"UPDATE [{fts}] SET text = {search_text_sql(ledger, 'new')} WHERE rowid = new.seq; END"
    )


def _drop_fts(db: sqlite_utils.Database, ledger: LedgerDef) -> None:
    for event in ("insert", "delete", "update"):
        db.execute(f"DROP TRIGGER IF EXISTS [{ledger.key}_fts_{event}]")
    db.execute(f"DROP TABLE IF EXISTS [{ledger.key}_fts]")


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    for ledger in load_ledgers().values():
        _create_ledger_table(db, ledger)
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE choice_lists (ledger TEXT NOT NULL, field TEXT NOT NULL, "
        "position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (ledger, field, value))"
    )
    db.execute("CREATE TABLE holidays (day TEXT PRIMARY KEY, workday INTEGER NOT NULL, note TEXT)")
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


@migrations(name="0003_import_mappings")
def m0003_import_mappings(db: sqlite_utils.Database) -> None:
    # The user's own Excel header → field choices from the import wizard ("" = 不导入).
    db.execute(
        "CREATE TABLE import_mappings (ledger TEXT NOT NULL, header TEXT NOT NULL, "
        "field TEXT NOT NULL, PRIMARY KEY (ledger, header))"
    )


@migrations(name="0004_pinyin_sort_keys")
def m0004_pinyin_sort_keys(db: sqlite_utils.Database) -> None:
    # Chinese text sorts by pinyin: a stored key column per sortable text column. The
    # full-text trigger now fires only when a searched field changes, so filling the keys
    # (and every later write of other fields) does not rewrite the search index.
    for ledger in load_ledgers().values():
        _create_fts_update_trigger(db, ledger)
        add_sort_keys(db, ledger)


@migrations(name="0005_appeals_2023")
def m0005_appeals_2023(db: sqlite_utils.Database) -> None:
    # The 2023 行政复议法 (in force 2024-01-01) added 简易程序; every 行政复议 recorded before
    # this version was kept as a 普通程序 one (10 working days to answer), so it says so now.
    # Neither the change log nor updated_at is touched: every PC makes the same change, and a
    # merge between two migrated ledgers must see the records as unchanged, not as conflicts.
    sync_columns(db)  # an older ledger gains the new fields' columns first
    db.execute("UPDATE appeals SET procedure = '普通程序' "
               "WHERE kind = '行政复议' AND procedure IS NULL")
    fill_sort_keys(db.conn, load_ledgers()["appeals"])


@migrations(name="0006_year_facts")
def m0006_year_facts(db: sqlite_utils.Database) -> None:
    # The facts of the year (DOMAIN.md §10, forms/facts.toml, storage/facts.py). `value` has
    # no declared type: each fact is stored as its field type is (int, ISO date, text, 1/0).
    # A cleared fact keeps its row (value NULL) so a merge sees when it was cleared.
    db.execute(
        "CREATE TABLE year_facts (year INTEGER NOT NULL, key TEXT NOT NULL, value, "
        "updated_at TEXT NOT NULL, PRIMARY KEY (year, key))"
    )


@migrations(name="0007_surname_sort_keys")
def m0007_surname_sort_keys(db: sqlite_utils.Database) -> None:
    # People's names (forms/ person_name) sort by their surname reading (单 shan, 曾 zeng):
    # their keys are emptied and computed again by the fill step, as for any missing key.
    sync_columns(db)
    for ledger in load_ledgers().values():
        pairs = [(k, c) for k, c in sort_key_columns(ledger) if ledger.field(k).person_name]
        if pairs:
            db.execute(f"UPDATE [{ledger.key}] SET "
                       + ", ".join(f"[{c}] = NULL" for _, c in pairs))
            fill_sort_keys(db.conn, ledger)


KNOWN_MIGRATIONS = tuple(m.name for m in migrations._migrations)
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)


def applied_names(db: sqlite3.Connection | sqlite_utils.Database) -> list[str]:
    """Names of the migrations applied, in order (as sqlite_utils.Migrations.applied)."""
    conn: sqlite3.Connection = getattr(db, "conn", db)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    [MIGRATIONS_TABLE]).fetchone() is None:
        return []
    return [r[0] for r in conn.execute(
        f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET])]


def pending_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations this version has that the ledger has not applied yet."""
    applied = set(applied_names(conn))
    return [name for name in KNOWN_MIGRATIONS if name not in applied]


def columns_in_sync(conn: sqlite3.Connection) -> bool:
    """Whether `sync_columns` has nothing to do (the usual open): every field and sort key
    has its column and every search trigger indexes the current fields. Plain SQL, so an
    open needs no sqlite_utils."""
    for ledger in load_ledgers().values():
        # lower-cased, as column_names: SQLite matches column names regardless of case
        existing = {r[1].lower() for r in conn.execute(f"PRAGMA table_info([{ledger.key}])")}
        if any(f.key.lower() not in existing for f in ledger.fields):
            return False  # (also a table forms/ gained since: it has no columns yet)
        if any(c.lower() not in existing for _, c in sort_key_columns(ledger)):
            return False
        trigger = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            [f"{ledger.key}_fts_insert"],
        ).fetchone()
        if trigger is None or search_text_sql(ledger, "new") not in trigger[0]:
            return False
    return True


def _refuse_renamed_columns(ledger: LedgerDef, existing: set[str], missing: bool) -> None:
    """A column forms/ never defined beside one it defines that is missing: the schema text
    is damaged (a flipped bit turned "name" into "namu"), not an older version's. Adding the
    "missing" column would write to a damaged file; say it is damaged instead."""
    known = {"seq", "id", *META_COLUMNS, *(f.key.lower() for f in ledger.fields),
             *(c.lower() for _, c in sort_key_columns(ledger))}
    unknown = sorted(existing - known)
    sort_missing = any(c.lower() not in existing for _, c in sort_key_columns(ledger))
    if unknown and (missing or sort_missing):
        from .errors import LedgerDamagedError

        raise LedgerDamagedError(
            f"台账已损坏：“{ledger.label}”表中有本程序未定义的列（{'、'.join(unknown)}），"
            "同时缺少应有的列，表结构已被破坏。未做任何改动。")


def _refuse_damaged(db: sqlite_utils.Database) -> None:
    """Before changing the schema of an existing file: a damaged file can look like one that
    needs changing (a flipped bit in a stored trigger reads as changed search fields), and
    must then be reported, not rewritten. The full check (quick_check misses broken
    indexes): this runs only when the schema needs a change, rarely."""
    rows = db.execute("PRAGMA integrity_check(1)").fetchall()
    if [r[0] for r in rows] != ["ok"]:
        raise sqlite3.DatabaseError("database disk image is malformed")


def is_search_trigger(sql: str, table: str, columns: Iterable[str]) -> bool:
    """Whether `sql` is a search-index insert trigger as `_create_fts` writes it, for some
    of the table's `columns` (forms/ may have changed which are searched). A stored trigger
    that is not (a flipped bit: COALESKE) means a damaged file, which must not be rewritten."""
    field = r"COALESCE\(new\.\[([^\]]+)\], ''\)"
    pattern = (rf"CREATE TRIGGER \[{re.escape(table)}_fts_insert\] AFTER INSERT ON "
               rf"\[{re.escape(table)}\] BEGIN INSERT INTO \[{re.escape(table)}_fts\]"
               rf"\(rowid, text\) VALUES \(new\.seq, lower\({field}"
               rf"((?: \|\| char\(9\) \|\| {field})*)\)\); END")
    found = re.fullmatch(pattern, sql)
    if found is None:
        return False
    keys = [found.group(1), *re.findall(r"new\.\[([^\]]+)\]", found.group(2))]
    known = {c.lower() for c in columns}
    return all(k.lower() in known for k in keys)


def sync_columns(db: sqlite_utils.Database) -> None:
    """Add columns, indexes and FTS columns for fields that forms/ gained since creation."""
    for ledger in load_ledgers().values():
        table = db[ledger.key]
        if not table.exists():
            _refuse_damaged(db)
            # A register that forms/ gained since this ledger was made: its table in full,
            # as migrations 0001 and 0004 would have made it.
            _create_ledger_table(db, ledger)
            add_sort_keys(db, ledger)
            continue
        existing = column_names(db, ledger.key)
        missing = [f for f in ledger.fields if f.key.lower() not in existing]
        _refuse_renamed_columns(ledger, existing, bool(missing))
        if missing:
            _refuse_damaged(db)
        for f in missing:
            db.execute(f"ALTER TABLE [{ledger.key}] ADD COLUMN [{f.key}] {SQL_TYPES[f.type]}")
        if missing:
            _create_indexes(db, ledger)
        create_compound_indexes(db, ledger)
        if any(c.lower() not in existing for _, c in sort_key_columns(ledger)):
            _refuse_damaged(db)
            add_sort_keys(db, ledger)  # a text field that forms/ gained since
        trigger = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            [f"{ledger.key}_fts_insert"],
        ).fetchone()
        if trigger is None or search_text_sql(ledger, "new") not in trigger[0]:
            if trigger is not None and not is_search_trigger(trigger[0], ledger.key, existing):
                # not one we could have written, for any search fields: damage, not a change
                raise sqlite3.DatabaseError("database disk image is malformed")
            _refuse_damaged(db)
            _drop_fts(db, ledger)  # the searchable fields changed: rebuild the index
            _create_fts(db, ledger)
