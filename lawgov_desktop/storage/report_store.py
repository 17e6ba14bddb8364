"""The user's own text of each year's report, section by section (table report_sections)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .records import now_stamp

if TYPE_CHECKING:
    from .database import Database

SectionRow = Mapping[str, str]  # key, part, title, body


def load_sections(db: Database, year: int) -> list[dict[str, str]]:
    """The year's stored sections in order; empty when the user never edited that year."""
    rows = db.conn.execute(
        "SELECT key, part, title, body FROM report_sections WHERE year = ? ORDER BY position",
        [year],
    ).fetchall()
    return [{"key": k, "part": p, "title": t, "body": b} for k, p, t, b in rows]


def save_sections(db: Database, year: int, sections: Sequence[SectionRow]) -> None:
    """Replace the year's sections with `sections`, all or nothing."""
    stamp = now_stamp()
    with db.transaction() as conn:
        conn.execute("DELETE FROM report_sections WHERE year = ?", [year])
        conn.executemany(
            "INSERT INTO report_sections (year, key, part, title, body, position, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (year, s["key"], s["part"], s["title"], s["body"], i, stamp)
                for i, s in enumerate(sections)
            ],
        )


def clear_sections(db: Database, year: int) -> None:
    """Forget the year's edits: the template's text is used again."""
    with db.transaction() as conn:
        conn.execute("DELETE FROM report_sections WHERE year = ?", [year])
