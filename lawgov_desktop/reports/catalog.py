"""行政规范性文件目录: the bureau's 现行有效 规范性文件 with 文号, 名称, 公布日期 and 报备日期,
as sections publish and clean up that list (DOMAIN.md §9, issue #14).

One query (:func:`catalog_rows`) feeds the list in the GUI and the Excel file
(:func:`write_catalog`): a title row, the date it was drawn up, a header row and one row per
document in the statistics workbook's style (宋体 10 pt, grid, header fill, A4, header rows
repeated on every page), written whole or not at all (storage/atomic.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..storage import Database

COLUMNS = ("序号", "文号", "名称", "公布日期", "报备日期", "报备机关", "备注")
WIDTHS = (6, 22, 44, 12, 12, 18, 24)


@dataclass(frozen=True)
class CatalogRow:
    id: str
    doc_no: str
    name: str
    published_on: str | None
    filed_on: str | None
    filing_body: str
    note: str


def catalog_rows(db: Database, year: int | None = None) -> list[CatalogRow]:
    """现行有效 行政规范性文件 in order of publication (unpublished ones last); with `year`,
    those published by the end of that year."""
    sql = ("SELECT id, doc_no, name, published_on, filed_on, filing_body, note FROM reviews "
           "WHERE deleted_at IS NULL AND review_type = '行政规范性文件' "
           "AND validity = '现行有效'")
    params: list[str] = []
    if year is not None:
        sql += " AND published_on IS NOT NULL AND published_on < ?"
        params.append(f"{year + 1:04d}-01-01")
    sql += " ORDER BY published_on IS NULL, published_on, doc_no, name"
    return [CatalogRow(r[0], r[1] or "", r[2] or "", r[3], r[4], r[5] or "", r[6] or "")
            for r in db.conn.execute(sql, params)]


def catalog_title(unit: str, year: int | None) -> str:
    when = f"（截至{year}年底）" if year is not None else ""
    return f"{unit or ''}现行有效行政规范性文件目录{when}"


def catalog_filename(unit: str, year: int | None) -> str:
    when = f"{year}年" if year is not None else ""
    return f"{unit or ''}{when}现行有效行政规范性文件目录.xlsx"


def write_catalog(db: Database, out: Path | str, year: int | None = None,
                  today: dt.date | None = None) -> tuple[Path, int]:
    """Write the catalog to `out` (a .xlsx path, or a folder for the default name).
    Returns the file written and the number of documents in it."""
    from openpyxl.styles import Alignment

    from ..storage.atomic import atomic_output
    from . import workbook_style as st
    from .workbook import discard, new_workbook

    unit = db.get_setting("unit_name")
    out = Path(out)
    path = out if out.suffix.lower() == ".xlsx" else out / catalog_filename(unit, year)
    rows = catalog_rows(db, year)
    today = today or dt.date.today()
    title = catalog_title(unit, year)
    wb = new_workbook(title)
    ws = wb.create_sheet("规范性文件目录")
    st.set_widths(ws, WIDTHS)
    ws.freeze_panes = "A4"
    st.page_setup(ws, "1:3", landscape=True)
    subtitle = (f"编制日期：{today.year}年{today.month}月{today.day}日　"
                f"共{len(rows)}件　（现行有效的行政规范性文件，按公布日期排列）")
    st.title_rows(ws, title, subtitle, len(COLUMNS))
    ws.append(st.header_cells(ws, COLUMNS))
    centre = Alignment(horizontal="center", vertical="center")
    for n, r in enumerate(rows, start=1):
        ws.append([
            st.cell(ws, n, align=centre),
            st.cell(ws, r.doc_no, align=st.A_LEFT),
            st.cell(ws, r.name, align=st.A_LEFT),
            st.cell(ws, _day(r.published_on), align=centre, fmt=st.DATE),
            st.cell(ws, _day(r.filed_on) or "未报备", align=centre, fmt=st.DATE),
            st.cell(ws, r.filing_body, align=st.A_LEFT),
            st.cell(ws, r.note, align=st.A_LEFT),
        ])
    if not rows:
        ws.append([st.cell(ws, "（没有现行有效的行政规范性文件）", align=st.A_LEFT,
                           border=False)])
    try:
        with atomic_output(path, "导出规范性文件目录") as tmp:  # whole or not at all
            wb.save(tmp)
    except BaseException:
        discard(wb)
        raise
    return path, len(rows)


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
