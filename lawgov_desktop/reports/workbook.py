"""The statistics workbook, "{单位}{年}年法治建设统计表.xlsx" (openpyxl, write-only).

Sheets: 汇总 (every indicator beside the previous year), 月度统计 (with a bar chart),
行政执法数据年报 (DOMAIN.md §4, drawn from the 年报 template the setting `annual_template`
chooses: reports/workbook_annual.py), one detail sheet per ledger, and a hidden data sheet,
数据, holding (figure id, value, measure, year) rows under a format marker, which
`lawgov aggregate` reads to combine the workbooks of several units. The marker row also names
the 年报 template ("template", id); a workbook without it was drawn with the national default.
Every sheet is set up to print: title, frozen header, auto-filter, A4 landscape fitted to the
width, header row repeated. No cell made from user text is ever a formula.

Used by `lawgov export --format xlsx` and the GUI (call from a worker thread with its own
Database). Qt-free.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..domain import annual, annual_template
from ..domain.annual_template import Template, TemplateError
from ..domain.ledgers import get_ledger, ledger_keys
from ..storage import Database, LedgerError
from .workbook_annual import write_annual
from .workbook_detail import write_ledger_sheet
from .workbook_sheets import write_monthly, write_summary
from .workbook_style import text

DATA_SHEET = "数据"
FORMAT_MARKER = "lawgov-stats-workbook"
FORMAT_VERSION = 1
DATA_HEADER = ("id", "value", "unit", "year")
_DATA_FIRST_ROW = 7  # rows 1–5 hold the marker and the unit; row 6 the header


class WorkbookFormatError(LedgerError):
    """A file that is not a statistics workbook this version can read (message in Chinese)."""


class AnnualTemplateError(LedgerError):
    """The chosen 年报 template cannot be used (missing or malformed file; Chinese message)."""


def load_template(template_id: str | None, data_dir: Path | str | None) -> Template:
    """The 年报 template `template_id` (empty: national) as the workbook writers need it."""
    try:
        return annual_template.load(template_id, data_dir)
    except TemplateError as exc:
        raise AnnualTemplateError(str(exc)) from None


def template_of(db: Database) -> Template:
    """The template chosen in 设置 (`annual_template`), looked for beside the ledger too."""
    return load_template(db.get_setting("annual_template"), db.path.parent)


@dataclass
class UnitFigures:
    """One unit's (or the combined) figures of a year, as kept in the data sheet."""

    unit: str
    year: int
    figures: dict[str, Any]  # indicator ids, annual ids, monthly ids: the year
    previous: dict[str, Any]  # indicator ids: the year before
    members: tuple[str, ...] = field(default=())  # units combined into this one
    # ledgers with a record the year before (None: not known, as in a combined workbook); an
    # indicator of a ledger unused last year shows "—" there, not a 0 read as "none"
    previous_ledgers: frozenset[str] | None = None
    template: str = annual_template.DEFAULT_ID  # id of the 年报 template it was drawn with

    @property
    def previous_shown(self) -> dict[str, Any]:
        """`previous` as the 汇总 sheet shows it: without indicators of unused ledgers."""
        if self.previous_ledgers is None:
            return self.previous
        from ..domain.indicators import BY_ID

        return {fid: v for fid, v in self.previous.items()
                if fid not in BY_ID or BY_ID[fid].ledger is None
                or BY_ID[fid].ledger in self.previous_ledgers}

    @property
    def monthly(self) -> dict[str, list[int]]:
        return annual.unflatten_monthly(self.figures)


def collect(db: Database, year: int, unit: str | None = None,
            template: str = annual_template.DEFAULT_ID) -> UnitFigures:
    """The year's figures of one ledger, computed by the shared definitions."""
    def run(sql: str, params: list[Any]) -> list[Any]:
        return db.conn.execute(sql, params).fetchall()

    figures = dict(db.stats(year))
    figures.update(annual.annual_figures(run, year))
    figures.update(annual.flatten_monthly(annual.monthly(run, year)))
    unit = db.get_setting("unit_name") if unit is None else unit
    from .yeardata import _ledgers_of

    return UnitFigures(unit, year, figures, dict(db.stats(year - 1)), (unit,),
                       previous_ledgers=_ledgers_of(db, year - 1), template=template)


