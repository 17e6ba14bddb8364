"""Report sentences that rest on the facts of the year (DOMAIN.md §10, §11).

Each sentence is written only when its fact is set (an empty fact is stated nowhere), and
carries the fact keys it rests on (``Sentence.facts``, origin "fact"). A zero is a fact too
and is said plainly (未配备…, 未开展…). The facts that need a register (the inspection plan,
beside the inspections) are written where that register's paragraph is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .document import Paragraph, Sentence
from .figures import format_count_cn
from .narrative import para
from .yeardata import YearData


def _said(text: str, *keys: str) -> Sentence:
    return Sentence(text, "fact", facts=keys)


def _count(data: YearData, key: str) -> int | None:
    value = data.facts.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(value: Any, year: int) -> str | None:
    try:
        d = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return f"{d.month}月{d.day}日" if d.year == year else f"{d.year}年{d.month}月{d.day}日"


def enforcement_support(data: YearData, me: str = "我局") -> list[Paragraph]:
    """权责清单 updated, 执法记录仪 in use, 案卷评查 and what it found."""
    out: list[Sentence | None] = []
    updated = _date(data.facts.get("power_list_updated"), data.year)
    if updated:
        out.append(_said(f"{updated}，{me}更新了权责清单。", "power_list_updated"))
    cameras = _count(data, "body_cameras")
    if cameras is not None:
        who = "" if out else me  # the unit is named once per paragraph
        out.append(_said(f"{who}配备执法记录仪{format_count_cn(cameras)}台。" if cameras
                         else f"{who}尚未配备执法记录仪。", "body_cameras"))
    out.append(_file_reviews(data))
    return para(*out)


def _file_reviews(data: YearData) -> Sentence | None:
    reviews, findings = _count(data, "case_file_reviews"), _count(data, "case_file_findings")
    if reviews == 0:
        return _said("全年未开展行政执法案卷评查。", "case_file_reviews")
    if reviews is None and findings is None:
        return None
    keys = [k for k, v in (("case_file_reviews", reviews), ("case_file_findings", findings))
            if v is not None]
    found = ""
    if findings is not None:
        found = f"发现问题{format_count_cn(findings)}个" if findings else "未发现问题"
    if reviews is None:
        return _said(f"行政执法案卷评查{found}。", *keys)
    text = f"开展行政执法案卷评查，评查案卷{format_count_cn(reviews)}卷"
    return _said(text + (f"，{found}" if found else "") + "。", *keys)


def typical_cases(data: YearData, me: str = "我局") -> list[Paragraph]:
    """发布典型案例 N 件 (以案释法 by publishing the year's typical cases)."""
    n = _count(data, "typical_cases")
    if n is None:
        return []
    text = (f"全年发布行政执法典型案例{format_count_cn(n)}件。" if n
            else "全年未发布行政执法典型案例。")
    return para(_said(text, "typical_cases"))


def legal_adviser(data: YearData, me: str = "我局") -> list[Paragraph]:
    """Who the legal adviser is and how many written opinions they gave."""
    who = data.facts.get("legal_adviser")
    who = who.strip() if isinstance(who, str) else ""
    opinions = _count(data, "adviser_opinions")
    if not who and opinions is None:
        return []
    keys = [k for k, v in (("legal_adviser", who), ("adviser_opinions", opinions))
            if v not in ("", None)]
    parts = [f"{me}聘请{who}担任法律顾问"] if who else []
    if opinions is not None:
        gave = (f"出具法律意见{format_count_cn(opinions)}件" if opinions
                else "未出具书面法律意见")
        parts.append(("全年" if who else "法律顾问全年") + gave)
    return para(_said("，".join(parts) + "。", *keys))


def law_report(data: YearData, me: str = "我局") -> list[Paragraph]:
    """述法: stated only when the fact says it was done."""
    if data.facts.get("law_report_done") != 1:
        return []
    return para(_said(f"{me}主要负责人已完成{data.year}年度述法。", "law_report_done"))
