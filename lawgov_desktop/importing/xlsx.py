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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..domain.ledgers import LedgerDef
from ..domain.validation import validate

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


@dataclass
class ImportResult:
    ledger: str
    sheet: str = ""
    values: list[dict[str, Any]] = field(default_factory=list)  # validated, stored form
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    stored: int = 0
    ids: list[str] = field(default_factory=list)  # of the records stored, for undo

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


class WorkbookError(Exception):
    """The file cannot be read as a workbook at all (one problem for the whole file)."""


# What a damaged .xlsx raises while its sheet is read lazily (read-only mode): a bad zip
# member or checksum, a cut deflate stream, broken XML (ParseError is a SyntaxError).
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError,
              SyntaxError, NotImplementedError)


@contextmanager
def open_book(path: Path) -> Iterator[Any]:
    """The (read-only) workbook; the file is closed again on leaving, so the user can save it
    from Excel or WPS while the wizard stays open."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise WorkbookError("不支持旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入")
    if not path.exists():
        raise WorkbookError(f"找不到文件“{path}”")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except UNREADABLE as exc:
        raise WorkbookError(f"无法读取“{path.name}”：不是有效的 .xlsx 工作簿（{exc}）") from exc
    try:
        yield book
    finally:
        book.close()


@contextmanager
def open_sheet(path: Path, sheet: str | None) -> Iterator[Any]:
    with open_book(path) as book:
        if sheet is None:
            yield book.worksheets[0]
        elif sheet not in book.sheetnames:
            raise WorkbookError(f"工作簿中没有工作表“{sheet}”，现有：{'、'.join(book.sheetnames)}")
        else:
            yield book[sheet]


def _unreadable(path: Path, exc: Exception) -> WorkbookError:
    return WorkbookError(f"无法读取“{path.name}”：文件已损坏或不是有效的 .xlsx 工作簿"
                         f"（{type(exc).__name__}：{exc}）")


def read_sheet(path: Path, ledger: LedgerDef, sheet: str | None = None,
               remembered: Mapping[str, str] | None = None, header_row: int | None = None,
               limit: int | None = None, require_header: bool = True,
               columns: Mapping[int, str] | None = None) -> SheetData:
    """The header mapping and raw rows of a sheet. Raises WorkbookError when unusable.

    `header_row` (1-based) overrides the search for the header; `columns` (0-based column →
    field key, NOT_IMPORTED to leave out) overrides the mapping, as the wizard's user set it;
    `limit` stops after that many data rows (a preview). With `require_header=False` a sheet
    where no row looks like this ledger's header still reads, with the first row of two or
    more cells as a guess."""
    if columns is not None and header_row is None:
        raise ValueError("columns need a header_row")
    try:
        with open_sheet(Path(path), sheet) as ws:
            return read_rows(ws.title, ws.iter_rows(values_only=True), ledger, remembered,
                             header_row, limit, require_header, columns)
    except WorkbookError:
        raise
    except UNREADABLE as exc:
        raise _unreadable(Path(path), exc) from exc


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
    for i, cell in enumerate(head[header_row - 1]):
        name = normalise_header(cell)
        if not name:
            continue
        headers[i] = str(cell).strip()
        key = index.get(name) if chosen is None else chosen.get(i)
        if key and ledger.has_field(key):
            columns[i] = key
        else:
            ignored.append(headers[i])
    data = SheetData(title, header_row, columns, ignored, headers=headers, header_found=found)

    def collect(number: int, row: Sequence[Any]) -> bool:
        """Keep a non-blank row; False once `limit` rows are kept."""
        if any(v is not None and str(v).strip() for v in row):
            if len(data.preview) < PREVIEW_ROWS:
                data.preview.append((number, tuple(row)))
            raw = {key: row[i] for i, key in columns.items() if i < len(row)}
            if any(v is not None and str(v).strip() for v in raw.values()):
                data.rows.append((number, raw))
        return limit is None or len(data.rows) < limit

    for number, row in enumerate(head[header_row:], start=header_row + 1):
        if not collect(number, row):
            return data
    for number, row in enumerate(rows, start=len(head) + 1):
        if not collect(number, row):
            return data
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
