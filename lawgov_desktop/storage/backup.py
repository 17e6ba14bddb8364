"""Backups of the ledger: taken with SQLite's online backup API, verified, rotated, restored.

- `backup_to(db, path)`: a consistent copy while the ledger stays open (the GUI may keep
  writing), written to a temporary file beside the target, switched to a single self-contained
  file (journal_mode DELETE), verified (integrity check + our tables), fsync'ed, then renamed
  into place: a backup file is either complete and checked, or absent.
- `auto_backup(db)`: at most one per day, `backups/ledger-YYYY-MM-DD.sqlite3` beside the ledger
  (or in the `backup_dir` setting's folder); keeps the newest 30 daily copies plus the newest
  copy of each of the last 12 months. The GUI calls it on exit.
- `list_backups(data_dir)`: every backup with its date, size and live record counts (or why it
  cannot be restored); `newest_good_backup(data_dir)` for the damaged-ledger dialog.
- `restore_from(data_dir, file)`: refuses a damaged, foreign or newer file (which is only ever
  read, never opened in place); backs up the current ledger first (or, when it is damaged,
  moves it aside as `ledger.sqlite3.damaged-<stamp>`: never deleted); then replaces it
  atomically. An older backup is upgraded to the current schema on the way in.

Nothing here imports Qt. Errors are LedgerErrors with Chinese messages (disk full, read-only,
locked, damaged, newer version, in use by another program).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.ledgers import get_ledger, ledger_keys
from . import schema
from .atomic import create_private_file, private_mkdir
from .database import LEDGER_FILENAME, Database, check_header
from .errors import (
    LedgerDamagedError,
    LedgerError,
    NewerSchemaError,
    translate,
    translate_os_error,
)
from .lock import LedgerLock

BACKUP_DIRNAME = "backups"
POINTER_FILENAME = "backup-folder.txt"  # where backups go when `backup_dir` is set
KEEP_DAILY = 30
KEEP_MONTHLY = 12
DAILY_RE = re.compile(r"^ledger-(\d{4}-\d{2}-\d{2})\.sqlite3$")
STAMPED_RE = re.compile(
    r"^ledger-(\d{4}-\d{2}-\d{2})-(\d{6})(?:-([a-z]+(?:-[a-z]+)*))?(?:-\d+)?\.sqlite3$"
)
KIND_LABELS = {
    "daily": "每日自动备份",
    "manual": "手动备份",
    "before-restore": "恢复前的台账",
    "before-merge": "合并前的台账",
    "file": "备份文件",
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the settings page lists it."""

    path: Path
    taken_at: dt.datetime
    size: int
    kind: str  # a KIND_LABELS key
    counts: dict[str, int] = field(default_factory=dict)  # ledger key → live records
    error: str | None = None  # why it cannot be restored; None when it looks sound

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        """One line in Chinese: date, kind and counts (or the problem)."""
        when = self.taken_at.strftime("%Y-%m-%d %H:%M")
        label = KIND_LABELS.get(self.kind, self.kind)
        if self.error:
            return f"{when}  {label}  不可用：{self.error}"
        counts = "，".join(f"{get_ledger(k).label} {n} 条" for k, n in self.counts.items())
        return f"{when}  {label}  {counts}"


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo  # what the ledger now holds (counts after any upgrade)
    previous: Path | None  # backup of the former ledger, or the damaged file moved aside
    previous_damaged: bool = False


# -- folders and names --------------------------------------------------------------------


def default_backup_folder(data_dir: Path | str) -> Path:
    return Path(data_dir) / BACKUP_DIRNAME


def backup_folder(data_dir: Path | str, db: Database | None = None) -> Path:
    """The `backup_dir` setting (relative to the data folder) if set, else `<data_dir>/backups`.

    Without an open ledger (it may be damaged) the folder last used is read from a small
    pointer file in the data folder, which every backup keeps up to date.
    """
    data_dir = Path(data_dir)
    configured = ""
    if db is not None:
        configured = db.get_setting("backup_dir").strip()
    else:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            configured = (data_dir / POINTER_FILENAME).read_text(encoding="utf-8").strip()
    if not configured:
        return default_backup_folder(data_dir)
    folder = Path(configured).expanduser()
    return folder if folder.is_absolute() else data_dir / folder


def _remember_folder(data_dir: Path, folder: Path) -> None:
    pointer = data_dir / POINTER_FILENAME
    with contextlib.suppress(OSError):
        if folder == default_backup_folder(data_dir):
            pointer.unlink(missing_ok=True)
        else:
            pointer.write_text(str(folder), encoding="utf-8")


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S")


def stamped_name(kind: str, now: dt.datetime | None = None) -> str:
    return f"ledger-{_stamp(now)}-{kind}.sqlite3"


