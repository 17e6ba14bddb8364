"""Temporary files of killed programs, cleaned at the next start.

A backup, restore or merge works on a hidden full-size file named with its process id:
`.restore-PID.sqlite3` and `.merge-PID.sqlite3` in the data folder, `.NAME.PID.tmp` in the
backup folder (and drafts/). They are removed when the work ends, but a SIGKILL or a power cut
leaves them behind (82 MB for the large demo ledger). `clean_stale` removes those whose process
is gone; a file of a program still running (a backup in another window) is left alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path

_SIDE = r"(?:-wal|-shm|-journal)?"
DATA_DIR_PATTERN = re.compile(rf"^\.(?:merge|restore)-(\d+)\.sqlite3{_SIDE}$")
TMP_PATTERN = re.compile(rf"^\..+\.(\d+)\.tmp{_SIDE}$")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (a reused id counts as running: never guess)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, it is someone else's
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _stale_in(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for p in entries:
        m = pattern.match(p.name)
        if m and p.is_file() and not p.is_symlink() and not pid_alive(int(m.group(1))):
            found.append(p)
    return found


def stale_files(data_dir: Path | str) -> list[Path]:
    """Leftovers of dead processes in the data folder, its backup folders and drafts/."""
    from .backup import backup_folder, default_backup_folder

    data_dir = Path(data_dir)
    found = _stale_in(data_dir, DATA_DIR_PATTERN)
    folders = dict.fromkeys([default_backup_folder(data_dir), backup_folder(data_dir),
                             data_dir / "drafts"])
    for folder in folders:
        found += _stale_in(folder, TMP_PATTERN)
    return found


def clean_stale(data_dir: Path | str) -> list[Path]:
    """Remove what `stale_files` finds; returns what was removed. Never raises."""
    removed = []
    try:
        candidates = stale_files(data_dir)
    except OSError:
        return []
    for p in candidates:
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed
