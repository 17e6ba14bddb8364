"""Errors a user can act on, each with a Chinese message, as opposed to bugs.

The storage layer translates sqlite3's exceptions into these at its boundary, so the CLI and
the GUI show a sentence instead of a traceback (the split qutebrowser's misc/sql.py makes).
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Sequence

from ..domain.validation import Problem


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


def translate(exc: sqlite3.Error, path: object) -> LedgerError | None:
    """The user-facing error for a sqlite3 failure, or None when it is a bug."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return LedgerLockedError(
            f"台账文件正被其他程序占用（{path}），请关闭其他正在使用它的程序后重试。"
        )
    if "readonly" in text or "read-only" in text:
        return LedgerReadOnlyError(
            f"台账文件或所在文件夹是只读的，无法保存（{path}）。请检查文件夹权限。"
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(f"磁盘空间已满，未能保存（{path}）。请清理磁盘后重试。")
    if "not a database" in text or "malformed" in text or "disk i/o" in text:
        return LedgerDamagedError(
            f"台账文件已损坏或不是本程序的台账（{path}）。文件未被改动；请从备份恢复。"
        )
    if "unable to open" in text:
        return LedgerReadOnlyError(f"无法打开台账文件（{path}），请检查路径和权限。")
    return None


# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (another program has the file open).
_WINDOWS_SHARING = {32, 33}


def translate_os_error(exc: OSError, path: object, doing: str = "保存") -> LedgerError:
    """The user-facing error for a failed file operation (copy, rename, fsync) on `path`."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFullError(f"磁盘空间已满，未能{doing}（{path}）。请清理磁盘后重试。")
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
    return LedgerError(f"未能{doing}（{path}）：{exc.strerror or exc}")
