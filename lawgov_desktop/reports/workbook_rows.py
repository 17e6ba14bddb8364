"""A leaner row writer for the long detail sheets of the statistics workbook.

openpyxl's write-only sheet turns every appended value into a cell object and writes each
cell through three nested XML context managers (worksheet/_writer.py, cell/_writer.py); for
the ~300,000 cells of a large ledger that was most of the export's time. Here a row's plain
values (numbers, text that openpyxl would keep as text unchanged, and styled numbers such as
amounts and dates) are written as the same `<c>` XML text, the whole row at once, straight to
the sheet's file after lxml's own output is flushed; every other value (styled text,
formula or error-code look-alikes, line breaks, NaN …) goes through openpyxl's own cell
writer exactly as before, so the file reads back the same.

Installed per sheet by `stream_rows_fast`, only on the openpyxl version it was written for.
"""

from __future__ import annotations

import copy
import types
from typing import Any

from openpyxl import LXML
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import tostring, xmlfile

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
    if '"' in v:
        v = v.replace('"', "&quot;")
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
            s = _style_of(self.style_memo, v)
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
    xf.flush()  # what lxml holds goes out first, then the row as it is
    head = "".join([f' {k}="{_escape(str(v))}"' for k, v in attrs.items()])
    self.fh.write(f"<row{head}>{''.join(parts)}</row>".encode())


class LeanWriter(WorksheetWriter):
    """openpyxl's sheet writer with the sheet's XML stream on a file of our own, so that
    `_write_row` can add a row's XML text as it is (neither built as elements nor parsed)
    between what lxml writes around it."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.style_memo: dict[int, tuple[Any, Any, str]] = {}
        super().__init__(ws)

    def get_stream(self) -> Any:
        self.fh = open(self.out, "wb", buffering=1 << 20)  # noqa: SIM115 (closed in close)
        with xmlfile(self.fh) as xf:
            with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        el = yield
                        if el is True:
                            yield xf
                        elif el is None:
                            continue
                        else:
                            xf.write(el)
                except GeneratorExit:
                    pass

    def close(self) -> None:
        super().close()
        self.fh.close()

    write_row = _write_row


def _raw_values(self: WriteOnlyWorksheet, values: Any, row_idx: int) -> Any:
    return values


def _get_writer(self: WriteOnlyWorksheet) -> None:
    """WriteOnlyWorksheet._get_writer, with a LeanWriter."""
    if self._writer is None:
        self._writer = LeanWriter(self)
        self._writer.write_top()


def stream_rows_fast(ws: WriteOnlyWorksheet) -> bool:
    """Write this new sheet's rows with `LeanWriter`, from its first row on. Only when
    openpyxl is the version this was written for (lxml streams the XML; the sheet makes its
    writer in `_get_writer` and calls `_values_to_row` then `write_row`); otherwise nothing
    changes (slower, same file). Returns whether the lean writer is in place."""
    original = getattr(WorksheetWriter, "write_row", None)
    to_row = getattr(type(ws), "_values_to_row", None)
    if (not LXML or ws._writer is not None or original is None or to_row is None
            or getattr(type(ws), "_get_writer", None) is None
            or original.__code__.co_varnames[:4] != ("self", "xf", "row", "row_idx")
            or to_row.__code__.co_varnames[:3] != ("self", "values", "row_idx")):
        return False
    ws._get_writer = types.MethodType(_get_writer, ws)
    ws._values_to_row = types.MethodType(_raw_values, ws)
    return True
