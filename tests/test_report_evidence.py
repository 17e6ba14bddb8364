"""What each report sentence rests on, read for the clerk (issue #15, trial finding G2):
the figures with their rules, the settings, and the records with the dates that matter."""

from __future__ import annotations

import datetime as dt

import pytest
from evidence_book import fill_troubled

from lawgov_desktop.reports.evidence import evidence
from lawgov_desktop.reports.evidence_checks import checks
from lawgov_desktop.reports.template import compose_checked
from lawgov_desktop.reports.year_report import load_sections
from lawgov_desktop.reports.yeardata import load_year

YEAR = 2024
AS_OF = dt.date(2025, 1, 20)


@pytest.fixture
def troubled(db):
    return fill_troubled(db)


def sentence(db, starts: str):
    data = load_year(db, YEAR, as_of=AS_OF)
    doc, _ = compose_checked(load_sections(db, YEAR), data, "某某县应急管理局", YEAR, AS_OF)
    return next(s for s in doc.sentences() if s.text.startswith(starts)), data


def test_the_publication_shortcoming_lists_the_late_and_unpublished_cases(db, troubled):
    s, data = sentence(db, "行政执法公示不够及时")
    ev = evidence(db, data, s)
    assert ev.kind == "依据台账记录生成"
    assert [r.title for r in ev.records] == ["某应急罚〔2024〕2号", "某应急罚〔2024〕3号"]
    late, never = ev.records
    assert late.ledger == "cases" and late.record_id == troubled["late"]
    assert ("决定日期", "2024-04-01") in late.fields and ("公示日期", "2024-05-20") in late.fields
    assert late.note.startswith("处罚决定公示逾期：期限至2024年4月")
    assert late.note.endswith("2024年5月20日才公示")
    assert "2024年5月20日" in late.note
    assert ("公示日期", "") in never.fields and "尚未公示" in never.note
    assert "公示日期 未登记" in never.fields_text
    # the figure and the setting it rests on, with their rule and value
    assert ("作出处罚决定", "5宗", "决定日期在本年度且决定类型为给予处罚") in \
        [(f.label, f.value, f.rule) for f in ev.figures]
    assert [(x.label, x.value) for x in ev.settings] == [("处罚决定公示期限（工作日）", "7")]
    # nothing personal: no 当事人 in any shown field
    assert "李四" not in repr(ev)


def test_the_corrected_reconsideration_shows_what_and_the_cause_never_the_applicant(db,
                                                                                     troubled):
    s, data = sentence(db, "执法办案质量还有差距")
    ev = evidence(db, data, s)
    assert [r.record_id for r in ev.records] == [troubled["appeal"]]
    shown = dict(ev.records[0].fields)
    assert shown["结果"] == "撤销" and shown["案由"] == "未按规定设置安全警示标志"
    assert ev.records[0].note == "被纠错：撤销"
    assert "张三丰" not in repr(ev)


def test_deadlines_and_the_history_question(db, troubled):
    s, data = sentence(db, "部分案件办理超过法定期限")
    ev = evidence(db, data, s)
    assert [r.record_id for r in ev.records] == [troubled["slow"]]
    assert dict(ev.records[0].fields) == {"立案日期": "2024-01-02", "决定日期": "2024-06-03"}
    assert ev.records[0].note.startswith("作出处罚决定逾期")
    todo, data = sentence(db, "【待补充：1宗导入的历史记录未登记公示日期")
    ev = evidence(db, data, todo)
    assert ev.kind == "需要您补写" and "导出时会提示" in ev.note
    assert [r.record_id for r in ev.records] == [troubled["history"]]
    assert "未登记公示日期" in ev.records[0].note


def test_checks_list_every_figure_the_shortcomings_rest_on(db, troubled):
    data = load_year(db, YEAR, as_of=AS_OF)
    by_key = {c.key: c for c in checks(db, data)}
    assert by_key["on_time"].records == (troubled["ok"], troubled["slow"])
    assert by_key["late_published"].records == (troubled["late"],)
    assert by_key["unpublished"].records == (troubled["never"],)
    assert by_key["unpublished"].value == "1宗"
    assert by_key["unrecorded_publication"].records == (troubled["history"],)
    assert by_key["late_decisions"].records == (troubled["slow"],)
    assert by_key["reconsiderations_corrected"].records == (troubled["appeal"],)
    assert by_key["lawsuits_lost"].value == "0件"
    # the counts add up to the year's decisions
    parts = ("on_time", "late_published", "unpublished", "pending", "unrecorded_publication")
    assert sum(len(by_key[k].records) for k in parts) == len(data.decisions)


