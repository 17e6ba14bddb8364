"""The importer under the GUI wizard: sheets, a ledger guess, a header row chosen by hand,
headers mapped by the user (and remembered), and a preview that stops early."""

from __future__ import annotations

from legacy_books import LEGACY_HEADER, USER_MAPPING, legacy_rows, write_legacy_book
from openpyxl import Workbook

from lawgov_desktop.domain.ledgers import load_ledgers
from lawgov_desktop.importing import (
    NOT_IMPORTED,
    guess_ledger,
    import_workbook,
    preview,
    read_head,
    read_sheet,
)


def test_sheets_and_the_ledger_they_look_like(tmp_path):
    path = write_legacy_book(tmp_path / "legacy.xlsx")
    head = read_head(path)
    assert list(head.sheets) == ["2023年处罚台账", "说明"]
    ledgers = list(load_ledgers().values())
    assert guess_ledger(head, "2023年处罚台账", ledgers) == "cases"
    assert guess_ledger(head, "说明", ledgers) is None


def test_unmapped_required_columns_block_until_the_user_maps_them(db, tmp_path):
    path = write_legacy_book(tmp_path / "legacy.xlsx")
    ledger = db.ledger("cases").definition
    data = read_sheet(path, ledger, "2023年处罚台账")
    assert data.header_row == 3 and data.header_found
    assert data.headers[1] == "文书编号" and 1 not in data.columns
    assert {"序号", *USER_MAPPING} == set(data.ignored)  # 备注 is a field of its own
    refused = import_workbook(db, "cases", path, "2023年处罚台账")
    assert not refused.ok
    assert sorted(p.message.split("：")[0] for p in refused.errors) == [
        "缺少必填列“当事人”", "缺少必填列“案号”"]
    assert all(p.row == 0 and p.sheet == "2023年处罚台账" for p in refused.errors)

    result = import_workbook(db, "cases", path, "2023年处罚台账", remembered=USER_MAPPING)
    assert result.ok, [str(p) for p in result.problems]
    stored = {r["case_no"]: r for r in db.ledger("cases").list()}
    assert len(stored) == 4
    assert stored["示应急罚〔2023〕1号"]["filed_on"] == "2023-03-05"  # typed as text
    assert stored["示应急罚〔2023〕2号"]["filed_on"] == "2023-03-15"  # Excel serial 45000
    assert stored["示应急罚〔2023〕3号"]["filed_on"] == "2023-06-01"  # a real date cell
    assert stored["示应急罚〔2023〕2号"]["party_type"] == "个人"
    assert stored["示应急罚〔2023〕3号"]["fine_amount"] == 300000


def test_a_recognised_column_can_be_left_out(db, tmp_path):
    path = write_legacy_book(tmp_path / "legacy.xlsx")
    mapping = {**USER_MAPPING, "罚款(元)": NOT_IMPORTED}
    data = read_sheet(path, db.ledger("cases").definition, None, mapping)
    assert "fine_amount" not in data.columns.values() and "罚款(元)" in data.ignored
    assert import_workbook(db, "cases", path, remembered=mapping).ok
    assert all(r["fine_amount"] is None for r in db.ledger("cases").list())


def test_preview_reads_only_the_first_rows_and_keeps_whole_rows(db, tmp_path):
    path = write_legacy_book(tmp_path / "legacy.xlsx", legacy_rows(40))
    data = read_sheet(path, db.ledger("cases").definition, None, USER_MAPPING, limit=5)
    assert [n for n, _ in data.rows] == [4, 5, 7, 8, 9]  # row 6 is the blank line
    assert len(data.preview) == 5 and len(data.preview[0][1]) == len(LEGACY_HEADER)
    assert data.preview[0][1][1] == "示应急罚〔2023〕1号"
    from_head = preview(read_head(path), "2023年处罚台账", db.ledger("cases").definition,
                        USER_MAPPING)
    assert (from_head.rows, from_head.preview, from_head.columns) == \
        (data.rows, data.preview, data.columns)


def test_a_header_row_given_by_hand(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["内部编号", "事项", "对象", "对象类别", "日期"])  # nothing a ledger knows
    ws.append(["B-1", "违法储存", "青山化工有限公司", "单位", "2024-05-06"])
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    ledger = db.ledger("cases").definition
    guessed = read_sheet(path, ledger, require_header=False)
    assert not guessed.header_found and guessed.header_row == 1 and guessed.columns == {}
    mapping = {"内部编号": "case_no", "事项": "cause", "对象": "party",
               "对象类别": "party_type", "日期": "filed_on"}
    result = import_workbook(db, "cases", path, remembered=mapping, header_row=1)
    assert result.ok and result.stored == 1
    assert db.ledger("cases").list()[0]["party"] == "青山化工有限公司"
    bad = import_workbook(db, "cases", path, header_row=9, dry_run=True)
    assert not bad.ok and "没有第9行" in bad.errors[0].message


def test_mappings_are_remembered_per_ledger_and_used_by_the_cli(db, tmp_path, capsys):
    db.remember_import_mappings("cases", {"文书编号": "case_no"})
    db.remember_import_mappings("cases", {**USER_MAPPING, "罚款(元)": NOT_IMPORTED})
    assert db.import_mappings("cases") == {**USER_MAPPING, "罚款(元)": ""}
    assert db.import_mappings("trainings") == {}
    path = write_legacy_book(tmp_path / "legacy.xlsx")
    from lawgov_desktop.cli import main

    db_dir = db.path.parent
    db.close()
    assert main(["--data-dir", str(db_dir), "import", "cases", str(path), "--dry-run"]) == 0
    assert "4 行执法案件可以导入" in capsys.readouterr().out


def test_a_mapping_by_column_tells_apart_two_columns_with_one_header(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "案由", "当事人", "当事人类型", "日期", "日期"])
    ws.append(["C-1", "违法储存", "青山化工有限公司", "单位", "2024-05-06", "2024-05-09"])
    path = tmp_path / "two-dates.xlsx"
    wb.save(path)
    columns = {0: "case_no", 1: "cause", 2: "party", 3: "party_type", 4: "filed_on",
               5: "legal_review_on"}
    result = import_workbook(db, "cases", path, header_row=1, columns=columns)
    assert result.ok, [str(p) for p in result.problems]
    stored = db.ledger("cases").list()[0]
    assert (stored["filed_on"], stored["legal_review_on"]) == ("2024-05-06", "2024-05-09")
