"""Excel ledgers in: find the header row, map headers to fields, check every row, all or nothing.

Legacy ledgers have title rows (often merged) above the header, extra columns, blank rows and
dates as text or serial numbers; all of that is accepted. Every problem is reported with its
sheet, row, column and field, and nothing is stored unless every row is valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.ledgers import LedgerDef
from .reader import FIRST_VISIBLE, FormulaCell, WorkbookError, read_workbook

HEADER_SCAN_ROWS = 20
PREVIEW_ROWS = 5


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int  # Excel row number; 0 for the file as a whole
    column: str  # column letter, "" when not about one column
    field: str  # field label, "" when not about one field
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = [f"工作表“{self.sheet}”"] if self.sheet else []
        if self.row:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"{self.column}列")
        if self.field:
            where.append(f"（{self.field}）")
        place = "".join(where)
        return f"{place}：{self.message}" if place else self.message


@dataclass
class SheetData:
    """What was read: the header mapping and each data row's values by field key."""

    sheet: str
    header_row: int
    columns: dict[int, str]  # 0-based column index → field key
    ignored: list[str]  # headers that match no field
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (Excel row, raw)
    headers: dict[int, str] = field(default_factory=dict)  # 0-based index → header as written
    preview: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)  # first whole rows
    header_found: bool = True  # False: no row looked like a header, `header_row` is a guess
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (Excel row, why) not data
    no_result: list[FormulaCell] = field(default_factory=list)  # formulas without a result
    scaled: dict[int, str] = field(default_factory=dict)  # column → unit its values carry (万)


@dataclass
class ImportResult:
    ledger: str
    sheet: str = ""
    values: list[dict[str, Any]] = field(default_factory=list)  # validated, stored form
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    stored: int = 0
    ids: list[str] = field(default_factory=list)  # of the records stored, for undo
    rows: list[int] = field(default_factory=list)  # the Excel row of each of `values`
    skipped: list[tuple[int, str]] = field(default_factory=list)  # 合计 and header rows
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # already in the ledger
    inferred: dict[tuple[str, str], int] = field(default_factory=dict)  # (label, how) → rows
    history: int = 0  # rows marked 历史记录
    history_candidates: int = 0  # rows whose reminders would be long overdue
    unfilled: dict[str, list[int]] = field(default_factory=dict)  # no column, no value: rows

    def summary(self) -> list[str]:
        """What was inferred, filled and left out, one line each (wizard and CLI alike)."""
        out = [f"{label}：{how} {n} 行" for (label, how), n in sorted(self.inferred.items())]
        by_reason: dict[str, list[int]] = {}
        for row, why in self.skipped:
            by_reason.setdefault(why, []).append(row)
        out += [f"跳过{why}：第{'、'.join(map(str, rows))}行" for why, rows in by_reason.items()]
        if self.duplicates:
            rows = "、".join(str(r) for r, _ in self.duplicates[:10])
            more = "等" if len(self.duplicates) > 10 else ""
            out.append(f"已在台账中（或表中重复）的 {len(self.duplicates)} 行不重复导入："
                       f"第{rows}行{more}")
        if self.history:
            out.append(f"标记为历史记录（不再提醒期限）：{self.history} 行")
        return out

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise_header(text: Any) -> str:
    s = re.sub(r"\s+", "", str(text or ""))
    return s.replace("(", "（").replace(")", "）").replace("*", "").replace("：", "")


