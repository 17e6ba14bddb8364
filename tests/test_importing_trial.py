"""What trial s4 met importing an old 处罚台账 (F2.1, F2.2, F2.3, F5.4): the fine under
处罚金额（元）, a date taken from another column of the same row, a whole-column date that is
warned about and makes the rows history, the row of an error being the sheet row."""

from __future__ import annotations

import datetime as dt

from trial_book import write_trial_book

from lawgov_desktop.cli import main
from lawgov_desktop.importing import import_workbook, read_sheet
from lawgov_desktop.reports.yeardata import load_year

TODAY = dt.date(2026, 11, 29)


def test_the_fine_under_its_usual_name_and_a_filed_date_from_the_decision(db, tmp_path) -> None:
    path = write_trial_book(tmp_path / "2025年行政处罚案件台账.xlsx")
    data = read_sheet(path, db.ledger("cases").definition)
    assert "fine_amount" in data.columns.values()
    result = import_workbook(db, "cases", path, fill={"filed_on": "@决定日期"},
                             per_row={8: {"party_type": "个人"}}, today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    assert result.inferred[("立案日期", "取自“决定日期”列")] == 8
    rows = {r["case_no"]: r for r in db.ledger("cases").list()}
    one = rows["青应急罚〔2025〕1号"]
    assert one["filed_on"] == one["decided_on"] == "2025-03-05"
    assert db.stats(2025)["fines_yuan"] == 245000
    months = {r["filed_on"][5:7] for r in rows.values()}
    assert len(months) > 1  # 按月统计 from the rows' own dates, not all in one month


def test_a_whole_column_date_is_warned_about_and_backs_no_overdue_claim(db, tmp_path) -> None:
    path = write_trial_book(tmp_path / "book.xlsx")
    result = import_workbook(db, "cases", path, fill={"filed_on": "2025-01-01",
                                                      "party_type": "单位"}, today=TODAY)
    assert result.ok
    warning = next(p.message for p in result.warnings if "同一日期" in p.message)
    assert "8 行都将使用同一日期 2025-01-01" in warning
    assert "办案期限" in warning and "按月统计" in warning
    assert result.history == 8  # offered (and by default marked) as history
    data = load_year(db, 2025, as_of=TODAY)
    assert data.late_decisions == ()  # the 超期 claim ignores them
    assert len(data.unchecked_deadlines) >= 1


def test_an_unfilled_field_names_its_sheet_row_and_the_real_cause(db, tmp_path) -> None:
    path = write_trial_book(tmp_path / "book.xlsx")
    result = import_workbook(db, "cases", path, fill={"filed_on": "@决定日期"},
                             remembered={"处罚金额（元）": ""}, today=TODAY)
    party = next(p for p in result.errors if "当事人类型" in p.message)
    assert party.row == 8 and "命令行" not in party.message and "--set" not in party.message
    decision = next(p for p in result.errors if p.field == "决定类型")
    assert "表中没有“罚款金额（元）”或“处罚种类”列" in decision.message
    unmapped = next(p for p in result.warnings if p.message.startswith("以下列未导入"))
    assert "“处罚金额（元）”（金额）" in unmapped.message


def test_cli_fills_a_date_from_another_column(tmp_path, capsys) -> None:
    path = write_trial_book(tmp_path / "book.xlsx")
    folder = tmp_path / "data"
    code = main(["import", "cases", str(path), "--data-dir", str(folder),
                 "--set", "立案日期=@决定日期", "--set", "当事人类型=单位", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "立案日期：取自“决定日期”列 8 行" in out
    assert main(["import", "cases", str(path), "--data-dir", str(folder),
                 "--set", "当事人类型=@决定日期"]) == 2
    assert "只用于日期字段" in capsys.readouterr().out


def test_a_dry_run_leaves_no_ledger_behind(tmp_path, capsys) -> None:
    path = write_trial_book(tmp_path / "book.xlsx")
    folder = tmp_path / "fresh"
    code = main(["import", "cases", str(path), "--data-dir", str(folder),
                 "--set", "立案日期=@决定日期", "--set", "当事人类型=单位", "--dry-run"])
    assert code == 0 and "检查通过：8 行" in capsys.readouterr().out
    assert not folder.exists() or not any(folder.iterdir())
