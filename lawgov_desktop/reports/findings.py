"""存在的不足 and 下一年度安排 drawn from the year's data (DOMAIN.md §11), and the opening.

Each :class:`Finding` is one shortcoming the ledger shows (late or missing 公示, corrected
cases, missed time limits, 负责人出庭 X of Y) with the plan that answers it. Both are
placeholders of their own ({公示不足} / {公示整改安排} …), so the user can drop or reword
either one in the report editor. New registers add findings here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import inspection_text, review_text, staff
from .document import Paragraph, Sentence, todo
from .figures import count
from .narrative import LIST_LIMIT, Quoter, corrected, para
from .yeardata import YearData


@dataclass(frozen=True)
class Finding:
    key: str  # the placeholder stem: {<key>不足} and {<key>整改安排}
    label: str  # what the editor's menu calls it
    shortcoming: Callable[[YearData], Sentence | None]
    plan: Callable[[YearData], Sentence]


def _publication(data: YearData) -> Sentence | None:
    late, missing = data.late_published, data.unpublished
    if not late and not missing:
        return None
    q = Quoter(data)
    parts = []
    if late:
        parts.append(f"{len(late)}宗超过决定之日起{data.publish_days}个工作日才公示")
    if missing:
        d = data.as_of
        parts.append(f"{len(missing)}宗至{d.year}年{d.month}月{d.day}日仍未公示")
    text = (f"行政执法公示不够及时。全年作出的{q('penalty_decisions')}行政处罚决定中，"
            + "，".join(parts) + "。")
    return q.said(text, [x.record_id for x in (*late, *missing)], settings=("publish_days",))


def _publication_plan(data: YearData) -> Sentence:
    text = "严格落实行政执法公示制度，"
    if data.unpublished:
        text += f"对{len(data.unpublished)}宗尚未公示的行政处罚决定逐案补充公示，"
    text += (f"今后处罚决定作出后{data.publish_days}个工作日内公示到位，"
             f"由{data.place.section_name}定期核查。")
    return Sentence(text, indicators=("penalty_decisions",),
                    records=tuple(x.record_id for x in (*data.late_published, *data.unpublished)),
                    settings=("publish_days", "section_name"))


def _corrections(data: YearData) -> Sentence | None:
    f = data.figures
    if not count(f, "reconsiderations_corrected") and not count(f, "lawsuits_lost"):
        return None
    q = Quoter(data)
    parts = []
    if count(f, "reconsiderations_corrected"):
        parts.append(f"行政复议被纠错{q('reconsiderations_corrected')}")
    if count(f, "lawsuits_lost"):
        parts.append(f"行政诉讼败诉{q('lawsuits_lost')}")
    numbers = [n for n in (a["related_case_no"] or a["case_no"] for a in corrected(data)) if n]
    more = "等" if len(numbers) > LIST_LIMIT else ""
    which = f"（{'、'.join(numbers[:LIST_LIMIT])}{more}）" if numbers else ""
    return q.said("执法办案质量还有差距。全年" + "、".join(parts) + which + "。",
                  [a["id"] for a in corrected(data)])


def _corrections_plan(data: YearData) -> Sentence:
    return Sentence("对被纠错、败诉的案件逐案查找事实认定、证据和法律适用上的问题，落实整改，"
                    "加强重大执法决定法制审核，提高办案质量。",
                    indicators=("reconsiderations_corrected", "lawsuits_lost"),
                    records=tuple(a["id"] for a in corrected(data)))


def _deadlines(data: YearData) -> Sentence | None:
    cases, replies, reports = data.late_decisions, data.late_replies, data.late_rectifications
    if not cases and not replies and not reports:
        return None
    parts = []
    if cases:
        undecided = sum(1 for x in cases if x.done_on is None)
        if undecided == len(cases):
            text = f"{len(cases)}宗案件超过立案之日起的法定期限仍未作出决定"
        else:
            text = f"{len(cases)}宗案件未在立案之日起法定期限内作出决定"
            if undecided:
                text += f"（其中{undecided}宗至今未作出决定）"
        parts.append(text)
    if replies:
        parts.append(f"{len(replies)}件复议、诉讼案件未在法定期限内提交答复或答辩材料")
    if reports:  # 行政复议法 第七十六条
        parts.append(f"{len(reports)}份行政复议意见书未在{data.rectification_days}日内"
                     "报送整改情况")
    return Sentence("部分案件办理超过法定期限。全年" + "，".join(parts) + "。",
                    indicators=("cases_filed", "reconsiderations_total", "lawsuits_total"),
                    records=tuple(x.record_id for x in (*cases, *replies, *reports)),
                    settings=("rectification_report_days",) if reports else ())


def _deadlines_plan(data: YearData) -> Sentence:
    """Answers only what was late: 复议答复/诉讼答辩 only when some reply was late."""
    duties = []
    if data.late_decisions:
        duties.append("按期作出处罚决定")
    late_ids = {x.record_id for x in data.late_replies}
    kinds = {a["kind"] for a in data.appeals if a["id"] in late_ids}
    papers = [p for k, p in (("行政复议", "复议答复"), ("行政诉讼", "诉讼答辩")) if k in kinds]
    if data.late_replies:
        duties.append("按期提交" + "和".join(papers or ["复议答复、诉讼答辩"]) + "材料")
    if data.late_rectifications:
        duties.append("按时报送行政复议意见书的整改情况")
    late = (*data.late_decisions, *data.late_replies, *data.late_rectifications)
    text = "加强办案期限管理，用好台账的期限提醒，" + "，".join(duties or ["按期办结案件"]) + "。"
    return Sentence(text, indicators=("cases_filed",), records=tuple(x.record_id for x in late))


def _unchecked(data: YearData) -> list[Paragraph]:
    """History records the deadline check would count late: asked, never claimed (§11)."""
    n = len(data.unchecked_deadlines)
    if not n:
        return []
    return para(todo(f"{n}宗导入的历史记录按台账日期计算超过法定期限，其日期可能为导入时"
                     "整列填写或未登记，请核实后再写入不足"))


def _appearances(data: YearData) -> Sentence | None:
    f = data.figures
    suits, present = count(f, "lawsuits_total"), count(f, "head_appearances")
    if not suits or present >= suits:
        return None
    q = Quoter(data)
    return q.said(f"行政机关负责人出庭应诉还不到位。全年{q('lawsuits_total')}行政诉讼案件中，"
                  f"负责人出庭应诉{q('head_appearances')}。")


def _appearances_plan(data: YearData) -> Sentence:
    return Sentence("落实行政机关负责人出庭应诉制度，行政诉讼案件负责人应出尽出。",
                    indicators=("lawsuits_total", "head_appearances"))


def _law_report(data: YearData) -> Sentence | None:
    """述法 answered 否 in the facts of the year (an unset fact says nothing)."""
    if data.facts.get("law_report_done") != 0:
        return None
    return Sentence("第一责任人职责落实还有欠缺。主要负责人本年度尚未述法。", "fact",
                    facts=("law_report_done",))


def _law_report_plan(data: YearData) -> Sentence:
    return Sentence("落实党政主要负责人述法制度，主要负责人按要求开展年度述法。", "fact",
                    facts=("law_report_done",))


FINDINGS: tuple[Finding, ...] = (
    Finding("公示", "处罚决定公示逾期或未公示", _publication, _publication_plan),
    Finding("纠错", "复议纠错、诉讼败诉", _corrections, _corrections_plan),
    Finding("超期", "办案、答复超过法定期限", _deadlines, _deadlines_plan),
    Finding("出庭", "负责人出庭应诉不到位", _appearances, _appearances_plan),
    Finding("检查", "涉企检查超频次、未审批或无证检查", inspection_text.shortcoming,
            inspection_text.plan),
    Finding("述法", "主要负责人未述法（年度情况）", _law_report, _law_report_plan),
    Finding("报备", "规范性文件逾期报备或未报备", review_text.filing_shortcoming,
            review_text.filing_plan),
    # 执法人员 (reports/staff.py)
    Finding("学时", "执法人员培训学时未达标", staff.hours_shortfall, staff.hours_plan),
    Finding("执法证", "执法证过期或未取得", staff.certificates_shortfall, staff.certificates_plan),
)


def found(data: YearData) -> list[Finding]:
    """The findings the year's data shows."""
    if not data.detailed:
        return [f for f in FINDINGS if f.key in ("纠错", "出庭", "检查") and f.shortcoming(data)]
    return [f for f in FINDINGS if f.shortcoming(data) is not None]


