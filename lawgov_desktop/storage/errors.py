"""Errors a user can act on, each with a Chinese message, as opposed to bugs.

The storage layer translates sqlite3's exceptions into these at its boundary, so the CLI and
the GUI show a sentence instead of a traceback (the split qutebrowser's misc/sql.py makes).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..domain.validation import Problem

T = TypeVar("T")


class LedgerError(Exception):
    """Base of every error the user can do something about. str() is the Chinese message."""


class LedgerLockedError(LedgerError):
    pass


class LedgerReadOnlyError(LedgerError):
    pass


class DiskFullError(LedgerError):
    pass


class LedgerDamagedError(LedgerError):
    pass


class NewerSchemaError(LedgerError):
    pass


class LedgerInUseError(LedgerError):
    """Another program (the GUI, a CLI command) holds the data folder's lock (storage/lock.py)."""


class DuplicateError(LedgerError):
    pass


class NotFoundError(LedgerError):
    pass


class ValidationError(LedgerError):
    """A record has errors; `problems` lists all of them, by field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("；".join(str(p) for p in self.problems if p.severity == "error"))


class LedgerIOError(LedgerError):
    """The disk or the device failed to read or write (a removed USB stick, a bad sector)."""


class NoLedgerError(LedgerError):
    """The data folder has no ledger, and the command does not create one."""


# Primary result codes (the low byte of `sqlite_errorcode`), as in sqlite3.h.
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_FULL = {sqlite3.SQLITE_FULL}
_DAMAGE = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_FORMAT}
_CANNOT = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM,
           sqlite3.SQLITE_AUTH}
_IOERR_SHORT_READ = 522  # the file ends before a page it points to: cut short
# Below this much free space an I/O error (e.g. no room to grow the -shm file) is a full disk.
LOW_SPACE_BYTES = 1024 * 1024


def primary_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of `exc` (SQLITE_BUSY, SQLITE_CORRUPT …), or None when the
    error did not come from SQLite (Python's own, or raised by a test)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _folder(path: object) -> Path:
    p = Path(str(path))
    return p if p.is_dir() else p.parent


def _disk_nearly_full(path: object) -> bool:
    folder = _folder(path)
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free < LOW_SPACE_BYTES
        except OSError:
            continue
    return False


def damaged_error(path: object, detail: str = "") -> LedgerDamagedError:
    extra = f"（{detail}）" if detail else ""
    return LedgerDamagedError(
        f"台账文件已损坏或不是本程序的台账（{path}）{extra}。文件未被改动；请从备份恢复。"
    )


def in_use_error(path: object) -> LedgerLockedError:
    return LedgerLockedError(
        f"台账文件正被其他程序占用（{path}），请稍后重试，或关闭其他正在使用它的程序后重试。"
    )


def disk_full_error(path: object, doing: str = "保存") -> DiskFullError:
    return DiskFullError(
        f"磁盘空间已满，未能{doing}（{path}）。请清理“{_folder(path)}”所在的磁盘后重试。"
    )


def is_undecodable(exc: BaseException) -> bool:
    """Python's own error for TEXT that is not UTF-8 (a flipped bit in a record)."""
    return isinstance(exc, UnicodeDecodeError) or (
        isinstance(exc, sqlite3.Error) and "could not decode" in str(exc).lower())


def classify(exc: BaseException, path: object) -> LedgerError | None:
    """The user-facing error for a failure reading or writing the ledger at `path`, or None
    when it is a bug. Decided by SQLite's result code, never by exception class: a busy ledger
    and a full disk raise OperationalError, a subclass of DatabaseError, like a damaged file."""
    if isinstance(exc, LedgerError):
        return exc
    if is_undecodable(exc):
        return damaged_error(path, "记录中有无法识别的文字")
    if isinstance(exc, OSError):
        return translate_os_error(exc, path, "读写台账")
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = primary_code(exc)
    if primary is None:  # raised by Python or a test, not SQLite: go by the text
        return _by_text(exc, path)
    if primary in _BUSY:
        return in_use_error(path)
    if primary in _FULL:
        return disk_full_error(path)
    if primary in _DAMAGE or code == _IOERR_SHORT_READ:
        return damaged_error(path)
    if primary == sqlite3.SQLITE_READONLY:
        return LedgerReadOnlyError(
            f"台账文件或所在文件夹是只读的，无法保存（{path}）。请检查文件夹权限。"
        )
    if primary in _CANNOT:
        return LedgerReadOnlyError(f"无法打开台账文件（{path}），请检查路径和权限。")
    if primary == sqlite3.SQLITE_IOERR:
        if _disk_nearly_full(path):
            return disk_full_error(path)
        return LedgerIOError(
            f"读写台账文件时磁盘出错（{path}）。请检查磁盘或U盘是否已拔出、是否有坏道，然后重试；"
            "如再次出现，请先备份台账。"
        )
    return None


def _by_text(exc: sqlite3.Error, path: object) -> LedgerError | None:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return in_use_error(path)
    if "readonly" in text or "read-only" in text:
        return LedgerReadOnlyError(
            f"台账文件或所在文件夹是只读的，无法保存（{path}）。请检查文件夹权限。"
        )
    if "disk is full" in text:
        return disk_full_error(path)
    if "not a database" in text or "malformed" in text:
        return damaged_error(path)
    if "disk i/o" in text:
        return disk_full_error(path) if _disk_nearly_full(path) else LedgerIOError(
            f"读写台账文件时磁盘出错（{path}）。请检查磁盘后重试。")
    if "unable to open" in text:
        return LedgerReadOnlyError(f"无法打开台账文件（{path}），请检查路径和权限。")
    return None


@contextlib.contextmanager
def ledger_errors(path: object) -> Iterator[None]:
    """`with ledger_errors(db.path):` around a long read (an export) that queries the ledger
    directly: SQLite's failures leave it as the LedgerError a user can act on."""
    try:
        yield
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        error = classify(exc, path)
        if error is None:
            raise
        raise error from exc


def reads_ledger(func: Callable[..., T]) -> Callable[..., T]:
    """Decorator for a function whose first argument is an open Database: `ledger_errors`
    around all of it."""

    @functools.wraps(func)
    def wrapper(db: Any, *args: Any, **kwargs: Any) -> T:
        with ledger_errors(db.path):
            return func(db, *args, **kwargs)

    return wrapper


def translate(exc: BaseException, path: object) -> LedgerError | None:
    """Kept for callers of the first version: the same as `classify`."""
    return classify(exc, path)


# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (another program has the file open).
_WINDOWS_SHARING = {32, 33}


def translate_os_error(exc: OSError, path: object, doing: str = "保存") -> LedgerError:
    """The user-facing error for a failed file operation (copy, rename, fsync) on `path`."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return disk_full_error(path, doing)
    if getattr(exc, "winerror", None) in _WINDOWS_SHARING or exc.errno == errno.EBUSY:
        return LedgerLockedError(
            f"文件正被其他程序占用（{path}），未能{doing}。请关闭其他正在使用它的程序后重试。"
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return LedgerReadOnlyError(
            f"文件或所在文件夹是只读的或没有权限，未能{doing}（{path}）。请检查文件夹权限。"
        )
    if exc.errno == errno.ENOENT:
        return LedgerError(f"找不到文件或文件夹（{path}），未能{doing}。")
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # a file where a folder must be made
        return LedgerError(f"路径中有同名的文件，无法在那里建立文件夹（{path}），未能{doing}。"
                           "请换一个保存位置。")
    return LedgerError(f"未能{doing}（{path}）：{exc.strerror or exc}")
