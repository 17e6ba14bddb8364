"""One program per data folder: an OS-level lock on `<data_dir>/ledger.lock`.

The GUI holds the lock for its whole run; the CLI's writing commands (demo, import, config
with a value, restore, merge) hold it while they run; reading commands do not need it (SQLite's
WAL lets them read beside a writer). The lock is the operating system's (flock on Linux,
LockFile on Windows), so it dies with its process: after a crash the next program simply takes
it over, no stale-lock guessing. The file itself only carries the holder's PID, host and start
time for the message "台账正在被另一个程序使用（进程 1234，自 10:32 起）".

Within one process the lock is re-entrant (a count per folder), so the GUI, which holds it,
can call restore or merge, which take it too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .atomic import private_mkdir
from .errors import LedgerInUseError, LedgerReadOnlyError, translate_os_error

LOCK_FILENAME = "ledger.lock"
# Windows locks byte ranges and a locked range cannot be read by others, so the lock is on
# one byte far past the holder's description, which stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 30


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    since: dt.datetime | None
    program: str

    def describe(self) -> str:
        parts = [f"进程 {self.pid}"]
        if self.host and self.host != socket.gethostname():
            parts.append(f"计算机 {self.host}")
        if self.since:
            today = dt.datetime.now(self.since.tzinfo).date()
            fmt = "%H:%M" if self.since.date() == today else "%Y-%m-%d %H:%M"
            parts.append(f"自 {self.since.strftime(fmt)} 起")
        return "，".join(parts)


def read_holder(data_dir: Path | str) -> LockHolder | None:
    """Who wrote the lock file last (the holder while it is locked); None when unknown."""
    try:
        info = json.loads((Path(data_dir) / LOCK_FILENAME).read_text(encoding="utf-8"))
        since = dt.datetime.fromisoformat(info["since"]) if info.get("since") else None
        return LockHolder(
            int(info["pid"]), str(info.get("host", "")), since, str(info.get("program", ""))
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # a file system without locks (some network shares): go on unlocked
        import errno

        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            return True
        raise
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


_held: dict[Path, tuple[int, int]] = {}  # folder → (fd, count) held by this process
_guard = threading.Lock()


class LedgerLock:
    """`with LedgerLock(data_dir):` or `acquire()` … `release()`. Raises LedgerInUseError."""

    def __init__(self, data_dir: Path | str, program: str = "lawgov") -> None:
        self.data_dir = Path(data_dir)
        self.program = program
        self._acquired = False

    @property
    def path(self) -> Path:
        return self.data_dir / LOCK_FILENAME

    @property
    def held(self) -> bool:
        return self._acquired

    def _key(self) -> Path:
        return self.data_dir.resolve()

    def acquire(self) -> LedgerLock:
        if self._acquired:
            return self
        with _guard:
            key = self._key()
            if key in _held:
                fd, count = _held[key]
                _held[key] = (fd, count + 1)
                self._acquired = True
                return self
            try:
                private_mkdir(self.data_dir)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                error = translate_os_error(exc, self.path, "锁定台账")
                if isinstance(error, LedgerReadOnlyError):
                    raise LedgerReadOnlyError(
                        f"数据文件夹“{self.data_dir}”是只读的，无法修改台账。请检查文件夹权限。"
                    ) from exc
                raise error from exc
            try:
                locked = _try_lock(fd)
            except OSError as exc:
                os.close(fd)
                raise translate_os_error(exc, self.path, "锁定台账") from exc
            if not locked:
                os.close(fd)
                raise self._in_use_error()
            self._write_holder(fd)
            _held[key] = (fd, 1)
            self._acquired = True
            return self

    def _write_holder(self, fd: int) -> None:
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "program": self.program,
            "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        data = json.dumps(info, ensure_ascii=False).encode("utf-8")
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
            os.ftruncate(fd, len(data))
        except OSError:
            pass  # the description is a courtesy; the lock itself is what counts

    def _in_use_error(self) -> LedgerInUseError:
        holder = read_holder(self.data_dir)
        who = f"（{holder.describe()}）" if holder else ""
        return LedgerInUseError(
            f"台账正在被另一个程序使用{who}：{self.data_dir}。"
            "同一台账同时只能由一个程序修改；请先关闭另一个程序（或等待它的命令完成）后重试。"
        )

    def release(self) -> None:
        if not self._acquired:
            return
        with _guard:
            key = self._key()
            fd, count = _held[key]
            if count > 1:
                _held[key] = (fd, count - 1)
            else:
                del _held[key]
                try:
                    os.lseek(fd, 0, os.SEEK_SET)
                    os.ftruncate(fd, 0)  # no holder any more
                    _unlock(fd)
                except OSError:
                    pass
                finally:
                    os.close(fd)
            self._acquired = False

    def __enter__(self) -> LedgerLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def is_locked_by_other(data_dir: Path | str) -> LockHolder | None:
    """The holder when another process holds the folder's lock, else None (a quick probe)."""
    try:
        LedgerLock(data_dir).acquire().release()
    except LedgerInUseError:
        return read_holder(data_dir) or LockHolder(0, "", None, "")
    return None
