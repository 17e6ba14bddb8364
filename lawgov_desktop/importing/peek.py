"""The first rows of every sheet, read once: what the import wizard shows before importing.

Opening a large workbook costs tens to hundreds of milliseconds, so the wizard reads the
workbook's head once, off the GUI thread, and then guesses the ledger, finds the header and
previews rows from memory as the user changes sheet, ledger or header row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.ledgers import LedgerDef
from .reader import WorkbookError, read_workbook
from .xlsx import (
    HEADER_SCAN_ROWS,
    PREVIEW_ROWS,
    SheetData,
    find_header,
    header_index,
    read_rows,
)

HEAD_ROWS = 60  # a header as low as row 50 still previews a few rows below it


@dataclass(frozen=True)
class WorkbookHead:
    path: Path
    sheets: dict[str, list[tuple[Any, ...]]]  # sheet name → its first HEAD_ROWS rows, in order
    hidden: frozenset[str] = frozenset()  # sheets hidden in Excel (never chosen by default)

    @property
    def visible(self) -> list[str]:
        return [name for name in self.sheets if name not in self.hidden]


def read_head(path: Path | str, rows: int = HEAD_ROWS) -> WorkbookHead:
    """Raises WorkbookError (in Chinese, naming the file) when the file is no workbook."""
    sheets = read_workbook(Path(path), max_rows=rows)
    return WorkbookHead(Path(path), {s.name: s.rows for s in sheets},
                        frozenset(s.name for s in sheets if not s.visible))


def ledger_hits(head: WorkbookHead, sheet: str, ledgers: Sequence[LedgerDef],
                remembered: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, int]:
    """For each ledger, how many headers of the sheet's most header-like top row it knows."""
    top = head.sheets.get(sheet, [])[:HEADER_SCAN_ROWS]
    return {ledger.key: find_header(top, header_index(ledger, (remembered or {})
                                                      .get(ledger.key)))[1]
            for ledger in ledgers}


def guess_ledger(head: WorkbookHead, sheet: str, ledgers: Sequence[LedgerDef],
                 remembered: Mapping[str, Mapping[str, str]] | None = None) -> str | None:
    """The ledger whose headers the sheet's top rows match best (two or more), else None."""
    hits = ledger_hits(head, sheet, ledgers, remembered)
    best = max(hits, key=hits.__getitem__, default=None)
    return best if best is not None and hits[best] >= 2 else None


def preview(head: WorkbookHead, sheet: str, ledger: LedgerDef,
            remembered: Mapping[str, str] | None = None,
            header_row: int | None = None) -> SheetData:
    """The header and first data rows, as `read_sheet(..., limit=PREVIEW_ROWS,
    require_header=False)` would read them from the file."""
    if sheet not in head.sheets:
        raise WorkbookError(f"工作簿中没有工作表“{sheet}”，现有：{'、'.join(head.sheets)}")
    return read_rows(sheet, iter(head.sheets[sheet]), ledger, remembered, header_row,
                     PREVIEW_ROWS, False, None)
