"""The report states a fact of the year only when it is set (DOMAIN.md §10, §11)."""

from __future__ import annotations

import datetime as dt

from factories import case

from lawgov_desktop.domain.indicators import BY_ID
from lawgov_desktop.reports import report_date
from lawgov_desktop.reports.document import Document
from lawgov_desktop.reports.template import compose_checked, default_template, upgrade_sections
from lawgov_desktop.reports.year_report import load_sections
from lawgov_desktop.reports.yeardata import load_year
from lawgov_desktop.storage.facts import set_facts

YEAR = 2025
AS_OF = dt.date(2026, 1, 20)
FACT_WORDS = ("权责清单", "执法记录仪", "案卷评查", "法律顾问", "典型案例", "述法。")


def report(db) -> Document:
    data = load_year(db, YEAR, as_of=AS_OF)
    doc, problems = compose_checked(load_sections(db, YEAR), data, db.get_setting("unit_name"),
                                    YEAR, report_date(YEAR, None, AS_OF))
    assert problems == []
    return doc


def fact_sentences(doc: Document) -> dict[str, tuple[str, ...]]:
    return {s.text: s.facts for s in doc.sentences() if s.origin == "fact"}


def test_no_fact_set_no_fact_stated(db):
    db.set_setting("unit_name", "示例县应急管理局")
    db.ledger("cases").insert(case(filed_on="2025-03-01", case_no="示应急罚〔2025〕1号"))
    doc = report(db)
    assert fact_sentences(doc) == {}
    text = "".join(p.text for p in doc.paragraphs())
    for word in FACT_WORDS:
        assert word not in text, word
    assert "发挥法律顾问作用" not in [getattr(b, "text", "") for b in doc.blocks]


def test_each_fact_is_one_sentence_where_it_belongs_and_rests_on_its_key(db):
    db.set_setting("unit_name", "示例县应急管理局")
    set_facts(db, YEAR, {
        "legal_adviser": "某某律师事务所", "adviser_opinions": "12",
        "case_file_reviews": "40", "case_file_findings": "7", "typical_cases": "3",
        "body_cameras": "25", "power_list_updated": "2025-06-30", "law_report_done": "是"})
    doc = report(db)
    said = fact_sentences(doc)
    assert said == {
        "6月30日，我局更新了权责清单。": ("power_list_updated",),
        "配备执法记录仪25台。": ("body_cameras",),
        "开展行政执法案卷评查，评查案卷40卷，发现问题7个。":
            ("case_file_reviews", "case_file_findings"),
        "我局聘请某某律师事务所担任法律顾问，全年出具法律意见12件。":
            ("legal_adviser", "adviser_opinions"),
        "全年发布行政执法典型案例3件。": ("typical_cases",),
        "我局主要负责人已完成2025年度述法。": ("law_report_done",),
    }
    assert all(s.rests_on_data for s in doc.sentences() if s.origin == "fact")
    # where: 规范行政执法, its own section, 普法宣传 and the first-responsibility part
    sections: dict[str, list[str]] = {}
    current = ""
    for block in doc.blocks:
        text = getattr(block, "text", "")
        if type(block).__name__ == "Heading":
            current = text
        elif text:
            sections.setdefault(current, []).append(text)
    assert "配备执法记录仪25台" in "".join(sections["规范行政执法"])
    assert "担任法律顾问" in "".join(sections["发挥法律顾问作用"])
    assert "典型案例" in "".join(sections["开展普法宣传"])
    assert any("述法。" in t for h, ts in sections.items() if "第一责任人" in h for t in ts)


def test_zeros_are_said_plainly_and_a_no_for_law_report_is_a_shortcoming(db):
    set_facts(db, YEAR, {"body_cameras": "0", "case_file_reviews": "0", "typical_cases": "0",
                         "adviser_opinions": "0", "law_report_done": "否"})
    doc = report(db)
    said = set(fact_sentences(doc))
    assert said == {"我局尚未配备执法记录仪。", "全年未开展行政执法案卷评查。",
                    "全年未发布行政执法典型案例。", "法律顾问全年未出具书面法律意见。",
                    "第一责任人职责落实还有欠缺。主要负责人本年度尚未述法。",
                    "落实党政主要负责人述法制度，主要负责人按要求开展年度述法。"}
    assert "上述不足的原因分析" in doc.todos()  # a shortcoming found: its causes are asked


def test_law_report_unset_is_neither_done_nor_a_shortcoming(db):
    set_facts(db, YEAR, {"body_cameras": "3"})
    text = "".join(p.text for p in report(db).paragraphs())
    assert "尚未述法" not in text and "完成2025年度述法" not in text


def test_a_date_of_another_year_names_its_year(db):
    set_facts(db, YEAR, {"power_list_updated": "2024-12-30", "case_file_findings": "2"})
    said = set(fact_sentences(report(db)))
    assert said == {"2024年12月30日，我局更新了权责清单。", "行政执法案卷评查发现问题2个。"}


def test_facts_of_another_year_are_not_stated(db):
    set_facts(db, YEAR - 1, {"body_cameras": "9", "law_report_done": "是"})
    assert fact_sentences(report(db)) == {}


def test_an_untouched_section_of_the_previous_template_takes_the_new_one():
    from lawgov_desktop.reports.template import default_sections, previous_templates

    before = default_sections(YEAR, "示例县应急管理局", previous_templates()[-1])
    upgraded = upgrade_sections(before, YEAR, "示例县应急管理局", default_template())
    enforcement = next(s for s in upgraded if s.key == "measures.enforcement")
    assert "{执法保障情况}" in enforcement.body
    assert "measures.adviser" in [s.key for s in upgraded]


def test_the_figures_table_lists_the_plan_only_when_set(db):
    from lawgov_desktop.reports.template import figures_table

    labels = [row[2] for row in figures_table(db.stats(YEAR), YEAR).rows]
    assert not [label for label in labels if label.startswith("计划")]
    set_facts(db, YEAR, {"plan_units": "120", "plan_random_units": "30"})
    rows = [row for row in figures_table(db.stats(YEAR), YEAR).rows if row[2].startswith("计划")]
    assert [(r[1], r[2], r[3]) for r in rows][:3] == [
        ("行政检查计划", "计划检查企业", "120家"), ("", "计划双随机抽查企业", "30家"),
        ("", "计划双随机占比", "25%")]
    # 计划完成率 only where the inspections register gives 检查企业 (0 of 120 here)
    assert [r[2] for r in rows[3:]] == (["计划完成率"] if "inspected_units" in BY_ID else [])
