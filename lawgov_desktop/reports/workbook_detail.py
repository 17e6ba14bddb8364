"""One detail sheet per ledger: the year's records, field labels as headers, personal data masked.

Rows are streamed from SQLite into openpyxl's write-only worksheet with as little per-cell work
as possible (most values pass through as plain Python values; only amounts, rates, text that
looks like a formula and over-long text become styled cells), so a 100,000-row ledger writes
nearly as fast as a bare openpyxl script.

Personal data (DOMAIN.md §8, 个人信息保护法): by default a natural person's name and ID number
are masked (张*, 110***********1234):
- a field with `personal_when` in forms/ (cases: 当事人, 证件号码 when 当事人类型 = 个人);
- appeals' 申请人/原告, which has no type field, when it names a person: either it is the
  当事人 of a case recorded as 个人, or it looks like a personal name (see `looks_like_person`).
`mask=False` exports everything in full, for the unit's own use.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from ..domain.annual import year_records_where
from ..domain.idcodes import mask_id, mask_name
from ..domain.ledgers import FieldDef, LedgerDef, get_ledger
from ..domain.masking import NameMasker, mask_numbers
from ..storage import Database
from .people import personal_parties
from .workbook_rows import stream_rows_fast
from .workbook_style import (
    A_CENTER,
    DATE,
    F_HEADER,
    HEADER_FILL,
    MONEY,
    RATE,
    cell,
    clean_text,
    display_width,
    first_page_columns,
    page_setup,
    pages_wide,
    set_widths,
    string_cell,
    text,
    title_rows,
)

EXCEL_DAY_0 = dt.date(1899, 12, 30).toordinal()  # serial 0 (1900 date system)
SAMPLE = 1000  # rows at each end looked at to size the columns
LINE_HEIGHT = 13.0  # points per line of 10 pt 宋体
MAX_LINES = 8
WRAP = Alignment(wrap_text=True)

# -- masking --------------------------------------------------------------------------------

_HAN = "\u3400-\u9fff"
_NAME = re.compile(rf"^[{_HAN}]{{2,4}}$|^[{_HAN}]{{1,6}}[·•・][{_HAN}]{{1,8}}$")
# Words that make a name an organisation's wherever they appear …
_ORG_WORDS = ("公司", "中心", "合作社", "协会", "集团", "学校", "医院", "银行", "政府", "委员会",
              "企业", "工作室", "经营部", "门市", "超市", "商行", "大队", "事务所", "联社", "个体")
# … and characters that do when a name of 3 or more characters ends with them (厂, 站, 店 …).
# Characters common at the end of given names (会, 华, 园 …) are left out on purpose.
_ORG_ENDINGS = tuple("厂站店部局所院队场矿社馆处委司窑坊铺市")


def looks_like_person(name: str) -> bool:
    """A personal name: 2–4 Chinese characters (or a minority name with "·") without an
    organisation word (公司, 中心, 合作社, 商行 …) and, from 3 characters on, not ending in an
    organisation character (厂, 站, 店, 部, 局, 所, 院 …). A two-character name is a person."""
    name = name.strip()
    if not _NAME.match(name):
        return False
    if any(w in name for w in _ORG_WORDS):
        return False
    return len(name) <= 2 or not name.endswith(_ORG_ENDINGS)


def _masker(fdef: FieldDef) -> Callable[[str], str]:
    if fdef.check in ("party_id", "id_number") or "证件" in fdef.label:
        return mask_id
    return mask_name


def _masked_note(ledger: LedgerDef, maskers: Sequence[Callable[[str], str]]) -> str:
    """What the sheet masks, and only that. A register whose own people are named openly
    (the officers act by name) names only the masked column (身份证号已脱敏)."""
    if mask_id in maskers and mask_name not in maskers:
        labels = "、".join(f.label for f in ledger.fields if f.personal) or "证件号码"
        return f"{labels}已脱敏。"
    return "自然人的姓名和证件号码已脱敏。"


# -- value conversion -----------------------------------------------------------------------


class RowWriter:
    """Stored row → cell values, per field type, with the cheapest path for common values.

    Text passes through unchanged unless it starts with "=" or "#" (formula / error-code
    look-alikes) or holds a character that is not printable (line breaks, control
    characters); only those take the careful path of workbook_style.text.
    """

    def __init__(self, ws: Any, ledger: LedgerDef) -> None:
        self.ws = ws
        types = [f.type for f in ledger.fields]
        self.texts = [i for i, t in enumerate(types) if t in ("text", "choice", "multi")]
        self.dates = [i for i, t in enumerate(types) if t == "date"]
        self.money = [i for i, t in enumerate(types) if t == "money"]
        self.percent = [i for i, t in enumerate(types) if t == "percent"]
        self.bools = [i for i, t in enumerate(types) if t == "bool"]
        self.numbers = [i for i, t in enumerate(types) if t in ("integer", "decimal")]
        # One styled cell per amount / rate column, refilled for every row: a write-only
        # sheet writes a row completely inside append(), so the cell is free again after it.
        self.cells = {i: self._styled(MONEY) for i in self.money}
        self.cells.update({i: self._styled(DATE) for i in self.dates})
        self.cells.update({i: self._styled(RATE) for i in self.percent})

    def _styled(self, fmt: str) -> Any:
        c = WriteOnlyCell(self.ws)
        c.number_format = fmt
        return c

    def convert(self, out: list[Any]) -> None:
        ws = self.ws
        for i in self.texts:
            v = out[i]
            if v is not None and not isinstance(v, str):  # a damaged file: shown as it is
                v = out[i] = _shown(v)
            if v is not None and (v[:1] in "=#" or not v.isprintable()):
                out[i] = text(ws, str(v))
        cells = self.cells
        fromiso = dt.date.fromisoformat
        for i in self.dates:
            v = out[i]
            if v is not None:
                try:  # the Excel serial number, as openpyxl would write it for a date
                    serial = fromiso(v).toordinal() - EXCEL_DAY_0
                except (TypeError, ValueError):  # a malformed stored value: shown as it is
                    out[i] = text(ws, str(v))
                    continue
                c = cells[i]
                c.value = serial
                out[i] = c
        for i in self.money:
            v = out[i]
            if v is not None and not _is_number(v):
                out[i] = text(ws, _shown(v))
            elif v is not None:
                c = cells[i]
                c.value = v / 100
                out[i] = c
        for i in self.percent:
            v = out[i]
            if v is not None and not _is_number(v):
                out[i] = text(ws, _shown(v))
            elif v is not None:
                c = cells[i]
                c.value = v
                out[i] = c
        for i in self.bools:
            v = out[i]
            if v is not None:
                out[i] = "是" if v else "否"
        for i in self.numbers:
            v = out[i]
            if v is not None and not _is_number(v):  # a damaged file: shown as it is
                out[i] = text(ws, _shown(v))


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _sanitized(row: Sequence[Any]) -> list[Any]:
    """A damaged row's values as clean text (numbers kept), so one bad record cannot stop
    the workbook."""
    return [v if v is None or _is_number(v) else clean_text(_shown(v)) for v in row]


def _shown(v: Any) -> str:
    """A stored value of the wrong type (only a damaged file has one) as readable text."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def _values_to_row(self: Any, values: Any, row_idx: int) -> Any:
    """openpyxl's WriteOnlyWorksheet._values_to_row, minus two costs per ready-made cell:
    it takes a Cell as it is (openpyxl first tries it as a value and catches the ValueError)
    and keeps its own scratch cell (openpyxl allocates a new one after every styled cell).
    Plain values are handled exactly as openpyxl does."""
    cell = WriteOnlyCell(self)
    for col_idx, value in enumerate(values, 1):
        if value is None:
            continue
        if isinstance(value, Cell):
            value.column = col_idx
            value.row = row_idx
            if value.hyperlink is not None:
                value.hyperlink.ref = value.coordinate
            yield value
            continue
        cell.value = value
        cell.column = col_idx
        cell.row = row_idx
        yield cell
        if cell.has_style or cell.hyperlink:
            cell = WriteOnlyCell(self)


