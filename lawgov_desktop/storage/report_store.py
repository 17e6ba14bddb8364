"""The user's own text of each year's report, section by section (table report_sections)."""

from __future__ import annotations

import datetime as dt
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


# The report's date (成文日期) of each year, kept beside the settings under its own key so
# that a backup or copy of the ledger carries it with the report texts.
def _date_key(year: int) -> str:
    return f"report_date.{year}"


def load_date(db: Database, year: int) -> dt.date | None:
    """The date the user set for `year`'s report, or None."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", [_date_key(year)]).fetchone()
    if not row or not row[0]:
        return None
    try:
        return dt.date.fromisoformat(row[0])
    except ValueError:
        return None


def save_date(db: Database, year: int, date: dt.date | None) -> None:
    """Set (or with None, clear) the date of `year`'s report."""
    with db.transaction() as conn:
        if date is None:
            conn.execute("DELETE FROM settings WHERE key = ?", [_date_key(year)])
        else:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [_date_key(year), date.isoformat()])
