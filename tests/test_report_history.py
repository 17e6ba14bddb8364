"""Unrecorded is not undone (trial s4, F4.2/F4.3): an imported 历史记录 without a 公示日期, or
whose deadlines rest on dates it may not have had, backs no claim of 未公示 or 超期; the
report asks instead, in a 【待补充】 that export counts."""

from __future__ import annotations

import datetime as dt

from factories import case

from lawgov_desktop.reports import report_date
from lawgov_desktop.reports.template import compose_checked
from lawgov_desktop.reports.year_report import load_sections
from lawgov_desktop.reports.yeardata import load_year

YEAR = 2025
AS_OF = dt.date(2026, 11, 29)
DECIDED = dict(decision_type="给予处罚", penalty_kinds=["罚款"], fine_amount="20000")


def _report(db):
    data = load_year(db, YEAR, as_of=AS_OF)
    doc, problems = compose_checked(load_sections(db, YEAR), data, db.get_setting("unit_name"),
                                    YEAR, report_date(YEAR, None, AS_OF))
    assert problems == []
    return doc, "".join(p.text for p in doc.paragraphs())


def _history_case(db, n: int, **extra) -> None:
    values = case(case_no=f"青应急罚〔2025〕{n}号", filed_on="2025-01-01",
                  decided_on=f"2025-{n + 2:02d}-05", is_history=True, **DECIDED)
    values.update(extra)
    db.ledger("cases").insert(values)


def test_history_without_publication_date_is_asked_not_claimed(db) -> None:
    db.set_setting("unit_name", "青山县应急管理局")
    for n in range(1, 7):  # filed 2025-01-01 as a whole-column import value: 4 look "late"
        _history_case(db, n)
    doc, text = _report(db)
    assert "未公示" not in text and "逾期公示" not in text and "公示不够及时" not in text
    assert "补充公示" not in text
    assert "【待补充：6宗导入的历史记录未登记公示日期，请核实公示情况】" in text
    # 超期 from dates a history record may not have had: asked, not claimed
    assert "超过法定期限" not in text.replace("按台账日期计算超过法定期限", "")
    assert "未在立案之日起法定期限内" not in text
    assert "宗导入的历史记录按台账日期计算超过法定期限" in text
    assert "按期作出处罚决定" not in text
    todos = doc.todos()
    assert "6宗导入的历史记录未登记公示日期，请核实公示情况" in todos


def test_history_mixed_with_live_records(db) -> None:
    """Live records keep today's rule; history ones with a 公示日期 count as recorded."""
    db.set_setting("unit_name", "青山县应急管理局")
    _history_case(db, 1)  # unknown
    _history_case(db, 2, published_on="2025-04-07")  # recorded, in time
    db.ledger("cases").insert(case(case_no="青应急罚〔2025〕9号", filed_on="2025-09-01",
                                   decided_on="2025-10-10", **DECIDED))  # live, never published
    _, text = _report(db)
    assert ("全年作出的3宗行政处罚决定中，1宗在决定之日起7个工作日内公示，"
            "1宗至2026年11月29日尚未公示。") in text
    assert "【待补充：1宗导入的历史记录未登记公示日期，请核实公示情况】" in text
    assert "对1宗尚未公示的行政处罚决定逐案补充公示" in text


def test_an_unused_register_states_nothing_and_empty_topics_are_asked(db) -> None:
    """F4.4–F4.6: no "全年未发生…复议" from an empty 复议诉讼 register; 学法/普法 without a
    record this year leave a 【待补充】; 安排 names 复议/诉讼 only when there were some."""
    db.set_setting("unit_name", "青山县应急管理局")
    db.ledger("cases").insert(case(case_no="青应急罚〔2025〕1号", filed_on="2025-01-02",
                                   decided_on="2025-09-01", **DECIDED))  # late decision
    doc, text = _report(db)
    assert "复议" not in text and "诉讼" not in text
    assert "【待补充：本年度学法培训情况】" in text and "【待补充：本年度普法宣传情况】" in text
    assert "按期作出处罚决定" in text
    # a register in use (a 复议 in 2024) makes the zero of 2025 a statement
    db.ledger("appeals").insert({
        "kind": "行政复议", "case_no": "青复决字〔2024〕1号", "applicant": "某公司",
        "reviewing_body": "青山县人民政府", "received_on": "2024-05-06",
        "replied_on": "2024-05-10", "result": "维持", "closed_on": "2024-07-01"})
    _, text = _report(db)
    assert "全年未发生以我局为被申请人的行政复议案件" in text
    assert "复议答复" not in text


def test_the_plan_names_only_the_replies_that_were_late(db) -> None:
    db.set_setting("unit_name", "青山县应急管理局")
    db.ledger("appeals").insert({
        "kind": "行政复议", "case_no": "青复决字〔2025〕1号", "applicant": "某公司",
        "reviewing_body": "青山县人民政府", "received_on": "2025-05-06",
        "replied_on": "2025-06-30", "result": "维持", "closed_on": "2025-07-01"})
    _, text = _report(db)
    assert "按期提交复议答复材料" in text
    assert "诉讼答辩" not in text and "按期作出处罚决定" not in text