def test_a_new_registers_finding_shows_its_records_with_their_dates(db):
    """合法性审核 (a register added later): its 报备 shortcoming lists the late and unfiled
    documents with 公布日期 and 报备日期, read from its own year data and time limit."""
    r = db.ledger("reviews")
    late = r.insert({"review_type": "行政规范性文件", "name": "约谈办法",
                     "reviewed_on": "2024-05-01", "published_on": "2024-05-10",
                     "filed_on": "2024-07-20"})["id"]
    unfiled = r.insert({"review_type": "行政规范性文件", "name": "预案管理办法",
                        "reviewed_on": "2024-09-01", "published_on": "2024-09-10"})["id"]
    r.insert({"review_type": "行政规范性文件", "name": "举报奖励办法",
              "reviewed_on": "2024-03-01", "published_on": "2024-03-10",
              "filed_on": "2024-03-25"})
    s, data = sentence(db, "行政规范性文件备案不够及时")
    ev = evidence(db, data, s)
    assert [r.record_id for r in ev.records] == [late, unfiled]
    first, second = ev.records
    assert dict(first.fields) == {"公布日期": "2024-05-10", "报备日期": "2024-07-20"}
    assert first.note.startswith("规范性文件报备逾期")
    assert first.note.endswith("2024年7月20日才报备")
    assert second.note.endswith("尚未报备") and "报备日期 未登记" in second.fields_text
    row = next(c for c in checks(db, data) if c.label == "规范性文件逾期报备或未报备")
    assert row.records == (late, unfiled) and row.value == "2条"


def test_a_record_without_a_dated_role_takes_the_findings_label(db):
    """A new register's finding whose records the dates do not explain (学时未达标 …) still
    says why each is listed; the fields shown are its register's date, never a person."""
    from lawgov_desktop.reports.evidence import record_lines

    tid = db.ledger("trainings").insert({"date": "2024-03-10", "name": "安全生产法专题培训",
                                         "category": "执法人员业务培训",
                                         "participants": "30"})["id"]
    data = load_year(db, YEAR, as_of=AS_OF)
    [line] = record_lines(db, data, [tid], "列入不足：某项不足")
    assert line.note == "列入不足：某项不足" and line.title == "安全生产法专题培训"
    assert dict(line.fields)["参训人数"] == "30"
    [plain] = record_lines(db, data, [tid])
    assert plain.note == ""


def test_an_officers_record_shows_the_years_hours(db):
    """执法人员 short of training hours: each listed with the hours the trainings give."""
    for name in ("王强", "刘洋"):
        db.ledger("officers").insert({"name": name, "cert_issued_on": "2020-01-01",
                                      "cert_expires_on": "2026-12-31"})
    db.ledger("trainings").insert({"date": "2024-03-10", "name": "专题培训", "hours": "64",
                                   "trainees": "刘洋"})
    db.ledger("trainings").insert({"date": "2024-04-10", "name": "专题培训二", "hours": "12",
                                   "trainees": "王强"})
    s, data = sentence(db, "执法人员学法培训还不够")
    ev = evidence(db, data, s)
    [line] = ev.records
    assert line.title == "王强" and ("本年度学时", "12（要求60）") in line.fields
    assert line.note == "列入不足：执法人员培训学时未达标"


def test_inspection_figures_list_the_checks_they_count(db):
    """行政检查: 超频次 (every check of the enterprise past its cap), 未审批, 不足两人 and 无有效
    执法证 each with exactly the checks the indicators count."""
    from factories import make_uscc

    db.set_setting("inspection_cap", "1")
    db.ledger("officers").insert({"name": "张明", "cert_expires_on": "2030-12-31"})
    db.ledger("officers").insert({"name": "李华", "cert_expires_on": "2024-03-31"})
    code = make_uscc("9142010012340001")

    def check(day, target="示例化工有限公司", credit=code, **more):
        values = {"inspected_on": day, "target": target, "credit_code": credit,
                  "domain": "危险化学品", "kind": "日常检查", "approved_on": day,
                  "inspectors": "张明、李华", **more}
        return db.ledger("inspections").insert(values)["id"]

    first = check("2024-02-01")
    second = check("2024-06-01", approved_on=None)  # 李华's certificate has expired
    alone = check("2024-07-01", target="示例木业厂", credit=None, inspectors="张明",
                  approved_on="2024-07-02", kind="个案检查")
    data = load_year(db, YEAR, as_of=AS_OF)
    by_key = {c.key: c for c in checks(db, data)}
    assert by_key["over_cap_units"].records == (first, second)
    assert by_key["over_cap_units"].value == "1家"
    assert by_key["inspections_unapproved"].records == (second, alone)
    assert by_key["inspections_single_officer"].records == (alone,)
    assert by_key["inspections_uncertified"].records == (second,)
    for fid in ("over_cap_units", "inspections_unapproved", "inspections_single_officer",
                "inspections_uncertified"):
        assert len(by_key[fid].records) == data.figures[fid] or fid == "over_cap_units"
    assert "finding:检查" not in by_key  # its rows are the four above
    from lawgov_desktop.reports.evidence import record_lines

    [line] = record_lines(db, data, [alone], "列入：执法人员不足两人")
    assert line.title == "示例木业厂" and ("执法人员", "张明") in line.fields
    assert ("审批日期", "2024-07-02") in line.fields