def workbook_title(unit: str, year: int) -> str:
    return f"{unit}{year}年法治建设统计表"


def workbook_filename(unit: str, year: int) -> str:
    return re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", workbook_title(unit, year)) + ".xlsx"


def _subtitle(year: int, unit: str, date: dt.date) -> str:
    made = f"{date.year}年{date.month}月{date.day}日"
    who = f"填报单位：{unit}　　" if unit else ""
    return f"{who}统计期间：{year}年1月1日至12月31日　　制表日期：{made}"


def write_figure_sheets(wb: Workbook, total: UnitFigures, units: Sequence[UnitFigures],
                        date: dt.date, template: Template) -> None:
    """汇总, 月度统计 and 年报 of one unit (`units` = [total]) or of several combined."""
    year, name = total.year, total.unit
    sub = _subtitle(year, name, date)
    if len(units) == 1:
        columns: list[tuple[str, Mapping[str, Any]]] = [(f"{year}年", total.figures)]
        rows: list[tuple[str, Mapping[str, Any]]] = [(name or "本单位", total.figures)]
    else:
        columns = [(u.unit, u.figures) for u in units] + [(f"{year}年合计", total.figures)]
        rows = [(u.unit, u.figures) for u in units] + [("合计", total.figures)]
    write_summary(wb, year, f"{name}{year}年法治建设统计汇总表", sub, columns,
                  total.previous_shown)
    write_monthly(wb, year, f"{name}{year}年法治建设月度统计表", sub, total.monthly)
    write_annual(wb, f"{name}{year}年{template.title}", sub, rows, template)


def write_data_sheet(wb: Workbook, total: UnitFigures, date: dt.date) -> None:
    """The hidden machine-readable sheet `lawgov aggregate` reads (see read_data_sheet)."""
    ws = wb.create_sheet(DATA_SHEET)
    ws.sheet_state = "hidden"
    # the template is named on the marker row, so readers of the first version still read it
    ws.append(["format", FORMAT_MARKER, FORMAT_VERSION, "template", text(ws, total.template)])
    ws.append(["unit", text(ws, total.unit)])
    ws.append(["year", total.year])
    ws.append(["members", *(text(ws, m) for m in total.members)])
    ws.append(["generated", date.isoformat()])
    ws.append(list(DATA_HEADER))
    for fid in annual.figure_ids():
        ws.append([fid, total.figures.get(fid), annual.figure_unit(fid), total.year])
    for ind_id in (i for i in annual.figure_ids() if i in total.previous):
        ws.append([ind_id, total.previous.get(ind_id), annual.figure_unit(ind_id),
                   total.year - 1])


def save_atomically(wb: Workbook, path: Path) -> Path:
    """Write next to `path`, then rename: a reader never sees half a workbook."""
    from ..storage.atomic import atomic_output

    try:
        with atomic_output(path, "导出统计表") as tmp:
            wb.save(tmp)
    except BaseException:
        discard(wb)
        raise
    return path


def new_workbook(title: str) -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = "法治建设台账 LawGov Desktop"
    return wb


def write_workbook(db: Database, year: int, out: Path | str, *, mask: bool = True,
                   unit: str | None = None, date: dt.date | None = None,
                   progress: Callable[[str], None] | None = None) -> Path:
    """Write the year's statistics workbook; `out` is a folder or a .xlsx path.

    mask=True (the default) masks natural persons' names and ID numbers in the detail sheets.
    Returns the path written.
    """
    date = date or dt.date.today()
    template = template_of(db)
    total = collect(db, year, unit, template.id)
    out = Path(out)
    path = out if out.suffix.lower() == ".xlsx" else out / workbook_filename(total.unit, year)
    wb = new_workbook(workbook_title(total.unit, year))
    try:
        write_figure_sheets(wb, total, [total], date, template)
        for key in ledger_keys():
            n = write_ledger_sheet(wb, db, key, year, total.unit, mask=mask,
                                   sheet_title=get_ledger(key).sheet_title)
            if progress:
                progress(f"{db.ledger(key).definition.label}：{n} 条")
        write_data_sheet(wb, total, date)
    except BaseException:
        discard(wb)
        raise
    return save_atomically(wb, path)


