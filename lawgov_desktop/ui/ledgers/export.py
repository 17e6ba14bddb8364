"""Export what a ledger view shows (its query and visible columns) to an .xlsx workbook.

Runs inside a background job with its own Database. Headers are the forms/ labels, so the
file imports back unchanged; numbers, money and dates are real Excel values, and text that
starts with "=" stays text (never a formula).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ...domain.ledgers import FieldDef
from ...storage import Database, Query

BATCH = 500


def cell_value(fdef: FieldDef, stored: Any) -> Any:
    if stored is None:
        return None
    match fdef.type:
        case "date":
            return dt.date.fromisoformat(stored)
        case "money":
            return Decimal(stored) / 100
        case "bool":
            return "是" if stored else "否"
    return stored


NUMBER_FORMATS = {"date": "yyyy-mm-dd", "money": "#,##0.00", "percent": "0.0%"}


def export_view(db: Database, ledger: str, query: Query, columns: Sequence[str], path: Path,
                progress: Callable[[str], None]) -> int:
    """Write the view to `path`; returns the number of records written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    table = db.ledger(ledger)
    fields = [table.definition.field(key) for key in columns]
    ids = table.ids(query)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.definition.label)
    bold = Font(bold=True)
    header = []
    for fdef in fields:
        cell = WriteOnlyCell(sheet, fdef.label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        records = table.get_many(chunk)
        for record_id in chunk:
            record = records.get(record_id)
            if record is None:
                continue
            row = []
            for fdef in fields:
                cell = WriteOnlyCell(sheet, cell_value(fdef, record[fdef.key]))
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
                if fdef.type in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[fdef.type]
                row.append(cell)
            sheet.append(row)
        progress(f"已导出 {min(start + BATCH, len(ids))} / {len(ids)} 条")
    progress("正在写入文件…")
    from ...storage.atomic import atomic_output

    with atomic_output(path, "导出Excel") as tmp:  # whole or not at all, never via a symlink
        workbook.save(tmp)
    return len(ids)
