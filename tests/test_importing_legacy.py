"""Real ledgers (DOMAIN.md §12) through the core importer: every row read whatever the file
declares, .xls and .ods, hidden sheets, formulas without a result, 合计 rows, inference only
from certain evidence, a value for a whole column, rows already there, 历史记录."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from legacy_books import (
    legacy_table,
    rewrite_sheet,
    section_rows,
    write_ods,
    write_section_book,
    write_xls,
)
from openpyxl import Workbook

from lawgov_desktop.importing import import_workbook, read_head
from lawgov_desktop.importing.infer import is_organisation
from lawgov_desktop.importing.matching import normalise_title

TODAY = dt.date(2026, 11, 29)
HEADER = ["案号", "案由", "当事人", "当事人类型", "立案日期"]


def plain_book(path, n, sheet="台账"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(HEADER)
    for i in range(1, n + 1):
        ws.append([f"A-{i}", "未按规定开展培训", f"第{i}有限公司", "单位", "2024-03-05"])
    wb.save(path)
    return path


def test_every_row_is_read_whatever_the_sheet_declares(db, tmp_path):
    path = plain_book(tmp_path / "dim.xlsx", 100)
    rewrite_sheet(path, lambda x: re.sub(r'<dimension ref="[^"]+"\s*/>',
                                         '<dimension ref="A1:E11"/>', x))
    result = import_workbook(db, "cases", path)
    assert result.ok and result.stored == 100  # openpyxl's read-only mode stopped at 10


def test_rows_numbered_twice_are_both_read(db, tmp_path):
    path = plain_book(tmp_path / "dup.xlsx", 5)

    def renumber(xml: str) -> str:  # row 4 written as a second row 3, cells too
        return xml.replace('<row r="4"', '<row r="3"').replace('r="A4"', 'r="A3"') \
                  .replace('r="B4"', 'r="B3"').replace('r="C4"', 'r="C3"') \
                  .replace('r="D4"', 'r="D3"').replace('r="E4"', 'r="E3"')

    rewrite_sheet(path, renumber)
    result = import_workbook(db, "cases", path)
    assert result.ok, [str(p) for p in result.problems]
    assert sorted(r["case_no"] for r in db.ledger("cases").list()) == [
        "A-1", "A-2", "A-3", "A-4", "A-5"]


def test_a_formula_without_a_result_names_its_cell(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append([*HEADER, "罚款金额（元）"])
    ws.append(["A-1", "x", "甲公司", "单位", "2024-03-05", 100])
    ws.append(["A-2", "x", "乙公司", "单位", "2024-03-05", "=F2*2"])  # openpyxl: no cached value
    wb.save(tmp_path / "f.xlsx")
    result = import_workbook(db, "cases", tmp_path / "f.xlsx")
    assert not result.ok and db.ledger("cases").count() == 0
    [problem] = result.errors
    assert (problem.row, problem.column) == (3, "F")
    assert "公式没有计算结果：请在 Excel 或 WPS 中打开、保存后再导入" in str(problem)


def test_a_hidden_first_sheet_is_not_the_default(db, tmp_path):
    wb = Workbook()
    old = wb.active
    old.title = "旧表"
    old.append(HEADER)
    old.append(["OLD-1", "x", "甲公司", "单位", "2020-01-01"])
    old.sheet_state = "hidden"
    ws = wb.create_sheet("台账")
    ws.append(HEADER)
    ws.append(["NEW-1", "x", "甲公司", "单位", "2024-01-01"])
    wb.save(tmp_path / "h.xlsx")
    head = read_head(tmp_path / "h.xlsx")
    assert head.visible == ["台账"] and head.hidden == {"旧表"}
    assert import_workbook(db, "cases", tmp_path / "h.xlsx").stored == 1
    assert [r["case_no"] for r in db.ledger("cases").list()] == ["NEW-1"]


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_old_xls_and_ods_workbooks(db, tmp_path, fmt):
    from legacy_books import USER_MAPPING

    path = tmp_path / f"legacy.{fmt}"
    (write_xls if fmt == "xls" else write_ods)(path, legacy_table())
    result = import_workbook(db, "cases", path, remembered=USER_MAPPING)
    assert result.ok, [str(p) for p in result.problems]
    stored = {r["case_no"]: r for r in db.ledger("cases").list()}
    assert len(stored) == 4
    assert stored["示应急罚〔2023〕1号"]["filed_on"] == "2023-03-05"
    assert stored["示应急罚〔2023〕2号"]["filed_on"] == "2023-03-15"  # serial 45000
    assert stored["示应急罚〔2023〕3号"]["fine_amount"] == 300000


def test_a_hidden_first_sheet_in_an_xls(db, tmp_path):
    path = write_xls(tmp_path / "h.xls", [HEADER, ["N-1", "x", "甲公司", "单位", "2024-01-01"]],
                     sheet="台账", hidden_first=True)
    assert read_head(path).visible == ["台账"]
    assert import_workbook(db, "cases", path).stored == 1


def test_a_sections_own_ledger_imports_as_it_is(db, tmp_path):
    """Title row, own header words, text dates, a blank row, a 合计 row with a formula, and
    no 当事人类型 / 决定类型 / 处罚种类 column."""
    path = write_section_book(tmp_path / "2023年台账.xlsx")
    result = import_workbook(db, "cases", path, today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    assert result.stored == 4
    assert result.skipped == [(8, "合计行")]
    assert result.inferred == {("当事人类型", "由证件号码推断"): 3,
                               ("当事人类型", "由当事人名称推断"): 1,
                               ("处罚种类", "由罚款金额推断"): 3,
                               ("决定类型", "由决定日期和处罚内容推断"): 3}
    lines = result.summary()
    assert "当事人类型：由证件号码推断 3 行" in lines
    assert "跳过合计行：第8行" in lines
    stored = {r["case_no"]: r for r in db.ledger("cases").list()}
    first = stored["示应急罚〔2023〕1号"]
    assert (first["party"], first["party_type"], first["fine_amount"]) == (
        "示例化工有限公司", "单位", 1000000)
    assert (first["decision_type"], first["penalty_kinds"]) == ("给予处罚", "罚款")
    assert first["handler"] == "张三、李四" and first["filed_on"] == "2023-03-05"
    assert stored["示应急罚〔2023〕2号"]["party_type"] == "个人"  # a valid 身份证号
    assert stored["示应急罚〔2023〕3号"]["party_type"] == "单位"  # …加油站, no code
    open_case = stored["示应急立〔2023〕4号"]
    assert open_case["decision_type"] is None and open_case["penalty_kinds"] is None
    # its 90-day decision reminder (and the others' 公示) long overdue: history, no reminder
    assert open_case["is_history"] == 1 and result.history == 4  # the others: no 公示日期
    assert db.deadlines(today=TODAY) == []


def test_the_same_ledger_as_xls(db, tmp_path):
    path = write_section_book(tmp_path / "2023年台账.xls", fmt="xls")
    result = import_workbook(db, "cases", path, today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    assert result.stored == 4 and result.skipped == [(8, "合计行")]


def test_nothing_is_guessed_without_evidence(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "案由", "当事人", "立案日期"])
    ws.append(["A-1", "x", "张三", "2024-03-05"])  # a person? a shop's owner? not certain
    ws.append(["A-2", "x", "某某建材有限公司", "2024-03-05"])
    wb.save(tmp_path / "n.xlsx")
    result = import_workbook(db, "cases", tmp_path / "n.xlsx")
    assert not result.ok and db.ledger("cases").count() == 0
    [problem] = result.errors
    assert problem.message.startswith("缺少必填列“当事人类型”：第2行（共 1 行）无法从其他列推断")
    assert result.unfilled == {"party_type": [2]}
    # A value for the whole column fills only the row that needs one...
    result = import_workbook(db, "cases", tmp_path / "n.xlsx", fill={"party_type": "个人"})
    assert result.ok and result.inferred == {("当事人类型", "由当事人名称推断"): 1,
                                             ("当事人类型", "整列使用同一值"): 1}
    assert {r["case_no"]: r["party_type"] for r in db.ledger("cases").list()} == {
        "A-1": "个人", "A-2": "单位"}


def test_a_value_per_row(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "案由", "当事人", "立案日期"])
    ws.append(["A-1", "x", "张三", "2024-03-05"])
    wb.save(tmp_path / "n.xlsx")
    result = import_workbook(db, "cases", tmp_path / "n.xlsx", per_row={2: {"party_type": "个人"}})
    assert result.ok and db.ledger("cases").list()[0]["party_type"] == "个人"


def test_the_whole_column_value_for_decision_type_only_where_a_decision_date_is(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "案由", "当事人", "当事人类型", "立案日期", "决定日期", "处罚种类"])
    ws.append(["A-1", "x", "甲公司", "单位", "2024-03-05", "2024-04-01", None])
    ws.append(["A-2", "x", "乙公司", "单位", "2024-03-05", None, None])
    wb.save(tmp_path / "d.xlsx")
    result = import_workbook(db, "cases", tmp_path / "d.xlsx", fill={"decision_type": "不予处罚"})
    assert result.ok, [str(p) for p in result.problems]
    kinds = {r["case_no"]: r["decision_type"] for r in db.ledger("cases").list()}
    assert kinds == {"A-1": "不予处罚", "A-2": None}


def test_repeated_header_and_subheading_rows_are_skipped(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["一、危险化学品"])
    ws.append(["A-1", "x", "甲公司", "单位", "2024-03-05"])
    ws.append(HEADER)  # the header again, as a sheet printed page by page has it
    ws.append(["A-2", "x", "乙公司", "单位", "2024-03-05"])
    ws.append(["小 计", None, None, None, None])
    ws.append([None, "总计：2件"])
    wb.save(tmp_path / "r.xlsx")
    result = import_workbook(db, "cases", tmp_path / "r.xlsx")
    assert result.ok and result.stored == 2
    assert result.skipped == [(2, "分组标题行"), (4, "重复的表头行"), (6, "合计行"), (7, "合计行")]


def test_amounts_in_wan_yuan_are_scaled(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append([*HEADER, "罚款金额（万元）", "处罚种类"])
    ws.append(["A-1", "x", "甲公司", "单位", "2024-03-05", 1.5, "罚款"])
    ws.append(["A-2", "x", "乙公司", "单位", "2024-03-05", "0.2", "罚款"])
    wb.save(tmp_path / "w.xlsx")
    result = import_workbook(db, "cases", tmp_path / "w.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    fines = {r["case_no"]: r["fine_amount"] for r in db.ledger("cases").list()}
    assert fines == {"A-1": 1500000, "A-2": 200000}  # fen


def test_real_header_words_are_known(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["决定书文号", "违法事实", "被处罚人名称", "当事人（单位）", "立案日期", "执法人员"])
    ws.append(["A-1", "x", "甲公司", None, "2024-03-05", "张三"])
    wb.save(tmp_path / "a.xlsx")
    result = import_workbook(db, "cases", tmp_path / "a.xlsx")
    # 被处罚人名称 and 当事人（单位） both mean 当事人: a column twice is the user's to settle
    assert not result.ok and "“当事人”列出现了两次" in result.errors[0].message
    ws.delete_cols(4)
    wb.save(tmp_path / "a.xlsx")
    result = import_workbook(db, "cases", tmp_path / "a.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert db.ledger("cases").list()[0]["handler"] == "张三"


def test_case_numbers_match_after_normalising(db, tmp_path):
    db.ledger("cases").insert({"case_no": "FZ（2025）51号", "cause": "x", "party": "甲公司",
                               "party_type": "单位", "filed_on": "2025-01-01"})
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["FZ(2025)51号", "x", "甲公司", "单位", "2025-01-01"])
    ws.append(["FZ〔2025〕52号", "x", "甲公司", "单位", "2025-01-01"])
    ws.append(["FZ [2025] 52号", "x", "甲公司", "单位", "2025-01-01"])
    wb.save(tmp_path / "m.xlsx")
    result = import_workbook(db, "cases", tmp_path / "m.xlsx")
    assert result.ok and result.stored == 1
    assert [r for r, _ in result.duplicates] == [2, 4]
    assert normalise_title("ＦＺ【2025】 51号") == normalise_title("fz(2025)51号")


def test_trainings_match_by_date_and_name(db, tmp_path):
    db.ledger("trainings").insert({"date": "2024-06-01", "name": "安全生产法培训"})
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "名称"])
    ws.append(["2024-06-01", "安全生产法 培训"])
    ws.append(["2024-06-02", "安全生产法培训"])
    wb.save(tmp_path / "t.xlsx")
    result = import_workbook(db, "trainings", tmp_path / "t.xlsx")
    assert result.stored == 1 and [r for r, _ in result.duplicates] == [2]


@pytest.mark.parametrize("history, marked", [("auto", 1), ("yes", 2), ("no", 0)])
def test_history_marks(db, tmp_path, history, marked):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["A-1", "x", "甲公司", "单位", "2023-01-05"])  # decision due 2023-04: long overdue
    ws.append(["A-2", "x", "乙公司", "单位", "2026-11-01"])  # due in 2027: not history
    wb.save(tmp_path / "h.xlsx")
    result = import_workbook(db, "cases", tmp_path / "h.xlsx", history=history, today=TODAY)
    assert result.ok and result.history == marked and result.history_candidates == 1
    # which deadline makes the row history (trial F2.7), in the wizard and the CLI summary
    assert result.history_reasons == {"作出处罚决定": 1}
    assert result.history_reason_text() == "作出处罚决定期限已逾期90天以上 1 行"
    if marked:
        assert f"标记为历史记录（不再提醒期限）：{marked} 行（作出处罚决定期限已逾期" \
            in "\n".join(result.summary())
    marks = {r["case_no"]: r["is_history"] for r in db.ledger("cases").list()}
    assert sum(1 for v in marks.values() if v) == marked
    due = [d.title for d in db.deadlines(today=TODAY)]
    assert ("A-1" in due) == (history == "no") and ("A-2" in due) == (history != "yes")


def test_organisation_names():
    assert all(is_organisation(n) for n in ["示例化工有限公司", "城关加油站", "红星五金店",
                                            "某某种植专业合作社", "李记经营部", "新华印刷厂",
                                            "某某有限公司（分公司）"])
    assert not any(is_organisation(n) for n in ["张三", "欧阳店", "王站", ""])


def test_section_rows_are_what_the_ledger_says():
    assert len(section_rows()) == 4


def test_an_existing_ledger_gets_the_history_column(tmp_path):
    """A ledger made before 历史记录 existed gains the column (additive columns from forms/)."""
    import sqlite3

    from lawgov_desktop.storage import Database

    with Database.open(tmp_path / "d") as db:
        path = db.path
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX IF EXISTS cases_is_history")
    conn.execute("ALTER TABLE cases DROP COLUMN is_history")
    conn.commit()
    assert "is_history" not in [r[1] for r in conn.execute("PRAGMA table_info(cases)")]
    conn.close()
    with Database.open(tmp_path / "d") as db:
        columns = [r[1] for r in db.conn.execute("PRAGMA table_info(cases)")]
        assert "is_history" in columns
        db.ledger("cases").insert({"case_no": "H-1", "cause": "x", "party": "甲公司",
                                   "party_type": "单位", "filed_on": "2023-01-01",
                                   "is_history": "是"})
        assert db.deadlines(today=TODAY) == []


def test_a_bulk_import_fills_the_search_index_and_keeps_its_trigger(db, tmp_path, monkeypatch):
    import sqlite3

    from lawgov_desktop.storage import DiskFullError, Query
    from lawgov_desktop.storage.records import BULK_SEARCH_ROWS, LedgerTable

    n = BULK_SEARCH_ROWS + 100
    path = plain_book(tmp_path / "many.xlsx", n)

    def trigger() -> int:
        return db.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                               "AND name = 'cases_fts_insert'").fetchone()[0]

    def disk_full(self, rows):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(LedgerTable, "_log_many", disk_full)
    with pytest.raises(DiskFullError):
        import_workbook(db, "cases", path)
    monkeypatch.undo()
    assert trigger() == 1 and db.ledger("cases").count() == 0
    assert db.conn.execute("SELECT count(*) FROM cases_fts").fetchone()[0] == 0
    assert import_workbook(db, "cases", path).stored == n
    assert trigger() == 1
    assert db.conn.execute("SELECT count(*) FROM cases_fts").fetchone()[0] == n
    cases = db.ledger("cases")
    assert len(cases.ids(Query(year=None, search="第599有限公司"))) == 1
    cases.insert({"case_no": "ONE", "cause": "单独录入的案件", "party": "甲公司",
                  "party_type": "单位", "filed_on": "2024-03-05"})
    assert len(cases.ids(Query(year=None, search="单独录入"))) == 1  # the trigger works again
