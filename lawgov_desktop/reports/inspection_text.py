"""The report's sentences on 行政检查 (DOMAIN.md §9, §11): what the register holds of the year,
the plan only where the year's facts give it, and the shortcomings its data shows (over the
cap, without approval, by inspectors without a valid 执法证) with the plan that answers them.
A year without checks says nothing on the topic."""

from __future__ import annotations

from .document import Paragraph, Sentence
from .figures import count, value_of
from .narrative import Quoter, para
from .yeardata import YearData


def inspections(data: YearData, me: str = "我局") -> list[Paragraph]:
    """全年开展涉企行政检查…户次，检查企业…家，其中双随机抽查…; problems and cases; the plan."""
    f, q = data.figures, Quoter(data)
    if not count(f, "inspections_total"):
        return []
    head = f"全年开展涉企行政检查{q('inspections_total')}"
    head += q.yoy("inspections", "inspections_total", "户次")
    parts = [head]
    if count(f, "inspected_units"):
        parts.append(f"检查企业{q('inspected_units')}")
    if count(f, "random_inspections"):
        parts.append(f"其中“双随机”抽查{q('random_inspections')}，"
                     f"占{q('random_inspection_share')}")
    if count(f, "joint_inspections"):
        parts.append(f"跨部门联合检查{q('joint_inspections')}")
    first = q.said("，".join(parts) + "。")
    found = []
    if count(f, "inspection_problems"):
        found.append(f"检查中发现问题{q('inspection_problems')}")
    if count(f, "inspections_to_cases"):
        found.append(f"对{q('inspections_to_cases')}检查发现的违法行为立案查处")
    second = q.said("，".join(found) + "。") if found else None
    return para(first, second, _plan(data))


def _plan(data: YearData) -> Sentence | None:
    """The year's plan (facts of the year, §10): stated only when it is set."""
    f = data.figures
    if value_of(f, "plan_units") is None or not count(f, "plan_units"):
        return None
    q = Quoter(data)
    text = f"年度计划检查企业{q('plan_units')}"
    extra = []
    if value_of(f, "plan_key_units") is not None:
        extra.append(f"其中重点检查企业{q('plan_key_units')}")
    if value_of(f, "plan_random_units") is not None:
        extra.append(f"双随机抽查企业{q('plan_random_units')}")
    if extra:
        text += "（" + "，".join(extra) + "）"
    if value_of(f, "plan_completion") is not None:
        text += f"，实际检查企业数为计划的{q('plan_completion')}"
    return q.said(text + "。")


def shortcoming(data: YearData) -> Sentence | None:
    """不足: enterprises over their cap, checks without approval or by uncertified staff."""
    f = data.figures
    keys = ("over_cap_units", "inspections_unapproved", "inspections_uncertified",
            "inspections_single_officer")
    if not any(count(f, k) for k in keys):
        return None
    q = Quoter(data)
    parts = []
    if count(f, "over_cap_units"):
        parts.append(f"{q('over_cap_units')}企业的检查次数超过年度频次上限")
    if count(f, "inspections_unapproved"):
        parts.append(f"{q('inspections_unapproved')}检查未登记审批日期或审批日期晚于检查日期")
    if count(f, "inspections_uncertified"):
        parts.append(f"{q('inspections_uncertified')}检查有执法人员当日无有效执法证")
    if count(f, "inspections_single_officer"):
        parts.append(f"{q('inspections_single_officer')}检查执法人员不足两人")
    return q.said(f"涉企行政检查规范化水平还需提高。全年{q('inspections_total')}检查中，"
                  + "，".join(parts) + "。", settings=("inspection_cap",))


def plan(data: YearData) -> Sentence:
    """安排 answering each shortcoming found."""
    f = data.figures
    items = []
    if count(f, "over_cap_units"):
        items.append("严格执行企业年度检查频次上限，检查前核对该企业本年度已检查次数")
    if count(f, "inspections_unapproved"):
        items.append("落实行政检查事前审批，未经审批不得实施检查")
    if count(f, "inspections_uncertified") or count(f, "inspections_single_officer"):
        item = "检查由两名以上持有效执法证的执法人员实施"
        if count(f, "inspections_uncertified"):
            item += "，及时办理执法证换发"
        items.append(item)
    text = "规范涉企行政检查，" + "；".join(items) + "。"
    return Sentence(text, indicators=("over_cap_units", "inspections_unapproved",
                                      "inspections_uncertified", "inspections_single_officer"))
