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
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook

from ..domain.annual import year_records_where
from ..domain.idcodes import mask_id, mask_name
from ..domain.ledgers import FieldDef, LedgerDef, get_ledger
from ..storage import Database
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
    fit_width,
    page_setup,
    set_widths,
    string_cell,
    text,
    title_rows,
)
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

SAMPLE_ROWS = 500  # rows looked at to size the columns
LINE_HEIGHT = 13.0  # points per line of 10 pt 宋体
MAX_LINES = 8
WRAP = Alignment(wrap_text=True)
ROW_FONT = Font(name="宋体", size=10)

# -- masking --------------------------------------------------------------------------------

_HAN = "\u3400-\u9fff"
_NAME = re.compile(rf"^[{_HAN}]{{2,4}}$|^[{_HAN}]{{1,6}}[·•・][{_HAN}]{{1,8}}$")
# Words that make a name an organisation's wherever they appear …
_ORG_WORDS = ("公司", "中心", "合作社", "协会", "集团", "学校", "医院", "银行", "政府", "委员会",
              "企业", "工作室", "经营部", "门市", "超市", "商行", "大队", "事务所", "联社", "个体")
# … and characters that do when a short name ends with them (厂, 站, 店, 部, 局 …).
_ORG_ENDINGS = tuple("厂站店部局所院队场矿社馆行处委会司矿窑庄园市坊铺")


def looks_like_person(name: str) -> bool:
    """A personal name: 2–4 Chinese characters (or a minority name with "·") that is not an
    organisation (no 公司/中心/合作社 …, and not ending in 厂/站/店/部/局/所/院 …)."""
    name = name.strip()
    if not _NAME.match(name):
        return False
    if any(w in name for w in _ORG_WORDS):
        return False
    return not name.endswith(_ORG_ENDINGS)


def _masker(fdef: FieldDef) -> Callable[[str], str]:
    return mask_id if fdef.check == "party_id" or "证件" in fdef.label else mask_name


# -- value conversion -----------------------------------------------------------------------


def _converters(ws: Any, ledger: LedgerDef) -> list[Callable[[Any], Any] | None]:
    """Stored value → cell value, per field; None where the stored value goes as it is."""

    def money(v: Any) -> Any:
        return None if v is None else cell(ws, v / 100, fmt=MONEY, border=False, font=ROW_FONT)

    def percent(v: Any) -> Any:
        return None if v is None else cell(ws, v, fmt=RATE, border=False, font=ROW_FONT)

    def yesno(v: Any) -> Any:
        return None if v is None else ("是" if v else "否")

    def date(v: Any) -> Any:
        if v is None:
            return None
        try:
            return dt.date.fromisoformat(v)
        except (TypeError, ValueError):  # a malformed stored value: show it as it is
            return text(ws, str(v))

    def plain_text(v: Any) -> Any:
        return None if v is None else text(ws, str(v))

    out: list[Callable[[Any], Any] | None] = []
    for f in ledger.fields:
        out.append({
            "money": money, "percent": percent, "bool": yesno, "date": date,
            "text": plain_text, "choice": plain_text, "multi": plain_text,
        }.get(f.type))
    return out


def _display(fdef: FieldDef, v: Any) -> Any:
    if v is None:
        return None
    if fdef.type == "money":
        return f"{v / 100:,.2f}"
    if fdef.type == "date":
        return "2000-00-00"
    return v


# -- the sheet ------------------------------------------------------------------------------


def personal_parties(db: Database) -> set[str]:
    rows = db.conn.execute("SELECT DISTINCT party FROM cases WHERE party_type = '个人' "
                           "AND party IS NOT NULL")
    return {r[0].strip() for r in rows}


