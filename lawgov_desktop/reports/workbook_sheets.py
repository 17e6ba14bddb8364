"""The figure sheets of the statistics workbook: 汇总 and 月度统计 (the 年报: workbook_annual.py).

Each writer takes plain figures (mappings keyed by indicator / figure id, as `lawgov stats
--json` gives them, plus the ids of domain/annual.py), so the same code draws one unit's
workbook and the upper level's combined one (`lawgov aggregate`), where every unit gets a
column (汇总). Values are written as numbers, never formulas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel

from ..domain import annual
from ..domain.indicators import BY_ID, INDICATORS, Indicator
from ..domain.ledgers import load_ledgers
from .workbook_style import (
    A_CENTER,
    A_LEFT,
    A_NOTE,
    A_RIGHT,
    CHANGE_COUNT,
    CHANGE_MONEY,
    CHANGE_POINTS,
    CHANGE_RATIO,
    COUNT,
    F_HEADER,
    F_NOTE,
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

Figures = Mapping[str, Any]

SUMMARY_SHEET = "汇总"
MONTHLY_SHEET = "月度统计"

def category(ind: Indicator) -> str:
    """The 汇总 group of an indicator: its own `group` (a fact of the year), else its
    ledger's `category` in forms/."""
    if ind.group:
        return ind.group
    ledger = ind.ledger or BY_ID[ind.numerator or ""].ledger or ""
    return load_ledgers()[ledger].category if ledger in load_ledgers() else ""


def _number_format(ind: Indicator) -> str:
    if ind.decimals and ind.kind != "rate":  # hours: "#,##0.0"
        return f"#,##0.{'0' * ind.decimals}"
    return {"rate": RATE, "money": MONEY}.get(ind.kind, COUNT)


def _value_cell(ws: Any, ind: Indicator, value: Any, fill: Any = None) -> Any:
    if value is None:
        return cell(ws, "—", align=A_CENTER, fill=fill)
    return cell(ws, value, align=A_RIGHT, fmt=_number_format(ind), fill=fill)


def _change_cells(ws: Any, ind: Indicator, now: Any, before: Any) -> list[Any]:
    """增减 and 增减幅度 of one indicator; rates change in percentage points."""
    if now is None or before is None:
        return [cell(ws, "—", align=A_CENTER), cell(ws, "—", align=A_CENTER)]
    if ind.kind == "rate":
        points = round((now - before) * 100, 1)
        return [cell(ws, points, align=A_RIGHT, fmt=CHANGE_POINTS), cell(ws, "—", align=A_CENTER)]
    diff = round(now - before, 2)
    ratio = cell(ws, diff / before, align=A_RIGHT, fmt=CHANGE_RATIO) if before else cell(
        ws, "—", align=A_CENTER)
    fmt = CHANGE_MONEY if ind.kind == "money" or ind.decimals else CHANGE_COUNT
    return [cell(ws, diff, align=A_RIGHT, fmt=fmt), ratio]


