"""The report's paragraph on 合法性审核, and its 不足/安排 on filing (DOMAIN.md §9, §11).

States only what the register holds: how many documents, decisions and contracts were
reviewed, the contracts' amount, whether the year's 行政规范性文件 were filed within the limit,
and the reviews the legal adviser took part in (who the adviser is and their opinions are
the year's facts, stated by {法律顾问情况}). Nothing is said when the year has no review.
"""

from __future__ import annotations

import datetime as dt

from .document import Paragraph, Sentence, todo
from .figures import count, formatted
from .narrative import LIST_LIMIT, Quoter, para
from .review_year import Filing, ReviewYear
from .yeardata import YearData

SETTING = ("normative_filing_days",)


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _ids(items: tuple[Filing, ...]) -> list[str]:
    return [x.record_id for x in items]


def legality_review(data: YearData, me: str = "我局") -> list[Paragraph]:
    """全年完成合法性审核…件（规范性文件、重大行政决策、合同及金额）; 报备 in time; 法律顾问."""
    f, r = data.figures, data.reviews
    if not count(f, "reviews_total") and not r.published and not count(f, "normative_docs_filed"):
        return []
    ask = (todo(f"{len(r.unchecked)}件导入的历史记录未登记报备日期或按台账日期逾期报备，"
                "请核实报备情况") if r.unchecked else None)
    return para(_totals(data), _filing(data, r), ask, _adviser(data))


def _totals(data: YearData) -> Sentence | None:
    f, q = data.figures, Quoter(data)
    if not count(f, "reviews_total"):
        return None
    text = f"全年完成合法性审核{q('reviews_total')}"
    parts = []
    kinds = (("行政规范性文件", "normative_docs_reviewed"),
             ("重大行政决策", "major_decisions_reviewed"), ("合同", "contracts_reviewed"))
    for label, fid in kinds:
        if count(f, fid):
            part = f"{label}{q(fid)}"
            if fid == "contracts_reviewed" and (f.get("contract_amount_yuan") or 0) > 0:
                part += f"（合同金额合计{q('contract_amount_yuan')}）"
            parts.append(part)
    other = [x for x in data.reviews.reviews if x["review_type"] == "其他"]
    if parts and other:
        parts.append(f"其他事项{len(other)}件")
    if parts:
        text += "，其中" + "、".join(parts)
    return q.said(text + "。", [x["id"] for x in data.reviews.reviews])


def _filing(data: YearData, r: ReviewYear) -> Sentence | None:
    f, q = data.figures, Quoter(data)
    limit = f"公布之日起{r.filing_days}日内"
    if not r.published:
        if not count(f, "normative_docs_filed"):
            return None
        return q.said(f"全年报送备案行政规范性文件{q('normative_docs_filed')}。",
                      settings=SETTING)
    total = q("normative_docs_published")
    ids = _ids(r.published)
    if len(r.on_time) == len(r.published):
        return q.said(f"全年公布的行政规范性文件{total}均在{limit}报送备案。", ids, SETTING)
    parts = [f"{len(r.on_time)}件在{limit}报送备案"] if r.on_time else []
    if r.unchecked:
        parts.append(f"{len(r.unchecked)}件为导入的历史记录")
    if r.late:
        parts.append(f"{len(r.late)}件逾期报备")
    if r.unfiled:
        parts.append(f"{len(r.unfiled)}件至{_cn_date(data.as_of)}尚未报备")
    if r.pending:
        parts.append(f"{len(r.pending)}件尚在报备期限内")
    text = f"全年公布的行政规范性文件{total}中，" + "，".join(parts)
    # The rate counts "still within the limit" as of today; quote it only when the
    # report's own date gives the same groups (it does when exported today).
    # A 历史记录 asked about would count as late in it: then it is not quoted either.
    same = (not r.unchecked and count(f, "normative_filed_on_time") == len(r.on_time)
            and count(f, "normative_filing_pending") == len(r.pending))
    if same and formatted(f, "normative_filed_on_time_rate") is not None:
        text += f"，及时报备率{q('normative_filed_on_time_rate')}"
    return q.said(text + "。", ids, SETTING)


def _adviser(data: YearData) -> Sentence | None:
    """The register's part: reviews the legal adviser took part in. Who the adviser is and
    the opinions they gave are facts of the year, stated once by {法律顾问情况}
    (reports/narrative_facts.py), not repeated here."""
    f, q = data.figures, Quoter(data)
    if not count(f, "adviser_reviews"):
        return None
    return q.said(f"法律顾问参与合法性审核{q('adviser_reviews')}。",
                  [x["id"] for x in data.reviews.reviews if x["adviser"]])


# -- 不足 and 安排 (registered in findings.FINDINGS) --------------------------------------------


def filing_shortcoming(data: YearData) -> Sentence | None:
    r = data.reviews
    if not r.late and not r.unfiled:
        return None
    parts = []
    if r.late:
        parts.append(f"{len(r.late)}件超过公布之日起{r.filing_days}日才报送备案")
    if r.unfiled:
        parts.append(f"{len(r.unfiled)}件至{_cn_date(data.as_of)}仍未报备")
    named = [x.title for x in (*r.late, *r.unfiled) if x.title]
    # 标有书名号的并列成分之间通常不用顿号 (GB/T 15834-2011 4.5.3.5)
    which = "（" + "".join(named[:LIST_LIMIT]) + ("等" if len(named) > LIST_LIMIT else "") \
        + "）" if named else ""
    q = Quoter(data)
    text = (f"行政规范性文件备案不够及时。全年公布的{q('normative_docs_published')}"
            f"行政规范性文件中，" + "，".join(parts) + which + "。")
    return q.said(text, _ids((*r.late, *r.unfiled)), SETTING)


def filing_plan(data: YearData) -> Sentence:
    r = data.reviews
    text = ""
    if r.unfiled:
        text += f"对{len(r.unfiled)}件尚未报备的行政规范性文件立即补报备案，"
    text += (f"严格落实行政规范性文件备案审查制度，文件公布后{r.filing_days}日内报送备案，"
             f"由{data.place.section_name}跟踪报备进度。")
    return Sentence(text, indicators=("normative_docs_published",),
                    records=tuple(_ids((*r.late, *r.unfiled))),
                    settings=(*SETTING, "section_name"))
