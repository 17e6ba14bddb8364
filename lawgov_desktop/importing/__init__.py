"""Excel ledgers in. No Qt here: the GUI wizard and `lawgov import` share this code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..storage import Database
from .peek import HEAD_ROWS, WorkbookHead, guess_ledger, ledger_hits, preview, read_head
from .xlsx import (
    NOT_IMPORTED,
    PREVIEW_ROWS,
    ImportProblem,
    ImportResult,
    SheetData,
    WorkbookError,
    check_rows,
    header_index,
    normalise_header,
    read_sheet,
)

__all__ = [
    "HEAD_ROWS",
    "NOT_IMPORTED",
    "PREVIEW_ROWS",
    "ImportProblem",
    "ImportResult",
    "SheetData",
    "WorkbookError",
    "WorkbookHead",
    "check_rows",
    "guess_ledger",
    "header_index",
    "import_workbook",
    "ledger_hits",
    "normalise_header",
    "preview",
    "read_head",
    "read_sheet",
]


def import_workbook(
    db: Database,
    ledger_key: str,
    path: Path | str,
    sheet: str | None = None,
    dry_run: bool = False,
    remembered: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    header_row: int | None = None,
    columns: Mapping[int, str] | None = None,
) -> ImportResult:
    """Read, check and (unless `dry_run` or any error) store a sheet, all or nothing.

    `remembered` maps Excel headers to field keys (the wizard's and the user's own choices,
    `db.import_mappings`); `header_row` fixes the header row instead of searching for it, and
    `columns` (0-based column → field key) is a mapping the user set column by column."""
    table = db.ledger(ledger_key)
    ledger = table.definition
    if progress:
        progress("正在读取工作表…")
    try:
        data = read_sheet(Path(path), ledger, sheet, remembered, header_row, columns=columns)
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
        if progress:
            progress(f"检查通过，正在写入 {len(result.values)} 条记录…")
        with db.transaction():
            result.ids = table.insert_valid(result.values)
        result.stored = len(result.ids)
        if result.stored >= 1000:
            db.analyze()
    return result
