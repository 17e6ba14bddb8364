"""Report texts: figure formatting, placeholders, generated paragraphs, composition, 禁则."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from lawgov_desktop.reports import ReportSection, compose, default_sections, render_text
from lawgov_desktop.reports.document import Heading, Paragraph, chinese_numeral
from lawgov_desktop.reports.figures import format_count_cn, format_money, format_rate
from lawgov_desktop.reports.linebreak import break_lines, can_break_before
from lawgov_desktop.reports.narrative import disputes, enforcement, publicity, trainings
from lawgov_desktop.reports.template import check_sections, default_template, figures_table
from lawgov_desktop.reports.yeardata import from_figures

UNIT = "某某县应急管理局"
FIGURES = {
    "cases_filed": 152, "cases_closed": 147, "penalty_decisions": 138,
    "fines_yuan": 1205000.0, "confiscations_yuan": 29600.0, "legal_reviews": 138,
    "collective_reviews": 12, "statements_heard": 41, "hearings_held": 0,
    "court_enforcement_applications": 5, "transfers_to_judiciary": 0,
    "reconsiderations_total": 4, "reconsiderations_upheld": 3, "reconsiderations_corrected": 0,
    "reconsiderations_terminated": 1, "reconsiderations_pending": 0,
    "reconsideration_upheld_rate": 1.0, "lawsuits_total": 3, "lawsuits_won": 2,
    "lawsuits_lost": 0, "lawsuits_withdrawn": 0, "lawsuits_pending": 1,
    "lawsuit_win_rate": 2 / 3, "head_appearances": 1, "trainings": 14,
    "training_participants": 863, "publicity_events": 37, "publicity_audience": 52300,
    "publicity_materials": 18500, "media_articles": 126,
}


@pytest.mark.parametrize(("yuan", "text"), [
    (1234567.5, "123.46万元"), (1200000, "120万元"), (10000, "1万元"), (8500, "8500元"),
    (8500.5, "8500.5元"), (0, "0元"), (99999.99, "10万元"),
])
def test_money_in_wan_yuan_from_ten_thousand(yuan: float, text: str) -> None:
    assert format_money(yuan) == text


@pytest.mark.parametrize(("fraction", "text"), [
    (1.0, "100%"), (1, "100%"), (0.9652, "96.5%"), (2 / 3, "66.7%"), (0.5, "50%"),
    (0.0, "0%"), (0.99999, "99.9%"), (0.0001, "0.1%"),
])
def test_rates_as_percentages(fraction: float, text: str) -> None:
    assert format_rate(fraction) == text


def test_render_text_fills_figures_and_reports_problems() -> None:
    text, problems = render_text("立案{立案}宗，罚没{罚没金额}，维持率{复议维持率}。",
                                 FIGURES)
    assert text == "立案152宗，罚没123.46万元，维持率100%。"
    assert problems == []
    text, problems = render_text("{立按}和{胜诉率}以及{{原样}}", {"lawsuit_win_rate": None})
    assert text == "{立按}和（无数据）以及{原样}"
    assert len(problems) == 2
    assert "立按" in problems[0] and "未知" in problems[0]
    assert "胜诉率" in problems[1]


def said(generator, figures, unit: str = UNIT, year: int = 2024) -> str:
    """A generator's paragraphs from bare figures, as one text."""
    return "".join(p.text for p in generator(from_figures(figures, unit, year), "我局"))


def test_enforcement_paragraph_reads_like_a_report_and_skips_zero_clauses() -> None:
    text = said(enforcement, FIGURES)
    assert text.startswith("全年共立案152宗，结案147宗，作出行政处罚决定138宗，罚没款123.46万元")
    assert "罚款120.5万元" in text and "2.96万元" in text
    assert "听证" not in text and "移送司法机关" not in text  # both zero
    assert "申请人民法院强制执行5件" in text  # the indicator's unit
    assert said(enforcement, {}) == ""  # nothing in any ledger: not even a zero is claimed
    assert said(enforcement, {"trainings": 2}) == "全年未立案查处行政处罚案件。"
    only_fines = said(enforcement, {"cases_filed": 3, "fines_yuan": 5000.0})
    assert only_fines == "全年共立案3宗，罚没款5000元。"


def test_disputes_trainings_publicity() -> None:
    text = said(disputes, FIGURES)
    assert "行政复议案件4件" in text and "复议维持率100%" in text
    assert "纠错" not in text
    assert "行政诉讼案件3件" in text and "胜诉率66.7%" in text and "败诉" not in text
    # figures alone cannot show the 复议诉讼 register is in use: no "未发生" from them
    assert said(disputes, {"trainings": 1}) == ""
    assert said(disputes, {}) == ""
    assert said(trainings, FIGURES) == "全年组织学法培训14场次，参训863人次。"
    assert said(trainings, {"trainings": 0}) == ""
    pub = said(publicity, FIGURES)
    # reports write large counts in 万, truncated, with 余 when not exact
    assert "普法宣传活动37场次" in pub and "1.8万余份" in pub and "5.2万余人次" in pub
    assert "126篇" in pub


@pytest.mark.parametrize(("value", "text"), [
    (94795, "9.4万余"), (90000, "9万"), (94000, "9.4万"), (10000, "1万"), (9999, "9999"),
    (10001, "1万余"), (1234567, "123.4万余"), (0, "0"),
])
def test_counts_in_wan_truncated_with_yu(value: int, text: str) -> None:
    assert format_count_cn(value) == text


