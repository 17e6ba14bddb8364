"""Counting rules of the statistics workbook beyond the indicators: the 行政执法数据年报 and the
monthly series (DOMAIN.md §3, §4).

Pure rules and the SQL that applies them; `run(sql, params)` (a callable returning every row)
is supplied by the caller, as in domain/indicators.py, so nothing here touches a database.

行政处罚 table (§4): every decision with 决定日期 in the year and 决定类型 = 给予处罚 counts once,
under its heaviest kind: 吊销 > 责令停产停业 > 限制开展生产经营活动 > 暂扣 > 没收 > 罚款 > 警告;
"其他" only when no listed kind was chosen. 行政拘留 is a column of the national form but not a
power of this bureau, so it is always 0. 罚没金额 = 罚款 + 没收 of those decisions, in 万元.

Figure ids produced here (besides the indicator ids) are a contract of the workbook's data
sheet, read back by `lawgov aggregate`: extend, never rename.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .indicators import BY_ID, INDICATORS, PUNISHED, year_range
from .ledgers import LedgerDef
from .values import MULTI_SEPARATOR, split_multi

Rows = Callable[[str, list[Any]], Iterable[Sequence[Any]]]


@dataclass(frozen=True)
class PenaltyColumn:
    id: str  # figure id in the data sheet
    label: str  # column header of the national form
    kind: str | None  # the stored choice of 处罚种类 it counts, None for 行政拘留


# Columns of the 行政处罚 table in the order of the national form (DOMAIN.md §4).
PENALTY_COLUMNS: tuple[PenaltyColumn, ...] = (
    PenaltyColumn("penalty_warning", "警告、通报批评", "警告、通报批评"),
    PenaltyColumn("penalty_fine", "罚款", "罚款"),
    PenaltyColumn(
        "penalty_confiscation", "没收违法所得、没收非法财物", "没收违法所得、没收非法财物"
    ),
    PenaltyColumn("penalty_suspension", "暂扣许可证件、降低资质等级", "暂扣许可证件、降低资质等级"),
    PenaltyColumn("penalty_revocation", "吊销许可证件", "吊销许可证件"),
    PenaltyColumn("penalty_restriction", "限制开展生产经营活动", "限制开展生产经营活动"),
    PenaltyColumn(
        "penalty_closure", "责令停产停业、责令关闭、限制从业", "责令停产停业、责令关闭、限制从业"
    ),
    PenaltyColumn("penalty_detention", "行政拘留", None),
    PenaltyColumn("penalty_other", "其他", "其他"),
)
PENALTY_TOTAL = "penalty_total"  # 合计（宗）: equals the indicator penalty_decisions
PENALTY_MONEY = "penalty_money_yuan"  # 罚没金额, in yuan in data (万元 on the sheet)

# Heaviest first; a decision counts under the first of these it carries (§4). 其他 is last:
# it counts only when nothing else was chosen.
HEAVIEST_FIRST: tuple[str, ...] = (
    "吊销许可证件",
    "责令停产停业、责令关闭、限制从业",
    "限制开展生产经营活动",
    "暂扣许可证件、降低资质等级",
    "没收违法所得、没收非法财物",
    "罚款",
    "警告、通报批评",
    "其他",
)
_COLUMN_OF_KIND = {c.kind: c.id for c in PENALTY_COLUMNS if c.kind}

# Decisions other than 给予处罚, by 决定类型 (决定日期 in the year).
DECISION_COUNTS: tuple[tuple[str, str, str], ...] = (
    ("decisions_no_penalty", "不予处罚", "不予处罚"),
    ("decisions_case_revoked", "撤销案件", "撤销案件"),
    ("decisions_transferred", "移送处理", "移送处理"),
)


def heaviest_kind(stored: str | None) -> str:
    """The kind a decision counts under, from its stored 处罚种类 ("；"-joined choices)."""
    chosen = set(split_multi(stored))
    for kind in HEAVIEST_FIRST:
        if kind in chosen:
            return kind
    return "其他"  # a punished decision without a recorded kind: nothing heavier is known


def heaviest_kind_sql(column: str = "penalty_kinds") -> str:
    """The same rule as `heaviest_kind`, as an SQL expression over the stored column."""
    padded = f"('{MULTI_SEPARATOR}' || COALESCE([{column}], '') || '{MULTI_SEPARATOR}')"
    whens = " ".join(
        f"WHEN instr({padded}, '{MULTI_SEPARATOR}{kind}{MULTI_SEPARATOR}') > 0 THEN '{kind}'"
        for kind in HEAVIEST_FIRST
    )
    return f"CASE {whens} ELSE '其他' END"


def penalty_query(year: int) -> tuple[str, list[Any]]:
    """Decisions of the year grouped by heaviest kind: (kind, count, fines fen, confisc. fen)."""
    start, end = year_range(year)
    sql = (
        f"SELECT {heaviest_kind_sql()} AS heaviest, count(*), "
        "COALESCE(SUM(fine_amount), 0), COALESCE(SUM(confiscation_amount), 0) "
        f"FROM cases WHERE deleted_at IS NULL AND decided_on >= ? AND decided_on < ? "
        f"AND {PUNISHED} GROUP BY heaviest"
    )
    return sql, [start, end]


def decisions_query(year: int) -> tuple[str, list[Any]]:
    start, end = year_range(year)
    parts = ", ".join(
        f"COALESCE(SUM(decision_type = '{choice}'), 0)" for _, _, choice in DECISION_COUNTS
    )
    sql = (
        f"SELECT {parts} FROM cases WHERE deleted_at IS NULL AND decided_on >= ? AND decided_on < ?"
    )
    return sql, [start, end]


def annual_figures(run: Rows, year: int) -> dict[str, Any]:
    """The 年报 figures beyond the indicators, keyed by figure id.

    Counts are ints; PENALTY_MONEY is yuan rounded to 2 decimals (fen summed exactly).
    """
    out: dict[str, Any] = {c.id: 0 for c in PENALTY_COLUMNS}
    total = money_fen = 0
    sql, params = penalty_query(year)
    for kind, count, fines, confiscations in run(sql, params):
        out[_COLUMN_OF_KIND.get(kind, "penalty_other")] += int(count)
        total += int(count)
        money_fen += int(fines) + int(confiscations)
    out[PENALTY_TOTAL] = total
    out[PENALTY_MONEY] = round(money_fen / 100, 2)
    sql, params = decisions_query(year)
    row = next(iter(run(sql, params)))
    for (fid, _, _), value in zip(DECISION_COUNTS, row, strict=True):
        out[fid] = int(value or 0)
    return out


ANNUAL_LABELS: dict[str, tuple[str, str]] = {
    **{c.id: (c.label, "宗") for c in PENALTY_COLUMNS},
    PENALTY_TOTAL: ("行政处罚合计", "宗"),
    PENALTY_MONEY: ("罚没金额", "元"),
    **{fid: (label, "宗") for fid, label, _ in DECISION_COUNTS},
}
ANNUAL_IDS: tuple[str, ...] = tuple(ANNUAL_LABELS)

# -- monthly series -------------------------------------------------------------------------

# Indicators counted per month on the 月度统计 sheet: the twelve months add up to the year.
MONTHLY_SERIES: tuple[str, ...] = (
    "cases_filed",
    "penalty_decisions",
    "cases_closed",
    "reconsiderations_total",
    "lawsuits_total",
    "trainings",
    "training_participants",
    "publicity_events",
    "publicity_audience",
)


def monthly_queries(
    year: int, series: Sequence[str] = MONTHLY_SERIES
) -> list[tuple[str, list[Any], list[str]]]:
    """One grouped SELECT per (ledger, date field): rows of (month, value per series id)."""
    start, end = year_range(year)
    groups: dict[tuple[str, str], list[str]] = {}
    for sid in series:
        ind = BY_ID[sid]
        if ind.ledger is None or ind.date_field is None:
            raise ValueError(f"{sid} is not counted from a ledger")
        groups.setdefault((ind.ledger, ind.date_field), []).append(sid)
    out = []
    for (ledger, date_field), ids in groups.items():
        sums = ", ".join(
            f"COALESCE(SUM(CASE WHEN ({BY_ID[i].where}) THEN {BY_ID[i].value} ELSE 0 END), 0)"
            for i in ids
        )
        sql = (
            f"SELECT CAST(substr([{date_field}], 6, 2) AS INTEGER) AS month, {sums} "
            f"FROM [{ledger}] WHERE deleted_at IS NULL AND [{date_field}] >= ? "
            f"AND [{date_field}] < ? GROUP BY month"
        )
        out.append((sql, [start, end], ids))
    return out


def monthly(run: Rows, year: int, series: Sequence[str] = MONTHLY_SERIES) -> dict[str, list[int]]:
    """Series id → twelve monthly values (January first)."""
    out = {sid: [0] * 12 for sid in series}
    for sql, params, ids in monthly_queries(year, series):
        for month, *values in run(sql, params):
            if not 1 <= int(month) <= 12:
                continue
            for sid, value in zip(ids, values, strict=True):
                out[sid][int(month) - 1] = int(value or 0)
    return out


def monthly_id(series_id: str, month: int) -> str:
    """Figure id of one month of a series in the data sheet: "monthly.cases_filed.03"."""
    return f"monthly.{series_id}.{month:02d}"


def flatten_monthly(series: Mapping[str, Sequence[int]]) -> dict[str, int]:
    return {
        monthly_id(sid, m): v
        for sid, values in series.items()
        for m, v in enumerate(values, start=1)
    }


def unflatten_monthly(
    figures: Mapping[str, Any], series: Sequence[str] = MONTHLY_SERIES
) -> dict[str, list[int]]:
    return {
        sid: [int(figures.get(monthly_id(sid, m)) or 0) for m in range(1, 13)] for sid in series
    }


# -- records of the year --------------------------------------------------------------------


def year_records_where(ledger: LedgerDef, year: int) -> tuple[str, list[Any]]:
    """Live records with any date in `year`: the rows of the year's detail sheet.

    Every figure of the year is dated by one of these fields, so each can be recounted from
    the detail sheet with the auto-filter.
    """
    if not ledger.by_year:  # a roster (officers): everyone in it
        return "deleted_at IS NULL", []
    start, end = year_range(year)
    dates = [f.key for f in ledger.date_fields]
    anyin = " OR ".join(f"([{k}] >= ? AND [{k}] < ?)" for k in dates)
    return f"deleted_at IS NULL AND ({anyin})", [start, end] * len(dates)


# -- combining units (the upper level's total) ----------------------------------------------

MONEY_IDS: frozenset[str] = frozenset(
    {i.id for i in INDICATORS if i.kind == "money"} | {PENALTY_MONEY}
)
FRACTIONAL_IDS: frozenset[str] = frozenset(
    i.id for i in INDICATORS if i.decimals and not i.is_ratio)
RATE_IDS: tuple[str, ...] = tuple(i.id for i in INDICATORS if i.is_ratio)  # rates, means
# Facts of the year (DOMAIN.md §10): None when a unit has not set them, never 0.
FACT_IDS: frozenset[str] = frozenset(i.id for i in INDICATORS if i.kind == "fact")


def figure_ids() -> tuple[str, ...]:
    """Every figure id of a unit's year in the data sheet, in a stable order."""
    monthly_ids = tuple(monthly_id(s, m) for s in MONTHLY_SERIES for m in range(1, 13))
    return (*(i.id for i in INDICATORS), *ANNUAL_IDS, *monthly_ids)


