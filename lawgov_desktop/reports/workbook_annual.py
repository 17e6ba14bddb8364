"""The 行政执法数据年报 sheet, drawn from a template (domain/annual_template.py).

One block per table the template draws in this build: a numbered section title, one or two
header rows (a column's `group` spans the columns that share it), one row per unit (and a 合计
row when units are combined), then the table's note. A column the ledger does not record is a
blank cell, shaded and carrying the template's note as a cell comment, and named in the note
under the table; never 0. Values are numbers, never formulas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from ..domain.annual_template import Column, Table, Template
from .workbook_style import (
    A_CENTER,
    A_LEFT,
    A_NOTE,
    A_RIGHT,
    COUNT,
    F_NOTE,
    F_SECTION,
    MONEY,
    RATE,
    TOTAL_FILL,
    cell,
    fit_width,
    header_cells,
    merge,
    page_setup,
    set_widths,
    title_rows,
)

ANNUAL_SHEET = "行政执法数据年报"
TO_FILL = PatternFill("solid", fgColor="FFF2CC")  # a cell the unit fills in by hand
NUMERALS = "一二三四五六七八九十"
_FORMATS = {"count": COUNT, "money": MONEY, "rate": RATE}
DECIMAL = "#,##0.0"  # a mean (人均培训学时) or a sum with fractions
_UNIT_SUFFIX = re.compile(r"（[^（）]*）$")  # "行政强制措施（件）" → "行政强制措施"


def section_number(n: int) -> str:
    """一 … 十, 十一 … 十九 (a template has far fewer tables than that)."""
    if n <= 10:
        return NUMERALS[n - 1]
    return "十" + NUMERALS[n - 11] if n < 20 else str(n)


def unrecorded_note(table: Table) -> str:
    """The sentence under a table naming the columns left blank for the unit to fill in."""
    if not any(c.unrecorded for c in table.columns):
        return ""
    parts: list[str] = []
    for group in dict.fromkeys(c.group for c in table.columns):
        members = [c for c in table.columns if c.group == group]
        blank = [c.header.replace("\n", "") for c in members if c.unrecorded]
        if not blank:
            continue
        if not group:
            parts.extend(blank)
        elif len(blank) == len(members):
            parts.append(f"{_UNIT_SUFFIX.sub('', group)}各栏")
        else:
            parts.append(f"{_UNIT_SUFFIX.sub('', group)}中的{'、'.join(blank)}")
    return (f"{'，'.join(parts)}：台账不登记，已留空（黄色单元格），请据实填报"
            "（确未发生的填0，不要留空上报）。")


def _value_cell(ws: Any, column: Column, figures: Mapping[str, Any], fill: Any) -> Any:
    if column.unrecorded:
        c = cell(ws, None, fill=TO_FILL)
        c.comment = Comment(column.note, "法治建设台账", width=220, height=70)
        return c
    value = column.value(figures)
    if value is None:  # a rate or mean with nothing to divide
        return cell(ws, "—", align=A_CENTER, fill=fill)
    fmt = _FORMATS.get(column.kind, DECIMAL)
    if fmt == COUNT and isinstance(value, float) and not value.is_integer():
        fmt = DECIMAL  # hours of training may have fractions
    return cell(ws, value, align=A_RIGHT, fmt=fmt, fill=fill)


def _header_rows(ws: Any, r: int, table: Table) -> int:
    """Write the header (one row, or two when columns are grouped); returns rows used."""
    cols = table.columns
    if not any(c.group for c in cols):
        ws.row_dimensions[r].height = 58 if any("\n" in c.header for c in cols) else 30
        ws.append(header_cells(ws, ["填报单位", *(c.header for c in cols)]))
        return 1
    top = ["填报单位", *(c.group or c.header for c in cols)]
    bottom = ["", *(c.header if c.group else "" for c in cols)]
    # blank the repeats of a group so only its first cell shows the text under the merge
    for i in range(len(cols) - 1, 0, -1):
        if cols[i].group and cols[i].group == cols[i - 1].group:
            top[i + 1] = ""
    ws.row_dimensions[r + 1].height = 45 if any("\n" in c.header for c in cols) else 30
    ws.append(header_cells(ws, top))
    ws.append(header_cells(ws, bottom))
    merge(ws, f"A{r}:A{r + 1}")
    start = 0
    while start < len(cols):
        end = start
        group = cols[start].group
        while group and end + 1 < len(cols) and cols[end + 1].group == group:
            end += 1
        a, b = get_column_letter(start + 2), get_column_letter(end + 2)
        merge(ws, f"{a}{r}:{b}{r}" if group else f"{a}{r}:{a}{r + 1}")
        start = end + 1
    return 2


def write_annual(wb: Workbook, title: str, subtitle: str,
                 rows: Sequence[tuple[str, Mapping[str, Any]]], template: Template) -> None:
    """The 年报 sheet of `template`; `rows`: (填报单位, figures), the last one the 合计 when
    there are several."""
    tables = template.drawn_tables()
    width = max((1 + len(t.columns) for t in tables), default=8)
    ws = wb.create_sheet(ANNUAL_SHEET)
    unit_width = fit_width([name for name, _ in rows], low=16, high=30)
    set_widths(ws, [unit_width, *(11 for _ in range(width - 1))])
    page_setup(ws, None)
    title_rows(ws, title, subtitle, width)
    r = 3
    if not tables:  # every table needs a register this build lacks: say so, not a blank page
        needs = "、".join(dict.fromkeys(t.requires_ledger or "" for t in template.tables))
        text = f"年报模板“{template.id}”的表格都需要本版本程序没有的台账（{needs}），未生成表格。"
        ws.append([cell(ws, text, font=F_NOTE, align=A_NOTE, border=False)])
        merge(ws, f"A3:{get_column_letter(width)}3")
        return
    last = get_column_letter(width)
    for n, table in enumerate(tables, start=1):
        ws.row_dimensions[r].height = 24
        ws.append([cell(ws, f"{section_number(n)}、{table.title}", font=F_SECTION,
                        align=Alignment(vertical="center"), border=False)])
        r += 1
        r += _header_rows(ws, r, table)
        for i, (name, figures) in enumerate(rows):
            fill = TOTAL_FILL if len(rows) > 1 and i == len(rows) - 1 else None
            ws.append([cell(ws, name, align=A_LEFT, fill=fill),
                       *(_value_cell(ws, c, figures, fill) for c in table.columns)])
            r += 1
        note = "".join(p for p in (table.note, unrecorded_note(table)) if p)
        if note:
            if not note.startswith("说明"):
                note = "说明：" + note
            ws.append([])
            r += 1
            # 9 pt CJK text takes about 1.7 width units a character; 14 pt a line
            per_line = max(1, int((unit_width + 11 * (width - 1)) / 1.7))
            ws.row_dimensions[r].height = 14 * max(1, -(-len(note) // per_line)) + 2
            ws.append([cell(ws, note, font=F_NOTE, align=A_NOTE, border=False)])
            merge(ws, f"A{r}:{last}{r}")
            r += 1
        ws.append([])
        r += 1