def write_ledger_sheet(wb: Workbook, db: Database, ledger_key: str, year: int, unit: str,
                       *, mask: bool = True, sheet_title: str | None = None) -> int:
    """Write the year's records of one ledger as a sheet; returns the number of records."""
    ledger = get_ledger(ledger_key)
    ws = wb.create_sheet(sheet_title or ledger.label)
    keys = ledger.keys
    where, params = year_records_where(ledger, year)
    cols = ", ".join(f"[{k}]" for k in keys)
    sql = (f"SELECT {cols} FROM [{ledger.key}] WHERE {where} "
           f"ORDER BY [{ledger.default_sort}], rowid")
    total = db.conn.execute(f"SELECT count(*) FROM [{ledger.key}] WHERE {where}",
                            params).fetchone()[0]
    sample = db.conn.execute(f"{sql} LIMIT {SAMPLE_ROWS}", params).fetchall()

    # Columns sized to a sample of rows (Chinese counts double); headers may wrap to 2 lines.
    widths = []
    for i, f in enumerate(ledger.fields):
        label_w = display_width(f.label)
        head = label_w / 2 + 2.5 if label_w > 10 else label_w + 2
        if f.type == "date":
            widths.append(max(11.5, head))
            continue
        values = [_display(f, r[i]) for r in sample]
        high = 20 if f.multiline or f.type == "multi" else 40
        widths.append(max(head, fit_width(values, low=6, high=high)))
    set_widths(ws, widths)
    ncols = len(keys)
    page_setup(ws, "3:3")
    ws.print_options.gridLines = True

    maskers: list[tuple[int, Callable[[str], str], Callable[[tuple[Any, ...]], bool]]] = []
    if mask:
        for i, f in enumerate(ledger.fields):
            cond = f.personal_when
            if cond is not None:
                j = keys.index(cond.field)
                maskers.append((i, _masker(f), lambda r, j=j, v=cond.value: r[j] == v))
        if ledger.key == "appeals":
            people = personal_parties(db)
            i = keys.index("applicant")
            maskers.append((i, mask_name, lambda r, i=i: bool(r[i]) and (
                r[i].strip() in people or looks_like_person(r[i]))))

    masked_note = "自然人的姓名和证件号码已脱敏。" if mask else "含未脱敏的个人信息，请妥善保管，勿对外提供。"
    title_rows(ws, f"{unit}{year}年{ledger.label}台账",
               f"本表列出{year}年内任一日期（{_date_labels(ledger)}）在本年度的{ledger.label}"
               f"记录，共 {total} 条。{masked_note}", ncols)
    ws.row_dimensions[3].height = 30
    ws.append([cell(ws, f.label, font=F_HEADER, align=A_CENTER, fill=HEADER_FILL)
               for f in ledger.fields])
    ws.freeze_panes = "B4"

    convs = _converters(ws, ledger)
    pairs = list(enumerate(convs))
    limits = [w - 1.5 for w in widths]
    wide = [i for i, f in enumerate(ledger.fields) if f.type in ("text", "multi")]
    count = 0
    for row in db.conn.execute(sql, params):
        out = list(row)
        for i, masker, applies in maskers:
            if out[i] is not None and applies(row):
                out[i] = masker(out[i])
        lines = 1
        for i in wide:  # text longer than its column wraps instead of being cut off
            v = out[i]
            if v is not None and len(v) * 1.8 > limits[i] and display_width(v) > limits[i]:
                c = string_cell(ws, clean_text(v))
                c.alignment = WRAP
                out[i] = c
                lines = max(lines, min(MAX_LINES, -int(-display_width(v) // limits[i])))
        if lines > 1:  # write-only rows cannot grow later, and viewers do not refit them
            ws.row_dimensions[4 + count].height = LINE_HEIGHT * lines + 2
        for i, conv in pairs:
            v = out[i]
            if conv is not None and v is not None and not isinstance(v, Cell):
                out[i] = conv(v)
        ws.append(out)
        count += 1
    if count == 0:
        ws.append([cell(ws, f"{year}年无{ledger.label}记录", border=False)])
    last = get_column_letter(ncols)
    ws.auto_filter.ref = f"A3:{last}{3 + max(count, 1)}"
    return count


def _date_labels(ledger: LedgerDef) -> str:
    return "、".join(f.label for f in ledger.date_fields)


__all__ = ["DATE", "looks_like_person", "personal_parties", "write_ledger_sheet"]