def stream_cells_fast(ws: Any) -> None:
    """Use `_values_to_row` on this sheet when openpyxl is the version it was written for;
    otherwise openpyxl's own (slower, same output)."""
    original = getattr(type(ws), "_values_to_row", None)
    if original is not None and original.__code__.co_varnames[:3] == ("self", "values",
                                                                     "row_idx"):
        ws._values_to_row = types.MethodType(_values_to_row, ws)


def column_widths(db: Database, ledger: LedgerDef, select: str, params: list[Any]
                  ) -> list[float]:
    """A width per column from the first and last SAMPLE rows (Chinese counts about double),
    capped; headers may wrap to two lines. Sampling both ends catches the growing numbers
    of 案号; a longer value later wraps in its cell."""
    fields = ledger.fields
    longest = [0.0] * len(fields)
    for order in ("ASC", "DESC"):
        sql = f"{select} ORDER BY [{ledger.default_sort}] {order}, rowid {order} LIMIT {SAMPLE}"
        for row in db.conn.execute(sql, params):
            for i, v in enumerate(row):
                if v is None:
                    continue
                if fields[i].type == "text":
                    longest[i] = max(longest[i], display_width(str(v)))
                elif fields[i].type in ("money", "integer") and isinstance(v, (int, float)):
                    # (a damaged file may hold anything here: only numbers size the column)
                    longest[i] = max(longest[i], v)
    widths = []
    for i, f in enumerate(fields):
        label_w = display_width(f.label)
        head = label_w / 2 + 2.5 if label_w > 10 else label_w + 2
        if f.type == "date":
            data = 10.0
        elif f.type == "money":
            data = float(len(f"{longest[i] / 100:,.2f}"))
        elif f.type == "integer":
            data = float(len(str(int(longest[i]))))
        elif f.type in ("percent", "decimal", "bool"):
            data = 5.0
        elif f.type in ("choice", "multi"):
            data = max((display_width(c) for c in db.choices(ledger.key, f.key)), default=4)
        else:
            data = longest[i]
        high = 20 if f.multiline or f.type == "multi" else 40
        widths.append(max(head, min(high, data + 2), 6))
    return widths