def daily_name(day: dt.date) -> str:
    return f"ledger-{day.isoformat()}.sqlite3"


def _kind_and_time(path: Path) -> tuple[str, dt.datetime]:
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime)
    m = DAILY_RE.match(path.name)
    if m:
        day = dt.date.fromisoformat(m.group(1))
        taken = mtime if mtime.date() == day else dt.datetime.combine(day, dt.time())
        return "daily", taken
    m = STAMPED_RE.match(path.name)
    if m:
        taken = dt.datetime.strptime(f"{m.group(1)}-{m.group(2)}", "%Y-%m-%d-%H%M%S")
        return m.group(3) or "manual", taken
    return "file", mtime


# -- file helpers -------------------------------------------------------------------------


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to sync; its renames are journaled
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def _remove_quietly(path: Path) -> None:
    for p in (path, *_sidecars(path)):
        with contextlib.suppress(OSError):
            p.unlink()


def _read_only_uri(path: Path, immutable: bool = False) -> str:
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def _schema_problem(conn: sqlite3.Connection, allow_newer: bool = False) -> str | None:
    """Why `conn` is not one of our ledgers at a version we can read, or None."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    names = set(schema.applied_names(conn))
    newer = version > schema.SCHEMA_VERSION or names - set(schema.KNOWN_MIGRATIONS)
    if newer and not allow_newer:
        return "由更新版本的程序写入，请升级程序后再使用"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    # A backup made before forms/ gained a register lacks its table; opening it adds one.
    if not set(ledger_keys()) & tables or "settings" not in tables:
        return "不是本程序的台账"
    return None


def _integrity(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
    return [r[0] for r in rows if r[0] != "ok"]


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        k: int(conn.execute(f"SELECT count(*) FROM [{k}] WHERE deleted_at IS NULL").fetchone()[0])
        if k in tables else 0
        for k in ledger_keys()
    }


def inspect_backup(path: Path | str, full_check: bool = False) -> BackupInfo:
    """Date, size and counts of a backup file, read without changing a byte of it.

    `full_check` adds SQLite's integrity check (every backup was checked when written;
    the list does not repeat it, `newest_good_backup` does).
    """
    path = Path(path)
    kind, taken = _kind_and_time(path)
    size = path.stat().st_size

    def info(error: str | None, counts: dict[str, int] | None = None) -> BackupInfo:
        return BackupInfo(path, taken, size, kind, counts or {}, error)

    try:
        check_header(path)
    except LedgerDamagedError:
        return info("文件已损坏或不是台账文件")
    if size == 0:
        return info("文件是空的")
    try:
        conn = sqlite3.connect(_read_only_uri(path, immutable=True), uri=True)
    except sqlite3.Error as exc:
        return info(f"无法打开（{exc}）")
    try:
        problem = _schema_problem(conn)
        if problem:
            return info(problem)
        if full_check:
            problems = _integrity(conn)
            if problems:
                return info("文件已损坏（" + "；".join(problems[:3]) + "）")
        return info(None, _counts(conn))
    except sqlite3.DatabaseError as exc:
        return info(f"文件已损坏（{exc}）")
    finally:
        conn.close()


# -- writing backups ----------------------------------------------------------------------


def _copy_database(
    source: sqlite3.Connection, dest: Path, what: Path, allow_newer: bool = False
) -> dict[str, int]:
    """Online-backup `source` into a new file `dest`, make it self-contained, verify it."""
    create_private_file(dest)  # owner-only, like the ledger; SQLite fills the empty file
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        problem = _schema_problem(target, allow_newer)
        if problem:
            raise LedgerDamagedError(f"台账“{what}”{problem}，未备份。")
        problems = _integrity(target)
        if problems:
            raise LedgerDamagedError(
                f"台账“{what}”已损坏，备份未通过完整性检查（{'；'.join(problems[:3])}）。"
            )
        return _counts(target)
    finally:
        target.close()


def _write_backup(
    source: sqlite3.Connection, path: Path, what: Path, allow_newer: bool = False
) -> BackupInfo:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        private_mkdir(path.parent)
        _remove_quietly(tmp)
        counts = _copy_database(source, tmp, what, allow_newer)
        _fsync_file(tmp)
        os.replace(tmp, path)  # a symlink named `path` is replaced, not followed
        _fsync_dir(path.parent)
    except sqlite3.Error as exc:
        error = translate(exc, path)
        if error is None:
            raise
        raise error from exc
    except OSError as exc:
        raise translate_os_error(exc, path, "写入备份") from exc
    finally:
        _remove_quietly(tmp)
    kind, taken = _kind_and_time(path)
    return BackupInfo(path, taken, path.stat().st_size, kind, counts)


def backup_to(db: Database, path: Path | str) -> BackupInfo:
    """A verified copy of the open ledger at `path` (replaced if it exists)."""
    return _write_backup(db.conn, Path(path), db.path)


def backup_now(db: Database, kind: str = "manual") -> BackupInfo:
    """A stamped backup in the backup folder (`ledger-2026-11-23-103200-manual.sqlite3`)."""
    folder = backup_folder(db.path.parent, db)
    info = backup_to(db, _unused(folder / stamped_name(kind)))
    _remember_folder(db.path.parent, folder)
    return info


def _unused(path: Path) -> Path:
    """`path`, or `path` with -2, -3… before the suffix when a backup of that second exists."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def auto_backup(db: Database, today: dt.date | None = None) -> BackupInfo | None:
    """Today's backup unless there already is one; then prune old ones. None when skipped."""
    today = today or dt.date.today()
    folder = backup_folder(db.path.parent, db)
    path = folder / daily_name(today)
    made = None
    if not path.exists():
        made = backup_to(db, path)
        _remember_folder(db.path.parent, folder)
    prune(folder)
    return made


