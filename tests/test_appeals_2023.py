"""复议诉讼 under the 2023 行政复议法 (DOMAIN.md §9): 复议程序, 和解, 意见书 and 整改报告 —
the form definition, the migration of older ledgers, import, and the deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils
from openpyxl import Workbook

from lawgov_desktop.domain.deadlines import RULES_BY_ID
from lawgov_desktop.domain.ledgers import get_ledger
from lawgov_desktop.domain.validation import validate
from lawgov_desktop.importing import import_workbook
from lawgov_desktop.storage import Database, Query, schema

D = dt.date
NEW_COLUMNS = ("procedure", "procedure__sort", "opinion_on", "rectification_reported_on")


def recon(**extra):
    rec = {"kind": "行政复议", "applicant": "示例化工有限公司", "received_on": "2024-03-01"}
    rec.update(extra)
    return rec


def suit(**extra):
    return recon(kind="行政诉讼", **extra)


# -- the form ---------------------------------------------------------------------------


def test_procedure_and_settlement_belong_to_reconsideration_only():
    appeals = get_ledger("appeals")
    assert validate(appeals, recon(procedure="简易", result="达成和解", closed_on="2024-05-01")).ok
    checked = validate(appeals, suit(procedure="简易程序"))
    assert [str(p) for p in checked.errors] == ["复议程序：仅在类型为“行政复议”时填写"]
    checked = validate(appeals, suit(result="和解", closed_on="2024-05-01"))
    assert "行政诉讼的结果不能是“和解”" in str(checked.errors[0])
    assert validate(appeals, suit(result="调解", closed_on="2024-05-01")).ok


def test_opinion_dates_are_checked_in_order():
    appeals = get_ledger("appeals")
    checked = validate(appeals, recon(opinion_on="2024-02-01"))
    assert [p.field for p in checked.errors] == ["opinion_on"]
    assert "早于收到日期" in checked.errors[0].message
    checked = validate(appeals, recon(opinion_on="2024-06-01",
                                      rectification_reported_on="2024-05-01"))
    assert [p.field for p in checked.errors] == ["rectification_reported_on"]
    checked = validate(appeals, recon(rectification_reported_on="2024-05-01"))
    assert [str(p) for p in checked.errors] == [
        "意见书日期：已填写整改报告日期（2024-05-01），此项不能为空"]
    assert validate(appeals, recon(opinion_on="2024-06-01",
                                   rectification_reported_on="2024-07-15")).ok
    assert not validate(appeals, suit(opinion_on="2024-06-01")).ok  # 复议 only


# -- the migration ----------------------------------------------------------------------


def _ledger_before_0005(path):
    """A ledger as the previous version left it: migrations up to 0004 and no new columns."""
    old = sqlite_utils.Database(path)
    schema.migrations.apply(old, stop_before="0005_appeals_2023")
    old.execute("DROP TRIGGER appeals_sort_keys")
    for index in ("appeals_procedure__sort", "appeals_opinion_on",
                  "appeals_rectification_reported_on"):
        old.execute(f"DROP INDEX {index}")
    for column in NEW_COLUMNS:
        old.execute(f"ALTER TABLE appeals DROP COLUMN {column}")
    rows = [("a", "行政复议", "2019-03-01"), ("b", "行政复议", "2024-03-01"),
            ("c", "行政诉讼", "2024-03-01")]
    for rid, kind, received in rows:
        old.execute("INSERT INTO appeals (id, kind, applicant, received_on, created_at, "
                    "updated_at) VALUES (?, ?, '示例化工有限公司', ?, 'then', 'then')",
                    [rid, kind, received])
    old.conn.commit()
    old.conn.close()


def test_existing_reconsiderations_become_ordinary_procedure(data_dir):
    data_dir.mkdir(parents=True)
    path = data_dir / "ledger.sqlite3"
    _ledger_before_0005(path)
    with Database(path) as db:
        assert "0005_appeals_2023" in schema.applied_names(db.db)  # (later ones follow it)
        rows = {r["id"]: r for r in db.ledger("appeals").list(Query())}
        assert {k: r["procedure"] for k, r in rows.items()} == {
            "a": "普通程序", "b": "普通程序", "c": None}  # litigation has no 复议程序
        # the same change on every PC: no change-log entry, no new updated_at (a merge
        # between two migrated ledgers sees nothing to reconcile)
        assert {r["updated_at"] for r in rows.values()} == {"then"}
        assert db.conn.execute("SELECT COUNT(*) FROM change_log").fetchone()[0] == 0
        # the sort key is filled, and a later edit keeps it in step
        keys = db.conn.execute("SELECT procedure__sort FROM appeals WHERE id = 'a'").fetchone()
        assert keys[0]
        db.ledger("appeals").update("b", {"procedure": "简易程序"})
        listed = db.ledger("appeals").list(Query(sort="procedure", descending=False))
        assert [r["id"] for r in listed if r["procedure"]] == ["b", "a"]  # jian before pu
        # a migrated 普通程序 record keeps its 10 working days; the one changed gets 5
        found = db.deadlines(today=D(2024, 3, 5))
        assert [(d.record_id, d.rule.id, d.due_on) for d in found] == [
            ("a", "reconsideration_reply", D(2019, 3, 15)),
            ("b", "reconsideration_reply_simple", D(2024, 3, 8)),
            ("c", "lawsuit_answer", D(2024, 3, 18))]


# -- import -----------------------------------------------------------------------------


def _book(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_an_import_without_the_column_infers_ordinary_procedure(db, tmp_path):
    path = _book(tmp_path / "a.xlsx", ["类型", "案号", "申请人", "收到日期", "结果", "结案日期"],
                 [["复议", "复〔2023〕1号", "甲公司", "2023-05-01", "达成和解", "2023-07-01"],
                  ["行政诉讼", "（2023）行初1号", "乙公司", "2023-05-02", "调解结案",
                   "2023-08-01"]])
    result = import_workbook(db, "appeals", path)
    assert result.ok, result.problems
    assert result.inferred == {("复议程序", "未注明简易程序，按普通程序"): 1}
    assert "复议程序：未注明简易程序，按普通程序 1 行" in result.summary()
    rows = {r["kind"]: r for r in db.ledger("appeals").list(Query())}
    assert rows["行政复议"]["procedure"] == "普通程序" and rows["行政复议"]["result"] == "和解"
    assert rows["行政诉讼"]["procedure"] is None and rows["行政诉讼"]["result"] == "调解"
    figures = db.stats(2023)
    assert figures["reconsiderations_mediated"] == 1 and figures["lawsuits_mediated"] == 1


def test_an_import_with_the_column_keeps_what_it_says(db, tmp_path):
    header = ["类型", "申请人", "收到日期", "适用程序", "行政复议意见书日期", "整改情况报送日期"]
    path = _book(tmp_path / "a.xlsx", header,
                 [["行政复议", "甲公司", "2024-05-06", "简易", "2024-06-01", "2024-07-10"]])
    result = import_workbook(db, "appeals", path)
    assert result.ok, result.problems
    assert result.inferred == {}
    rec = db.ledger("appeals").list(Query())[0]
    assert (rec["procedure"], rec["opinion_on"], rec["rectification_reported_on"]) == (
        "简易程序", "2024-06-01", "2024-07-10")


# -- deadlines --------------------------------------------------------------------------


def test_simplified_procedure_is_answered_in_five_working_days(db):
    appeals = db.ledger("appeals")
    appeals.insert(recon(case_no="普通", procedure="普通程序"))
    appeals.insert(recon(case_no="简易", procedure="简易程序"))
    appeals.insert(recon(case_no="未填"))  # the law's default: 普通程序
    found = {d.title: d for d in db.deadlines(today=D(2024, 3, 4))}
    assert found["普通"].due_on == D(2024, 3, 15) == found["未填"].due_on  # 10 working days
    assert found["简易"].due_on == D(2024, 3, 8)  # Friday 3-1 + 5 working days
    assert found["简易"].rule.label == "行政复议答复（简易程序）"
    db.set_setting("reconsideration_reply_simple_days", "3")
    assert {d.title: d for d in db.deadlines(today=D(2024, 3, 4))}["简易"].due_on == D(2024, 3, 6)
    assert db.get_setting("reconsideration_reply_days") == "10"  # the other limit unchanged


def test_a_rectification_report_is_due_sixty_days_after_the_opinion(db):
    appeals = db.ledger("appeals")
    # closed: the 答复 reminder stops, the 整改报告 one does not
    appeals.insert(recon(case_no="待整改", replied_on="2024-03-05", result="维持",
                         closed_on="2024-04-20", opinion_on="2024-04-20"))
    appeals.insert(recon(case_no="已整改", replied_on="2024-03-05", result="维持",
                         closed_on="2024-04-20", opinion_on="2024-04-20",
                         rectification_reported_on="2024-06-01"))
    appeals.insert(recon(case_no="历史", replied_on="2024-03-05", opinion_on="2024-04-20",
                         is_history="是"))
    found = db.deadlines(today=D(2024, 6, 25))
    assert [(d.title, d.rule.label, d.due_on, d.overdue) for d in found] == [
        ("待整改", "报送整改情况", D(2024, 6, 19), True)]  # 60 calendar days
    assert found[0].status == "已逾期6天"
    assert db.deadlines(within_days=18, today=D(2024, 6, 1))[0].days_left == 18
    assert db.deadlines(within_days=17, today=D(2024, 6, 1)) == []
    rule = RULES_BY_ID["rectification_report"]
    assert rule.pending({"kind": "行政复议", "opinion_on": "2024-04-20", "closed_on": "2024-04-20"})
    assert not rule.pending({"kind": "行政复议", "opinion_on": "2024-04-20",
                             "rectification_reported_on": "2024-05-01"})
    assert not RULES_BY_ID["reconsideration_reply"].pending(
        {"kind": "行政复议", "received_on": "2024-03-01", "closed_on": "2024-04-20"})


@pytest.mark.parametrize("rule_id, setting, default", [
    ("reconsideration_reply_simple", "reconsideration_reply_simple_days", "5"),
    ("rectification_report", "rectification_report_days", "60"),
])
def test_the_new_limits_are_settings(db, rule_id, setting, default):
    assert RULES_BY_ID[rule_id].setting_key == setting
    assert db.get_setting(setting) == default
    assert db.deadline_limits()[setting] == int(default)


# -- the report -------------------------------------------------------------------------


@pytest.fixture
def settled(db):
    """A year of appeals with every 2023-law ending: 和解 and 调解 beside 维持, a 简易程序
    复议 answered late (端午, 10 June, moves its 5th working day to the 11th), and three
    意见书: one answered in time, one late, one past its 60 days without an answer."""
    db.set_setting("unit_name", "某某县应急管理局")
    a = db.ledger("appeals")
    ids = {}
    ids["upheld"] = a.insert(recon(case_no="复1", received_on="2024-03-04",
                                   replied_on="2024-03-08", result="维持",
                                   closed_on="2024-05-06", opinion_on="2024-05-06",
                                   rectification_reported_on="2024-06-20"))["id"]
    ids["settled"] = a.insert(recon(case_no="复2", received_on="2024-04-01",
                                    replied_on="2024-04-03", result="和解",
                                    closed_on="2024-05-20", opinion_on="2024-05-20",
                                    rectification_reported_on="2024-08-01"))["id"]
    ids["mediated"] = a.insert(recon(case_no="复3", received_on="2024-06-03",
                                     procedure="简易程序", replied_on="2024-06-12",
                                     result="调解", closed_on="2024-07-01",
                                     opinion_on="2024-09-02"))["id"]
    ids["suit"] = a.insert(suit(case_no="诉1", received_on="2024-03-04",
                                replied_on="2024-03-10", result="调解",
                                closed_on="2024-06-01", head_appeared="是"))["id"]
    return ids


def test_the_report_lists_every_ending_so_they_add_up(db, settled):
    from test_report_truth import AS_OF, body, check_own_rules, report

    doc, data = report(db)
    check_own_rules(db, doc, data)
    text = body(doc)
    assert "行政复议案件3件，其中复议机关维持（含驳回复议申请）1件、调解、和解结案2件，" \
           "复议维持率33.3%" in text  # 调解/和解 stay in the denominator
    assert "行政诉讼案件1件，其中调解结案1件" in text
    assert "胜诉率0%" in text
    # the 意见书 and their 整改报告, each counted once
    assert ("收到行政复议意见书3份，其中1份在60日内报送了整改情况，1份逾期报送整改情况，"
            f"1份至{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日超过60日尚未报送整改情况。") in text
    opinions = next(s for s in doc.sentences() if s.text.startswith("收到行政复议意见书"))
    assert set(opinions.records) == {settled["upheld"], settled["settled"], settled["mediated"]}
    assert "rectification_report_days" in opinions.settings
    # 不足: the late 简易程序 answer (5 working days) and the two late 整改报告
    late = next(s for s in doc.sentences() if s.text.startswith("部分案件办理超过法定期限"))
    assert "1件复议、诉讼案件未在法定期限内提交答复或答辩材料" in late.text
    assert "2份行政复议意见书未在60日内报送整改情况" in late.text
    assert set(late.records) == {settled["mediated"], settled["settled"]}
    assert "按时报送行政复议意见书的整改情况" in text
    assert "均在法定期限内提交了书面答复" not in text


def test_the_same_answer_is_in_time_in_ordinary_procedure(db, settled):
    """The same reply date is late only because the case was heard in 简易程序."""
    from test_report_truth import report

    db.ledger("appeals").update(settled["mediated"], {"procedure": "普通程序"})
    _, data = report(db)
    assert data.late_replies == ()


def test_a_single_ending_is_named_as_it_happened(db):
    from test_report_truth import body, report

    db.ledger("appeals").insert(recon(received_on="2024-03-04", replied_on="2024-03-06",
                                      result="和解", closed_on="2024-04-01",
                                      opinion_on="2024-04-01",
                                      rectification_reported_on="2024-05-01"))
    text = body(report(db)[0])
    assert "行政复议案件1件，其中和解结案1件" in text
    assert "收到行政复议意见书1份，在60日内报送了整改情况。" in text


def test_figures_only_outcomes_add_up_with_mediation():
    """A report from figures alone (an aggregate's) lists 调解/和解 from their indicators."""
    from lawgov_desktop.reports.document import Document  # noqa: F401 - the model in use
    from lawgov_desktop.reports.narrative import disputes
    from lawgov_desktop.reports.yeardata import from_figures

    figures = {"reconsiderations_total": 5, "reconsiderations_upheld": 2,
               "reconsiderations_corrected": 1, "reconsiderations_terminated": 0,
               "reconsiderations_mediated": 2, "reconsiderations_pending": 0,
               "reconsideration_upheld_rate": 0.4, "lawsuits_total": 0}
    text = "".join(p.text for p in disputes(from_figures(figures, "某局", 2024), "我局"))
    assert "行政复议案件5件，其中复议机关维持（含驳回复议申请）2件、被纠错1件、" \
           "调解、和解结案2件，复议维持率40%" in text


# -- the command line -------------------------------------------------------------------


def test_cli_due_config_and_stats(capsys, data_dir):
    import json

    from lawgov_desktop.cli import main

    with Database.open(data_dir) as db:
        db.ledger("appeals").insert(recon(case_no="复〔2024〕9号", received_on="2024-03-04",
                                          replied_on="2024-03-06", result="和解",
                                          closed_on="2024-04-01", opinion_on="2024-04-01"))
        db.ledger("appeals").insert(suit(received_on="2024-03-04", replied_on="2024-03-06",
                                         result="调解", closed_on="2024-05-01"))
    capsys.readouterr()
    assert main(["due", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "报送整改情况" in out and "复〔2024〕9号" in out and "2024-05-31" in out
    assert main(["config", "--data-dir", str(data_dir), "rectification_report_days", "30"]) == 0
    capsys.readouterr()
    main(["due", "--data-dir", str(data_dir)])
    assert "2024-05-06" in capsys.readouterr().out  # 30 days: 5-1, 劳动节, moves to 5-6
    assert main(["config", "--data-dir", str(data_dir)]) == 0
    listed = capsys.readouterr().out
    assert "reconsideration_reply_simple_days" in listed and "rectification_report_days" in listed
    assert main(["stats", "--data-dir", str(data_dir), "--year", "2024", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["reconsiderations_mediated"] == 1 and figures["lawsuits_mediated"] == 1


# -- demo data --------------------------------------------------------------------------


def test_the_demo_shows_the_2023_law(db):
    from lawgov_desktop import demo

    today = D(2026, 11, 23)
    demo.fill(db, 2026, "small", today=today)
    rows = db.ledger("appeals").list(Query(year=None), limit=1000)
    recon = [r for r in rows if r["kind"] == "行政复议"]
    assert all(r["procedure"] for r in recon)
    simple = [r for r in recon if r["procedure"] == "简易程序"]
    assert len(simple) >= 2 and all(r["received_on"] >= "2024-01-01" for r in simple)
    assert [r["result"] for r in rows].count("和解") == 1
    opinions = [r for r in rows if r["opinion_on"]]
    assert sorted(bool(r["rectification_reported_on"]) for r in opinions) == [False, True]
    overdue = [d for d in db.deadlines(today=today) if d.rule.id == "rectification_report"]
    assert len(overdue) == 1 and overdue[0].overdue
    late = [d for d in db.deadlines(today=today)
            if d.rule.id == "reconsideration_reply_simple" and d.overdue]
    assert late == []  # the demo's 简易程序 cases were answered within 5 working days


def test_an_old_unanswered_opinion_is_offered_as_history():
    """A closed 复议 whose 意见书 went unanswered long ago: its reminder would be far overdue,
    so the import offers to mark it 历史记录 (the 答复 reminder ended with 结案)."""
    from lawgov_desktop.domain.workdays import WorkCalendar
    from lawgov_desktop.importing.history import long_overdue

    values = {"kind": "行政复议", "received_on": "2021-03-01", "replied_on": "2021-03-05",
              "result": "维持", "closed_on": "2021-05-01"}
    limits = {"reconsideration_reply_days": 10, "rectification_report_days": 60}
    today = D(2024, 1, 10)
    assert not long_overdue("appeals", values, limits, WorkCalendar(), today)
    opinion = {**values, "opinion_on": "2021-05-01"}
    assert long_overdue("appeals", opinion, limits, WorkCalendar(), today)
    answered = {**opinion, "rectification_reported_on": "2021-06-01"}
    assert not long_overdue("appeals", answered, limits, WorkCalendar(), today)
