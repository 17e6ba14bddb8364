"""Excel ledgers in. No Qt here: the GUI wizard and `lawgov import` share this code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..storage import Database
from .xlsx import ImportProblem, ImportResult, SheetData, WorkbookError, check_rows, read_sheet

__all__ = [
    "ImportProblem",
    "ImportResult",
    "SheetData",
    "WorkbookError",
    "import_workbook",
    "read_sheet",
    "check_rows",
]


def import_workbook(
    db: Database,
    ledger_key: str,
    path: Path | str,
    sheet: str | None = None,
    dry_run: bool = False,
    remembered: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read, check and (unless `dry_run` or any error) store a sheet, all or nothing."""
    table = db.ledger(ledger_key)
    ledger = table.definition
    try:
        data = read_sheet(Path(path), ledger, sheet, remembered)
    except WorkbookError as exc:
        result = ImportResult(ledger_key)
        result.problems.append(ImportProblem(sheet or "", 0, "", "", str(exc)))
        return result
    if progress:
        progress(f"已读取 {len(data.rows)} 行，正在检查…")

    def existing(field: str, values: list[Any]) -> set[Any]:
        found: set[Any] = set()
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            sql = (
                f"SELECT [{field}] FROM [{ledger_key}] WHERE deleted_at IS NULL AND "
                f"[{field}] IN ({', '.join('?' for _ in chunk)})"
            )
            found.update(r[0] for r in db.conn.execute(sql, chunk))
        return found

    result = check_rows(data, ledger, db.choice_map(ledger_key), existing)
    if result.ok and not dry_run:
        with db.transaction():
            table.insert_valid(result.values)
        result.stored = len(result.values)
        if result.stored >= 1000:
            db.analyze()
    return result
