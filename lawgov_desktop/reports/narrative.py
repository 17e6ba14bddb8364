"""Generated report sentences built from the year's figures.

Each generator returns a finished paragraph (or "" when it has nothing to say). Clauses
whose figure is zero are left out where a report would not mention them; a missing or
None count is treated as zero, a None rate is simply not quoted.
"""

from __future__ import annotations

from collections.abc import Callable

from .figures import Figures, count, formatted


def self_reference(unit_name: str | None) -> str:
    """How the unit refers to itself in its own report: 我局, 我委, 我办 or 我单位."""
    if unit_name:
        for suffix in ("局", "委", "办", "厅", "院", "所", "站"):
            if unit_name.endswith(suffix):
                return "我" + suffix
        return "我单位"
    return "我局"


def _n(figures: Figures, figure_id: str) -> str:
    return formatted(figures, figure_id) or "0"


def _clauses(figures: Figures, items: list[tuple[str, str]]) -> list[str]:
    """Keep the "text{n}" templates whose figure is non-zero, with the number filled in."""
    return [text.format(n=_n(figures, fid)) for text, fid in items if count(figures, fid)]


def enforcement(figures: Figures, me: str = "我局") -> str:
    """全年共立案…宗，结案…宗，作出行政处罚决定…宗，罚没款…万元…"""
    filed = count(figures, "cases_filed")
    decided = count(figures, "penalty_decisions")
    if not (filed or decided or count(figures, "cases_closed")):
        return "全年未立案查处行政处罚案件。"
    head = [f"全年共立案{_n(figures, 'cases_filed')}宗"]
    head += _clauses(figures, [("结案{n}宗", "cases_closed"),
                               ("作出行政处罚决定{n}宗", "penalty_decisions")])
    fines_v, conf_v = figures.get("fines_yuan") or 0, figures.get("confiscations_yuan") or 0
    if fines_v or conf_v:
        money = f"罚没款{formatted(figures, 'penalty_money_yuan')}"
        if fines_v and conf_v:
            money += (f"（其中罚款{formatted(figures, 'fines_yuan')}，"
                      f"没收违法所得和非法财物{formatted(figures, 'confiscations_yuan')}）")
        head.append(money)
    sentences = ["，".join(head) + "。"]

    groups: list[str] = []
    review = _clauses(figures, [("法制审核{n}宗", "legal_reviews"),
                                ("提交集体讨论{n}宗", "collective_reviews")])
    if review:
        groups.append("严格落实重大执法决定法制审核制度，" + "、".join(review))
    rights = _clauses(figures, [("听取当事人陈述申辩{n}宗", "statements_heard"),
                                ("依申请举行听证{n}宗", "hearings_held")])
    if rights:
        groups.append("充分保障当事人合法权益，" + "，".join(rights))
    if count(figures, "court_enforcement_applications"):
        groups.append("对逾期不履行处罚决定的，依法申请人民法院强制执行"
                      f"{_n(figures, 'court_enforcement_applications')}宗")
    if count(figures, "transfers_to_judiciary"):
        groups.append("对涉嫌犯罪的，依法移送司法机关"
                      f"{_n(figures, 'transfers_to_judiciary')}宗")
    if groups:
        sentences.append("办案中，" + "；".join(groups) + "。")
    return "".join(sentences)


def _outcomes(figures: Figures, items: list[tuple[str, str]], rate_label: str,
              rate_id: str) -> str:
    parts = _clauses(figures, items)
    text = ("其中" + "、".join(parts)) if parts else ""
    rate = formatted(figures, rate_id)
    if rate is not None:
        text += ("，" if text else "") + f"{rate_label}{rate}"
    return text


def disputes(figures: Figures, me: str = "我局") -> str:
    """Reconsideration and litigation against the unit, with outcomes and rates."""
    recon, suits = count(figures, "reconsiderations_total"), count(figures, "lawsuits_total")
    if not recon and not suits:
        return (f"全年未发生以{me}为被申请人的行政复议案件，"
                f"也未发生以{me}为被告的行政诉讼案件。")
    sentences: list[str] = []
    if recon:
        detail = _outcomes(figures, [
            ("复议机关维持（含驳回复议申请）{n}件", "reconsiderations_upheld"),
            ("纠错{n}件", "reconsiderations_corrected"),
            ("申请人撤回申请终止{n}件", "reconsiderations_terminated"),
            ("尚在审理{n}件", "reconsiderations_pending"),
        ], "复议维持率", "reconsideration_upheld_rate")
        sentences.append(f"全年{me}作为被申请人的行政复议案件"
                         f"{_n(figures, 'reconsiderations_total')}件"
                         + ("，" + detail if detail else "") + "。")
    else:
        sentences.append(f"全年未发生以{me}为被申请人的行政复议案件。")
    if suits:
        detail = _outcomes(figures, [
            ("胜诉{n}件", "lawsuits_won"), ("败诉{n}件", "lawsuits_lost"),
            ("原告撤诉{n}件", "lawsuits_withdrawn"), ("尚在审理{n}件", "lawsuits_pending"),
        ], "胜诉率", "lawsuit_win_rate")
        sentences.append(f"以{me}为被告的行政诉讼案件{_n(figures, 'lawsuits_total')}件"
                         + ("，" + detail if detail else "") + "。")
    else:
        sentences.append(f"未发生以{me}为被告的行政诉讼案件。")
    return "".join(sentences)


def head_appearances(figures: Figures, me: str = "我局") -> str:
    """One sentence on the head of the unit appearing in court, if it happened."""
    n = count(figures, "head_appearances")
    if n:
        return f"全年{me}负责人出庭应诉{_n(figures, 'head_appearances')}次。"
    return ""


def trainings(figures: Figures, me: str = "我局") -> str:
    if not count(figures, "trainings"):
        return ""
    text = f"全年组织各类学法培训{_n(figures, 'trainings')}场次"
    if count(figures, "training_participants"):
        text += f"，参训{_n(figures, 'training_participants')}人次"
    return text + "。"


def publicity(figures: Figures, me: str = "我局") -> str:
    if not count(figures, "publicity_events") and not count(figures, "media_articles"):
        return ""
    parts = _clauses(figures, [("开展普法宣传活动{n}场次", "publicity_events"),
                               ("发放宣传资料{n}份", "publicity_materials"),
                               ("覆盖现场和线上受众{n}人次", "publicity_audience")])
    text = "全年" + "，".join(parts) if parts else ""
    if count(figures, "media_articles"):
        articles = f"通过新媒体平台发布普法信息{_n(figures, 'media_articles')}篇"
        text = (text + "；" + articles) if text else "全年" + articles
    return text + "。"


# Placeholder name → generator, usable in any section body as e.g. {执法办案情况}.
GENERATED: dict[str, Callable[[Figures, str], str]] = {
    "执法办案情况": enforcement,
    "复议诉讼情况": disputes,
    "负责人出庭情况": head_appearances,
    "学法培训情况": trainings,
    "普法宣传情况": publicity,
}
