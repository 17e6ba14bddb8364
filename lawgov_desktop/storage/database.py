"""The one Database wrapper: owns the SQLite file, its pragmas, schema and transactions.

Everything that reads or writes the ledger goes through a `Database`: the CLI, the GUI (one
per thread), the importers and the exports. It never imports Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import platformdirs

from ..domain import indicators, officer_reminders
from ..domain.deadlines import RULES, Deadline, find_deadline
from ..domain.ledgers import get_ledger, ledger_keys, load_ledgers
from ..domain.settings import SETTINGS, setting_def
from ..domain.workdays import WorkCalendar
from . import filecheck, inspections, integrity, schema
from .atomic import create_private_file, private_mkdir
from .errors import (
    LedgerDamagedError,
    LedgerError,
    LedgerReadOnlyError,
    NewerSchemaError,
    NoLedgerError,
    classify,
    primary_code,
)
from .records import LedgerTable
from .skipscan import distinct_prefixes

if TYPE_CHECKING:
    import sqlite_utils

T = TypeVar("T")

APP_NAME = "LawGovDesktop"
LEDGER_FILENAME = "ledger.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 2.0
# Years a record's date may plausibly fall in; anything else stored is left out of year lists.
YEARS_SHOWN = range(1900, 2101)


def default_data_dir() -> Path:
    """`LAWGOV_DATA_DIR` if set, else the platform's per-user data folder."""
    env = os.environ.get("LAWGOV_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return user_data_dir()


def user_data_dir() -> Path:
    """The platform's per-user data folder: the one folder the desktop program makes a
    ledger in without asking (README 数据安全)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite, or is cut short, before sqlite3 gets to touch it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(100)
    if header[:16] != SQLITE_HEADER:
        raise LedgerDamagedError(
            f"“{path}”不是有效的台账文件（文件头不符，可能已损坏或被其他程序覆盖）。"
            "文件未被改动；请从备份恢复，或另选台账文件。"
        )
    problem = filecheck.header_problem(path, header)
    if problem:
        raise LedgerDamagedError(
            f"台账文件“{path}”已损坏（{problem}）。文件未被改动；请从备份恢复，或另选台账文件。"
        )


def guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn SQLite's failures in a reading method into the LedgerError a user can act on
    (damaged, in use, disk full, read-only, I/O): a flipped bit in a record is reported as
    damage, never a traceback, wherever the first read happens to hit it."""

    @functools.wraps(method)
    def wrapper(self: Database, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            translated = self._translate(exc)
            if translated is exc:
                raise
            raise translated from exc

    return wrapper


def require_ledger(folder: Path) -> None:
    """NoLedgerError unless `folder` holds a ledger (a mistyped --data-dir must not silently
    get an empty one)."""
    if not (folder / LEDGER_FILENAME).exists():
        raise NoLedgerError(
            f"文件夹“{folder}”中没有台账（{LEDGER_FILENAME}）。请检查数据文件夹"
            "（--data-dir 或 LAWGOV_DATA_DIR）是否写对；新建台账请用桌面程序、"
            "lawgov demo、lawgov import 或 lawgov restore。"
        )


def folder_writable(path: Path) -> bool:
    """Whether SQLite may write the ledger at `path` and create its -wal/-shm beside it.
    False on a CD, a write-protected stick or a read-only mount (also for root)."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _read_only_uri(path: Path, immutable: bool) -> str:
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


class Database:
    """An open ledger. Use `Database.open(data_dir)`; close it (or use `with`).

    `read_only`: open with SQLite's `mode=ro` (and `immutable` when not even the -shm file can
    be created), for a ledger on a CD or a write-protected stick: reading, exporting and
    backing up elsewhere work; any write says the folder is read-only.
    """

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._closed = False
        # Changes SQLite counts that wrote nothing (FTS5's integrity check is an INSERT that is
        # rolled back): they must not make close() run PRAGMA optimize, which may write.
        self.uncounted_changes = 0
        check_header(self.path)
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        conn.execute("PRAGMA recursive_triggers = on")  # as sqlite_utils.Database(conn) set it
        self.conn = conn
        self.ledgers: dict[str, LedgerTable] = {}
        try:
            self._prepare()
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            conn.close()
            raise self._translate(exc) from exc
        except BaseException:
            conn.close()
            raise

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite_utils over the same connection, made (and the package imported, ~50 ms)
        only when something needs it: migrations, a schema change, a nested transaction."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def _connect(self) -> sqlite3.Connection:
        if not self.read_only:
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        conn = sqlite3.connect(_read_only_uri(self.path, False), uri=True,
                               timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            conn.close()
            if primary_code(exc) != sqlite3.SQLITE_CANTOPEN:
                raise
        # A WAL ledger whose -shm cannot be created (read-only medium): read the main file
        # as it is, promising SQLite nobody changes it meanwhile. Not when a -wal file holds
        # changes not yet in the main file: those would be silently missing.
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            raise LedgerReadOnlyError(
                f"台账“{self.path}”所在的文件夹是只读的，而最近的修改还在“{wal.name}”文件中，"
                "只读时无法读取。请把整个文件夹（连同 -wal 文件）复制到可写的位置后再打开。"
            )
        return sqlite3.connect(_read_only_uri(self.path, True), uri=True,
                               check_same_thread=False)

    @classmethod
    def open(
        cls,
        data_dir: Path | str | None = None,
        *,
        create: bool = True,
        read_only: bool | None = None,
    ) -> Database:
        """The ledger in `data_dir` (default: default_data_dir()).

        `create=False` refuses a folder without a ledger (a mistyped --data-dir must not
        silently get an empty one). `read_only=None` opens read-only exactly when the folder
        or the file cannot be written.
        """
        folder = Path(data_dir) if data_dir else default_data_dir()
        path = folder / LEDGER_FILENAME
        if not path.exists():
            if not create:
                require_ledger(folder)
            try:
                private_mkdir(folder)
                create_private_file(path)
            except FileExistsError:
                pass
            except OSError as exc:
                from .errors import translate_os_error

                raise translate_os_error(exc, folder, "新建台账") from exc
        if read_only is None:
            read_only = not folder_writable(path)
        return cls(path, read_only=read_only)

    def _prepare(self) -> None:
        self.conn.execute("PRAGMA foreign_keys = ON")
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.SCHEMA_VERSION:
            raise self._newer_error()
        unknown = set(schema.applied_names(self.conn)) - set(schema.KNOWN_MIGRATIONS)
        if unknown:
            raise self._newer_error()
        pending = schema.pending_names(self.conn)
        if pending and self._has_foreign_tables():
            raise LedgerDamagedError(
                f"“{self.path}”是一个 SQLite 数据库，但不是本程序的台账，未做任何改动。"
            )
        if self.read_only:
            self._prepare_read_only(bool(pending))
        else:
            self._prepare_writable(bool(pending))
        for key in ledger_keys():
            self.ledgers[key] = LedgerTable(self, get_ledger(key))

    def _prepare_writable(self, pending: bool) -> None:
        # Only now, with the file known to be ours, may anything be written to it.
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            with self.db.ensure_autocommit_on():
                self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        if pending:
            schema.migrations.apply(self.db)
            with self.transaction():
                self.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        # A deferred transaction: it takes the write lock only if forms/ gained a field or a
        # choice list is new, so opening for a read never waits for (or blocks) a writer.
        with self._deferred():
            if not schema.columns_in_sync(self.conn):
                schema.sync_columns(self.db)
            self._seed_choices()

    def _prepare_read_only(self, pending: bool) -> None:
        upgrade = LedgerReadOnlyError(
            f"台账“{self.path}”所在的文件夹是只读的，而这个台账需要先升级到本版本才能读取。"
            "请把台账复制到可写的文件夹后再打开（原文件不会被改动）。"
        )
        if pending:
            raise upgrade
        try:
            with self._deferred():
                if not schema.columns_in_sync(self.conn):
                    schema.sync_columns(self.db)
                self._seed_choices()
        except sqlite3.Error as exc:
            if primary_code(exc) == sqlite3.SQLITE_READONLY:
                raise upgrade from exc
            raise

    @contextlib.contextmanager
    def _deferred(self) -> Iterator[None]:
        """A transaction that is read-only unless a statement in it writes."""
        self.conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def _newer_error(self) -> NewerSchemaError:
        return NewerSchemaError(
            f"台账“{self.path}”由更新版本的程序写入，本版本无法安全打开。请升级程序后再打开；"
            "文件未被改动。"
        )

    def _has_foreign_tables(self) -> bool:
        names = set(self.db.table_names())
        return bool(names - {schema.MIGRATIONS_TABLE}) and "cases" not in names

    def _translate(self, exc: BaseException) -> BaseException:
        return classify(exc, self.path) or exc

    def close(self) -> None:
        # Refresh the planner's statistics where this session's queries showed a need;
        # analysis_limit keeps it to milliseconds even on a large ledger. Never wait for a
        # writer to do so (busy_timeout 0): it is an optimisation, not worth a delay.
        if self._closed:
            return
        self._closed = True
        # Only after this connection wrote: a reading command leaves the file byte-identical.
        if not self.read_only and self.conn.total_changes > self.uncounted_changes:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA busy_timeout = 0")
                self.conn.execute("PRAGMA analysis_limit = 400")
                self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write. Nested uses become savepoints of the outer one.

        BEGIN IMMEDIATE takes the write lock up front, so a second writer waits (then gets a
        clear "locked" message) instead of failing halfway through.
        """
        try:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            translated = self._translate(exc)
            if translated is exc:
                raise
            raise translated from exc

    def analyze(self) -> None:
        """Refresh the query planner's statistics, after a bulk load (demo, import)."""
        self.conn.execute("PRAGMA analysis_limit = 400")
        self.conn.execute("ANALYZE")
        if self.conn.in_transaction:
            self.conn.commit()

    def ledger(self, key: str) -> LedgerTable:
        get_ledger(key)  # raises the Chinese "未知台账" error
        return self.ledgers[key]

    @guarded
    def is_empty(self) -> bool:
        return all(t.count() == 0 for t in self.ledgers.values())

    # -- settings -------------------------------------------------------------------------

    @guarded
    def get_setting(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row:
            return str(row[0])
        known = setting_def(key)
        return known.default if known else ""

    def set_setting(self, key: str, value: str) -> str:
        """Store a known setting after checking it; returns the stored text."""
        known = setting_def(key)
        if known is None:
            raise LedgerError(f"未知设置项“{key}”，可用：{'、'.join(SETTINGS)}"
                              "，以及 inspection_cap.<执法领域>")
        try:
            stored = known.parse(value)
        except ValueError as exc:
            raise LedgerError(str(exc)) from None
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, stored],
            )
        return stored

    def deadline_limits(self) -> dict[str, int]:
        return {r.setting_key: int(self.get_setting(r.setting_key)) for r in RULES}

    # -- editable choice lists ------------------------------------------------------------

    def _seed_choices(self) -> None:
        for ledger in load_ledgers().values():
            for f in ledger.fields:
                if not f.editable_choices or f.choices_from:
                    continue
                seeded = self.conn.execute(
                    "SELECT 1 FROM choice_lists WHERE ledger = ? AND field = ? LIMIT 1",
                    [ledger.key, f.key],
                ).fetchone()
                if not seeded:
                    self.conn.executemany(
                        "INSERT INTO choice_lists (ledger, field, position, value) "
                        "VALUES (?, ?, ?, ?)",
                        [(ledger.key, f.key, i, v) for i, v in enumerate(f.choices)],
                    )

    @guarded
    def choices(self, ledger: str, field: str) -> list[str]:
        fdef = get_ledger(ledger).field(field)
        if not fdef.editable_choices:
            return list(fdef.choices)
        if fdef.choices_from:
            return self.choices(*fdef.choices_from.split(".", 1))
        rows = self.conn.execute(
            "SELECT value FROM choice_lists WHERE ledger = ? AND field = ? ORDER BY position",
            [ledger, field],
        ).fetchall()
        return [r[0] for r in rows]

    def set_choices(self, ledger: str, field: str, values: Sequence[str]) -> None:
        fdef = get_ledger(ledger).field(field)
        if not fdef.editable_choices:
            raise LedgerError(f"“{fdef.label}”的选项是固定的，不能修改")
        if fdef.choices_from:
            self.set_choices(*fdef.choices_from.split(".", 1), values)
            return
        cleaned = list(dict.fromkeys(v.strip() for v in values if v.strip()))
        if not cleaned:
            raise LedgerError(f"“{fdef.label}”至少需要一个选项")
        with self.transaction() as conn:
            conn.execute("DELETE FROM choice_lists WHERE ledger = ? AND field = ?", [ledger, field])
            conn.executemany(
                "INSERT INTO choice_lists (ledger, field, position, value) VALUES (?, ?, ?, ?)",
                [(ledger, field, i, v) for i, v in enumerate(cleaned)],
            )

    @guarded
    def choice_map(self, ledger: str) -> dict[str, list[str]]:
        """Current choice lists of a ledger's choice fields, for validation."""
        return {
            f.key: self.choices(ledger, f.key)
            for f in get_ledger(ledger).fields
            if f.editable_choices
        }

    # -- remembered import mappings -------------------------------------------------------

    @guarded
    def import_mappings(self, ledger: str) -> dict[str, str]:
        """Excel header → field key the user chose in the import wizard ("" = 不导入)."""
        rows = self.conn.execute(
            "SELECT header, field FROM import_mappings WHERE ledger = ?", [ledger]).fetchall()
        return {h: f for h, f in rows}

    def remember_import_mappings(self, ledger: str, mappings: dict[str, str]) -> None:
        definition = get_ledger(ledger)
        with self.transaction() as conn:
            for header, key in mappings.items():
                if key and not definition.has_field(key):
                    raise LedgerError(f"{definition.label}没有字段“{key}”")
                conn.execute(
                    "INSERT INTO import_mappings (ledger, header, field) VALUES (?, ?, ?) "
                    "ON CONFLICT(ledger, header) DO UPDATE SET field = excluded.field",
                    [ledger, header, key])

    # -- holidays and deadlines -----------------------------------------------------------

    @guarded
    def holidays(self) -> dict[dt.date, bool]:
        rows = self.conn.execute("SELECT day, workday FROM holidays ORDER BY day").fetchall()
        days: dict[dt.date, bool] = {}
        for d, w in rows:
            with contextlib.suppress(TypeError, ValueError):  # a stored non-date: ignored
                days[dt.date.fromisoformat(d)] = bool(w)
        return days

    def set_holiday(self, day: dt.date, workday: bool, note: str = "") -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO holidays (day, workday, note) VALUES (?, ?, ?) ON CONFLICT(day) "
                "DO UPDATE SET workday = excluded.workday, note = excluded.note",
                [day.isoformat(), int(workday), note],
            )

    def remove_holiday(self, day: dt.date) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM holidays WHERE day = ?", [day.isoformat()])

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.holidays())

    @guarded
    def deadlines(
        self,
        within_days: int | None = None,
        today: dt.date | None = None,
        calendar: WorkCalendar | None = None,
    ) -> list[Deadline]:
        """Open legal deadlines, soonest first; only those due within `within_days` if given."""
        today = today or dt.date.today()
        calendar = calendar or self.calendar()
        limits = self.deadline_limits()
        found: list[Deadline] = []
        for rule in RULES:
            table = self.ledgers[rule.ledger]
            where, params = rule.sql_where()
            title_field = table.definition.title_field
            sql = (
                f"SELECT id, [{rule.start_field}], [{title_field}] FROM [{rule.ledger}] "
                f"WHERE {where}"
            )
            for rid, start, title in self.conn.execute(sql, params):
                record = {"id": rid, rule.start_field: start}
                deadline = find_deadline(rule, record, title or "", limits, calendar, today)
                if deadline is None:  # a stored date too far out to compute (9999-12-31)
                    continue
                if within_days is None or deadline.days_left <= within_days:
                    found.append(deadline)
        found += self._certificate_reminders(today, within_days)
        found.sort(key=lambda d: (d.due_on, d.rule.id, d.title))
        return found

    def _certificate_reminders(self, today: dt.date, within: int | None) -> list[Deadline]:
        """执法证 expiring within certificate_warn_days, or expired (DOMAIN.md §9)."""
        cols = ", ".join(officer_reminders.FIELDS)
        rows = self.conn.execute(f"SELECT {cols} FROM officers WHERE deleted_at IS NULL "
                                 "AND cert_expires_on IS NOT NULL")
        officers = [dict(zip(officer_reminders.FIELDS, r, strict=True)) for r in rows]
        warn = officer_reminders.warn_days(self.get_setting("certificate_warn_days"))
        return officer_reminders.certificate_reminders(officers, today, warn, within)

    # -- statistics -----------------------------------------------------------------------

    @guarded
    def stats(self, year: int) -> dict[str, Any]:
        """Every indicator of DOMAIN.md §3 for `year` (see domain/indicators.py)."""
        self.install_review_functions()
        return indicators.compute(
            lambda sql, p: self.conn.execute(sql, p).fetchone(), year,
            rows=lambda sql, p: self.conn.execute(sql, p).fetchall(),
            today=dt.date.today(), setting=self.get_setting,
            counted=lambda y: inspections.year_counts(self, y))

    def install_review_functions(self) -> None:
        """The SQL function the 报备 indicators count with: the same due date as the
        reminder (domain/review_rules.py), from this ledger's setting and holidays."""
        from ..domain import review_rules

        days = int(self.get_setting(review_rules.FILING_SETTING))
        due = review_rules.filing_due_function(days, self.calendar())
        self.conn.create_function(review_rules.FILING_DUE_SQL, 1, due, deterministic=True)

    @guarded
    def years(self) -> list[int]:
        """Years that have any record or fact of the year (year_facts), newest first."""
        # Each register's year column is walked through its index, one row per year
        # (storage/skipscan.py), not read in full: this list is filled at every start.
        prefixes: set[Any] = set()
        for k, t in self.ledgers.items():
            if t.definition.by_year:
                prefixes |= distinct_prefixes(self.conn, k, t.definition.year_field, 4,
                                              "deleted_at IS NULL")
        rows = self.conn.execute(
            "SELECT DISTINCT CAST(year AS TEXT) FROM year_facts WHERE value IS NOT NULL")
        prefixes.update(r[0] for r in rows)
        years = {int(p) for p in prefixes if p and str(p).isdigit()}
        return sorted((y for y in years if y in YEARS_SHOWN), reverse=True)

    # -- integrity (storage/integrity.py) --------------------------------------------------

    def quick_check(self) -> list[str]:
        """SQLite's quick check: empty when sound (see integrity.quick_check)."""
        return integrity.quick_check(self)

    def integrity_problems(self) -> list[str]:
        """Empty when the file is sound; else the findings, in Chinese (see integrity.full_check).
        Raises the LedgerError of a failure that is not damage (busy, disk, I/O)."""
        return integrity.full_check(self)