def header_index(ledger: LedgerDef, remembered: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised header text → field key, from labels, aliases and the user's own mappings."""
    index = {normalise_header(name): f.key for f in ledger.fields for name in f.header_names()}
    for header, key in (remembered or {}).items():
        if key == NOT_IMPORTED:
            index.pop(normalise_header(header), None)
        elif ledger.has_field(key):
            index[normalise_header(header)] = key
    return index


NOT_IMPORTED = ""  # a remembered mapping to this means "leave the column out"


def read_sheet(path: Path, ledger: LedgerDef, sheet: str | None = None,
               remembered: Mapping[str, str] | None = None, header_row: int | None = None,
               limit: int | None = None, require_header: bool = True,
               columns: Mapping[int, str] | None = None) -> SheetData:
    """The header mapping and raw rows of a sheet (by default the first visible one).
    Raises WorkbookError when unusable.

    `header_row` (1-based) overrides the search for the header; `columns` (0-based column →
    field key, NOT_IMPORTED to leave out) overrides the mapping, as the wizard's user set it;
    `limit` stops after that many data rows (a preview). With `require_header=False` a sheet
    where no row looks like this ledger's header still reads, with the first row of two or
    more cells as a guess."""
    if columns is not None and header_row is None:
        raise ValueError("columns need a header_row")
    found = read_workbook(Path(path), only=FIRST_VISIBLE if sheet is None else sheet)[0]
    data = read_rows(found.name, iter(found.rows), ledger, remembered, header_row, limit,
                     require_header, columns)
    data.no_result = found.no_result
    return data


def find_header(head: list[Sequence[Any]], index: Mapping[str, str]) -> tuple[int, int]:
    """(row number, matching cells) of the row most like a header; (0, 0) when none."""
    best_row, best_hits = 0, 0
    for number, row in enumerate(head, start=1):
        hits = sum(1 for cell in row if normalise_header(cell) in index)
        if hits > best_hits:
            best_row, best_hits = number, hits
    return best_row, best_hits


def _first_wide_row(head: list[Sequence[Any]]) -> int:
    for number, row in enumerate(head, start=1):
        if sum(1 for cell in row if normalise_header(cell)) >= 2:
            return number
    return 1


def read_rows(title: str, rows: Iterator[Sequence[Any]], ledger: LedgerDef,
              remembered: Mapping[str, str] | None, header_row: int | None, limit: int | None,
              require_header: bool, chosen: Mapping[int, str] | None) -> SheetData:
    """`read_sheet` over rows already at hand (a sheet's, or the first rows of one)."""
    index = header_index(ledger, remembered)
    head: list[Sequence[Any]] = []
    scan = max(HEADER_SCAN_ROWS, header_row or 0)
    for number, row in enumerate(rows, start=1):
        head.append(row)
        if number >= scan:
            break
    found = True
    if header_row is None:
        header_row, hits = find_header(head, index)
        if hits < 2:
            if require_header:
                labels = "、".join(f.label for f in ledger.fields[:4])
                raise WorkbookError(
                    f"工作表“{title}”前{HEADER_SCAN_ROWS}行中找不到{ledger.label}的表头行"
                    f"（应包含 {labels} 等列名）。请检查所选台账类型和工作表是否正确。"
                )
            header_row, found = _first_wide_row(head), False
    if header_row > len(head):
        raise WorkbookError(f"工作表“{title}”只有{len(head)}行，没有第{header_row}行")
    columns: dict[int, str] = {}
    headers: dict[int, str] = {}
    ignored: list[str] = []
    scaled: dict[int, str] = {}
    for i, cell in enumerate(head[header_row - 1]):
        name = normalise_header(cell)
        if not name:
            continue
        headers[i] = str(cell).strip()
        in_wan = "万元" in name or name.endswith("（万）")
        key = index.get(name) if chosen is None else chosen.get(i)
        if key is None and chosen is None and in_wan:  # 罚款金额（万元） is 罚款金额（元）
            base = name.replace("（万元）", "（元）").replace("万元", "元")
            key = index.get(base) or index.get(base.replace("（元）", ""))
        if key and ledger.has_field(key):
            columns[i] = key
            if in_wan and ledger.field(key).type == "money":
                scaled[i] = "万"
        else:
            ignored.append(headers[i])
    data = SheetData(title, header_row, columns, ignored, headers=headers, header_found=found,
                     scaled=scaled)
    header_cells = [normalise_header(c) for c in head[header_row - 1]]

    def collect(number: int, row: Sequence[Any]) -> bool:
        """Keep a data row (not blank, no total, no repeated header); False once `limit`
        rows are kept."""
        if _filled(row):
            why = row_kind(row, header_cells)
            if why:
                data.skipped.append((number, why))
                return True
            raw = raw_values(row, columns, scaled)
            if _filled(raw.values()):
                if len(data.preview) < PREVIEW_ROWS:
                    data.preview.append((number, tuple(row)))
                data.rows.append((number, raw))
        return limit is None or len(data.rows) < limit

    for number, row in enumerate(head[header_row:], start=header_row + 1):
        if not collect(number, row):
            return data
    for number, row in enumerate(rows, start=len(head) + 1):
        if not collect(number, row):
            return data
    return data


def _filled(cells: Iterable[Any]) -> bool:
    """Whether any cell holds something (text not blank). Runs on every row."""
    for v in cells:
        if v is None:
            continue
        if v.__class__ is not str or v.strip():
            if v.__class__ is str or str(v).strip():
                return True
    return False


def raw_values(row: Sequence[Any], columns: Mapping[int, str],
               scaled: Mapping[int, str] | None = None) -> dict[str, Any]:
    """A row's cells by field key; an amount in a 万元 column carries its unit ("1.5万")."""
    raw = {key: row[i] for i, key in columns.items() if i < len(row)}
    for i, unit in (scaled or {}).items():
        key = columns.get(i)
        value = raw.get(key) if key else None
        if key and value is not None and str(value).strip() and unit not in str(value):
            text = repr(value) if isinstance(value, float) else str(value).strip()
            raw[key] = f"{text}{unit}"
    return raw


TOTAL_WORDS = ("合计", "小计", "总计", "累计", "共计")
_SUBHEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]")
TOTAL = "合计行"
REPEATED_HEADER = "重复的表头行"
SUBHEADING = "分组标题行"


def row_kind(row: Sequence[Any], header_cells: Sequence[str]) -> str | None:
    """Why a non-blank row is no record (a total, the header again, a sub-heading); None
    for a data row. A total says so in its first non-empty cells. Runs on every row: only
    text cells are looked at, and normalised only when they might be a header's."""
    filled = 0
    first: list[str] = []
    same = 0
    width = len(header_cells)
    for i, cell in enumerate(row):
        if cell is None:
            continue
        if cell.__class__ is not str:
            filled += 1
            continue
        text = cell.strip()
        if not text:
            continue
        filled += 1
        if filled <= 2:
            first.append(text.replace(" ", "").replace("\u3000", ""))
        head = header_cells[i] if i < width else ""
        if head and text[0] == head[0] and normalise_header(text) == head:
            same += 1
    for t in first:
        if t.startswith(TOTAL_WORDS):
            return TOTAL
    if same >= 2:
        named = sum(1 for c in header_cells if c)
        if named and same >= (named + 1) // 2:
            return REPEATED_HEADER
    if filled == 1 and first and _SUBHEADING.match(first[0]):
        return SUBHEADING
    return None