def _shortcoming(finding: Finding) -> Callable[[YearData, str], list[Paragraph]]:
    def generate(data: YearData, me: str = "我局") -> list[Paragraph]:
        if not data.detailed and finding.key not in ("纠错", "出庭", "检查"):
            return []
        extra = _unchecked(data) if finding.key == "超期" else []
        return para(finding.shortcoming(data)) + extra
    return generate


def _plan(finding: Finding) -> Callable[[YearData, str], list[Paragraph]]:
    def generate(data: YearData, me: str = "我局") -> list[Paragraph]:
        if finding not in found(data):
            return []
        return para(finding.plan(data))
    return generate


def reasons(data: YearData, me: str = "我局") -> list[Paragraph]:
    """The causes are the user's to write: a 【待补充】 whenever a shortcoming was found."""
    return para(todo("上述不足的原因分析")) if found(data) else []


def opening(data: YearData, me: str = "我局") -> list[Paragraph]:
    """开头: under whose leadership, guided by what — phrases only in years they existed."""
    p, year = data.place, data.year
    lead = f"在{p.local_authority}的领导"
    lead += f"和{p.upper_unit}的指导下" if p.upper_unit else "下"
    guide = []
    if year >= 2017:  # 习近平新时代中国特色社会主义思想: 党的十九大, October 2017
        guide.append("坚持以习近平新时代中国特色社会主义思想为指导")
    study = []
    if year >= 2020:  # 习近平法治思想: 中央全面依法治国工作会议, November 2020
        study.append("习近平法治思想")
    if year >= 2022:  # 党的二十大, October 2022
        study.append("党的二十大精神")
    if study:
        guide.append("深入学习贯彻" + "和".join(study))
    unit = p.unit_name or "本单位"
    text = f"{year}年，{unit}{lead}，" + "，".join([*guide, "推进法治政府建设"]) + "。"
    return para(Sentence(text + "现将有关情况报告如下。", "frame",
                         settings=("unit_name", "local_authority", "upper_unit")))
