"""Files that are whole or absent, and readable by their owner only.

Every file the program hands to a user (report PDF/DOCX, statistics workbook, the 上报 .zip,
a backup) is written with `atomic_output`: to a temporary file beside the final name, flushed
to disk, then renamed over it. A full disk, a pulled USB stick or a crash leaves the old file
(or nothing) under the final name, never half a file; the temporary file is removed on
failure. The rename replaces a symbolic link at the final name instead of writing through it,
so a link planted there cannot redirect the output into another file.

The ledger, its backups and exports hold personal data (names, ID numbers): on Linux they are
created 0600 and new folders 0700. Windows has no such modes; its per-user folders are private.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import LedgerError, translate_os_error

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
TMP_SUFFIX = ".tmp"


def private_mkdir(folder: Path | str) -> None:
    """Create `folder` and missing parents, owner-only where the platform allows; an
    existing folder keeps its permissions (the user chose them)."""
    folder = Path(folder)
    if folder.is_dir():
        return
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        for p in missing:
            with contextlib.suppress(OSError):
                os.chmod(p, PRIVATE_DIR_MODE)


def create_private_file(path: Path | str) -> None:
    """A new empty file only its owner can read (SQLite gives -wal/-shm the same mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to sync; its renames are journaled
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


@contextlib.contextmanager
def atomic_output(path: Path | str, doing: str = "保存文件") -> Iterator[Path]:
    """`with atomic_output(final) as tmp:` write the whole file to `tmp`; on leaving the block
    it is renamed to `final`. Any failure removes `tmp`, leaves `final` as it was and raises
    (an OSError as the LedgerError a user can act on: disk full, read-only, in use)."""
    path = Path(path)
    try:
        private_mkdir(path.parent)
        if path.is_dir() and not path.is_symlink():
            raise LedgerError(f"“{path}”是一个文件夹，不能保存为文件。")
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".{os.getpid()}{TMP_SUFFIX}",
                                    dir=path.parent)  # 0600, in the target's folder
        os.close(fd)
    except OSError as exc:
        raise translate_os_error(exc, path, doing) from exc
    tmp = Path(name)
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, path)  # a symlink named `path` is replaced, not followed
        fsync_dir(path.parent)
    except OSError as exc:
        raise translate_os_error(exc, path, doing) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
