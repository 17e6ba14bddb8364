"""`lawgov import` on real ledgers: the same inference and skipping as the wizard, `--set` for
a column the sheet lacks, `--on-duplicate`, `--history`, and a summary of what happened."""

from __future__ import annotations

import datetime as dt

from legacy_books import write_section_book, write_xls
from openpyxl import Workbook

from lawgov_desktop.cli import main
from lawgov_desktop.storage import Database, Query


def run(capsys, data_dir, *args):  # type: ignore[no-untyped-def]
    code = main(["--data-dir", str(data_dir), "import", *map(str, args)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out


def test_a_sections_ledger_with_a_summary(capsys, tmp_path):
    book = write_section_book(tmp_path / "2023年台账.xlsx")
    code, out = run(capsys, tmp_path / "d", "cases", book, "--dry-run")
    assert code == 0 and "检查通过：4 行执法案件可以导入" in out
    assert "提示：当事人类型：由证件号码推断 3 行" in out
    assert "提示：跳过合计行：第8行" in out
    code, out = run(capsys, tmp_path / "d", "cases", book)
    assert code == 0 and "已导入 4 条执法案件。" in out
    # again: every row is already there, listed and skipped, nothing duplicated
    code, out = run(capsys, tmp_path / "d", "cases", book)
    assert code == 0 and "跳过：第3行 案号“示应急罚〔2023〕1号”已在台账中" in out
    assert "没有需要导入的执法案件（4 行已在台账中）" in out
    code, out = run(capsys, tmp_path / "d", "cases", book, "--on-duplicate", "stop")
    assert code == 1 and "未导入任何数据" in out
    with Database.open(tmp_path / "d") as db:
        assert db.ledger("cases").count() == 4


def test_set_fills_a_missing_column(capsys, tmp_path):
    rows = [["案号", "案由", "当事人", "立案日期"], ["A-1", "x", "张三", "2024-03-05"]]
    book = write_xls(tmp_path / "old.xls", rows, sheet="台账")
    code, out = run(capsys, tmp_path / "d", "cases", book)
    assert code == 1 and "缺少必填列“当事人类型”" in out and "--set 当事人类型=值" in out
    code, out = run(capsys, tmp_path / "d", "cases", book, "--set", "当事人类型=个人")
    assert code == 0 and "当事人类型：整列使用同一值 1 行" in out
    code, out = run(capsys, tmp_path / "d2", "cases", book, "--set", "party_type=个人")
    assert code == 0


def test_bad_set_arguments_say_why(capsys, tmp_path):
    book = write_section_book(tmp_path / "a.xlsx")
    for arg, says in (("当事人类型", "应写作 字段=值"), ("颜色=红", "没有字段“颜色”"),
                      ("当事人类型=机关", "不是可选项")):
        code, out = run(capsys, tmp_path / "d", "cases", book, "--set", arg)
        assert code == 2 and says in out


def test_history_option(capsys, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "案由", "当事人", "当事人类型", "立案日期"])
    ws.append(["A-1", "x", "甲公司", "单位", "2020-01-05"])
    wb.save(tmp_path / "h.xlsx")
    code, out = run(capsys, tmp_path / "d", "cases", tmp_path / "h.xlsx", "--history", "no")
    assert code == 0 and "历史记录" not in out
    with Database.open(tmp_path / "d") as db:
        assert [d.title for d in db.deadlines(today=dt.date.today())] == ["A-1"]
    code, out = run(capsys, tmp_path / "d2", "cases", tmp_path / "h.xlsx")
    assert code == 0 and "标记为历史记录（不再提醒期限）：1 行" in out
    with Database.open(tmp_path / "d2") as db:
        assert db.deadlines(today=dt.date.today()) == []
        assert db.ledger("cases").list(Query(year=None))[0]["is_history"] == 1


def test_unreadable_files(capsys, tmp_path):
    (tmp_path / "a.csv").write_text("案号,案由\n1,2\n", encoding="utf-8")
    code, out = run(capsys, tmp_path / "d", "cases", tmp_path / "a.csv")
    assert code == 1 and "另存为" in out
    code, out = run(capsys, tmp_path / "d", "cases", tmp_path / "none.xlsx")
    assert code == 1 and "找不到文件" in out