def retained(
    days: list[dt.date], keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY
) -> set[dt.date]:
    """Which daily backups to keep: the newest `keep_daily`, and the newest of each of the
    newest `keep_monthly` months."""
    newest_first = sorted(set(days), reverse=True)
    keep = set(newest_first[:keep_daily])
    months: dict[tuple[int, int], dt.date] = {}
    for day in newest_first:
        months.setdefault((day.year, day.month), day)
    keep.update(list(months.values())[:keep_monthly])
    return keep


def prune(
    folder: Path, keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY
) -> list[Path]:
    """Delete daily backups outside the retention; other backups are left alone."""
    try:
        daily = {
            dt.date.fromisoformat(m.group(1)): p
            for p in folder.iterdir()
            if (m := DAILY_RE.match(p.name))
        }
    except (OSError, ValueError):
        return []
    keep = retained(list(daily), keep_daily, keep_monthly)
    removed = []
    for day, path in daily.items():
        if day not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


# -- listing ------------------------------------------------------------------------------


def list_backups(data_dir: Path | str, db: Database | None = None) -> list[BackupInfo]:
    """Every backup in the backup folder (and the default one), newest first."""
    data_dir = Path(data_dir)
    folders = dict.fromkeys([backup_folder(data_dir, db), default_backup_folder(data_dir)])
    found: dict[Path, BackupInfo] = {}
    for folder in folders:
        try:
            paths = [
                p
                for p in folder.iterdir()
                if p.is_file() and p.name.startswith("ledger-") and p.suffix == ".sqlite3"
            ]
        except OSError:
            continue
        for p in paths:
            with contextlib.suppress(OSError):
                found.setdefault(p.resolve(), inspect_backup(p))
    return sorted(found.values(), key=lambda b: (b.taken_at, b.path.name), reverse=True)


def newest_good_backup(data_dir: Path | str, db: Database | None = None) -> BackupInfo | None:
    """The newest backup that passes the full integrity check, for "restore the last good one"."""
    for info in list_backups(data_dir, db):
        if info.ok:
            checked = inspect_backup(info.path, full_check=True)
            if checked.ok:
                return checked
    return None


# -- restoring ----------------------------------------------------------------------------


def prepare_copy(source: Path, copy: Path) -> None:
    """Copy `source` (and its -wal, if any) to `copy` and check the copy: refuses a damaged,
    foreign or newer file with a message naming `source`. The copy is upgraded to the current
    schema and left as one self-contained file; `source` is only read."""
    if not source.is_file():
        raise LedgerError(f"找不到文件“{source}”。")
    try:
        check_header(source)
    except LedgerDamagedError as exc:
        raise LedgerDamagedError(
            f"{exc}".replace("请从备份恢复，或另选台账文件。", "") + "未做任何改动。"
        ) from None
    if source.stat().st_size == 0:
        raise LedgerDamagedError(f"“{source}”是空文件，不是台账，未做任何改动。")
    _remove_quietly(copy)
    try:
        create_private_file(copy)  # the restored ledger keeps this owner-only mode
        shutil.copyfile(source, copy)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file() and wal.stat().st_size:
            create_private_file(copy.with_name(copy.name + "-wal"))
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    except OSError as exc:
        raise translate_os_error(exc, copy, "复制文件") from exc
    try:
        with Database(copy) as candidate:
            problems = candidate.integrity_problems()
    except NewerSchemaError:
        raise NewerSchemaError(
            f"“{source}”由更新版本的程序写入，本版本不能使用它。请先升级程序；未做任何改动。"
        ) from None
    except LedgerDamagedError:
        raise LedgerDamagedError(
            f"“{source}”已损坏或不是本程序的台账文件，未做任何改动。"
        ) from None
    if problems:
        raise LedgerDamagedError(
            f"“{source}”未通过完整性检查（{'；'.join(problems[:3])}），已损坏，未做任何改动。"
        )
    conn = sqlite3.connect(copy)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