def discard(wb: Workbook) -> None:
    """Close a write-only workbook's half-written sheets after a failure (a damaged page
    met while reading), so nothing is left to fail noisily when Python cleans up."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


# -- reading the data sheet back ------------------------------------------------------------


def read_data_sheet(path: Path | str) -> UnitFigures:
    """A workbook's figures from its data sheet; WorkbookFormatError if it is not ours."""
    path = Path(path)
    name = path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise WorkbookFormatError(f"找不到文件“{path}”") from None
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise WorkbookFormatError(f"“{name}”不是有效的 Excel 工作簿（.xlsx），无法读取。") from exc
    try:
        if DATA_SHEET not in wb.sheetnames:
            raise WorkbookFormatError(
                f"“{name}”不是本程序导出的法治建设统计表（缺少数据表“{DATA_SHEET}”），无法汇总。")
        rows = list(wb[DATA_SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    return parse_data_rows(rows, name)


def parse_data_rows(rows: Sequence[Sequence[Any]], name: str) -> UnitFigures:
    def at(r: int, c: int) -> Any:
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else None

    if at(0, 0) != "format" or at(0, 1) != FORMAT_MARKER:
        raise WorkbookFormatError(f"“{name}”的数据表格式不符，不是本程序导出的统计表，无法汇总。")
    version = at(0, 2)
    if not isinstance(version, int) or version != FORMAT_VERSION:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        raise WorkbookFormatError(
            f"“{name}”的数据格式版本为 {version}，本程序只能读取版本 {FORMAT_VERSION}"
            + ("，请升级程序后再汇总。" if newer else "。"))
    year = at(2, 1)
    if at(2, 0) != "year" or not isinstance(year, int):
        raise WorkbookFormatError(f"“{name}”的数据表缺少年度，无法汇总。")
    unit = str(at(1, 1) or "")
    template = str(at(0, 4) or "").strip() if at(0, 3) == "template" else ""
    members = tuple(str(v) for v in (rows[3][1:] if len(rows) > 3 else ()) if v)
    header = tuple(rows[5][:4]) if len(rows) > 5 else ()
    if header != DATA_HEADER:
        raise WorkbookFormatError(f"“{name}”的数据表表头不符，无法汇总。")
    current: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    for n, row in enumerate(rows[_DATA_FIRST_ROW - 1:], start=_DATA_FIRST_ROW):
        fid, value, _, fyear = (list(row) + [None] * 4)[:4]
        if fid is None:
            continue
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise WorkbookFormatError(f"“{name}”数据表第 {n} 行的数值“{value}”不是数字，无法汇总。")
        if fyear == year:
            current[str(fid)] = value
        elif fyear == year - 1:
            previous[str(fid)] = value
        else:
            raise WorkbookFormatError(f"“{name}”数据表第 {n} 行的年度 {fyear} 不符，无法汇总。")
    # A fact of the year a workbook of an earlier version lacks is unknown, not missing.
    missing = [f for f in annual.figure_ids() if f not in current and f not in annual.FACT_IDS]
    for fid in annual.FACT_IDS:
        current.setdefault(fid, None)
    if missing:
        raise WorkbookFormatError(
            f"“{name}”缺少 {len(missing)} 项数据（如 {missing[0]}），"
            "可能由其他版本导出或被改动，无法汇总。")
    return UnitFigures(unit, year, current, previous, members or (unit,),
                       template=template or annual_template.DEFAULT_ID)