def write_summary(wb: Workbook, year: int, title: str, subtitle: str,
                  columns: Sequence[tuple[str, Figures]], previous: Figures | None) -> None:
    """Every indicator of DOMAIN.md §3 beside the previous year, with the change.

    `columns`: (header, figures) per value column; the last one is compared with `previous`
    (one unit: its year; combined: the 合计 column).
    """
    ws = wb.create_sheet(SUMMARY_SHEET)
    ws.freeze_panes = "E4"  # sheet views go out with the first row: set before it
    heads = ["序号", "类别", "指标", "计量单位", *(h for h, _ in columns),
             f"{year - 1}年", "增减", "增减幅度", "统计口径"]
    nvalue = len(columns)
    value_widths = [fit_width([h], low=12, high=22) for h, _ in columns]
    set_widths(ws, [6, 16, 15, 9, *value_widths, 12, 15, 10, 34])
    page_setup(ws, "3:3")
    title_rows(ws, title, subtitle, len(heads))
    ws.row_dimensions[3].height = 30
    ws.append(header_cells(ws, heads))
    row = 4
    group_start, group = row, None
    for n, ind in enumerate(INDICATORS, start=1):
        cat = category(ind)
        if cat != group:
            if group is not None and row - 1 > group_start:
                merge(ws, f"B{group_start}:B{row - 1}")
            group, group_start = cat, row
        now = columns[-1][1].get(ind.id)
        before = previous.get(ind.id) if previous is not None else None
        ws.append([
            cell(ws, n, align=A_CENTER),
            cell(ws, cat, align=A_CENTER, font=F_HEADER),
            cell(ws, ind.label, align=A_LEFT),
            cell(ws, ind.unit, align=A_CENTER),
            *(_value_cell(ws, ind, figs.get(ind.id),
                          TOTAL_FILL if nvalue > 1 and i == nvalue - 1 else None)
              for i, (_, figs) in enumerate(columns)),
            _value_cell(ws, ind, before),
            *_change_cells(ws, ind, now, before),
            cell(ws, ind.rule, align=A_LEFT, font=F_NOTE),
        ])
        row += 1
    if row - 1 > group_start:
        merge(ws, f"B{group_start}:B{row - 1}")
    ws.auto_filter.ref = f"A3:{_col(len(heads))}{row - 1}"
    _note(ws, row + 1, len(heads),
          "说明：指标按日期所在年度统计；比率由其构成项计算（复议维持率 = 维持 ÷（已审结 − 终止），"
          "胜诉率 = 胜诉 ÷（已审结 − 撤诉）），无可计算的案件时记“—”；比率的增减以百分点计。")


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _note(ws: Any, row: int, ncols: int, text: str, height: float = 32) -> None:
    ws.row_dimensions[row].height = height
    ws.append([])
    ws.append([cell(ws, text, font=F_NOTE, align=A_NOTE, border=False)])
    merge(ws, f"A{row}:{_col(ncols)}{row}")


# -- 月度统计 -------------------------------------------------------------------------------

MONTHLY_HEADERS = {
    "cases_filed": "立案\n（宗）",
    "penalty_decisions": "作出处罚决定\n（宗）",
    "cases_closed": "结案\n（宗）",
    "reconsiderations_total": "行政复议\n（件）",
    "lawsuits_total": "行政诉讼\n（件）",
    "trainings": "学法培训\n（场次）",
    "training_participants": "参训人次",
    "publicity_events": "普法宣传活动\n（场次）",
    "publicity_audience": "受众人次",
}
CHART_SERIES = ("cases_filed", "penalty_decisions", "cases_closed")


def write_monthly(wb: Workbook, year: int, title: str, subtitle: str,
                  series: Mapping[str, Sequence[int]]) -> None:
    """Per month: cases, appeals, trainings and publicity, a 合计 row and a bar chart."""
    ws = wb.create_sheet(MONTHLY_SHEET)
    ws.freeze_panes = "B4"
    ids = list(annual.MONTHLY_SERIES)
    heads = ["月份", *(MONTHLY_HEADERS[i] for i in ids)]
    set_widths(ws, [8, *(13 for _ in ids)])
    page_setup(ws, "3:3", one_page=True)
    title_rows(ws, title, subtitle, len(heads))
    ws.row_dimensions[3].height = 30
    ws.append(header_cells(ws, heads))
    for m in range(12):
        ws.append([cell(ws, f"{m + 1}月", align=A_CENTER),
                   *(cell(ws, series[i][m], align=A_RIGHT, fmt=COUNT) for i in ids)])
    ws.append([cell(ws, "合计", align=A_CENTER, font=F_HEADER, fill=TOTAL_FILL),
               *(cell(ws, sum(series[i]), align=A_RIGHT, fmt=COUNT, font=F_HEADER,
                      fill=TOTAL_FILL) for i in ids)])
    _note(ws, 18, len(heads), "说明：各项按其日期所在月份统计（立案日期、决定日期、结案日期、"
          "收到日期、培训日期、活动开始日期），各月之和等于全年数。", height=20)

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = f"{year}年各月案件办理情况"
    chart.y_axis.title = "宗"
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for sid in CHART_SERIES:
        col = 2 + ids.index(sid)
        chart.add_data(Reference(ws, min_col=col, min_row=4, max_row=15))
        chart.series[-1].tx = SeriesLabel(v=BY_ID[sid].label)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=15))
    chart.legend.position = "b"
    chart.height = 8
    chart.width = 28
    ws.add_chart(chart, "A20")
    ws.print_area = "A1:J36"