@contextlib.contextmanager
def private_copy(source: Path | str, folder: Path, purpose: str) -> Iterator[Path]:
    """A checked copy of `source` in `folder` (see prepare_copy), removed afterwards."""
    copy = Path(folder) / f".{purpose}-{os.getpid()}.sqlite3"
    try:
        private_mkdir(Path(folder))
        prepare_copy(Path(source), copy)
        yield copy
    except sqlite3.Error as exc:
        error = translate(exc, source)
        if error is None:
            raise
        raise error from exc
    finally:
        _remove_quietly(copy)


def _move_aside(ledger: Path, stamp: str) -> Path:
    """Rename a damaged ledger (and its -wal/-shm) out of the way; never delete it."""
    aside = ledger.with_name(f"{ledger.name}.damaged-{stamp}")
    try:
        os.replace(ledger, aside)
        for side in ("-wal", "-shm"):
            src = ledger.with_name(ledger.name + side)
            if src.exists():
                os.replace(src, aside.with_name(aside.name + side))
        _fsync_dir(ledger.parent)
    except OSError as exc:
        raise translate_os_error(exc, ledger, "移开已损坏的台账") from exc
    return aside


def _raise_unless_damage(exc: sqlite3.Error, path: Path) -> None:
    """A busy ledger, a full disk or an I/O error stops the restore with its own message; only
    damage lets the former ledger be moved aside as damaged (by result code, not class)."""
    error = translate(exc, path)
    if error is None:
        raise exc
    if not isinstance(error, LedgerDamagedError):
        raise error from exc


def _set_aside_current(data_dir: Path, ledger: Path, kind: str) -> tuple[Path | None, bool]:
    """Back up the current ledger before it is replaced; move it aside if it is damaged.

    Returns (where the former ledger now is, whether it was damaged). The former ledger is
    read through a read-only connection, so even a damaged one is not changed.
    """
    if not ledger.exists():
        return None, False
    stamp = _stamp()
    if ledger.stat().st_size == 0:
        return _move_aside(ledger, stamp), True
    try:
        check_header(ledger)
        conn = sqlite3.connect(_read_only_uri(ledger), uri=True)
    except LedgerDamagedError:
        return _move_aside(ledger, stamp), True
    except sqlite3.Error as exc:
        _raise_unless_damage(exc, ledger)
        return _move_aside(ledger, stamp), True
    try:
        folder = backup_folder(data_dir)
        # A ledger of a newer version is backed up too (it is sound, just not ours to read).
        saved = _write_backup(conn, _unused(folder / stamped_name(kind)), ledger, allow_newer=True)
    except LedgerDamagedError:
        saved = None
    except sqlite3.Error as exc:
        _raise_unless_damage(exc, ledger)
        saved = None
    finally:
        conn.close()
    if saved is None:
        return _move_aside(ledger, stamp), True
    return saved.path, False


def restore_from(data_dir: Path | str | None, file: Path | str) -> RestoreResult:
    """Replace the ledger in `data_dir` by the backup `file` (see the module docstring).

    Takes the data folder's lock (re-entrant: the GUI, which holds it, may call this). Every
    Database on the ledger must be closed first; reopen it afterwards.
    """
    from .database import default_data_dir

    data_dir = Path(data_dir) if data_dir else default_data_dir()
    source = Path(file)
    ledger = data_dir / LEDGER_FILENAME
    with LedgerLock(data_dir):
        if ledger.exists() and source.exists() and source.resolve() == ledger.resolve():
            raise LedgerError("不能用台账文件本身来恢复，请选择备份文件。")
        with private_copy(source, data_dir, "restore") as copy:
            info = inspect_backup(copy)
            previous, damaged = _set_aside_current(data_dir, ledger, "before-restore")
            try:
                for side in _sidecars(ledger):  # stale, and captured by the backup just made
                    side.unlink(missing_ok=True)
                _fsync_file(copy)
                os.replace(copy, ledger)
                _fsync_dir(data_dir)
            except OSError as exc:
                raise translate_os_error(exc, ledger, "恢复台账") from exc
    kind, taken = _kind_and_time(source)
    restored = BackupInfo(source, taken, ledger.stat().st_size, kind, info.counts)
    return RestoreResult(restored, previous, damaged)
