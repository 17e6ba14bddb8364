"""The distinct first characters of an indexed text column, read by skipping through its index.

`SELECT DISTINCT substr(col, 1, 4)` reads every row: 10 ms on the large demo's 20,000 cases,
paid at each start for the year list. Walking the column's index instead (the smallest value,
then the smallest value past every value sharing its first characters, …) reads one row per
distinct prefix: a handful of years, well under a millisecond. The result is the same set of
prefixes the DISTINCT query gives for the same rows.
"""

from __future__ import annotations

import sqlite3

MAX_CODE_POINT = 0x10FFFF
SURROGATES = range(0xD800, 0xE000)  # not encodable in UTF-8: never stored, skipped over


def after_prefix(prefix: str) -> str | None:
    """The smallest text greater than every text starting with `prefix` (in SQLite's BINARY
    order, which is code point order), or None when there is none."""
    if prefix == "":
        return None
    last = ord(prefix[-1])
    if last == MAX_CODE_POINT:
        return after_prefix(prefix[:-1])
    following = last + 1
    if following in SURROGATES:
        following = SURROGATES.stop
    return prefix[:-1] + chr(following)


def distinct_prefixes(conn: sqlite3.Connection, table: str, column: str, width: int,
                      where: str = "1") -> set[str]:
    """{substr(column, 1, width)} over the rows matching `where` whose value is text, as
    `SELECT DISTINCT substr(...)` gives it (NULLs and blobs left out). `column` should have
    an index of its own, or each step is a scan."""
    # x'': every text sorts before it. The prefix is SQLite's own substr (it stops at a NUL
    # character, as the DISTINCT query would); the next bound is found from the value.
    sql = (f"SELECT substr([{column}], 1, {int(width)}), [{column}] FROM [{table}] "
           f"WHERE [{column}] >= ? AND [{column}] < x'' AND ({where}) "
           f"ORDER BY [{column}] LIMIT 1")
    found: set[str] = set()
    bound = ""
    while True:
        row = conn.execute(sql, [bound]).fetchone()
        if row is None:
            return found
        found.add(row[0])
        prefix = row[1][:width]
        if len(prefix) < width:  # the whole value: next comes the smallest text after it
            following: str | None = prefix + "\x00"
        else:
            following = after_prefix(prefix)
        if following is None:
            return found
        bound = following