def figure_unit(fid: str) -> str:
    """The measure of a figure as the data sheet states it (宗, 件, 元, %, 人次 …)."""
    if fid in BY_ID:
        return BY_ID[fid].unit
    if fid in ANNUAL_LABELS:
        return ANNUAL_LABELS[fid][1]
    if fid.startswith("monthly."):
        return BY_ID[fid.split(".")[1]].unit
    raise KeyError(fid)


def with_rates(figures: Mapping[str, Any]) -> dict[str, Any]:
    """`figures` with every rate recomputed from its parts (None when nothing to divide)."""
    out = dict(figures)
    for rid in RATE_IDS:
        ind = BY_ID[rid]
        parts = [*ind.plus, *ind.minus, ind.numerator]
        if any(out.get(p) is None for p in parts):
            out[rid] = None
            continue
        denominator = sum(out[p] for p in ind.plus) - sum(out[p] for p in ind.minus)
        out[rid] = out[ind.numerator] / denominator if denominator > 0 else None  # type: ignore[index]
    return out


def combine(units: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The figures of several units together: counts and amounts summed (amounts exactly, in
    fen), rates recomputed from the summed parts, never averaged."""
    ids = dict.fromkeys(k for u in units for k in u)
    out: dict[str, Any] = {}
    for fid in ids:
        if fid in RATE_IDS:
            continue
        values = [u.get(fid) for u in units if u.get(fid) is not None]
        if not values and fid in FACT_IDS:
            out[fid] = None  # no unit stated this fact: the total does not either
        elif fid in MONEY_IDS:
            out[fid] = sum(round(float(v) * 100) for v in values) / 100
        elif fid in FRACTIONAL_IDS:  # training hours: 0.5 学时 adds up, never truncated
            out[fid] = round(sum(float(v) for v in values), 2)
        else:
            out[fid] = sum(int(v) for v in values)
    return with_rates(out)


# -- named rules a 年报 template may put behind a cell --------------------------------------


@dataclass(frozen=True)
class NamedRule:
    """A figure computed from other figures at the time the 年报 is drawn, so a combined
    workbook (`lawgov aggregate`) recomputes it from the summed parts, never sums it."""

    id: str
    label: str
    unit: str
    kind: str  # "count" or "rate"
    rule: str  # in Chinese, for docs/annual-template.md and the cell's note
    parts: tuple[str, ...]  # figure ids it reads
    compute: Callable[[Mapping[str, Any]], Any]


def _summed(*ids: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda figures: sum(int(figures.get(i) or 0) for i in ids)


def _correction_rate(figures: Mapping[str, Any]) -> float | None:
    concluded = (int(figures.get("reconsiderations_total") or 0)
                 - int(figures.get("reconsiderations_pending") or 0)
                 - int(figures.get("reconsiderations_terminated") or 0))
    corrected = int(figures.get("reconsiderations_corrected") or 0)
    return corrected / concluded if concluded > 0 else None


_DECISIONS = ("penalty_decisions", *(fid for fid, _, _ in DECISION_COUNTS))

RULES: dict[str, NamedRule] = {r.id: r for r in (
    NamedRule("decisions_all", "作出决定合计", "宗", "count",
              "决定日期在本年度的给予处罚、不予处罚、撤销案件、移送处理决定之和",
              _DECISIONS, _summed(*_DECISIONS)),
    NamedRule("appeals_total", "被申请复议和被诉讼", "件", "count",
              "本年度收到的行政复议与行政诉讼之和",
              ("reconsiderations_total", "lawsuits_total"),
              _summed("reconsiderations_total", "lawsuits_total")),
    NamedRule("appeals_corrected", "被复议纠错和诉讼败诉", "件", "count",
              "复议纠错与诉讼败诉之和",
              ("reconsiderations_corrected", "lawsuits_lost"),
              _summed("reconsiderations_corrected", "lawsuits_lost")),
    NamedRule("reconsideration_correction_rate", "复议纠错率", "%", "rate",
              "复议纠错 ÷（已审结 − 终止）",
              ("reconsiderations_corrected", "reconsiderations_total",
               "reconsiderations_pending", "reconsiderations_terminated"),
              _correction_rate),
)}
