"""The facts of the year (DOMAIN.md §10): definition, storage, merge, backup, CLI, indicators."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.domain import annual
from lawgov_desktop.domain.facts import FactError, load_facts
from lawgov_desktop.domain.indicators import BY_ID
from lawgov_desktop.domain.ledgers import load_ledgers
from lawgov_desktop.storage import Database, LedgerError
from lawgov_desktop.storage.backup import backup_now, restore_from
from lawgov_desktop.storage.facts import fact_rows, history, read_facts, set_fact, set_facts
from lawgov_desktop.storage.merge import merge_ledger
from lawgov_desktop.storage.schema import KNOWN_MIGRATIONS

DOMAIN_FACTS = {  # DOMAIN.md §10: key → (label, type); contracts
    "plan_units": ("计划检查企业数", "integer"),
    "plan_key_units": ("其中重点检查企业数", "integer"),
    "plan_random_units": ("其中双随机抽查企业数", "integer"),
    "legal_adviser": ("法律顾问", "text"),
    "adviser_opinions": ("法律顾问出具法律意见（件）", "integer"),
    "case_file_reviews": ("案卷评查（卷）", "integer"),
    "case_file_findings": ("案卷评查发现问题（个）", "integer"),
    "typical_cases": ("发布典型案例（件）", "integer"),
    "body_cameras": ("执法记录仪（台）", "integer"),
    "power_list_updated": ("权责清单更新日期", "date"),
    "law_report_done": ("述法", "bool"),
}


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# -- definition ---------------------------------------------------------------------------


def test_facts_form_is_the_documented_contract():
    form = load_facts()
    assert {f.key: (f.label, f.type) for f in form.facts} == DOMAIN_FACTS
    assert all(f.help for f in form.facts)


def test_facts_form_is_not_a_ledger():
    assert "facts" not in load_ledgers()
    assert all(ledger.label != "年度情况" for ledger in load_ledgers().values())


def test_a_fact_is_found_by_key_label_or_label_without_unit():
    form = load_facts()
    assert form.find("plan_units").key == "plan_units"
    assert form.find("计划检查企业数").key == "plan_units"
    assert form.find(" 案卷评查 ").key == "case_file_reviews"
    with pytest.raises(FactError, match="没有名为“检查次数”"):
        form.find("检查次数")


# -- storage ------------------------------------------------------------------------------


def test_migration_has_the_agreed_name():
    assert "0006_year_facts" in KNOWN_MIGRATIONS


def test_values_are_parsed_like_ledger_fields(db):
    changed = set_facts(db, 2025, {"计划检查企业数": "120家", "权责清单更新日期": "2025年6月3日",
                                   "述法": "是", "法律顾问": " 某某律师事务所 "})
    assert changed == {"plan_units": 120, "power_list_updated": "2025-06-03",
                       "law_report_done": 1, "legal_adviser": "某某律师事务所"}
    assert read_facts(db, 2025) == changed
    assert read_facts(db, 2024) == {}


@pytest.mark.parametrize(("name", "value", "message"), [
    ("plan_units", "很多", "“计划检查企业数”：“很多”不是整数"),
    ("plan_units", "-3", "不能为负数"),
    ("power_list_updated", "6月", "不是日期"),
    ("law_report_done", "也许", "应填“是”或“否”"),
    ("不存在", "1", "没有名为“不存在”"),
])
def test_a_bad_value_or_name_is_refused_in_chinese_and_nothing_is_written(db, name, value,
                                                                          message):
    set_fact(db, 2025, "plan_units", "10")
    with pytest.raises(LedgerError, match=message):
        set_facts(db, 2025, {"body_cameras": "5", name: value})
    assert read_facts(db, 2025) == {"plan_units": 10}  # the whole write or nothing


def test_a_part_larger_than_its_whole_is_refused(db):
    set_fact(db, 2025, "plan_units", "100")
    with pytest.raises(LedgerError, match="“其中双随机抽查企业数”120 大于“计划检查企业数”100"):
        set_fact(db, 2025, "plan_random_units", "120")
    set_fact(db, 2025, "plan_random_units", "60")
    with pytest.raises(LedgerError, match="大于"):
        set_fact(db, 2025, "plan_units", "50")
    assert read_facts(db, 2025) == {"plan_units": 100, "plan_random_units": 60}


def test_clearing_keeps_the_row_and_every_write_is_in_the_change_log(db):
    set_fact(db, 2025, "body_cameras", "20")
    assert set_fact(db, 2025, "body_cameras", "20") == 20  # unchanged: no log entry
    assert set_fact(db, 2025, "执法记录仪（台）", "") is None
    assert read_facts(db, 2025) == {}
    value, stamp = fact_rows(db, 2025)["body_cameras"]
    assert value is None and dt.datetime.fromisoformat(stamp)
    assert [h["changes"] for h in history(db, 2025)] == [
        {"body_cameras": [None, 20]}, {"body_cameras": [20, None]}]


def test_a_value_another_program_stored_wrongly_is_stated_nowhere(db):
    with db.transaction() as conn:
        conn.execute("INSERT INTO year_facts VALUES (2025, 'plan_units', 'abc', '2025-01-01')")
        conn.execute("INSERT INTO year_facts VALUES (2025, 'power_list_updated', 20250601, "
                     "'2025-01-01')")
    assert read_facts(db, 2025) == {}
    assert db.stats(2025)["plan_units"] is None
    assert db.integrity_problems() == []


def test_an_older_ledger_gains_the_table(data_dir):
    with Database.open(data_dir) as db:
        with db.transaction() as conn:
            conn.execute("DROP TABLE year_facts")
            conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_year_facts'")
    with Database.open(data_dir) as db:
        set_fact(db, 2025, "typical_cases", "3")
        assert read_facts(db, 2025) == {"typical_cases": 3}


def test_backup_and_restore_keep_the_facts(data_dir, tmp_path):
    with Database.open(data_dir) as db:
        set_fact(db, 2025, "legal_adviser", "某某律师事务所")
        path = backup_now(db).path
        set_fact(db, 2025, "legal_adviser", "")
    restore_from(data_dir, path)
    with Database.open(data_dir) as db:
        assert read_facts(db, 2025) == {"legal_adviser": "某某律师事务所"}


# -- merge --------------------------------------------------------------------------------


@pytest.fixture
def two_pcs(data_dir, tmp_path):
    with Database.open(data_dir) as db:
        set_fact(db, 2025, "plan_units", "100")
        set_fact(db, 2025, "body_cameras", "10")
        base = backup_now(db)
    colleague = tmp_path / "colleague"
    restore_from(colleague, base.path)
    ours, theirs = Database.open(data_dir), Database.open(colleague)
    yield ours, theirs
    ours.close()
    theirs.close()


def _age(db: Database, key: str, minutes: int) -> None:
    stamp = (dt.datetime.now().astimezone() + dt.timedelta(minutes=minutes)).isoformat(
        timespec="seconds")
    with db.transaction() as conn:
        conn.execute("UPDATE year_facts SET updated_at = ? WHERE key = ?", [stamp, key])


def test_merge_keeps_the_newer_value_of_each_fact(two_pcs):
    ours, theirs = two_pcs
    set_fact(theirs, 2025, "plan_units", "150")  # theirs newer
    _age(theirs, "plan_units", 2)
    set_fact(ours, 2025, "body_cameras", "12")  # ours newer than theirs' change
    _age(ours, "body_cameras", 3)
    set_fact(theirs, 2025, "body_cameras", "30")
    _age(theirs, "body_cameras", 1)
    set_fact(theirs, 2024, "述法", "是")  # only there
    set_fact(theirs, 2025, "typical_cases", "")  # a clear of a fact never set here
    report = merge_ledger(ours, theirs.path)
    assert read_facts(ours, 2025) == {"plan_units": 150, "body_cameras": 12}
    assert read_facts(ours, 2024) == {"law_report_done": 1}
    assert sorted(report.facts_taken) == ["2024年述法", "2025年计划检查企业数"]
    assert any("年度情况" in line for line in report.summary_lines())
    assert history(ours, 2025)[-1]["action"] == "merge"
    assert merge_ledger(ours, theirs.path).facts_taken == []  # nothing new the second time


def test_a_newer_clear_wins_and_both_ways_converge(two_pcs):
    ours, theirs = two_pcs
    set_fact(theirs, 2025, "plan_units", "")
    _age(theirs, "plan_units", 1)
    merge_ledger(ours, theirs.path)
    assert "plan_units" not in read_facts(ours, 2025)
    merge_ledger(theirs, ours.path)
    assert read_facts(ours, 2025) == read_facts(theirs, 2025) == {"body_cameras": 10}


def test_merge_refuses_a_fact_another_program_broke(two_pcs, capsys):
    ours, theirs = two_pcs
    with theirs.transaction() as conn:
        conn.execute("UPDATE year_facts SET value = 'abc', updated_at = '2099-01-01T00:00:00' "
                     "WHERE key = 'plan_units'")
        conn.execute("INSERT INTO year_facts VALUES (2025, 'typical_cases', 4, 'gestern')")
    report = merge_ledger(ours, theirs.path)
    lines = [s.line() for s in report.refused]
    assert any(line.startswith("年度情况“2025年计划检查企业数”未合并") for line in lines)
    assert any("2025年发布典型案例（件）" in line and "不是时间" in line for line in lines)
    assert read_facts(ours, 2025) == {"plan_units": 100, "body_cameras": 10}
    code, _, _ = run(capsys, "merge", str(theirs.path), "--data-dir", str(ours.path.parent))
    assert code == 1  # refused content: the merge says so in its exit code


def test_dry_run_merge_takes_no_fact(two_pcs):
    ours, theirs = two_pcs
    set_fact(theirs, 2025, "plan_units", "150")
    _age(theirs, "plan_units", 2)
    report = merge_ledger(ours, theirs.path, dry_run=True)
    assert report.facts_taken == ["2025年计划检查企业数"]
    assert read_facts(ours, 2025)["plan_units"] == 100


# -- indicators, workbook, aggregate -------------------------------------------------------


def test_plan_indicators_come_from_the_facts(db):
    figures = db.stats(2025)
    assert [figures[k] for k in ("plan_units", "plan_key_units", "plan_random_units",
                                 "plan_random_share", "plan_completion")] == [None] * 5
    set_facts(db, 2025, {"plan_units": "200", "plan_key_units": "40", "plan_random_units": "50"})
    figures = db.stats(2025)
    assert (figures["plan_units"], figures["plan_key_units"], figures["plan_random_units"]) \
        == (200, 40, 50)
    assert figures["plan_random_share"] == 0.25
    if "inspected_units" in BY_ID:  # the inspections register: its distinct enterprises
        assert figures["plan_completion"] == figures["inspected_units"] / 200
    else:  # not built yet: nothing to divide
        assert figures["plan_completion"] is None
    set_facts(db, 2025, {"plan_units": "0", "plan_key_units": "0", "plan_random_units": "0"})
    assert db.stats(2025)["plan_random_share"] is None  # nothing to divide by


def test_plan_completion_when_inspected_units_is_known():
    from lawgov_desktop.domain.indicators import finish

    raw = {i: 0 for i in annual.figure_ids() if not i.startswith("monthly.")
           and i not in annual.RATE_IDS and i not in annual.FACT_IDS}
    raw.update(plan_units=80, plan_key_units=None, plan_random_units=20, inspected_units=100)
    out = finish(raw)
    assert out["plan_completion"] == 1.25  # may pass 100 %: checks are not tied to the plan
    assert out["plan_random_share"] == 0.25


def test_stats_json_and_text_show_an_unset_fact_as_null_and_dash(capsys, data_dir):
    Database.open(data_dir).close()
    run(capsys, "facts", "--year", "2025", "plan_units", "80")
    code, out, _ = run(capsys, "stats", "--year", "2025", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["plan_units"] == 80 and figures["plan_key_units"] is None
    code, out, _ = run(capsys, "stats", "--year", "2025")
    assert "80家" in out and "None" not in out
    assert [line for line in out.splitlines() if "plan_key_units" in line][0].split()[1] == "—"


def test_aggregate_sums_facts_and_recomputes_the_share():
    a = {"plan_units": 100, "plan_random_units": 30, "plan_key_units": None}
    b = {"plan_units": 50, "plan_random_units": 0, "plan_key_units": None}
    c = {"plan_units": None, "plan_random_units": None, "plan_key_units": None}
    total = annual.combine([a, b, c])
    assert total["plan_units"] == 150 and total["plan_random_units"] == 30
    assert total["plan_key_units"] is None  # no unit stated it: neither does the total
    assert total["plan_random_share"] == 0.2
    assert total["plan_completion"] is None


def test_workbook_and_aggregate_carry_the_plan(capsys, data_dir, tmp_path):
    from openpyxl import load_workbook

    from lawgov_desktop.reports.workbook import read_data_sheet

    outs = []
    for n, (plan, rnd) in enumerate(((100, 25), (60, 15))):
        folder = tmp_path / f"unit{n}"
        args = ["--data-dir", str(folder)]
        assert run(capsys, "demo", "--size", "small", *args)[0] == 0
        run(capsys, "config", "unit_name", f"第{n}单位", *args)
        run(capsys, "facts", "--year", "2025", "plan_units", str(plan), *args)
        run(capsys, "facts", "--year", "2025", "plan_random_units", str(rnd), *args)
        out = tmp_path / f"out{n}"
        assert run(capsys, "export", "--year", "2025", "--format", "xlsx", "--out", str(out),
                   *args)[0] == 0
        outs.append(next(out.glob("*.xlsx")))
    ws = load_workbook(outs[0])["汇总"]
    rows = {r[2]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[2]}
    group = None  # 类别 is a merged cell: the group is the last one named above the row
    for r in ws.iter_rows(min_row=4, values_only=True):
        group = r[1] or group
        if r[2] == "计划检查企业":
            break
    assert group == "行政检查" and rows["计划检查企业"][4] == 100
    assert rows["计划双随机占比"][4] == 0.25
    assert rows["计划重点检查企业"][4] == "—"
    total = tmp_path / "total.xlsx"
    assert run(capsys, "aggregate", *map(str, outs), "--out", str(total))[0] == 0
    figures = read_data_sheet(total).figures
    assert figures["plan_units"] == 160 and figures["plan_random_share"] == 0.25
    assert figures["plan_key_units"] is None


def test_a_workbook_from_before_the_facts_can_still_be_aggregated(tmp_path, capsys):
    from lawgov_desktop.reports.workbook import parse_data_rows

    rows = [["format", "lawgov-stats-workbook", 1], ["unit", "旧单位"], ["year", 2025],
            ["members", "旧单位"], ["generated", "2026-01-02"], ["id", "value", "unit", "year"]]
    rows += [[fid, 0, "", 2025] for fid in annual.figure_ids() if fid not in annual.FACT_IDS]
    unit = parse_data_rows(rows, "旧.xlsx")
    assert unit.figures["plan_units"] is None
    assert annual.combine([unit.figures])["plan_units"] is None


# -- CLI ----------------------------------------------------------------------------------


def test_cli_lists_gets_sets_and_clears(capsys, data_dir):
    Database.open(data_dir).close()
    code, out, _ = run(capsys, "facts", "--year", "2025")
    assert code == 0 and "计划检查企业数" in out and "（未填）" in out
    code, out, _ = run(capsys, "facts", "--year", "2025", "计划检查企业数", "120")
    assert code == 0 and "已保存 2025 年“计划检查企业数”：120" in out
    run(capsys, "facts", "--year", "2025", "power_list_updated", "2025/6/30")
    run(capsys, "facts", "--year", "2025", "述法", "是")
    assert run(capsys, "facts", "--year", "2025", "plan_units")[1] == "120\n"
    assert run(capsys, "facts", "--year", "2025", "述法")[1] == "是\n"
    code, out, _ = run(capsys, "facts", "--year", "2025", "--json")
    listed = json.loads(out)
    assert listed["plan_units"] == 120 and listed["power_list_updated"] == "2025-06-30"
    assert listed["law_report_done"] is True and listed["legal_adviser"] is None
    assert list(listed) == list(DOMAIN_FACTS)
    code, out, _ = run(capsys, "facts", "--year", "2025", "plan_units", "")
    assert code == 0 and "已清空" in out
    assert run(capsys, "facts", "--year", "2025", "plan_units", "--json")[1] == "null\n"
    assert run(capsys, "facts", "--year", "2025", "plan_units")[1] == "\n"


@pytest.mark.parametrize(("argv", "message"), [
    (["次数", "3"], "没有名为“次数”的年度情况项目"),
    (["次数"], "没有名为“次数”的年度情况项目"),
    (["plan_units", "三"], "“计划检查企业数”：“三”不是整数"),
    (["power_list_updated", "2025-13-01"], "不是有效日期"),
])
def test_cli_bad_key_or_value_is_exit_2_in_chinese(capsys, data_dir, argv, message):
    Database.open(data_dir).close()
    code, out, err = run(capsys, "facts", "--year", "2025", *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_the_facts_table_is_sqlite_typed_as_stored(db):
    set_facts(db, 2025, {"plan_units": "3", "power_list_updated": "2025-01-02",
                         "law_report_done": "否"})
    types = dict(db.conn.execute("SELECT key, typeof(value) FROM year_facts").fetchall())
    assert types == {"plan_units": "integer", "power_list_updated": "text",
                     "law_report_done": "integer"}
    assert isinstance(db.conn, sqlite3.Connection)


def test_full_check_reads_the_facts(db, capsys, data_dir):
    set_fact(db, 2025, "legal_adviser", "某某律师事务所")
    assert db.integrity_problems() == []
    assert run(capsys, "check")[0] == 0
    with db.transaction() as conn:  # text that does not decode: damage no other check sees
        conn.execute("UPDATE year_facts SET value = CAST(x'e4b8ff' AS TEXT)")
    assert db.integrity_problems() == ["数据库已损坏：记录中有无法识别的文字"]


def test_a_year_with_only_facts_is_in_the_year_list(db):
    assert db.years() == []
    set_fact(db, 2019, "body_cameras", "4")
    assert db.years() == [2019]
    set_fact(db, 2019, "body_cameras", "")
    assert db.years() == []
