"""Combine the statistics workbooks of several units into one (`lawgov aggregate`).

The upper level receives each unit's "{单位}{年}年法治建设统计表.xlsx" and reads the hidden data
sheet of each (never the visible sheets, which users may have edited for printing). Counts and
amounts are summed, rates recomputed from their summed parts (domain/annual.combine); the
汇总 sheet gets one column per unit and the 年报 one row per unit. The result carries its own
data sheet, so a county's total can be combined again at the city or province level.

The 年报 sheet is drawn with the template the units used (named in each data sheet; none
named = the national default), found among the shipped templates and the upper level's own
template folder. Units drawn with different templates are refused: their 年报 columns do not
line up, and a total would have to pick one unit's layout for the others.

Refused with a clear message: a file that is not such a workbook, a data format of another
version, workbooks of different years or of different 年报 templates, and the same unit twice
(it would count twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..domain import annual
from .workbook import (
    UnitFigures,
    WorkbookFormatError,
    load_template,
    new_workbook,
    read_data_sheet,
    save_atomically,
    workbook_title,
    write_data_sheet,
    write_figure_sheets,
)


def default_unit_name(units: Sequence[UnitFigures]) -> str:
    return f"{len(units)}个单位合计"


def combine_units(units: Sequence[UnitFigures], unit: str | None = None) -> UnitFigures:
    """The combined figures of `units` (all of one year); raises WorkbookFormatError."""
    if not units:
        raise WorkbookFormatError("没有可汇总的统计表。")
    years = {u.year for u in units}
    if len(years) > 1:
        listing = "；".join(f"{u.unit or '（未填单位）'}：{u.year}年" for u in units)
        raise WorkbookFormatError(
            f"统计表的年度不一致，不能汇总（{listing}）。请只汇总同一年度的统计表。")
    templates = {u.template for u in units}
    if len(templates) > 1:
        listing = "；".join(f"{u.unit or '（未填单位）'}：{u.template}" for u in units)
        raise WorkbookFormatError(
            f"统计表使用的年报模板不一致，不能汇总（{listing}）。请各单位在“设置 → 统计报表”中"
            "选用同一年报模板（设置项 annual_template）重新导出后再汇总。")
    seen: dict[str, str] = {}
    for u in units:
        for member in u.members:
            if member in seen:
                raise WorkbookFormatError(
                    f"“{member}”的数据出现了两次（在“{seen[member]}”和“{u.unit}”中），"
                    "汇总会重复计算，已停止。")
            seen[member] = u.unit
    year = units[0].year
    total = annual.combine([u.figures for u in units])
    previous = annual.combine([u.previous for u in units])
    name = unit if unit is not None else default_unit_name(units)
    members = tuple(m for u in units for m in u.members)
    return UnitFigures(name, year, total, previous, members, template=units[0].template)


def read_units(paths: Sequence[Path | str]) -> list[UnitFigures]:
    units = []
    for p in paths:
        u = read_data_sheet(p)
        if not u.unit:
            u.unit = Path(p).stem
        units.append(u)
    return units


def aggregate(paths: Sequence[Path | str], out: Path | str, *, unit: str | None = None,
              date: dt.date | None = None, data_dir: Path | str | None = None
              ) -> tuple[Path, UnitFigures, list[UnitFigures]]:
    """Write the combined workbook of `paths` to `out` (a .xlsx path or a folder).

    `data_dir`: the data folder whose templates/annual/ may hold the units' 年报 template.
    Returns the path written, the combined figures and each unit's figures.
    """
    resolved = {Path(p).resolve() for p in paths}
    if len(resolved) != len(paths):
        raise WorkbookFormatError("同一个文件被列了两次，汇总会重复计算，已停止。")
    units = read_units(paths)
    total = combine_units(units, unit)
    template = load_template(total.template, data_dir)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        from .workbook import workbook_filename

        out = out / workbook_filename(total.unit, total.year)
    if out.resolve() in resolved:
        raise WorkbookFormatError(f"输出文件“{out}”是待汇总的文件之一，请另选输出文件名。")
    date = date or dt.date.today()
    wb = new_workbook(workbook_title(total.unit, total.year))
    write_figure_sheets(wb, total, units, date, template)
    write_data_sheet(wb, total, date)
    return save_atomically(wb, out), total, units