# -- the sheet ------------------------------------------------------------------------------


def write_ledger_sheet(wb: Workbook, db: Database, ledger_key: str, year: int, unit: str,
                       *, mask: bool = True, sheet_title: str | None = None) -> int:
    """Write the year's records of one ledger as a sheet; returns the number of records."""
    ledger = get_ledger(ledger_key)
    ws = wb.create_sheet(sheet_title or ledger.label)
    lean = stream_rows_fast(ws)  # before the first row: it brings its own sheet writer
    ws.freeze_panes = "B4"  # sheet views go out with the first row: set before it
    keys = ledger.keys
    where, params = year_records_where(ledger, year)
    cols = ", ".join(f"[{k}]" for k in keys)
    select = f"SELECT {cols} FROM [{ledger.key}] WHERE {where}"
    sql = f"{select} ORDER BY [{ledger.default_sort}], rowid"
    widths = column_widths(db, ledger, select, params)
    set_widths(ws, widths)
    ncols = len(keys)
    # Wide ledgers print over two pages wide at a readable size, 案号 repeated on each.
    wide = pages_wide(widths, widths[0])
    page_setup(ws, "3:3", wide=wide, title_cols="A:A")
    ws.print_options.gridLines = True

    maskers: list[tuple[int, Callable[[str], str], Callable[[tuple[Any, ...]], bool]]] = []
    if mask:
        for i, f in enumerate(ledger.fields):
            cond = f.personal_when
            if f.personal:
                maskers.append((i, _masker(f), lambda r: True))
            elif cond is not None:
                j = keys.index(cond.field)
                maskers.append((i, _masker(f), lambda r, j=j, v=cond.value: r[j] == v))
        if ledger.key == "appeals":
            people = personal_parties(db)
            i = keys.index("applicant")
            maskers.append((i, mask_name, lambda r, i=i: bool(r[i]) and (
                r[i].strip() in people or looks_like_person(r[i]))))
        # Free text (案由, 备注, names of trainings…): IDs, mobile numbers and the names of
        # natural persons typed into it (domain/masking.py).
        masked_cols = {i for i, _, _ in maskers}
        names = NameMasker(personal_parties(db))
        free_text = [i for i, f in enumerate(ledger.fields)
                     if f.type == "text" and i not in masked_cols]
    else:
        free_text, names = [], NameMasker(())

    masked_note = (_masked_note(ledger, [m for _, m, _ in maskers]) if mask
                   else "含未脱敏的个人信息，请妥善保管，勿对外提供。")
    ws.row_dimensions[2].height = 30  # the subtitle wraps to two lines on narrow sheets
    scope = (f"本表列出{year}年内任一日期（{_date_labels(ledger)}）在本年度的{ledger.label}记录。"
             if ledger.by_year else f"本表列出台账中的全部{ledger.label}记录。")
    title_rows(ws, f"{unit}{year}年{ledger.label}台账", scope + masked_note,
               first_page_columns(widths, wide))
    ws.row_dimensions[3].height = 30
    ws.append([cell(ws, f.label, font=F_HEADER, align=A_CENTER, fill=HEADER_FILL)
               for f in ledger.fields])

    writer = RowWriter(ws, ledger)
    if not lean:
        stream_cells_fast(ws)
    limits = [w - 1.5 for w in widths]
    # (index, length in characters from which a value may need to wrap)
    wide = [(i, limits[i] / 1.9) for i, f in enumerate(ledger.fields)
            if f.type in ("text", "multi")]

    def row_cells(row: Sequence[Any]) -> tuple[list[Any], int]:
        out = list(row)
        for i, masker, applies in maskers:
            if out[i] is not None and applies(row):
                out[i] = masker(out[i])
        for i in free_text:
            if out[i]:  # a number in a text column (a damaged file) is masked as its text
                out[i] = names(mask_numbers(out[i] if type(out[i]) is str else _shown(out[i])))
        writer.convert(out)
        lines = 1
        for i, shortest in wide:  # text longer than its column wraps instead of being cut off
            v = out[i]
            if type(v) is str and len(v) > shortest and display_width(v) > limits[i]:
                c = string_cell(ws, clean_text(v))
                c.alignment = WRAP
                out[i] = c
                lines = max(lines, min(MAX_LINES, -int(-display_width(v) // limits[i])))
        return out, lines

    count = 0
    for row in db.conn.execute(sql, params):
        try:
            out, lines = row_cells(row)
        except (TypeError, ValueError, AttributeError):  # only a damaged file gets here
            out, lines = row_cells(_sanitized(row))
        if lines > 1:  # write-only rows cannot grow later, and viewers do not refit them
            ws.row_dimensions[4 + count].height = LINE_HEIGHT * lines + 2
        ws.append(out)
        count += 1
    if count == 0:
        ws.append([cell(ws, f"{year}年无{ledger.label}记录", border=False)])
    last = get_column_letter(ncols)
    ws.auto_filter.ref = f"A3:{last}{3 + max(count, 1)}"
    ws.append([])
    ws.append([cell(ws, f"共 {count} 条", font=F_HEADER, border=False)])
    return count


def _date_labels(ledger: LedgerDef) -> str:
    return "、".join(f.label for f in ledger.date_fields)


__all__ = ["DATE", "looks_like_person", "personal_parties", "write_ledger_sheet"]
