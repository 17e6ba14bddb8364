"""The natural persons a ledger names, for masking what goes upward (DOMAIN.md §8).

Kept apart from the workbook code so the report's export need not import openpyxl."""

from __future__ import annotations

from ..storage import Database


def personal_parties(db: Database) -> set[str]:
    """当事人 of the cases whose 当事人类型 is 个人."""
    rows = db.conn.execute("SELECT DISTINCT party FROM cases WHERE party_type = '个人' "
                           "AND party IS NOT NULL")
    return {str(r[0]).strip() for r in rows}