def test_default_sections_cover_the_five_parts() -> None:
    sections = default_sections(2024, UNIT)
    parts = {s.part for s in sections}
    assert {"measures", "shortcomings", "leadership", "plans", "other"} <= parts
    assert all(s.key.startswith(s.part + ".") for s in sections)
    assert len({s.key for s in sections}) == len(sections)
    joined = "".join(s.body for s in sections)
    assert "{单位}" not in joined and "{年}" not in joined
    # What storage keeps is enough to rebuild a section.
    s = sections[3]
    assert ReportSection.from_stored(s.key, s.title, s.body) == s
    assert check_sections(sections, FIGURES, UNIT, 2024) == []


def test_compose_builds_numbered_document() -> None:
    doc = compose(default_sections(2024, UNIT), FIGURES, UNIT, 2024, dt.date(2025, 1, 5),
                  with_table=True)
    assert doc.title == "某某县应急管理局2024年法治政府建设年度报告"
    assert doc.signature_date == "2025年1月5日"
    level1 = [b.label for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert [x[:2] for x in level1] == ["一、", "二、", "三、", "四、", "五、"]
    assert level1[0] == "一、2024年推进法治政府建设的主要举措和成效"
    assert level1[3] == "四、2025年推进法治政府建设的主要安排"
    level2 = [b.label for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert level2[0].startswith("（一）") and level2[1].startswith("（二）")
    # the plan answers the shortcoming found: 负责人出庭 1 of 3
    plans = doc.blocks.index(next(b for b in doc.blocks
                                  if isinstance(b, Heading) and b.label == level1[3]))
    assert "负责人应出尽出" in doc.blocks[plans + 1].text  # type: ignore[union-attr]
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert all("{" not in p for p in paras)
    assert any(p.startswith("全年共立案152宗") for p in paras)
    assert doc.attachments and doc.attachments[0].caption == "2024年法治政府建设主要数据"


def test_compose_sub_headings_empty_parts_and_bad_sections() -> None:
    sections = [
        ReportSection("measures.x", "measures", "自定义", "### 小标题\n#### 更小\n正文{立案}"),
        ReportSection("bogus.y", "bogus", "无处安放", "文字"),
    ]
    doc = compose(sections, FIGURES, UNIT, 2024, "2025年1月5日")
    labels = [b.label for b in doc.blocks if isinstance(b, Heading)]
    assert "1.小标题" in labels and "（1）更小" in labels
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "正文152" in texts
    # parts the 督察工作规定 requires and nothing fills say what is missing
    assert "【待补充：其他需要报告的情况（没有的写“无”）】" in texts
    assert "【待补充：存在的不足和原因】" in texts
    problems = check_sections(sections, FIGURES, UNIT, 2024)
    assert any("无处安放" in p for p in problems)


def test_figures_table_values_equal_input() -> None:
    table = figures_table(FIGURES, 2024)
    values = {row[2]: row[3] for row in table.rows}
    assert values["立案"] == "152宗" and values["罚款金额"] == "120.5万元"
    assert values["罚没金额"] == "123.46万元" and values["胜诉率"] == "66.7%"
    assert values["发放资料"] == "18500份"
    assert figures_table({}, 2024).rows[0][3] == "—"


def test_chinese_numerals() -> None:
    numerals = [chinese_numeral(n) for n in (1, 10, 11, 20, 23)]
    assert numerals == ["一", "十", "十一", "二十", "二十三"]


def _width(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def test_line_breaker_keeps_punctuation_off_line_starts() -> None:
    # Natural break would put "，" first on line 2: the previous character moves down.
    text = "一" * 10 + "，" + "二" * 12
    lines = break_lines(text, _width, 10)
    assert lines[0].text == "一" * 9
    assert lines[1].text.startswith("一，")
    # An opening bracket never ends a line; digit runs are not split.
    lines = break_lines("一" * 9 + "（二）" + "三" * 5, _width, 10)
    assert lines[0].text == "一" * 9
    lines = break_lines("一" * 8 + "123456" + "二", _width, 10)
    assert lines[0].text == "一" * 8 and lines[1].text.startswith("123456")


def test_line_breaker_random_texts_obey_kinsoku_and_width() -> None:
    rng = random.Random(9704)
    alphabet = "法治政府建设年度报告，。、；：（）《》“”123.4%"
    forced = 0
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120)))
        lines = break_lines(text, _width, 28, first_indent=2)
        assert "".join(line.text for line in lines) == text
        start = 0
        for i, line in enumerate(lines):
            room = 28 - (2 if i == 0 else 0)
            assert line.width <= room + 1e-9
            end = start + len(line.text)
            if end < len(text) and not can_break_before(text, end):
                # only when no break at all was allowed inside this line
                assert not any(can_break_before(text, b) for b in range(start + 1, end))
                forced += 1
            start = end
    assert forced < 10


def test_default_template_parses_from_package_resources() -> None:
    tpl = default_template()
    assert tpl.title == "{单位}{年}年法治政府建设年度报告"
    assert [p.key for p in tpl.parts][1:] == ["measures", "shortcomings", "leadership",
                                              "plans", "other"]
