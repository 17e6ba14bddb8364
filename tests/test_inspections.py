"""行政检查 (DOMAIN.md §9): caps per 执法领域, who an enterprise is, the indicators, the 复查
reminder, the list filters, settings and `lawgov import inspections` on a section's ledger."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from factories import make_uscc
from openpyxl import Workbook

from lawgov_desktop.cli import main
from lawgov_desktop.domain.inspections import CapRules, Enterprises, cap_status, tally
from lawgov_desktop.storage import Database, LedgerError, Query
from lawgov_desktop.storage import inspections as store

CODE = make_uscc("9142010012340001")
OTHER = make_uscc("9142010012340002")


def check(db: Database, day: str, target: str = "示例化工有限公司", code: str | None = CODE,
          **more: object) -> dict:
    values = {"inspected_on": day, "target": target, "credit_code": code,
              "domain": "危险化学品", "kind": "日常检查", "approved_on": day,
              "inspectors": "张明、李华", **more}
    return db.ledger("inspections").insert(values)


# -- the rules ------------------------------------------------------------------------------


def test_cap_rules_per_domain_default_and_counted_types():
    settings = {"inspection_cap": "4", "inspection_cap.危险化学品": "2",
                "inspection_cap_types": "日常检查；专项检查"}
    rules = CapRules.from_settings(lambda k: settings.get(k, ""), ["危险化学品", "工贸"])
    assert rules.cap_for("危险化学品") == 2 and rules.cap_for("工贸") == 4
    assert rules.cap_for(None) == 4
    assert rules.cap_of(["工贸", "危险化学品"]) == 2  # the lowest among its 执法领域
    assert rules.counts("专项检查") and not rules.counts("个案检查")
    none = CapRules.from_settings(lambda k: "", ["工贸"])
    assert not none.any and none.cap_of(["工贸"]) is None
    assert none.counted == frozenset({"日常检查"})  # the default: 日常检查 only


def test_an_enterprise_is_its_code_else_its_name_also_of_coded_checks():
    who = Enterprises([(CODE, "甲公司"), (OTHER, "乙公司")])
    assert who.key(None, "甲公司") == CODE  # named without its code: the same enterprise
    assert who.key(CODE, "甲公司（新名）") == CODE
    assert who.key(None, "丙商店") == "名称:丙商店"
    rules = CapRules(default=1)
    rows = [(who.key(c, n), n, "工贸", "日常检查")
            for c, n in ((CODE, "甲公司"), (None, "甲公司"), (None, "丙商店"))]
    tallies = tally(rows, rules)
    assert tallies[CODE].counted == 2 and tallies[CODE].over(rules)
    assert not tallies["名称:丙商店"].over(rules)


def test_the_form_warns_from_reaching_the_cap():
    rules = CapRules(default=3)
    one_before = cap_status([("工贸", "日常检查")], "工贸", "日常检查", rules)
    assert one_before.count == 2 and not one_before.reaches
    reaching = cap_status([("工贸", "日常检查")] * 2, "工贸", "日常检查", rules)
    assert reaching.reaches and not reaching.over and "达到年度上限 3 次" in reaching.message()
    past = cap_status([("工贸", "日常检查")] * 3, "工贸", "日常检查", rules)
    assert past.over and "超过年度上限 3 次" in past.message()
    complaint = cap_status([("工贸", "日常检查")] * 3, "工贸", "个案检查", rules)
    assert not complaint.reaches  # a 个案检查 does not count toward the cap


# -- storage --------------------------------------------------------------------------------


def test_enterprise_checks_of_the_year_match_code_and_name(db):
    check(db, "2025-02-01")
    check(db, "2025-03-01", code=None)  # the same enterprise, code left out
    check(db, "2025-04-01", target="示例化工有限公司", code=OTHER)  # same name, other code
    check(db, "2024-12-31")  # last year
    found = store.enterprise_checks(db, CODE, "示例化工有限公司", 2025)
    assert [c["inspected_on"] for c in found] == ["2025-02-01", "2025-03-01"]
    by_name = store.enterprise_checks(db, None, "示例化工有限公司", 2025)
    assert [c["inspected_on"] for c in by_name] == ["2025-02-01", "2025-03-01"]
    assert [c["inspected_on"] for c in store.enterprise_checks(db, OTHER, "x", 2025)] == [
        "2025-04-01"]


def test_check_cap_leaves_out_the_record_being_edited(db):
    db.set_setting("inspection_cap.危险化学品", "2")
    first = check(db, "2025-02-01")
    check(db, "2025-03-01")
    values = {"inspected_on": "2025-05-01", "target": "示例化工有限公司", "credit_code": CODE,
              "domain": "危险化学品", "kind": "日常检查"}
    status, others = store.check_cap(db, values)
    assert status.count == 3 and status.over and len(others) == 2
    status, _ = store.check_cap(db, {**values, "inspected_on": "2025-02-01"}, first["id"])
    assert status.count == 2 and status.reaches and not status.over


def test_indicators_of_the_year(db):
    db.set_setting("inspection_cap", "1")
    db.ledger("officers").insert({"name": "张明", "cert_expires_on": "2030-12-31"})
    db.ledger("officers").insert({"name": "李华", "cert_expires_on": "2025-03-31"})
    check(db, "2025-02-01", random="是", problems_found=3)
    check(db, "2025-06-01", code=None, joint="是", approved_on=None,
          outcome="立案查处", problems_found=1)  # 李华's certificate has expired
    check(db, "2025-07-01", target="示例木业厂", code=None, inspectors="张明",
          approved_on="2025-07-02", kind="个案检查")
    check(db, "2024-07-01", target="示例木业厂", code=None)
    figures = db.stats(2025)
    assert figures["inspections_total"] == 3
    assert figures["inspected_units"] == 2
    assert figures["random_inspections"] == 1
    assert figures["random_inspection_share"] == pytest.approx(1 / 3)
    assert figures["joint_inspections"] == 1
    assert figures["inspection_problems"] == 4
    assert figures["inspections_to_cases"] == 1
    assert figures["over_cap_units"] == 1  # 示例化工: 2 日常检查, cap 1
    assert figures["inspections_unapproved"] == 2  # none, and one approved after the check
    assert figures["inspections_single_officer"] == 1
    assert figures["inspections_uncertified"] == 1
    assert db.stats(2024)["over_cap_units"] == 0
    db.set_setting("inspection_cap", "")
    assert db.stats(2025)["over_cap_units"] == 0  # no cap: nobody is over it


def test_the_over_cap_filter_lists_the_enterprises_past_their_cap(db):
    db.set_setting("inspection_cap", "3")
    db.set_setting("inspection_cap.危险化学品", "1")
    for day in ("2025-01-05", "2025-02-05"):
        check(db, day)
    check(db, "2025-03-05", target="示例木业厂", code=None, domain="工贸")
    check(db, "2024-03-05", target="示例木业厂", code=None, domain="工贸")
    table = db.ledger("inspections")
    over = table.list(Query(year=2025, status="超频次"))
    assert {r["target"] for r in over} == {"示例化工有限公司"} and len(over) == 2
    assert len(table.list(Query(status="超频次"))) == 2  # 全部年度: each year by itself
    assert table.count(Query(year=2025, status="超频次", search="木业")) == 0


def test_recheck_is_due_when_the_deadline_passed_without_one(db):
    check(db, "2025-03-01", outcome="责令限期整改", rectify_by="2025-03-20")
    check(db, "2025-03-02", target="乙", code=None, outcome="责令限期整改",
          rectify_by="2025-03-20", recheck_on="2025-03-21")
    due = db.deadlines(today=dt.date(2025, 3, 25))
    assert [(d.rule.label, d.title, d.due_on, d.overdue) for d in due] == [
        ("整改复查", "示例化工有限公司", dt.date(2025, 3, 20), True)]
    table = db.ledger("inspections")
    assert [r["target"] for r in table.list(Query(status="待复查"))] == ["示例化工有限公司"]


def test_a_bad_credit_code_and_an_early_rectify_date_are_errors(db):
    result = db.ledger("inspections").validate(
        {"inspected_on": "2025-03-01", "target": "甲", "credit_code": "91420100123",
         "rectify_by": "2025-02-01"})
    assert {p.field for p in result.errors} == {"credit_code", "rectify_by"}
    ahead = db.ledger("inspections").validate(
        {"inspected_on": "2025-03-01", "target": "甲", "rectify_by": "2099-02-01"},
        today=dt.date(2025, 3, 2))
    assert ahead.ok and not ahead.warnings  # a 整改期限 ahead is normal


def test_the_domain_list_is_the_cases_list(db):
    db.set_choices("inspections", "domain", ["危险化学品", "工贸", "粉尘涉爆"])
    assert db.choices("cases", "domain") == ["危险化学品", "工贸", "粉尘涉爆"]
    check(db, "2025-01-01", domain="粉尘涉爆")


def test_inspections_naming_a_case(db):
    check(db, "2025-01-01", outcome="立案查处", related_case_no="示应急罚〔2025〕1号")
    found = store.naming_case(db, "示应急罚〔2025〕1号")
    assert [r["target"] for r in found] == ["示例化工有限公司"]
    assert store.naming_case(db, "") == []


# -- settings and CLI -----------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def test_caps_are_settings_in_lawgov_config(capsys, data_dir):
    Database.open(data_dir).close()
    d = ("--data-dir", str(data_dir))
    assert run(capsys, "config", "inspection_cap.危险化学品", "3", *d) == (0, "3\n")
    assert run(capsys, "config", "inspection_cap_types", "专项检查;日常检查", *d) == (
        0, "日常检查；专项检查\n")
    code, text = run(capsys, "config", "inspection_cap", "两次", *d)
    assert code != 0 and "应为整数" in text
    code, text = run(capsys, "config", "inspection_cap_types", "突击检查", *d)
    assert code != 0 and "突击检查" in text
    code, listing = run(capsys, "config", *d)
    assert "inspection_cap.危险化学品\t3" in listing and "inspection_cap.工贸\t\t" in listing
    assert run(capsys, "config", "inspection_cap", "", *d)[0] == 0
    with Database.open(data_dir) as db:
        with pytest.raises(LedgerError):
            db.set_setting("inspection_cap.", "3")


def test_stats_json_carries_the_inspection_ids(capsys, data_dir):
    with Database.open(data_dir) as db:
        check(db, "2025-01-01", random="是")
    code, text = run(capsys, "stats", "--year", "2025", "--json", "--data-dir", str(data_dir))
    figures = json.loads(text)
    figures = figures.get("figures", figures)
    assert figures["inspections_total"] == 1 and figures["random_inspection_share"] == 1.0
    assert "over_cap_units" in figures and "inspections_uncertified" in figures


def write_inspection_book(path):
    """A section's own 检查台账: a merged title, its own header words, 序号, a 合计 row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2024年检查台账"
    header = ["序号", "检查时间", "被检查单位", "统一社会信用代码", "行业领域", "检查类别",
              "是否双随机", "检查内容", "检查人员", "发现隐患数", "处理情况", "整改时限",
              "复查时间", "备注"]
    ws.append(["示例县应急管理局2024年安全生产执法检查台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    ws.append([1, "2024年3月5日", "示例化工有限公司", CODE, "危化品", "日常", "是",
               "重大危险源管理", "张明 李华", 3, "责令整改", "2024.3.20", "2024/3/22", None])
    ws.append([2, "2024-04-10", "示例木业厂", None, "工贸", "专项", "否", "粉尘防爆",
               "张明、李华", 0, "无问题", None, None, "联合住建"])
    ws.append([None] * len(header))
    ws.append([3, dt.datetime(2024, 5, 6), "示例化工有限公司", None, "危险化学品", "个案检查",
               "否", "举报核查", "王强，赵静", 1, "立案", None, None, None])
    ws.append(["合计", None, None, None, None, None, None, None, None, 4])
    wb.save(path)
    return path


