"""Reading a column's distinct prefixes by skipping through its index gives what SELECT
DISTINCT substr(...) gives, whatever the column holds (the year list of every start)."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from lawgov_desktop.storage.skipscan import after_prefix, distinct_prefixes

TEXTS = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", "2025", "202", "2025-13-45", "２０２５-01-01", "20\x0025", "\U0010ffff",
                     "\U0010ffff\U0010ffffab", "2\U0010ffff", "年2025", "\ud7ff9", "\ue000"]),
    st.text(max_size=6),
)
VALUES = st.one_of(TEXTS, st.none(), st.binary(max_size=4))


def expected(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT DISTINCT substr(d, 1, 4) FROM t WHERE deleted_at IS NULL")
    return {r[0] for r in rows if isinstance(r[0], str)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(VALUES, st.booleans()), max_size=30))
def test_same_prefixes_as_select_distinct(rows: list[tuple[object, bool]]) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, d TEXT, deleted_at TEXT)")
    conn.execute("CREATE INDEX t_d ON t(d)")
    conn.executemany("INSERT INTO t (d, deleted_at) VALUES (?, ?)",
                     [(v, "2025-01-01" if gone else None) for v, gone in rows])
    assert distinct_prefixes(conn, "t", "d", 4, "deleted_at IS NULL") == expected(conn)


def test_a_year_list_reads_one_row_per_year() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, d TEXT, deleted_at TEXT)")
    conn.execute("CREATE INDEX t_d ON t(d)")
    conn.executemany("INSERT INTO t (d) VALUES (?)",
                     [(f"{2016 + i % 10}-{1 + i % 12:02d}-01",) for i in range(5000)])
    steps = []
    conn.set_trace_callback(steps.append)
    assert distinct_prefixes(conn, "t", "d", 4) == {str(y) for y in range(2016, 2026)}
    assert len(steps) == 11  # ten years and the step that finds nothing more
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT d FROM t WHERE d >= '' AND d < x'' "
                        "ORDER BY d LIMIT 1").fetchall()
    assert "USING COVERING INDEX t_d" in plan[0][3] or "USING INDEX t_d" in plan[0][3]


def test_after_prefix() -> None:
    assert after_prefix("2025") == "2026"
    assert after_prefix("202\U0010ffff") == "203"
    assert after_prefix("\U0010ffff") is None
    assert after_prefix("a\ud7ff") == "a\ue000"
