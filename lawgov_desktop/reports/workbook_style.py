"""Cell styles and page setup shared by the statistics workbook's sheets (openpyxl, write-only).

Everything a user typed goes through `text()`: a value that openpyxl would store as a formula
("=HYPERLINK(…)") or as an error code ("#N/A") is pinned to a string cell, and characters
that XML cannot carry are dropped (DOMAIN.md §8).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

BODY_FONT = "宋体"
TITLE_FONT = "黑体"

COUNT = "#,##0"
MONEY = "#,##0.00"
RATE = "0.0%"
CHANGE_COUNT = "+#,##0;-#,##0;0"
CHANGE_MONEY = "+#,##0.00;-#,##0.00;0.00"
CHANGE_POINTS = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
CHANGE_RATIO = "+0.0%;-0.0%;0.0%"
DATE = "yyyy-mm-dd"

_thin = Side(style="thin", color="000000")
GRID = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")

F_TITLE = Font(name=TITLE_FONT, size=16, bold=True)
F_SUBTITLE = Font(name=BODY_FONT, size=10)
F_HEADER = Font(name=BODY_FONT, size=10, bold=True)
F_BODY = Font(name=BODY_FONT, size=10)
F_SECTION = Font(name=TITLE_FONT, size=12, bold=True)
F_NOTE = Font(name=BODY_FONT, size=9, color="404040")

A_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
A_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
A_RIGHT = Alignment(horizontal="right", vertical="center")
A_TITLE = Alignment(horizontal="center", vertical="center")
A_NOTE = Alignment(horizontal="left", vertical="top", wrap_text=True)

_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_ERRORS = frozenset(ERROR_CODES)


def string_cell(ws: WriteOnlyWorksheet, value: str) -> Cell:
    """A cell that is text whatever it looks like (never a formula or an error code)."""
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"
    return cell


def clean_text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value[:32767]


def text(ws: WriteOnlyWorksheet, value: str) -> str | Cell:
    """User text as a plain value when openpyxl keeps it as a string, else a string cell."""
    value = clean_text(value)
    if value[:1] == "=" or value in _ERRORS:
        return string_cell(ws, value)
    return value


def cell(ws: WriteOnlyWorksheet, value: Any, *, font: Font = F_BODY,
         align: Alignment | None = None, fmt: str | None = None, border: bool = True,
         fill: PatternFill | None = None) -> Cell:
    """A styled cell; strings are always text (see `text`)."""
    if isinstance(value, str):
        c = string_cell(ws, clean_text(value))
    else:
        c = WriteOnlyCell(ws, value)
    c.font = font
    if align is not None:
        c.alignment = align
    if fmt is not None:
        c.number_format = fmt
    if border:
        c.border = GRID
    if fill is not None:
        c.fill = fill
    return c


def header_cells(ws: WriteOnlyWorksheet, labels: Iterable[str]) -> list[Cell]:
    return [cell(ws, lab, font=F_HEADER, align=A_CENTER, fill=HEADER_FILL) for lab in labels]


def display_width(value: Any) -> float:
    """Width of a 10 pt text in Excel column units (a Calibri 11 "0"): a CJK character
    takes about 1.9, a digit or Latin letter about 1."""
    s = str(value)
    n = len(s)
    if s.isascii():
        return float(n)
    # CJK characters take 3 bytes in UTF-8 (most others here 1): a C-speed count of them.
    wide = (len(s.encode("utf-8")) - n) / 2
    return n + 0.9 * wide


def fit_width(values: Iterable[Any], low: float = 6, high: float = 50) -> float:
    widest = max((display_width(v) for v in values if v is not None), default=0)
    return max(low, min(high, widest + 2))


def set_widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Column widths; in write-only mode they must be set before the first row."""
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(w, 1)


# Excel width units across an A4 landscape page (0.5" margins) printed at 100%; a sheet is
# spread over more pages wide rather than shrunk below MIN_PRINT_SCALE.
A4_LANDSCAPE_UNITS = 146
MIN_PRINT_SCALE = 0.7


def pages_wide(widths: Sequence[float], repeated: float = 0) -> int:
    """How many A4 landscape pages wide a table of these column widths prints legibly, with
    `repeated` width (the first column) printed again on every page."""
    per_page = A4_LANDSCAPE_UNITS / MIN_PRINT_SCALE
    total = sum(widths)
    if total <= per_page:
        return 1
    return math.ceil((total - repeated) / (per_page - repeated))


def first_page_columns(widths: Sequence[float], wide: int) -> int:
    """How many columns print on the first of `wide` pages (about an even share)."""
    share, total = sum(widths) / max(wide, 1), 0.0
    for count, width in enumerate(widths, start=1):
        total += width
        if total > share:
            return max(count - 1, 1)
    return len(widths)


def page_setup(ws: WriteOnlyWorksheet, title_rows: str | None, *, landscape: bool = True,
               one_page: bool = False, footer: str = "第 &P 页，共 &N 页", wide: int = 1,
               title_cols: str | None = None) -> None:
    """A4, fit to the page width (or `wide` pages wide, with `title_cols` repeated on each),
    as many pages down as needed (or one page), header rows repeated on every page."""
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = wide
    if wide > 1 and title_cols:
        ws.print_title_cols = title_cols
        ws.page_setup.pageOrder = "overThenDown"  # a row's pages come one after the other
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 9


def title_rows(ws: WriteOnlyWorksheet, title: str, subtitle: str, ncols: int) -> None:
    """Row 1: the title across `ncols` columns (those of the first printed page, when a table
    prints several pages wide); row 2: the subtitle (left, wrapped) across the same."""
    last = get_column_letter(max(ncols, 1))
    ws.row_dimensions[1].height = 30
    ws.append([cell(ws, title, font=F_TITLE, align=A_TITLE, border=False)])
    ws.append([cell(ws, subtitle, font=F_SUBTITLE, align=Alignment(
        horizontal="left", vertical="center", wrap_text=True), border=False)])
    if ncols > 1:
        ws.merged_cells.add(f"A1:{last}1")
        ws.merged_cells.add(f"A2:{last}2")


def merge(ws: WriteOnlyWorksheet, ref: str) -> None:
    ws.merged_cells.add(ref)
