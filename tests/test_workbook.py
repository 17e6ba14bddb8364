"""The statistics workbook read back with openpyxl: every sheet's figures against `lawgov
stats` and the hand counts of test_workbook_data; formula safety; masking; print setup."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_workbook_data import (
    EXPECTED_MONEY_YUAN,
    EXPECTED_MONTHLY,
    EXPECTED_PENALTY,
    EXPECTED_ROWS,
    HYPERLINK,
    PERSON,
    PERSON_ID,
    build,
)

from lawgov_desktop.cli import main
from lawgov_desktop.domain import annual
from lawgov_desktop.domain.idcodes import mask_id, mask_name
from lawgov_desktop.domain.indicators import INDICATORS
from lawgov_desktop.domain.ledgers import LEDGER_KEYS, get_ledger
from lawgov_desktop.reports.workbook import (
    DATA_SHEET,
    read_data_sheet,
    workbook_filename,
    write_workbook,
)
from lawgov_desktop.reports.workbook_detail import looks_like_person

UNIT = "示例县应急管理局"
DATE = dt.date(2025, 1, 10)


@pytest.fixture
def ledger(db):
    return build(db, UNIT)


@pytest.fixture
def book(ledger, tmp_path):
    path = write_workbook(ledger, 2024, tmp_path / "out", date=DATE)
    return load_workbook(path)


def _cli_stats(capsys, year):
    assert main(["stats", "--year", str(year), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _rows(ws, first):
    return [r for r in ws.iter_rows(min_row=first, values_only=True)]


def test_file_name_sheets_and_hidden_data(ledger, tmp_path):
    path = write_workbook(ledger, 2024, tmp_path, date=DATE)
    assert path.name == f"{UNIT}2024年法治建设统计表.xlsx" == workbook_filename(UNIT, 2024)
    wb = load_workbook(path)
    labels = [get_ledger(k).label for k in LEDGER_KEYS]
    assert wb.sheetnames == ["汇总", "月度统计", "行政执法数据年报", *labels, DATA_SHEET]
    assert wb[DATA_SHEET].sheet_state == "hidden"
    assert all(wb[s].sheet_state == "visible" for s in wb.sheetnames[:-1])
    assert not list(tmp_path.glob("*.part"))  # written atomically


def test_summary_equals_lawgov_stats(book, ledger, capsys):
    from lawgov_desktop.reports.yeardata import _ledgers_of

    now, before = _cli_stats(capsys, 2024), _cli_stats(capsys, 2023)
    used = _ledgers_of(ledger, 2023)  # a ledger unused in 2023 has no 2023 figures ("—")
    before = {k: (v if k not in {i.id for i in INDICATORS if i.ledger and i.ledger not in used}
                  else None) for k, v in before.items()}
    ws = book["汇总"]
    assert ws["A1"].value == f"{UNIT}2024年法治建设统计汇总表"
    head = [c.value for c in ws[3]]
    assert head[:8] == ["序号", "类别", "指标", "计量单位", "2024年", "2023年", "增减", "增减幅度"]
    rows = _rows(ws, 4)[:len(INDICATORS)]
    for ind, row in zip(INDICATORS, rows, strict=True):
        assert row[2] == ind.label
        for value, expected in ((row[4], now[ind.id]), (row[5], before[ind.id])):
            if expected is None:
                assert value == "—", ind.id
            else:
                assert value == pytest.approx(expected), ind.id
        if ind.kind != "rate" and before[ind.id] is not None:
            assert row[6] == pytest.approx(now[ind.id] - before[ind.id]), ind.id
    fines = rows[[i.id for i in INDICATORS].index("fines_yuan")]
    assert fines[4] == 80000 and fines[5] == 3000 and fines[6] == 77000
    fines_row = 4 + [i.id for i in INDICATORS].index("fines_yuan")
    assert ws.cell(fines_row, 5).number_format == "#,##0.00"
    rate = ws.cell(4 + [i.id for i in INDICATORS].index("reconsideration_upheld_rate"), 5)
    assert rate.value == 0.5 and rate.number_format == "0.0%"


def test_monthly_sheet(book, capsys):
    stats = _cli_stats(capsys, 2024)
    ws = book["月度统计"]
    rows = _rows(ws, 4)
    assert [r[0] for r in rows[:13]] == [f"{m}月" for m in range(1, 13)] + ["合计"]
    for col, sid in enumerate(annual.MONTHLY_SERIES, start=1):
        expected = [EXPECTED_MONTHLY[sid].get(m, 0) for m in range(1, 13)]
        assert [r[col] for r in rows[:12]] == expected, sid
        assert rows[12][col] == stats[sid], sid
    assert len(ws._charts) == 1


def test_annual_sheet_heaviest_penalty(book, capsys):
    stats = _cli_stats(capsys, 2024)
    ws = book["行政执法数据年报"]
    cells = {r[0]: r for r in _rows(ws, 1) if r and r[0]}
    head = next(r for r in _rows(ws, 1) if r[0] == "填报单位")
    assert [h.replace("\n", "") for h in head[1:12]] == [
        *(c.label for c in annual.PENALTY_COLUMNS), "合计（宗）", "罚没金额（万元）"]
    rows = [r for r in _rows(ws, 1) if r[0] == UNIT]
    penalty, coercion, totals = rows[:3]  # then the tables of later registers (行政检查 …)
    expected = [EXPECTED_PENALTY[c.id] for c in annual.PENALTY_COLUMNS]
    assert list(penalty[1:10]) == expected
    assert penalty[10] == 7 == stats["penalty_decisions"]
    assert penalty[11] == pytest.approx(EXPECTED_MONEY_YUAN / 10000)  # 万元
    assert coercion[11] == stats["court_enforcement_applications"] == 1
    assert coercion[1:11] == (None,) * 10  # not kept in the ledger: left for the user
    assert totals[1] == stats["cases_filed"] and totals[2] == stats["penalty_decisions"]
    assert totals[3] == 1  # 不予处罚 (H)
    assert "一、行政处罚" in cells and "二、行政强制" in cells


def test_detail_sheets_rows_headers_and_types(book):
    for key in LEDGER_KEYS:
        ledger = get_ledger(key)
        ws = book[ledger.label]
        assert [c.value for c in ws[3]] == [f.label for f in ledger.fields]
        data = [r for r in _rows(ws, 4) if any(v is not None for v in r)]
        if key not in EXPECTED_ROWS:  # a register this fixture has no records for
            assert data[-1][0] == "共 0 条", key
            continue
        assert data[-1][0] == f"共 {EXPECTED_ROWS[key]} 条"
        assert len(data) - 1 == EXPECTED_ROWS[key], key
    cases = book["执法案件"]
    by_no = {r[0]: r for r in _rows(cases, 4)}
    keys = get_ledger("cases").keys
    b = by_no["B"]
    assert b[keys.index("fine_amount")] == 20000
    assert b[keys.index("confiscation_amount")] == 5000.5
    assert b[keys.index("decided_on")] == dt.datetime(2024, 3, 10)
    row_b = next(r for r in cases.iter_rows(min_row=4) if r[0].value == "B")
    assert row_b[keys.index("confiscation_amount")].number_format == "#,##0.00"
    assert row_b[keys.index("decided_on")].number_format == "yyyy-mm-dd"
    assert "I" not in by_no and "K" not in by_no  # deleted; other year


def test_formula_like_text_stays_text(book):
    ws = book["执法案件"]
    party = get_ledger("cases").keys.index("party") + 1
    cell = next(r[party - 1] for r in ws.iter_rows(min_row=4) if r[0].value == "F")
    assert cell.value == HYPERLINK and cell.data_type == "s"
    trainings = book["学法培训"]
    names = {r[1].value: r[1].data_type for r in trainings.iter_rows(min_row=4) if r[1].value}
    assert names["#N/A"] == "s"  # an error code typed as text is not an error cell
    notes = [r[-1].value for r in trainings.iter_rows(min_row=4) if r[-1].value]
    assert notes == ["备注含控制字符"]  # a control character XML cannot carry is dropped
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)


def test_unit_name_that_looks_like_a_formula(db, tmp_path):
    build(db, "=1+1")
    wb = load_workbook(write_workbook(db, 2024, tmp_path / "x.xlsx", date=DATE))
    assert wb["汇总"]["A1"].value == "=1+12024年法治建设统计汇总表"
    assert wb["汇总"]["A1"].data_type == "s"
    assert read_data_sheet(tmp_path / "x.xlsx").unit == "=1+1"


def test_masked_by_default(book):
    ws = book["执法案件"]
    keys = get_ledger("cases").keys
    c = next(r for r in _rows(ws, 4) if r[0] == "C")
    assert c[keys.index("party")] == mask_name(PERSON) == "张**"
    assert c[keys.index("id_number")] == mask_id(PERSON_ID)
    a = next(r for r in _rows(ws, 4) if r[0] == "A")
    assert a[keys.index("party")] == "示例化工有限公司"  # a 单位 is never masked
    applicants = [r[3] for r in _rows(book["复议诉讼"], 4) if r[0] in ("行政复议", "行政诉讼")]
    assert applicants == ["张**", "示例化工有限公司", "李*"]
    flat = [str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r]
    assert not any(PERSON in v or PERSON_ID in v for v in flat)


def test_unmasked_on_request(ledger, tmp_path, capsys):
    assert main(["export", "--year", "2024", "--out", str(tmp_path), "--format", "xlsx",
                 "--no-mask"]) == 0
    assert "未脱敏" in capsys.readouterr().out
    wb = load_workbook(tmp_path / workbook_filename(UNIT, 2024))
    keys = get_ledger("cases").keys
    c = next(r for r in _rows(wb["执法案件"], 4) if r[0] == "C")
    assert c[keys.index("party")] == PERSON and c[keys.index("id_number")] == PERSON_ID
    applicants = [r[3] for r in _rows(wb["复议诉讼"], 4) if r[0]][:3]
    assert applicants == [PERSON, "示例化工有限公司", "李四"]


@pytest.mark.parametrize(("name", "person"), [
    ("张三", True), ("欧阳娜娜", True), ("阿依古丽·买买提", True), ("李会", True),
    ("示例化工有限公司", False), ("城关加油站", False), ("红星五金店", False),
    ("县农机合作社", False), ("李记商行", False), ("青山石材厂", False), ("Zhang San", False),
    ("张三（个体工商户）", False),
])
def test_looks_like_person(name, person):
    assert looks_like_person(name) is person


def test_print_setup(book):
    for ws in book.worksheets[:-1]:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize in (9, "9")
        wide = 2 if ws.title == "执法案件" else 1  # 25 columns: two pages wide, not 35 %
        assert int(ws.page_setup.fitToWidth) == wide, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws["A1"].font.b and ws["A1"].value.endswith(("表", "年报", "台账"))
    for name in ("汇总", "月度统计", "执法案件", "普法宣传"):
        ws = book[name]
        assert ws.freeze_panes in ("E4", "B4")
        assert ws.print_title_rows == "$3:$3"
    assert book["执法案件"].auto_filter.ref.startswith("A3:Z")  # 26 fields with 历史记录
    assert book["汇总"].auto_filter.ref == f"A3:I{3 + len(INDICATORS)}"
    widths = book["执法案件"].column_dimensions
    assert widths["B"].width > widths["D"].width  # 案由 wider than 当事人类型
    cases = book["执法案件"]
    assert cases.print_title_cols == "$A:$A"  # 案号 on every page across
    assert cases.page_setup.pageOrder == "overThenDown"
    title = next(str(r) for r in cases.merged_cells.ranges if str(r).startswith("A1:"))
    assert title not in ("A1:A1", "A1:Y1")  # centred over the first page, not split across two


def test_pages_wide_keeps_print_legible():
    from lawgov_desktop.reports.workbook_style import first_page_columns, pages_wide

    assert pages_wide([20] * 10) == 1  # 200 units: one page at about 73 %
    assert pages_wide([14] * 25, repeated=14) == 2
    assert pages_wide([20] * 30, repeated=20) == 4
    assert first_page_columns([10, 10, 10, 10], 2) == 2
    assert first_page_columns([10, 10], 1) == 2


def test_data_sheet_round_trip(ledger, tmp_path):
    path = write_workbook(ledger, 2024, tmp_path, date=DATE)
    unit = read_data_sheet(path)
    assert (unit.unit, unit.year, unit.members) == (UNIT, 2024, (UNIT,))
    stats = ledger.stats(2024)
    for key, value in stats.items():
        assert unit.figures[key] == value, key
    assert unit.previous == ledger.stats(2023)
    assert unit.figures[annual.PENALTY_MONEY] == pytest.approx(EXPECTED_MONEY_YUAN)
    assert unit.monthly["penalty_decisions"][2] == 2


def test_export_cli_xlsx_and_bad_format(ledger, tmp_path, capsys):
    assert main(["export", "--year", "2024", "--out", str(tmp_path), "--format", "xlsx"]) == 0
    assert "已导出统计表" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["export", "--year", "2024", "--out", str(tmp_path), "--format", "csv"])
    assert "不支持的格式" in capsys.readouterr().err


def test_empty_year(db, tmp_path):
    wb = load_workbook(write_workbook(db, 2020, tmp_path, date=DATE))
    assert "2020年无执法案件记录" in [r[0] for r in _rows(wb["执法案件"], 4)]
    assert wb["汇总"].cell(4, 5).value == 0


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice not installed")
def test_libreoffice_opens_it(ledger, tmp_path):
    path = write_workbook(ledger, 2024, tmp_path, date=DATE)
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    pdf = path.with_suffix(".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages")))
        assert pages >= 7  # 汇总, 月度统计, 年报 and the four ledgers at least once each
    assert isinstance(Path(pdf), Path)


def test_export_cli_without_cjk_fonts_says_so(ledger, tmp_path, capsys, monkeypatch):
    import lawgov_desktop.reports as reports
    from lawgov_desktop.reports.fonts import NoCjkFontError

    def no_fonts(*args, **kwargs):
        raise NoCjkFontError("未找到可嵌入的中文 TrueType 字体")

    monkeypatch.setattr(reports, "resolve_fonts", no_fonts)
    code = main(["export", "--year", "2024", "--out", str(tmp_path), "--format", "pdf,xlsx"])
    captured = capsys.readouterr()
    assert code == 1 and "年度报告未导出" in captured.err and "中文" in captured.err
