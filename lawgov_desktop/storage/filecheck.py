"""Cheap checks of a ledger file's SQLite header, done before SQLite opens (and could write) it.

A file cut short (a copy that stopped half-way, a full USB stick) still starts with a valid
header, and SQLite would open it and only fail on the first missing page, possibly after
switching it to WAL mode. The header records the page size and, when the "version-valid-for"
number matches the change counter, the database size in pages: a file shorter than that is
truncated. While a -wal file exists the main file may legitimately lag (a checkpoint cut short
by a crash is finished by WAL recovery), so the size is then not judged.
"""

from __future__ import annotations

from pathlib import Path

HEADER_SIZE = 100


def page_size(header: bytes) -> int | None:
    """The page size the header declares, or None when it is not a valid one."""
    raw = int.from_bytes(header[16:18], "big")
    size = 65536 if raw == 1 else raw
    if size < 512 or size > 65536 or size & (size - 1):
        return None
    return size


def header_problem(path: Path, header: bytes) -> str | None:
    """A Chinese description of what is wrong with a file whose first 16 bytes are SQLite's."""
    if len(header) < HEADER_SIZE:
        return "文件不完整，只有文件头的一部分"
    size = page_size(header)
    if size is None:
        return "文件头中的页大小无效"
    if header[18] not in (1, 2) or header[19] not in (1, 2):
        return "文件头中的格式版本无效"
    change_counter = int.from_bytes(header[24:28], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    pages = int.from_bytes(header[28:32], "big")
    wal = path.with_name(path.name + "-wal")
    if valid_for == change_counter and pages and not (wal.exists() and wal.stat().st_size):
        actual = path.stat().st_size
        if actual < pages * size:
            return f"文件被截断：应有 {pages * size} 字节，实际只有 {actual} 字节"
    return None
