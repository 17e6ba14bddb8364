"""A leaner row writer for the long detail sheets of the statistics workbook.

openpyxl's write-only sheet turns every appended value into a cell object and writes each
cell through three nested XML context managers (worksheet/_writer.py, cell/_writer.py); for
the ~300,000 cells of a large ledger that is most of the export's time. Here a row's plain
values (numbers, and text that openpyxl would keep as text unchanged) become the same
`<c>` elements built directly, the whole row is written at once, and every other value
(styled cells, formula or error-code look-alikes, line breaks, NaN …) is handed to openpyxl's
own cell writer exactly as before, so the file reads back the same.

Installed per sheet by `stream_rows_fast`, only on the openpyxl version it was written for.
"""

from __future__ import annotations

import copy
import types
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.functions import Element, fromstring, tostring

_COLUMNS = [""] + [get_column_letter(i) for i in range(1, 16385)]  # A … XFD


class _Collector:
    """Stands in for the XML stream: keeps the element openpyxl's cell writer writes."""

    __slots__ = ("el",)

    def __init__(self) -> None:
        self.el = None

    def write(self, el: Any) -> None:
        self.el = el


def _plain_text(v: str) -> bool:
    """Text openpyxl stores unchanged as an inline string (never a formula or error code,
    no line breaks or other characters to check)."""
    return 0 < len(v) <= 32767 and v[0] != "=" and v[0] != "#" and v.isprintable()


def _escape(v: str) -> str:
    if "&" in v:
        v = v.replace("&", "&amp;")
    if "<" in v:
        v = v.replace("<", "&lt;")
    if ">" in v:
        v = v.replace(">", "&gt;")
    return v


def _style_of(cache: dict[int, tuple[Any, Any, str]], cell: Any) -> str:
    """The style index of a cell, remembered per cell object: the detail sheets refill the
    same few styled cells (amounts, dates, rates) row after row, and openpyxl looks the
    style up anew each time. A cell whose style changed is looked up again."""
    hit = cache.get(id(cell))
    if hit is not None and hit[0] is cell and hit[1] == cell._style:
        return hit[2]
    if len(cache) > 256:  # (one-off cells: keep the memo small)
        cache.clear()
    s = f"{cell.style_id}"
    cache[id(cell)] = (cell, copy.copy(cell._style), s)
    return s


def _write_row(self: WorksheetWriter, xf: Any, row: Any, row_idx: int) -> None:
    """WorksheetWriter.write_row for a row of raw values (see `stream_rows_fast`)."""
    ws = self.ws
    r = f"{row_idx}"
    attrs = {"r": r}
    attrs.update(ws.row_dimensions.get(row_idx, {}))
    parts = []
    for col_idx, v in enumerate(row, 1):
        if v is None:
            continue
        t = type(v)
        if t is str and _plain_text(v):
            space = ' xml:space="preserve"' if v[0].isspace() or v[-1].isspace() else ""
            parts.append(f'<c r="{_COLUMNS[col_idx]}{r}" t="inlineStr"><is><t{space}>'
                         f"{_escape(v)}</t></is></c>")
            continue
        if t is int or (t is float and v - v == 0):  # (not NaN or ±inf)
            parts.append(f'<c r="{_COLUMNS[col_idx]}{r}" t="n"><v>{v:.16g}</v></c>')
            continue
        if (isinstance(v, Cell) and v.data_type == "n" and v._comment is None
                and v.hyperlink is None and type(v._value) in (int, float)
                and v._value - v._value == 0):  # a styled number (amount, date, rate)
            s = _style_of(self._style_memo, v)
            parts.append(f'<c r="{_COLUMNS[col_idx]}{r}" s="{s}" t="n">'
                         f'<v>{v._value:.16g}</v></c>')
            continue
        # Everything else exactly as openpyxl's _values_to_row and write_row do it.
        cell = v if isinstance(v, Cell) else WriteOnlyCell(ws, v)
        cell.column = col_idx
        cell.row = row_idx
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
        if cell._comment is not None:
            ws._comments.append(CommentRecord.from_cell(cell))
        if cell._value is None and not cell.has_style and not cell._comment:
            continue
        out = _Collector()
        etree_write_cell(out, ws, cell, cell.has_style)
        parts.append(tostring(out.el, encoding="unicode"))
    row_xml = "".join(parts)
    el = Element("row", attrs)
    if row_xml:  # one parse per row: far cheaper than building each cell as an element
        el.extend(fromstring(f"<row>{row_xml}</row>"))
    xf.write(el)


def _raw_values(self: WriteOnlyWorksheet, values: Any, row_idx: int) -> Any:
    return values


def stream_rows_fast(ws: WriteOnlyWorksheet) -> bool:
    """From the next appended row on, write this sheet's rows with `_write_row`. Only when
    openpyxl is the version this was written for (the sheet already has its writer and calls
    `_values_to_row` then `write_row`); otherwise nothing changes (slower, same file).
    Returns whether the lean writer is in place."""
    writer = getattr(ws, "_writer", None)
    original = getattr(WorksheetWriter, "write_row", None)
    to_row = getattr(type(ws), "_values_to_row", None)
    if (writer is None or original is None or to_row is None
            or original.__code__.co_varnames[:4] != ("self", "xf", "row", "row_idx")
            or to_row.__code__.co_varnames[:3] != ("self", "values", "row_idx")):
        return False
    writer._style_memo = {}
    ws._values_to_row = types.MethodType(_raw_values, ws)
    writer.write_row = types.MethodType(_write_row, writer)
    return True
