"""Excel import: good and legacy workbooks in, every bad one refused whole with its reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import make_id_number, make_uscc
from openpyxl import Workbook

from lawgov_desktop.importing import import_workbook

HEADER = ["案号", "案由", "当事人", "当事人类型", "证件号码", "立案日期", "罚款金额（元）"]


def write_book(path, rows, header=HEADER, title_rows=(), sheet="案件台账"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for title in title_rows:
        ws.append([title])
    if title_rows:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def good_rows(n=3):
    return [
        [
            f"示应急罚〔2024〕{i}号",
            "未按规定开展培训",
            f"示例{i}号有限公司",
            "单位",
            make_uscc(f"914201001234{i:04d}"),
            "2024-03-05",
            None,
        ]
        for i in range(1, n + 1)
    ]


def test_a_good_workbook_is_imported(db, tmp_path):
    path = write_book(tmp_path / "cases.xlsx", good_rows(3))
    result = import_workbook(db, "cases", path)
    assert result.ok and result.stored == 3
    assert db.ledger("cases").count() == 3
    assert db.stats(2024)["cases_filed"] == 3


def test_a_legacy_sheet_with_titles_aliases_blanks_and_odd_dates(db, tmp_path):
    header = [
        "序号",
        "案件编号",
        "案由",
        "当事人名称",
        "主体类型",
        "统一社会信用代码",
        "立案时间",
        "处罚决定日期",
        "决定类型",
        "处罚种类",
        "罚款(元)",
        "经办科室",
    ]
    person_id = make_id_number()
    rows = [
        [
            1,
            "A-1",
            "违法储存",
            "青山化工有限公司",
            "企业",
            make_uscc(),
            "2024年3月5日",
            dt.datetime(2024, 4, 1),
            "处罚",
            "罚款;警告",
            "12,000",
            "执法大队",
        ],
        [None] * 12,
        [
            2,
            "A-2",
            "非法经营",
            "王五",
            "自然人",
            person_id,
            45390,
            "2024/4/20",
            "行政处罚",
            "罚款",
            3000,
            "执法大队",
        ],
        [
            3,
            "A-3",
            "无证经营",
            "柳林烟花店",
            "单位",
            make_uscc("9142010099990000"),
            "2024.5.6",
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    path = write_book(
        tmp_path / "legacy.xlsx",
        rows,
        header=header,
        title_rows=["示例县应急管理局2024年行政处罚案件台账", "填报日期：2025年1月"],
    )
    result = import_workbook(db, "cases", path)
    assert result.ok, [str(p) for p in result.problems]
    assert set(result.ignored_columns) == {"序号", "经办科室"}
    stored = {r["case_no"]: r for r in db.ledger("cases").list()}
    assert stored["A-1"]["fine_amount"] == 1200000
    assert stored["A-1"]["penalty_kinds"] == "警告、通报批评；罚款"
    assert stored["A-2"]["filed_on"] == "2024-04-08"  # Excel serial 45390 (45292 is 2024-01-01)
    assert stored["A-2"]["party_type"] == "个人"
    assert stored["A-3"]["filed_on"] == "2024-05-06"


def test_every_bad_cell_is_reported_and_nothing_is_stored(db, tmp_path):
    db.ledger("cases").insert(
        {
            "case_no": "已有1号",
            "cause": "x",
            "party": "甲公司",
            "party_type": "单位",
            "filed_on": "2024-01-01",
        }
    )
    rows = good_rows(6)
    rows[0][5] = "2024-02-30"  # bad date, row 2
    rows[1][6] = "一千元"  # bad amount, row 3
    rows[2][3] = "机关"  # unknown choice, row 4
    rows[3][0] = rows[4][0]  # duplicate within the file, rows 5 and 6
    rows[5][0] = "已有1号"  # already in the ledger, row 7
    path = write_book(tmp_path / "bad.xlsx", rows)
    result = import_workbook(db, "cases", path)
    assert not result.ok
    where = {(p.row, p.column, p.field) for p in result.errors}
    assert (2, "F", "立案日期") in where
    assert (3, "G", "罚款金额（元）") in where
    assert (4, "D", "当事人类型") in where
    texts = [str(p) for p in result.errors]
    assert any(t.startswith("工作表“案件台账”第2行F列（立案日期）：") for t in texts)
    # Rows already there (in the sheet or the ledger) are listed and left out by default...
    assert [row for row, _ in result.duplicates] == [6, 7]
    assert "与第5行相同" in result.duplicates[0][1]
    assert "已在台账中" in result.duplicates[1][1]
    assert (6, "A", "案号") not in where
    # ...or stop the import when asked to.
    stopped = import_workbook(db, "cases", path, on_duplicate="stop")
    where = {(p.row, p.column, p.field) for p in stopped.errors}
    assert (6, "A", "案号") in where and (7, "A", "案号") in where
    assert db.ledger("cases").count() == 1


def test_a_long_id_stored_as_a_number_is_caught(db, tmp_path):
    rows = good_rows(1)
    rows[0][3], rows[0][4] = "个人", float(make_id_number()[:15] + "000")
    result = import_workbook(db, "cases", write_book(tmp_path / "num.xlsx", rows))
    assert any("文本" in p.message and p.column == "E" for p in result.errors)


def test_wrong_header_and_missing_required_column(db, tmp_path):
    path = write_book(tmp_path / "wrong.xlsx", [["a", "b"]], header=["姓名", "电话"])
    result = import_workbook(db, "cases", path)
    assert not result.ok and "找不到执法案件的表头行" in str(result.errors[0])
    path = write_book(
        tmp_path / "missing.xlsx", [["A1", "x", "甲公司"]], header=["案号", "案由", "当事人"]
    )
    messages = [p.message for p in import_workbook(db, "cases", path).errors]
    # 甲公司 is a unit by its name; nothing tells a 立案日期
    assert not any("当事人类型" in m for m in messages)
    assert any(m.startswith("缺少必填列“立案日期”：第2行") for m in messages)
    assert db.ledger("cases").count() == 0


def test_a_workbook_for_another_ledger_is_refused(db, tmp_path):
    path = write_book(tmp_path / "cases.xlsx", good_rows(2))
    result = import_workbook(db, "trainings", path)
    assert not result.ok and db.ledger("trainings").count() == 0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "文件已损坏或不是有效的 Excel 工作簿"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("text.xlsx", "案号,案由\n1,2".encode(), "实际是文本或 CSV 文件"),
        ("cases.csv", "案号,案由\n1,2".encode(), "另存为"),
    ],
)
def test_files_that_are_not_workbooks(db, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    result = import_workbook(db, "cases", path)
    assert not result.ok and reason in result.errors[0].message


def test_missing_file_and_sheet(db, tmp_path):
    assert "找不到文件" in import_workbook(db, "cases", tmp_path / "no.xlsx").errors[0].message
    path = write_book(tmp_path / "cases.xlsx", good_rows(1))
    result = import_workbook(db, "cases", path, sheet="2023年")
    assert "没有工作表“2023年”" in result.errors[0].message
    assert "案件台账" in result.errors[0].message
    assert import_workbook(db, "cases", path, sheet="案件台账").ok


def test_dry_run_stores_nothing(db, tmp_path):
    path = write_book(tmp_path / "cases.xlsx", good_rows(2))
    result = import_workbook(db, "cases", path, dry_run=True)
    assert result.ok and len(result.values) == 2 and result.stored == 0
    assert db.ledger("cases").count() == 0


def test_other_ledgers_import(db, tmp_path):
    path = write_book(
        tmp_path / "t.xlsx",
        [["2024-06-01", "安全生产法培训", "执法培训", 45, "95%"]],
        header=["培训日期", "培训名称", "类别", "参训人数", "合格率"],
    )
    assert import_workbook(db, "trainings", path).ok
    rec = db.ledger("trainings").list()[0]
    assert rec["category"] == "执法人员业务培训" and rec["pass_rate"] == 0.95
