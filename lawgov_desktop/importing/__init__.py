"""Excel ledgers in. No Qt here: the GUI wizard and `lawgov import` share this code."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..domain.ledgers import LedgerDef
from ..storage import Database
from .check import HISTORY, ON_DUPLICATE, check_rows
from .history import HISTORY_DAYS, CachedCalendar, OverdueCheck
from .infer import prepare
from .matching import match_key
from .peek import HEAD_ROWS, WorkbookHead, guess_ledger, ledger_hits, preview, read_head
from .reader import WorkbookError
from .unmapped import unmapped_data, unmapped_message
from .xlsx import (
    NOT_IMPORTED,
    PREVIEW_ROWS,
    ImportProblem,
    ImportResult,
    SheetData,
    header_index,
    normalise_header,
    raw_values,
    read_sheet,
)

__all__ = [
    "HEAD_ROWS",
    "HISTORY",
    "HISTORY_DAYS",
    "ON_DUPLICATE",
    "prepare",
    "raw_values",
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
    fill: Mapping[str, Any] | None = None,
    per_row: Mapping[int, Mapping[str, Any]] | None = None,
    on_duplicate: str = "skip",
    history: str = "auto",
    today: dt.date | None = None,
) -> ImportResult:
    """Read, check and (unless `dry_run` or any error) store a sheet, all or nothing.

    `remembered` maps Excel headers to field keys (the wizard's and the user's own choices,
    `db.import_mappings`); `header_row` fixes the header row instead of searching for it, and
    `columns` (0-based column → field key) is a mapping the user set column by column.
    `fill`, `per_row`, `on_duplicate` and `history` are check_rows' (values for a missing
    column, rows already in the ledger skipped or stopping the import, 历史记录 marks)."""
    with _no_collection():
        return _import(db, ledger_key, path, sheet, dry_run, remembered, progress, header_row,
                       columns, fill, per_row, on_duplicate, history, today)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """No cyclic garbage collection while a sheet is read, checked and stored: the tens of
    thousands of rows, values and problems made are all kept until the end, so every pass
    would only walk them again (~3 % of a 10,000-row import). Collected as usual after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _import(db: Database, ledger_key: str, path: Path | str, sheet: str | None, dry_run: bool,
            remembered: Mapping[str, str] | None, progress: Callable[[str], None] | None,
            header_row: int | None, columns: Mapping[int, str] | None,
            fill: Mapping[str, Any] | None, per_row: Mapping[int, Mapping[str, Any]] | None,
            on_duplicate: str, history: str, today: dt.date | None) -> ImportResult:
    table = db.ledger(ledger_key)
    ledger = table.definition
    today = today or dt.date.today()
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
    result = check_rows(data, ledger, db.choice_map(ledger_key), existing_keys(db, ledger),
                        today, fill=fill, per_row=per_row, on_duplicate=on_duplicate,
                        overdue=overdue_check(db, ledger_key, today), history=history)
    looks = unmapped_data(data)
    if looks:  # a warning, not a hint: a fine column left out imports every fine as 0
        result.problems.append(ImportProblem(data.sheet, 0, "", "", unmapped_message(looks),
                                             "warning"))
    if result.ok and result.values and not dry_run:
        if progress:
            progress(f"检查通过，正在写入 {len(result.values)} 条记录…")
        with db.transaction():
            result.ids = table.insert_valid(result.values)
        result.stored = len(result.ids)
        if result.stored >= 1000:
            db.analyze()
    return result


def existing_keys(db: Database, ledger: LedgerDef) -> set[tuple[str, str]]:
    """The match keys of the ledger's live records (matching.match_key)."""
    title, date = ledger.title_field, ledger.year_field
    sql = f"SELECT [{title}], [{date}] FROM [{ledger.key}] WHERE deleted_at IS NULL"
    keys = set()
    for t, d in db.conn.execute(sql):
        key = match_key(ledger, {title: t, date: d})
        if key is not None:
            keys.add(key)
    return keys


def overdue_check(db: Database, ledger_key: str,
                  today: dt.date) -> Callable[[Mapping[str, Any]], bool]:
    return OverdueCheck(ledger_key, db.deadline_limits(), CachedCalendar(db.calendar()), today)
