"""Excel ledgers in: find the header row, map headers to fields, check every row, all or nothing.

Legacy ledgers have title rows (often merged) above the header, extra columns, blank rows and
dates as text or serial numbers; all of that is accepted. Every problem is reported with its
sheet, row, column and field, and nothing is stored unless every row is valid.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..domain.ledgers import LedgerDef
from ..domain.validation import validate

HEADER_SCAN_ROWS = 20


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


@dataclass
class ImportResult:
    ledger: str
    sheet: str = ""
    values: list[dict[str, Any]] = field(default_factory=list)  # validated, stored form
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    stored: int = 0

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
        if ledger.has_field(key):
            index[normalise_header(header)] = key
    return index


class WorkbookError(Exception):
    """The file cannot be read as a workbook at all (one problem for the whole file)."""


# What a damaged .xlsx raises while its sheet is read lazily (read-only mode): a bad zip
# member or checksum, a cut deflate stream, broken XML (ParseError is a SyntaxError).
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError,
              SyntaxError, NotImplementedError)


def open_sheet(path: Path, sheet: str | None) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise WorkbookError("不支持旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入")
    if not path.exists():
        raise WorkbookError(f"找不到文件“{path}”")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except UNREADABLE as exc:
        raise WorkbookError(f"无法读取“{path.name}”：不是有效的 .xlsx 工作簿（{exc}）") from exc
    if sheet is None:
        return book.worksheets[0]
    if sheet not in book.sheetnames:
        raise WorkbookError(f"工作簿中没有工作表“{sheet}”，现有：{'、'.join(book.sheetnames)}")
    return book[sheet]


def read_sheet(path: Path, ledger: LedgerDef, sheet: str | None = None,
               remembered: Mapping[str, str] | None = None) -> SheetData:
    """The header mapping and raw rows of a sheet. Raises WorkbookError when unusable."""
    try:
        return _read_sheet(path, ledger, sheet, remembered)
    except WorkbookError:
        raise
    except UNREADABLE as exc:
        raise WorkbookError(f"无法读取“{path.name}”：文件已损坏或不是有效的 .xlsx 工作簿"
                            f"（{type(exc).__name__}：{exc}）") from exc


def _read_sheet(path: Path, ledger: LedgerDef, sheet: str | None,
                remembered: Mapping[str, str] | None) -> SheetData:
    ws = open_sheet(path, sheet)
    index = header_index(ledger, remembered)
    rows = ws.iter_rows(values_only=True)
    head: list[Sequence[Any]] = []
    best_row, best_hits = 0, 0
    for number, row in enumerate(rows, start=1):
        head.append(row)
        hits = sum(1 for cell in row if normalise_header(cell) in index)
        if hits > best_hits:
            best_row, best_hits = number, hits
        if number >= HEADER_SCAN_ROWS:
            break
    if best_hits < 2:
        labels = "、".join(f.label for f in ledger.fields[:4])
        raise WorkbookError(
            f"工作表“{ws.title}”前{HEADER_SCAN_ROWS}行中找不到{ledger.label}的表头行"
            f"（应包含 {labels} 等列名）。请检查所选台账类型和工作表是否正确。"
        )
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for i, cell in enumerate(head[best_row - 1]):
        name = normalise_header(cell)
        if not name:
            continue
        if name in index:
            columns[i] = index[name]
        else:
            ignored.append(str(cell).strip())
    data = SheetData(ws.title, best_row, columns, ignored)
    def collect(number: int, row: Sequence[Any]) -> None:
        raw = {key: row[i] for i, key in columns.items() if i < len(row)}
        if any(v is not None and str(v).strip() for v in raw.values()):
            data.rows.append((number, raw))
    for number, row in enumerate(head[best_row:], start=best_row + 1):
        collect(number, row)
    for number, row in enumerate(rows, start=len(head) + 1):
        collect(number, row)
    return data


def check_rows(
    data: SheetData,
    ledger: LedgerDef,
    choices: Mapping[str, Sequence[str]] | None = None,
    existing_unique: Callable[[str, list[Any]], set[Any]] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Validate every row; `existing_unique(field, values)` returns values already stored."""
    result = ImportResult(ledger.key, data.sheet, ignored_columns=data.ignored)
    letter = {key: get_column_letter(i + 1) for i, key in data.columns.items()}

    def problem(row: int, key: str | None, message: str, severity: str = "error") -> None:
        label = ledger.field(key).label if key else ""
        result.problems.append(ImportProblem(data.sheet, row, letter.get(key or "", ""), label,
                                             message, severity))

    seen_keys: dict[str, int] = {}
    for i, key in data.columns.items():
        if key in seen_keys:
            problem(data.header_row, None, f"“{ledger.field(key).label}”列出现了两次"
                    f"（{get_column_letter(seen_keys[key] + 1)}列和{get_column_letter(i + 1)}列）")
        seen_keys[key] = i
    for f in ledger.fields:
        if f.required and f.key not in seen_keys:
            problem(data.header_row, None, f"缺少必填列“{f.label}”")
    if result.errors:
        return result
    if not data.rows:
        problem(0, None, f"工作表“{data.sheet}”表头下没有数据行")
        return result

    rows_of: list[int] = []
    for number, raw in data.rows:
        for key, value in raw.items():
            fdef = ledger.field(key)
            if fdef.type == "text" and isinstance(value, (int, float)) and abs(value) >= 1e15:
                problem(number, key, "该单元格是数字格式，超过15位的号码已被 Excel 截断，"
                                     "请把该列设为“文本”格式后重新录入")
        checked = validate(ledger, raw, choices=choices, today=today)
        for p in checked.problems:
            problem(number, p.field, p.message, p.severity)
        result.values.append(checked.values)
        rows_of.append(number)
    _check_unique(result, ledger, rows_of, existing_unique, problem)
    return result


def _check_unique(result: ImportResult, ledger: LedgerDef, rows_of: list[int],
                  existing_unique: Callable[[str, list[Any]], set[Any]] | None,
                  problem: Callable[..., None]) -> None:
    for f in ledger.unique_fields:
        first_row: dict[Any, int] = {}
        for values, number in zip(result.values, rows_of, strict=True):
            v = values.get(f.key)
            if v is None:
                continue
            if v in first_row:
                problem(number, f.key, f"“{v}”与第{first_row[v]}行重复")
            else:
                first_row[v] = number
        if existing_unique and first_row:
            for v in sorted(existing_unique(f.key, list(first_row))):
                problem(first_row[v], f.key, f"“{v}”在台账中已存在")
