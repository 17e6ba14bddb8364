"""Generated report paragraphs, each sentence carrying what it rests on (DOMAIN.md §11).

A generator takes the year's :class:`~.yeardata.YearData` and how the unit calls itself
(我局) and returns paragraphs of :class:`~.document.Sentence` s. Where the ledger has
nothing on a topic it returns nothing: the template holds no claim of its own. Zero
figures are stated ("未发生…") only when the year has records at all, so an unused ledger
never turns into a claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..domain.indicators import BY_ID as INDICATOR_DEFS
from ..domain.ledgers import get_ledger
from .document import Paragraph, Sentence, todo
from .figures import count, format_count_cn, format_rate, formatted, value_of
from .yeardata import CORRECTED, YearData

Generator = Callable[[YearData, str], list[Paragraph]]
LIST_LIMIT = 5  # cases named one by one; beyond, "等N件"


def self_reference(unit_name: str | None) -> str:
    """How the unit refers to itself in its own report: 我局, 我委, 我办 or 我单位."""
    if unit_name:
        for suffix in ("局", "委", "办", "厅", "院", "所", "站"):
            if unit_name.endswith(suffix):
                return "我" + suffix
        return "我单位"
    return "我局"


class Quoter:
    """Prints figures and remembers each as a quote of the sentence being written."""

    def __init__(self, data: YearData) -> None:
        self.data = data
        self.quotes: list[tuple[str, str]] = []
        self.records: list[str] = []
        self.resting: list[str] = []  # indicators the sentence rests on without printing

    def rests(self, *fids: str) -> None:
        self.resting += fids

    def __call__(self, fid: str, unit: bool = True) -> str:
        text = formatted(self.data.figures, fid) or "0"
        self.quotes.append((fid, text))
        suffix = INDICATOR_DEFS[fid].unit if unit and fid in INDICATOR_DEFS else ""
        return text + ("" if suffix in ("元", "%") else suffix)

    def yoy(self, ledger: str, fid: str, unit: str) -> str:
        """"，同比增长12.5%" against last year, when last year has a record in `ledger`."""
        previous = self.data.compare(ledger)
        if previous is None:
            return ""
        now, before = value_of(self.data.figures, fid) or 0, value_of(previous, fid) or 0
        if now == before:
            return "，与上年持平"
        if not before:
            self.quotes.append((f"yoy:{fid}", format_count_cn(now - before)))
            return f"，较上年增加{format_count_cn(now - before)}{unit}"
        change = format_rate(abs(now - before) / before)
        self.quotes.append((f"yoy:{fid}", change))
        return f"，同比{'增长' if now > before else '下降'}{change}"

    def said(self, text: str, records: Iterable[str] = (), settings: Sequence[str] = ()
             ) -> Sentence:
        ids = [f for f, _ in self.quotes if not f.startswith("yoy:")]
        ids += [f"{f[4:]}" for f, _ in self.quotes if f.startswith("yoy:")]
        ids += self.resting
        out = Sentence(text, "ledger", indicators=tuple(dict.fromkeys(ids)),
                       records=tuple(dict.fromkeys([*self.records, *records])),
                       settings=tuple(settings), quotes=tuple(self.quotes))
        self.quotes, self.records, self.resting = [], [], []
        return out


def day(text: str) -> str:
    """"2025-03-15" → "3月15日" (the year is the report's)."""
    try:
        d = dt.date.fromisoformat(text)
    except (TypeError, ValueError):  # a damaged stored value: say no date rather than fail
        return ""
    return f"{d.month}月{d.day}日"


def quoted(name: str) -> str:
    """“name”, with quotation marks inside it turned into single ones (‘’)."""
    return "“" + name.replace("“", "‘").replace("”", "’") + "”"


def para(*sentences: Sentence | None) -> list[Paragraph]:
    found = [s for s in sentences if s is not None and s.text]
    return [Paragraph.of(found)] if found else []


def states_zero(data: YearData) -> bool:
    """Whether a zero may be stated: the year has records (in some ledger)."""
    return not data.empty


# -- 行政执法 ---------------------------------------------------------------------------


def enforcement(data: YearData, me: str = "我局") -> list[Paragraph]:
    """全年共立案…宗，结案…宗，作出行政处罚决定…宗，罚没款…; then the procedure steps."""
    f, q = data.figures, Quoter(data)
    if not (count(f, "cases_filed") or count(f, "penalty_decisions") or count(f, "cases_closed")):
        if not states_zero(data):
            return []
        q.rests("cases_filed")
        return para(q.said("全年未立案查处行政处罚案件。"))
    head = [f"全年共立案{q('cases_filed')}"]
    head[0] += q.yoy("cases", "cases_filed", "宗")
    if count(f, "cases_closed"):
        head.append(f"结案{q('cases_closed')}")
    if count(f, "penalty_decisions"):
        head.append(f"作出行政处罚决定{q('penalty_decisions')}")
    fines, conf = f.get("fines_yuan") or 0, f.get("confiscations_yuan") or 0
    if fines or conf:
        money = f"罚没款{q('penalty_money_yuan')}"
        if fines and conf:
            money += (f"（其中罚款{q('fines_yuan')}，"
                      f"没收违法所得和非法财物{q('confiscations_yuan')}）")
        head.append(money)
    first = q.said("，".join(head) + "。")
    steps = []
    for text, fid in (("法制审核", "legal_reviews"), ("提交集体讨论", "collective_reviews"),
                      ("听取当事人陈述申辩", "statements_heard"), ("举行听证", "hearings_held"),
                      ("申请人民法院强制执行", "court_enforcement_applications"),
                      ("移送司法机关", "transfers_to_judiciary")):
        if count(f, fid):
            steps.append(f"{text}{q(fid)}")
    second = q.said("办案中，" + "，".join(steps) + "。") if steps else None
    return para(first, second)


def publication(data: YearData, me: str = "我局") -> list[Paragraph]:
    """行政处罚决定公示: how many of the year's decisions were published in time.

    An imported 历史记录 without a 公示日期 is unknown, not unpublished (DOMAIN.md §11): it is
    left out of every clause and named in a 【待补充】 for the user to check."""
    if not data.detailed or not data.decisions:
        return []
    q = Quoter(data)
    total = q("penalty_decisions")
    late, missing = len(data.late_published), len(data.unpublished)
    unknown = len(data.unrecorded_publication)
    limit = f"决定之日起{data.publish_days}个工作日内"
    ids = [x.record_id for x in (*data.late_published, *data.unpublished)]
    ask = (todo(f"{unknown}宗导入的历史记录未登记公示日期，请核实公示情况") if unknown
           else None)
    waiting = _not_yet_due(data)
    on_time = len(data.decisions) - late - missing - waiting - unknown
    if not late and not missing and not unknown:
        if waiting:
            text = (f"全年作出的{total}行政处罚决定中，{on_time}宗在{limit}"
                    f"公示，{waiting}宗尚在公示期限内。")
        else:
            text = f"全年作出的{total}行政处罚决定均在{limit}公示。"
        return para(q.said(text, data.decisions, settings=("publish_days",)))
    parts = [f"{on_time}宗在{limit}公示"] if on_time or not unknown else []
    if late:
        parts.append(f"{late}宗逾期公示")
    if missing:
        parts.append(f"{missing}宗至{_cn_date(data.as_of)}尚未公示")
    if waiting:
        parts.append(f"{waiting}宗尚在公示期限内")
    if not parts:  # nothing known about any of them: only the question
        return para(ask)
    known = [x for x in data.decisions if x not in set(data.unrecorded_publication)]
    said = q.said(f"全年作出的{total}行政处罚决定中，" + "，".join(parts) + "。",
                  ids or known, settings=("publish_days",))
    return para(said, ask)


def _not_yet_due(data: YearData) -> int:
    """Decisions without a 公示日期 whose limit has not passed yet (neither late nor on time)."""
    return data.unpublished_pending


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# -- 复议诉讼 ---------------------------------------------------------------------------

_RECON_GROUPS = (("复议机关维持（含驳回复议申请）", ("维持", "驳回申请"),
                  "reconsiderations_upheld"),
                 ("被纠错", CORRECTED, "reconsiderations_corrected"),
                 ("申请人撤回申请终止审理", ("终止（撤回）",), "reconsiderations_terminated"),
                 ("调解、和解结案", ("调解", "和解"), "reconsiderations_mediated"),
                 ("尚在审理", (None,), "reconsiderations_pending"))
_SUIT_GROUPS = (("胜诉", ("驳回诉讼请求",), "lawsuits_won"),
                ("败诉", CORRECTED, "lawsuits_lost"),
                ("原告撤诉", ("撤诉",), "lawsuits_withdrawn"),
                ("调解结案", ("调解",), "lawsuits_mediated"),
                ("尚在审理", (None,), "lawsuits_pending"))


def _outcome_label(label: str, mine: Sequence[Any]) -> str:
    """"调解、和解结案" names only the endings that happened: "和解结案" when all were 和解."""
    if label != "调解、和解结案":
        return label
    found = {r["result"] for r in mine}
    return "调解、和解结案" if found == {"调解", "和解"} else f"{found.pop()}结案"


def _outcomes(q: Quoter, rows: Sequence[Any], groups: Sequence[Any]) -> list[str]:
    """Outcome clauses whose counts add up to the rows: every result falls in a group."""
    out, placed = [], 0
    for label, results, fid in groups:
        mine = [r for r in rows if r["result"] in results]
        placed += len(mine)
        if mine:
            q.records += [r["id"] for r in mine]
            out.append(f"{_outcome_label(label, mine)}{q(fid)}")
    other = len(rows) - placed
    if other:
        out.append(f"以其他方式结案{other}件")
    return out


def disputes(data: YearData, me: str = "我局") -> list[Paragraph]:
    """Reconsideration and litigation against the unit: totals, outcomes adding up, rates."""
    f, q = data.figures, Quoter(data)
    recon, suits = count(f, "reconsiderations_total"), count(f, "lawsuits_total")
    if not recon and not suits:
        # an empty 复议诉讼 register is no evidence that nothing happened (trial s4, F4.4)
        if not states_zero(data) or "appeals" not in data.in_use:
            return []
        q.rests("reconsiderations_total", "lawsuits_total")
        return para(q.said(f"全年未发生以{me}为被申请人的行政复议案件"
                           f"和以{me}为被告的行政诉讼案件。"))
    out: list[Sentence] = []
    appeals = data.appeals
    for kind, total_id, groups, rate_label, rate_id, who in (
            ("行政复议", "reconsiderations_total", _RECON_GROUPS, "复议维持率",
             "reconsideration_upheld_rate", "被申请人"),
            ("行政诉讼", "lawsuits_total", _SUIT_GROUPS, "胜诉率", "lawsuit_win_rate", "被告")):
        if not count(f, total_id):
            q.rests(total_id)
            out.append(q.said(f"全年未发生以{me}为{who}的{kind}案件。"))
            continue
        text = f"全年以{me}为{who}的{kind}案件{q(total_id)}"
        rows = [a for a in appeals if a["kind"] == kind]
        if data.detailed:
            clauses = _outcomes(q, rows, groups)
        else:  # figures only: the indicator groups, which add up to the total as well
            clauses = [f"{label}{q(fid)}" for label, _, fid in groups if count(f, fid)]
        if clauses:
            text += "，其中" + "、".join(clauses)
        if formatted(f, rate_id) is not None:
            text += f"，{rate_label}{q(rate_id)}"
        out.append(q.said(text + "。"))
    replied = _replies_in_time(data)
    if replied is not None:
        out.append(replied)
    return para(*out, _opinions(data))


def _opinions(data: YearData) -> Sentence | None:
    """行政复议意见书 of the year and the 整改报告 sent on them (行政复议法 第七十六条)."""
    rows = data.opinions
    if not data.detailed or not rows:
        return None
    late = {x.record_id: x for x in data.late_rectifications}
    limit = f"{data.rectification_days}日内"
    groups = (  # (clause, how many); every 意见书 falls in exactly one
        (f"在{limit}报送了整改情况",
         sum(1 for r in rows if r["rectification_reported_on"] and r["id"] not in late)),
        ("逾期报送整改情况", sum(1 for x in late.values() if x.done_on is not None)),
        (f"至{_cn_date(data.as_of)}超过{data.rectification_days}日尚未报送整改情况",
         sum(1 for x in late.values() if x.done_on is None)),
        ("尚在整改报告期限内",
         sum(1 for r in rows if not r["rectification_reported_on"] and r["id"] not in late)),
    )
    text = f"收到行政复议意见书{len(rows)}份"
    present = [(clause, n) for clause, n in groups if n]
    if len(present) == 1:
        clause = present[0][0]
        text += f"，{'均' if len(rows) > 1 else ''}{clause}"
    else:
        text += "，其中" + "，".join(f"{n}份{clause}" for clause, n in present)
    return Sentence(text + "。", records=tuple(r["id"] for r in rows),
                    settings=("rectification_report_days",))


def _replies_in_time(data: YearData) -> Sentence | None:
    """"均在法定期限内提交答复、答辩材料" — only when every appeal's reply date says so."""
    if not data.detailed or not data.appeals or data.late_replies:
        return None
    if any(not a["replied_on"] for a in data.appeals):
        return None
    return Sentence("上述案件均在法定期限内提交了书面答复、答辩材料。",
                    indicators=("reconsiderations_total", "lawsuits_total"),
                    records=tuple(a["id"] for a in data.appeals))


_RESULT_WORDS = {"撤销": "撤销", "变更": "变更", "确认违法": "确认违法",
                 "责令履行": "责令履行法定职责"}


def corrected(data: YearData) -> list[Any]:
    """The year's appeals the reviewing body or court corrected."""
    return [a for a in data.appeals if a["result"] in CORRECTED]


def corrections(data: YearData, me: str = "我局") -> list[Paragraph]:
    """Each corrected case by 案号 and 案由 (never the applicant's name), with the result."""
    rows = corrected(data)
    if not rows:
        return []
    items = []
    for a in rows:
        number = a["related_case_no"] or a["case_no"] or "（无案号）"
        cause = f"（{a['cause']}）" if a.get("cause") else ""
        who = "复议机关" if a["kind"] == "行政复议" else "人民法院"
        items.append(f"{number}{cause}，{who}决定{_RESULT_WORDS[a['result']]}"
                     if a["kind"] == "行政复议" else
                     f"{number}{cause}，{who}判决{_RESULT_WORDS[a['result']]}")
    shown = items[:LIST_LIMIT]
    more = f"等{len(rows)}件" if len(items) > LIST_LIMIT else ""
    text = f"被纠错的案件{len(rows)}件：" + "；".join(shown) + (f"，{more}" if more else "") + "。"
    return para(Sentence(text, indicators=("reconsiderations_corrected", "lawsuits_lost"),
                         records=tuple(a["id"] for a in rows)))


def appearances(data: YearData, me: str = "我局") -> list[Paragraph]:
    """负责人出庭应诉 as X of Y whenever not all."""
    f, q = data.figures, Quoter(data)
    suits = count(f, "lawsuits_total")
    if not suits:
        return []
    total, present = q("lawsuits_total"), count(f, "head_appearances")
    if present >= suits:
        q.rests("head_appearances")
        return para(q.said(f"全年{total}行政诉讼案件，{me}负责人均出庭应诉。"))
    return para(q.said(f"全年{total}行政诉讼案件中，{me}负责人出庭应诉{q('head_appearances')}。"))


# -- 学法、普法 -----------------------------------------------------------------------------


def _category(name: str, data: YearData) -> str:
    return name.replace("党委", data.place.party_body, 1) if name.startswith("党委") else name


def trainings(data: YearData, me: str = "我局") -> list[Paragraph]:
    """Totals with 同比, the split by 类别, and the three largest sessions named."""
    f, q = data.figures, Quoter(data)
    if not count(f, "trainings"):
        return para(todo("本年度学法培训情况")) if states_zero(data) else []
    text = f"全年组织学法培训{q('trainings')}" + q.yoy("trainings", "trainings", "场次")
    if count(f, "training_participants"):
        text += f"，参训{q('training_participants')}"
    rows = data.trainings
    if data.detailed and rows:
        order = {c: i for i, c in enumerate(get_ledger("trainings").field("category").choices)}
        groups: dict[str, int] = {}
        for r in sorted(rows, key=lambda r: order.get(r["category"] or "", len(order))):
            key = _category(r["category"] or "未分类", data)
            groups[key] = groups.get(key, 0) + 1
        if len(groups) > 1:
            text += "。按类别分，" + "、".join(f"{k}{n}场次" for k, n in groups.items())
        else:
            text += f"，均为{next(iter(groups))}"
    first = q.said(text + "。", [r["id"] for r in rows])
    top = sorted((r for r in rows if r["participants"]),
                 key=lambda r: (-r["participants"], r["date"], r["name"]))[:3]
    second = None
    if top:
        items = []
        for r in top:
            who = f"，{r['lecturer']}授课" if r["lecturer"] else ""
            kind = _category(r["category"] or "", data)
            items.append(f"{day(r['date'])}{quoted(r['name'])}（{kind}"
                         f"{who}，{format_count_cn(r['participants'])}人参加）")
        lead = ("参训人数较多的有" if len(top) > 1 else
                "参训人数最多的是" if len(rows) > 1 else "这次培训是")
        sep = "" if lead == "这次培训是" else "："
        second = Sentence(lead + sep + "；".join(items) + "。", indicators=("trainings",),
                          records=tuple(r["id"] for r in top))
    return para(first, second)


def leadership_learning(data: YearData, me: str = "我局") -> list[Paragraph]:
    """中心组学法 and 领导干部学法 from the trainings, 集体讨论 from the cases."""
    q = Quoter(data)
    out: list[Sentence] = []
    body = data.place.party_body
    study = [r for r in data.trainings if r["category"] == "党委理论学习中心组学法"]
    if study:
        topics = list(dict.fromkeys(r["name"] for r in study))
        names = "、".join(quoted(t) for t in topics[:3])
        more = "等" if len(topics) > 3 else ""
        out.append(Sentence(f"{body}理论学习中心组集体学法{len(study)}次，学习{names}{more}。",
                            indicators=("trainings",), records=tuple(r["id"] for r in study),
                            settings=("party_body",)))
    leaders = [r for r in data.trainings if r["category"] == "领导干部学法"]
    if leaders:
        out.append(Sentence(f"组织领导干部学法{len(leaders)}次。", indicators=("trainings",),
                            records=tuple(r["id"] for r in leaders)))
    if count(data.figures, "collective_reviews"):
        # 行政处罚法 第五十七条: 情节复杂或者重大违法行为的处罚由负责人集体讨论决定
        out.append(q.said(f"经负责人集体讨论决定的案件{q('collective_reviews')}。"))
    return para(*out)


def publicity(data: YearData, me: str = "我局") -> list[Paragraph]:
    """Totals with 同比 and the three events with the largest audience named."""
    f, q = data.figures, Quoter(data)
    if not count(f, "publicity_events") and not count(f, "media_articles"):
        return para(todo("本年度普法宣传情况")) if states_zero(data) else []
    parts = []
    if count(f, "publicity_events"):
        parts.append(f"开展普法宣传活动{q('publicity_events')}"
                     + q.yoy("publicity", "publicity_events", "场次"))
    if count(f, "publicity_materials"):
        parts.append(f"发放宣传资料{q('publicity_materials')}")
    if count(f, "publicity_audience"):
        parts.append(f"现场和线上受众{q('publicity_audience')}")
    if count(f, "media_articles"):
        parts.append(f"通过新媒体发布普法信息{q('media_articles')}")
    first = q.said("全年" + "，".join(parts) + "。", [r["id"] for r in data.publicity])
    top = sorted((r for r in data.publicity if r["audience"]),
                 key=lambda r: (-r["audience"], r["start_on"], r["name"]))[:3]
    second = None
    if top:
        items = []
        for r in top:
            where = f"在{r['place']}" if r["place"] else ""
            items.append(f"{day(r['start_on'])}{where}开展的{quoted(r['name'])}"
                         f"（受众{format_count_cn(r['audience'])}人次）")
        lead = ("受众较多的活动有" if len(top) > 1 else
                "受众最多的活动是" if len(data.publicity) > 1 else "这次活动是")
        sep = "" if lead == "这次活动是" else "："
        second = Sentence(lead + sep + "；".join(items) + "。", indicators=("publicity_events",),
                          records=tuple(r["id"] for r in top))
    return para(first, second)