def test_lawgov_import_inspections_from_a_sections_ledger(capsys, tmp_path):
    book = write_inspection_book(tmp_path / "检查台账.xlsx")
    d = ("--data-dir", str(tmp_path / "d"))
    code, out = run(capsys, *d, "import", "inspections", str(book))
    assert code == 0 and "已导入 3 条行政检查" in out, out
    assert "合计" in out
    with Database.open(tmp_path / "d") as db:
        rows = {r["inspected_on"]: r for r in db.ledger("inspections").list(Query())}
        assert rows["2024-03-05"]["domain"] == "危险化学品"
        assert rows["2024-03-05"]["outcome"] == "责令限期整改"
        assert rows["2024-03-05"]["rectify_by"] == "2024-03-20"
        assert rows["2024-05-06"]["outcome"] == "立案查处"
        assert db.stats(2024)["inspected_units"] == 2  # row 3 has no code: matched by name
    code, out = run(capsys, *d, "import", "inspections", str(book))
    assert code == 0 and "已在台账中" in out  # date + 检查对象: never duplicated


# -- the report ------------------------------------------------------------------------------


def _texts(paragraphs) -> list[str]:
    return [s.text for p in paragraphs for s in p.sentences]


def test_the_report_states_what_the_register_holds_and_the_plan_only_when_set(db):
    from lawgov_desktop.reports import inspection_text
    from lawgov_desktop.reports.findings import found
    from lawgov_desktop.reports.yeardata import load_year
    from lawgov_desktop.storage.facts import set_fact

    assert inspection_text.inspections(load_year(db, 2025)) == []  # no checks: no topic
    db.set_setting("inspection_cap", "1")
    check(db, "2025-02-01", random="是", problems_found=3, outcome="立案查处")
    check(db, "2025-03-01", approved_on=None)
    check(db, "2025-04-01", target="示例木业厂", code=None, random="是")
    data = load_year(db, 2025)
    paragraphs = inspection_text.inspections(data)
    first, second = _texts(paragraphs)
    assert first == ("全年开展涉企行政检查3户次，检查企业2家，其中“双随机”抽查2户次，"
                     "占66.7%。")
    assert second == "检查中发现问题3项，对1户次检查发现的违法行为立案查处。"
    assert "inspections_total" in paragraphs[0].sentences[0].indicators  # provenance
    assert "计划" not in "".join(_texts(paragraphs))  # no plan fact set: no plan sentence
    set_fact(db, 2025, "plan_units", 4)
    set_fact(db, 2025, "plan_random_units", 2)
    planned = _texts(inspection_text.inspections(load_year(db, 2025)))[-1]
    assert planned == "年度计划检查企业4家（双随机抽查企业2家），实际检查企业数为计划的50%。"
    short = inspection_text.shortcoming(data)
    assert short is not None and "1家企业的检查次数超过年度频次上限" in short.text
    assert "1户次检查未登记审批日期或审批日期晚于检查日期" in short.text
    assert any(f.key == "检查" for f in found(data))
    assert "年度检查频次上限" in inspection_text.plan(data).text and "审批" in \
        inspection_text.plan(data).text


def test_the_remembered_grouping_follows_every_write_and_uses_the_covering_index(db):
    db.set_setting("inspection_cap", "1")
    table = db.ledger("inspections")
    check(db, "2025-01-05", target="甲", code=None)
    assert table.count(Query(year=2025, status="超频次")) == 0
    second = check(db, "2025-02-05", target="甲", code=None)
    assert table.count(Query(year=2025, status="超频次")) == 2  # remembered answer renewed
    table.delete(second["id"])
    assert table.count(Query(year=2025, status="超频次")) == 0
    plan = db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT substr(inspected_on, 1, 4), credit_code, target, domain, "
        "kind FROM inspections WHERE deleted_at IS NULL AND inspected_on >= '2025-01-01' "
        "AND inspected_on < '2026-01-01' GROUP BY 1, 2, 3, 4").fetchall()
    assert "COVERING INDEX inspections__inspected_on" in str(plan)
