"""Every statistic of DOMAIN.md §3, defined once: id, Chinese label, unit and rule.

The dashboard, the report, the workbook and `lawgov stats` all read these. Counts and sums are
SQL aggregates over one ledger (a figure belongs to the year its date falls in); rates are
computed from other indicators. Ids are a public contract: extend, never rename.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

# mean: like rate (numerator / denominator, recomputed when units combine) but shown as a
# number in its unit (人均培训学时), not a percentage.
# "fact": a yearly fact (forms/facts.toml, table year_facts), None when not set (DOMAIN.md §10)
Kind = Literal["count", "sum", "money", "rate", "mean", "fact"]

RECON = "kind = '行政复议'"
SUIT = "kind = '行政诉讼'"
PUNISHED = "decision_type = '给予处罚'"
NORMATIVE = "review_type = '行政规范性文件'"
CONTRACT = "review_type = '合同'"
# The filing due date of a 规范性文件 (domain/review_rules.py; storage installs the function).
FILING_DUE = "lawgov_filing_due(published_on)"


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    unit: str
    kind: Kind
    rule: str  # the rule in Chinese, shown in tooltips and the workbook
    ledger: str | None = None
    date_field: str | None = None
    where: str = "1"  # SQL condition on the ledger's row, besides the year
    value: str = "1"  # SQL expression summed over matching rows
    # rate = numerator / (sum(plus) - sum(minus)); None when the denominator is 0
    numerator: str | None = None
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    # Counted in Python by the caller's `counted` (needs settings or other records: distinct
    # enterprises, caps, officers), not by the ledger's SQL sums.
    computed: bool = False
    fact: str | None = None  # kind "fact": the fact's key
    group: str = ""  # where the workbook's 汇总 files it when no ledger says so
    # Computed in Python from the rows (see DERIVED below), not by the ledger's SQL aggregate.
    derived: bool = False
    decimals: int = 0  # a sum that may hold fractions (training hours)

    @property
    def is_ratio(self) -> bool:
        """Recomputed from its parts (rate or mean), never summed."""
        return self.kind in ("rate", "mean")


def _count(
    id_: str, label: str, unit: str, ledger: str, date_field: str, rule: str, where: str = "1"
) -> Indicator:
    return Indicator(id_, label, unit, "count", rule, ledger, date_field, where)


def _of(id_: str, label: str, unit: str, base: str, result_sql: str, rule: str) -> Indicator:
    """Appeals of one kind received in the year with a given result condition."""
    return Indicator(
        id_, label, unit, "count", rule, "appeals", "received_on", f"{base} AND {result_sql}"
    )


def _in(*results: str) -> str:
    return "result IN (" + ", ".join(f"'{r}'" for r in results) + ")"


INDICATORS: tuple[Indicator, ...] = (
    _count("cases_filed", "立案", "宗", "cases", "filed_on", "立案日期在本年度"),
    _count("cases_closed", "结案", "宗", "cases", "closed_on", "结案日期在本年度"),
    _count(
        "penalty_decisions",
        "作出处罚决定",
        "宗",
        "cases",
        "decided_on",
        "决定日期在本年度且决定类型为给予处罚",
        PUNISHED,
    ),
    Indicator(
        "fines_yuan",
        "罚款金额",
        "元",
        "money",
        "本年度处罚决定的罚款金额之和",
        "cases",
        "decided_on",
        PUNISHED,
        "COALESCE(fine_amount, 0)",
    ),
    Indicator(
        "confiscations_yuan",
        "没收金额",
        "元",
        "money",
        "本年度处罚决定的没收金额之和",
        "cases",
        "decided_on",
        PUNISHED,
        "COALESCE(confiscation_amount, 0)",
    ),
    _count("legal_reviews", "法制审核", "件", "cases", "legal_review_on", "法制审核日期在本年度"),
    _count(
        "collective_reviews",
        "集体讨论",
        "件",
        "cases",
        "collective_review_on",
        "集体讨论日期在本年度",
    ),
    _count("statements_heard", "陈述申辩", "件", "cases", "statement_on", "陈述申辩日期在本年度"),
    _count("hearings_held", "听证", "场", "cases", "hearing_on", "听证日期在本年度"),
    _count(
        "court_enforcement_applications",
        "申请法院强制执行",
        "件",
        "cases",
        "enforcement_applied_on",
        "申请强制执行日期在本年度",
    ),
    _count(
        "transfers_to_judiciary",
        "移送司法机关",
        "件",
        "cases",
        "transferred_on",
        "移送司法机关日期在本年度",
    ),
    _of("reconsiderations_total", "行政复议", "件", RECON, "1", "本年度收到的行政复议"),
    _of(
        "reconsiderations_upheld",
        "复议维持",
        "件",
        RECON,
        _in("维持", "驳回申请"),
        "其中结果为维持或驳回申请",
    ),
    _of(
        "reconsiderations_corrected",
        "复议纠错",
        "件",
        RECON,
        _in("撤销", "变更", "确认违法", "责令履行"),
        "其中结果为撤销、变更、确认违法或责令履行",
    ),
    _of(
        "reconsiderations_terminated",
        "复议终止",
        "件",
        RECON,
        _in("终止（撤回）"),
        "其中结果为终止（撤回）",
    ),
    # DOMAIN.md §9: 调解/和解 are counted on their own so a year's outcomes add up to its total;
    # they are concluded cases, so they stay in the rates' denominators.
    _of(
        "reconsiderations_mediated",
        "复议调解和解",
        "件",
        RECON,
        _in("调解", "和解"),
        "其中结果为调解或和解",
    ),
    _of("reconsiderations_pending", "复议在审", "件", RECON, "result IS NULL", "其中尚无结果"),
    Indicator(
        "reconsideration_upheld_rate",
        "复议维持率",
        "%",
        "rate",
        "复议维持 ÷（已审结 − 终止）",
        numerator="reconsiderations_upheld",
        plus=("reconsiderations_total",),
        minus=("reconsiderations_pending", "reconsiderations_terminated"),
    ),
    _of("lawsuits_total", "行政诉讼", "件", SUIT, "1", "本年度收到的行政诉讼"),
    _of("lawsuits_won", "胜诉", "件", SUIT, _in("驳回诉讼请求"), "其中结果为驳回诉讼请求"),
    _of(
        "lawsuits_lost",
        "败诉",
        "件",
        SUIT,
        _in("撤销", "变更", "确认违法", "责令履行"),
        "其中结果为撤销、变更、确认违法或责令履行",
    ),
    _of("lawsuits_withdrawn", "撤诉", "件", SUIT, _in("撤诉"), "其中结果为撤诉"),
    _of("lawsuits_mediated", "诉讼调解", "件", SUIT, _in("调解"), "其中结果为调解"),
    _of("lawsuits_pending", "诉讼在审", "件", SUIT, "result IS NULL", "其中尚无结果"),
    Indicator(
        "lawsuit_win_rate",
        "胜诉率",
        "%",
        "rate",
        "胜诉 ÷（已审结 − 撤诉）",
        numerator="lawsuits_won",
        plus=("lawsuits_total",),
        minus=("lawsuits_pending", "lawsuits_withdrawn"),
    ),
    _of(
        "head_appearances",
        "负责人出庭应诉",
        "件",
        SUIT,
        "head_appeared = 1",
        "本年度行政诉讼中负责人出庭的",
    ),
    _count("trainings", "学法培训", "场次", "trainings", "date", "培训日期在本年度"),
    Indicator(
        "training_participants",
        "参训人次",
        "人次",
        "sum",
        "本年度培训的参训人数之和",
        "trainings",
        "date",
        value="COALESCE(participants, 0)",
    ),
    _count("publicity_events", "普法宣传活动", "场次", "publicity", "start_on", "开始日期在本年度"),
    Indicator(
        "publicity_audience",
        "受众人次",
        "人次",
        "sum",
        "现场受众与线上受众之和",
        "publicity",
        "start_on",
        value="COALESCE(onsite_audience, 0) + COALESCE(online_audience, 0)",
    ),
    Indicator(
        "publicity_materials",
        "发放资料",
        "份",
        "sum",
        "发放资料份数之和",
        "publicity",
        "start_on",
        value="COALESCE(materials, 0)",
    ),
    Indicator(
        "media_articles",
        "新媒体发文",
        "篇",
        "sum",
        "新媒体发文篇数之和",
        "publicity",
        "start_on",
        value="COALESCE(articles, 0)",
    ),
    # -- 合法性审核 (reviews, DOMAIN.md §9) --------------------------------------------------
    *(
        _count("reviews_total", "合法性审核", "件", "reviews", "reviewed_on",
               "审核完成日期在本年度的合法性审核事项"),
        _count("normative_docs_reviewed", "规范性文件审核", "件", "reviews", "reviewed_on",
               "审核完成日期在本年度的行政规范性文件", NORMATIVE),
        _count("normative_docs_filed", "规范性文件报备", "件", "reviews", "filed_on",
               "报备日期在本年度的行政规范性文件", NORMATIVE),
        _count("normative_docs_published", "规范性文件公布", "件", "reviews", "published_on",
               "公布日期在本年度的行政规范性文件", NORMATIVE),
        _count("normative_filed_on_time", "按期报备", "件", "reviews", "published_on",
               "本年度公布、在报备期限内报备的行政规范性文件",
               f"{NORMATIVE} AND filed_on IS NOT NULL AND filed_on <= {FILING_DUE}"),
        _count("normative_filing_pending", "尚在报备期限内", "件", "reviews", "published_on",
               "本年度公布、尚未报备且报备期限未过的行政规范性文件",
               f"{NORMATIVE} AND filed_on IS NULL AND {FILING_DUE} >= date('now', 'localtime')"),
        Indicator(
            "normative_filed_on_time_rate",
            "及时报备率",
            "%",
            "rate",
            "按期报备 ÷（本年度公布 − 尚在报备期限内）",
            numerator="normative_filed_on_time",
            plus=("normative_docs_published",),
            minus=("normative_filing_pending",),
        ),
        _count("major_decisions_reviewed", "重大行政决策审核", "件", "reviews", "reviewed_on",
               "审核完成日期在本年度的重大行政决策", "review_type = '重大行政决策'"),
        _count("contracts_reviewed", "合同审核", "份", "reviews", "reviewed_on",
               "审核完成日期在本年度的合同", CONTRACT),
        Indicator(
            "contract_amount_yuan",
            "审核合同金额",
            "元",
            "money",
            "本年度审核的合同的合同金额之和",
            "reviews",
            "reviewed_on",
            CONTRACT,
            "COALESCE(contract_amount, 0)",
        ),
        _count("adviser_reviews", "法律顾问参与审核", "件", "reviews", "reviewed_on",
               "本年度审核事项中法律顾问参与的", "adviser = 1"),
    ),
    # 执法人员 (DOMAIN.md §9): counted on 31 December (today for the current year), hours
    # from the trainings naming them; computed by domain/officer_figures.py.
    Indicator("officers_total", "执法人员", "人", "count",
              "本年12月31日（本年度为今天）在岗的执法人员", "officers", derived=True),
    Indicator("certified_officers", "持证执法人员", "人", "count", "其中当日执法证在有效期内",
              "officers", derived=True),
    Indicator("certification_rate", "持证率", "%", "rate", "持证执法人员 ÷ 执法人员",
              numerator="certified_officers", plus=("officers_total",)),
    Indicator("legal_review_staff", "法制审核人员", "人", "count", "在岗执法人员中的法制审核人员",
              "officers", derived=True),
    Indicator("training_hours_total", "执法人员培训学时合计", "学时", "sum",
              "在岗执法人员本年度参训学时之和（培训的参训执法人员列有其姓名）", "officers",
              derived=True, decimals=1),
    Indicator("training_hours_per_officer", "人均培训学时", "学时", "mean",
              "执法人员培训学时合计 ÷ 执法人员", numerator="training_hours_total",
              plus=("officers_total",), decimals=1),
    Indicator("officers_below_hours", "学时未达标", "人", "count",
              "本年度参训学时低于年度目标（设置中的“执法人员年度培训学时目标”，默认60）的在岗执法人员",
              "officers", derived=True),
)

# 行政检查 (DOMAIN.md §9; ids are contracts). The computed ones: storage/inspections.py.
INSPECTED = "inspections"
INDICATORS += (
    _count("inspections_total", "行政检查", "户次", INSPECTED, "inspected_on", "检查日期在本年度"),
    Indicator("inspected_units", "检查企业", "家", "count",
              "本年度检查的不同企业（有统一社会信用代码的按代码，否则按名称）",
              INSPECTED, "inspected_on", computed=True),
    _count("random_inspections", "双随机抽查", "户次", INSPECTED, "inspected_on",
           "其中双随机抽查为“是”", "random = 1"),
    Indicator("random_inspection_share", "双随机占比", "%", "rate", "双随机抽查 ÷ 行政检查",
              numerator="random_inspections", plus=("inspections_total",)),
    _count("joint_inspections", "联合检查", "户次", INSPECTED, "inspected_on",
           "其中联合检查为“是”", "joint = 1"),
    Indicator("inspection_problems", "发现问题", "项", "sum", "本年度检查的发现问题数之和",
              INSPECTED, "inspected_on", value="COALESCE(problems_found, 0)"),
    _count("inspections_to_cases", "检查后立案", "户次", INSPECTED, "inspected_on",
           "其中处理结果为立案查处", "outcome = '立案查处'"),
    Indicator("over_cap_units", "超频次检查企业", "家", "count",
              "本年度计入频次的检查次数超过其年度上限的企业", INSPECTED, "inspected_on",
              computed=True),
    _count("inspections_unapproved", "未审批检查", "户次", INSPECTED, "inspected_on",
           "未填写审批日期或审批日期晚于检查日期",
           "approved_on IS NULL OR approved_on > inspected_on"),
    Indicator("inspections_single_officer", "执法人员不足两人", "户次", "count",
              "执法人员少于两人的检查", INSPECTED, "inspected_on", computed=True),
    Indicator("inspections_uncertified", "无有效执法证人员检查", "户次", "count",
              "执法人员中有在执法人员台账、当日无有效执法证者的检查", INSPECTED, "inspected_on",
              computed=True),
)

# The inspection plan is a fact of the year, not a register (DOMAIN.md §9, §10): unset, these
# are None ("—"), never 0. plan_completion needs inspected_units (the inspections register):
# None until that indicator exists and has a value.
PLAN = "行政检查"
INDICATORS += (
    Indicator("plan_units", "计划检查企业", "家", "fact", "年度情况：计划检查企业数",
              fact="plan_units", group=PLAN),
    Indicator("plan_key_units", "计划重点检查企业", "家", "fact",
              "年度情况：其中重点检查企业数", fact="plan_key_units", group=PLAN),
    Indicator("plan_random_units", "计划双随机抽查企业", "家", "fact",
              "年度情况：其中双随机抽查企业数", fact="plan_random_units", group=PLAN),
    Indicator("plan_random_share", "计划双随机占比", "%", "rate",
              "计划双随机抽查企业 ÷ 计划检查企业", numerator="plan_random_units",
              plus=("plan_units",), group=PLAN),
    Indicator("plan_completion", "计划完成率", "%", "rate",
              "检查企业 ÷ 计划检查企业（检查不与计划逐户对应，可超过100%）",
              numerator="inspected_units", plus=("plan_units",), group=PLAN),
)

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}


def year_range(year: int) -> tuple[str, str]:
    """Half-open ISO date range of a calendar year, for index-friendly comparisons."""
    return f"{year:04d}-01-01", f"{year + 1:04d}-01-01"


def ledger_query(ledger: str, year: int) -> tuple[str, list[str], list[Indicator]]:
    """One aggregate SELECT computing every count/sum indicator of `ledger` for `year`."""
    start, end = year_range(year)
    parts, params, members = [], [], []
    for ind in INDICATORS:
        if ind.ledger != ledger or ind.derived or ind.computed:
            continue
        parts.append(
            f"COALESCE(SUM(CASE WHEN {ind.date_field} >= ? AND {ind.date_field} < ? "
            f"AND ({ind.where}) THEN {ind.value} ELSE 0 END), 0) AS {ind.id}"
        )
        params += [start, end]
        members.append(ind)
    sql = f"SELECT {', '.join(parts)} FROM {ledger} WHERE deleted_at IS NULL"
    dates = {ind.date_field for ind in members}
    if len(dates) == 1:
        # Every figure counts rows dated in the year by the same field: the other rows add
        # nothing to any sum, so they need not be read (the planner may then walk the date
        # index). With several date fields (cases) every row may count somewhere.
        (date,) = dates
        sql += f" AND {date} >= ? AND {date} < ?"
        params += [start, end]
    return sql, params, members


Row = Sequence[Any]


def compute(run: Callable[[str, list[str]], Row], year: int, *,
            rows: Callable[[str, list[Any]], Sequence[Row]] | None = None,
            today: dt.date | None = None,
            setting: Callable[[str], str] | None = None,
            counted: Callable[[int], Mapping[str, int]] | None = None) -> dict[str, Any]:
    """All indicators for `year`, in INDICATORS order.

    `run(sql, params)` executes one query and returns its single row; storage supplies it, so
    this module stays free of any database code. Money comes back in yuan (2 decimals),
    rates as fractions or None. Derived indicators also need `rows(sql, params)` (every
    row), `today` and `setting(key)`; without `rows` they are not computed (0).
    `counted(year)` gives the `computed` ones (storage works them out with the database at
    hand: the inspections' caps); 0 without it.
    """
    raw: dict[str, Any] = {i.id: 0 for i in INDICATORS if i.computed}
    for ledger in dict.fromkeys(i.ledger for i in INDICATORS
                                if i.ledger and not i.derived and not i.computed):
        sql, params, members = ledger_query(ledger, year)
        if not members:
            continue
        row = run(sql, params)
        for ind, value in zip(members, row, strict=True):
            raw[ind.id] = int(value or 0)
    for ind in INDICATORS:
        if ind.derived:
            raw[ind.id] = 0
    if rows is not None:
        for source in DERIVED:
            raw.update(source(rows, year, today or dt.date.today(), setting or _no_setting))
    if counted is not None:
        raw.update(counted(year))
    sql, params, members = facts_query(year)
    if members:
        for ind, value in zip(members, run(sql, params), strict=True):
            raw[ind.id] = None if value is None else int(value)
    return finish(raw)


def _no_setting(key: str) -> str:
    return ""


def _officer_figures(rows: Callable[[str, list[Any]], Sequence[Row]], year: int,
                     today: dt.date, setting: Callable[[str], str]) -> dict[str, Any]:
    from .officer_figures import officer_figures  # it imports this module

    return officer_figures(rows, year, today, setting)


# Functions computing the derived indicators of a year: (rows, year, today, setting) → raw
# figures by id. One line per register whose figures SQL aggregates cannot give.
DERIVED: list[Callable[..., dict[str, Any]]] = [_officer_figures]


def facts_query(year: int) -> tuple[str, list[Any], list[Indicator]]:
    """One SELECT of the year's facts behind "fact" indicators; NULL where not set (or where
    another program stored something that is not a count)."""
    members = [i for i in INDICATORS if i.kind == "fact"]
    parts = [
        "(SELECT CASE WHEN typeof(value) = 'integer' AND value >= 0 THEN value END "
        "FROM year_facts WHERE year = ? AND key = ?)"
        for _ in members
    ]
    params: list[Any] = [x for i in members for x in (year, i.fact)]
    return "SELECT " + ", ".join(parts), params, members


def finish(raw: Mapping[str, int]) -> dict[str, Any]:
    """Counts as they are, money fen → yuan, rates from their parts."""
    out: dict[str, Any] = {}
    for ind in INDICATORS:
        if ind.is_ratio:
            parts = [raw.get(i) for i in (ind.numerator or "", *ind.plus, *ind.minus)]
            if any(p is None for p in parts):  # an unset fact, an indicator not built yet
                out[ind.id] = None
                continue
            denominator = sum(raw[i] for i in ind.plus) - sum(raw[i] for i in ind.minus)
            out[ind.id] = raw[ind.numerator] / denominator if denominator > 0 else None  # type: ignore[index]
        elif ind.kind == "money":
            out[ind.id] = round(raw[ind.id] / 100, 2)
        else:
            out[ind.id] = raw[ind.id]
    return out


def format_indicator(ind: Indicator, value: Any) -> str:
    """A figure as it reads in Chinese text: "12宗", "3.5万元", "98.5%"."""
    from .values import format_percent

    if value is None and ind.kind != "rate":
        return "—"  # a fact not set
    if ind.kind == "rate":
        return format_percent(value)
    if ind.kind == "mean" or ind.decimals:
        if value is None:
            return format_percent(None)
        text = f"{value:.{ind.decimals or 1}f}".rstrip("0").rstrip(".")
        return f"{text}{ind.unit}"
    if ind.kind == "money":
        return f"{value / 10000:.2f}万元" if value >= 10000 else f"{value:,.2f}元"
    return f"{value}{ind.unit}"
