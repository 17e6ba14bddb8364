"""The 行政执法数据年报 sheet drawn from templates, read back cell by cell with openpyxl against
`lawgov stats` and the hand counts of test_workbook_data: the national default, the example
7-column variant, blank-with-note cells, tables of registers a build may lack, the data sheet
naming its template, and a template that went bad between choosing and exporting."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from annual_sheet import by_title, read_blocks
from openpyxl import load_workbook
from test_workbook_data import EXPECTED_MONEY_YUAN, EXPECTED_PENALTY, build

from lawgov_desktop.cli import main
from lawgov_desktop.domain import annual
from lawgov_desktop.domain.annual_template import ledger_exists, load, user_folder
from lawgov_desktop.reports.workbook import DATA_SHEET, read_data_sheet, write_workbook
from lawgov_desktop.reports.workbook_annual import ANNUAL_SHEET

UNIT = "示例县应急管理局"
DATE = dt.date(2025, 1, 10)
PENALTY_HEADERS = [c.label for c in annual.PENALTY_COLUMNS] + ["合计（宗）", "罚没金额（万元）"]


@pytest.fixture
def ledger(db):
    return build(db, UNIT)


def _stats(capsys, year=2024):
    assert main(["stats", "--year", str(year), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _sheet(db, tmp_path, name="out.xlsx"):
    return load_workbook(write_workbook(db, 2024, tmp_path / name, date=DATE))[ANNUAL_SHEET]


def test_national_read_back_cell_by_cell(ledger, tmp_path, capsys):
    stats = _stats(capsys)
    ws = _sheet(ledger, tmp_path)
    assert ws["A1"].value == f"{UNIT}2024年行政执法数据年报"
    blocks = read_blocks(ws)
    titles = ["行政处罚", "行政强制", "执法案件办理情况（宗）"]
    titles += [t for t, reg in (("行政检查", "inspections"), ("执法人员", "officers"))
               if ledger_exists(reg)]
    assert [b.title for b in blocks] == titles
    penalty, coercion, cases = blocks[:3]

    assert penalty.headers == PENALTY_HEADERS
    row = penalty.rows[UNIT]
    assert row[:9] == [EXPECTED_PENALTY[c.id] for c in annual.PENALTY_COLUMNS]
    assert row[9] == EXPECTED_PENALTY["penalty_total"] == stats["penalty_decisions"]
    assert row[10] == pytest.approx(EXPECTED_MONEY_YUAN / 10000)
    assert row[10] == pytest.approx((stats["fines_yuan"] + stats["confiscations_yuan"]) / 10000)
    assert penalty.cells[UNIT][10].number_format == "#,##0.00"
    assert "最重的一种" in penalty.note

    assert coercion.headers == [
        *(f"行政强制措施（件）·{h}" for h in ("查封", "扣押", "冻结", "其他")),
        *(f"行政强制执行（件）·{h}" for h in
          ("加处罚款或滞纳金", "划拨", "拍卖", "排除妨碍", "代履行", "其他")),
        "申请法院强制执行（件）"]
    assert coercion.rows[UNIT] == [None] * 10 + [stats["court_enforcement_applications"]]
    assert coercion.rows[UNIT][10] == 1

    expected_cases = {
        "立案": stats["cases_filed"], "作出处罚决定": stats["penalty_decisions"],
        "不予处罚": 1, "撤销案件": 0, "移送处理": 0, "结案": stats["cases_closed"],
        "法制审核": stats["legal_reviews"], "集体讨论": stats["collective_reviews"],
        "陈述申辩": stats["statements_heard"], "听证": stats["hearings_held"],
        "移送司法机关": stats["transfers_to_judiciary"]}
    assert dict(zip(cases.headers, cases.rows[UNIT], strict=True)) == expected_cases


def test_unrecorded_columns_are_blank_with_a_note_never_zero(ledger, tmp_path):
    coercion = by_title(_sheet(ledger, tmp_path))["行政强制"]
    blank = coercion.cells[UNIT][:10]
    for c, head in zip(blank, coercion.headers, strict=False):
        assert c.value is None, head  # blank: the ledger cannot know it was 0
        assert c.comment is not None and "台账不登记" in c.comment.text, head
        assert c.fill.fgColor.rgb.endswith("FFF2CC"), head
    assert coercion.note.endswith(
        "行政强制措施各栏，行政强制执行各栏：台账不登记，已留空（黄色单元格），"
        "请据实填报（确未发生的填0，不要留空上报）。")


def test_the_example_7col_variant_read_back(ledger, tmp_path, capsys):
    stats = _stats(capsys)
    assert main(["config", "annual_template", "example_7col"]) == 0
    ws = _sheet(ledger, tmp_path)
    blocks = by_title(ws)
    assert list(blocks) == ["行政处罚（宗）", "行政强制（件）", "行政复议和行政诉讼（件）"]
    penalty = blocks["行政处罚（宗）"]
    # counted by hand from test_workbook_data: E (吊销) is the one 暂扣或者吊销; D (责令停产停业)
    # and J (限制开展生产经营活动) are the two 责令停产停业
    assert dict(zip(penalty.headers, penalty.rows[UNIT], strict=True)) == {
        "警告": 1, "罚款": 1, "没收违法所得、没收非法财物": 1, "责令停产停业": 2,
        "暂扣或者吊销许可证、执照": 1, "行政拘留": 0, "其他": 1, "合计": 7,
        "罚没金额（万元）": pytest.approx(EXPECTED_MONEY_YUAN / 10000)}
    assert sum(penalty.rows[UNIT][:7]) == stats["penalty_decisions"]
    coercion = blocks["行政强制（件）"]
    assert coercion.rows[UNIT] == [1, None, None]
    appeals = blocks["行政复议和行政诉讼（件）"]
    assert appeals.headers == ["收到·行政复议", "收到·行政诉讼", "收到·合计", "被纠错·复议纠错",
                               "被纠错·诉讼败诉", "被纠错·合计", "复议纠错率", "负责人出庭应诉"]
    assert appeals.rows[UNIT] == [
        stats["reconsiderations_total"], stats["lawsuits_total"], 3,
        stats["reconsiderations_corrected"], stats["lawsuits_lost"], 1, pytest.approx(0.5),
        stats["head_appearances"]]
    assert appeals.cells[UNIT][6].number_format == "0.0%"
    assert read_data_sheet(tmp_path / "out.xlsx").template == "example_7col"


REGISTERS = """
format = 1
id = "{id}"
title = "执法统计"

[[tables]]
id = "penalty"
title = "处罚"

[[tables.columns]]
header = "罚款"
figure = "penalty_fine"

[[tables]]
id = "later"
title = "将来台账的表"
requires_ledger = "no_such_register"

[[tables.columns]]
header = "将来的指标"
figure = "an_indicator_of_a_later_version"

[[tables]]
id = "cases"
title = "案件"
requires_ledger = "cases"

[[tables.columns]]
header = "立案"
figure = "cases_filed"

[[tables.columns]]
header = "没有记录的"
unrecorded = true
"""


def test_requires_ledger_draws_a_table_only_where_its_register_exists(ledger, data_dir,
                                                                         tmp_path, capsys):
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    (folder / "synthetic.toml").write_text(REGISTERS.format(id="synthetic"), encoding="utf-8")
    assert main(["config", "annual_template", "synthetic"]) == 0
    capsys.readouterr()
    stats = _stats(capsys)
    ws = _sheet(ledger, tmp_path)
    assert ws["A1"].value == f"{UNIT}2024年执法统计"
    blocks = read_blocks(ws)
    assert [b.title for b in blocks] == ["处罚", "案件"]  # 三 would be the absent register
    assert ws["A3"].value == "一、处罚"
    assert blocks[1].rows[UNIT] == [stats["cases_filed"], None]
    assert "将来" not in "".join(str(c.value) for r in ws.iter_rows() for c in r)


def test_the_real_register_tables_when_they_exist(ledger, tmp_path, capsys):
    """After the 行政检查 and 执法人员 registers landed: their tables against their ids."""
    national = load("national", None)
    drawn = [t for t in national.drawn_tables() if t.requires_ledger]
    if not drawn:
        pytest.skip("this build has neither the inspections nor the officers register")
    stats = _stats(capsys)
    blocks = by_title(_sheet(ledger, tmp_path))
    for table in drawn:
        row = blocks[table.title].rows[UNIT]
        for column, value in zip(table.columns, row, strict=True):
            expected = stats[column.figures[0]]
            assert value == (pytest.approx(expected) if expected is not None else "—"), \
                column.header


def test_data_sheet_names_its_template_and_old_workbooks_are_national(ledger, tmp_path):
    path = write_workbook(ledger, 2024, tmp_path / "a.xlsx", date=DATE)
    wb = load_workbook(path)
    marker = [c.value for c in wb[DATA_SHEET][1]][:5]
    assert marker == ["format", "lawgov-stats-workbook", 1, "template", "national"]
    assert read_data_sheet(path).template == "national"
    wb[DATA_SHEET].cell(1, 4).value = None  # as the first version wrote it
    wb[DATA_SHEET].cell(1, 5).value = None
    wb.save(tmp_path / "old.xlsx")
    assert read_data_sheet(tmp_path / "old.xlsx").template == "national"


def test_a_template_gone_bad_stops_the_export_with_its_message(ledger, data_dir, tmp_path,
                                                                capsys):
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    mine = folder / "mine.toml"
    mine.write_text(REGISTERS.format(id="mine"), encoding="utf-8")
    assert main(["config", "annual_template", "mine"]) == 0
    mine.write_text(REGISTERS.format(id="mine").replace("[[tables]]\nid = \"cases\"",
                                                        "[[tables]\nid = \"cases\""),
                    encoding="utf-8")
    out = tmp_path / "out"
    code = main(["export", "--year", "2024", "--out", str(out), "--format", "xlsx"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "mine.toml" in err and "TOML" in err and "Traceback" not in err
    assert not list(out.glob("*.xlsx")) if out.exists() else True
    mine.unlink()
    assert main(["export", "--year", "2024", "--out", str(out), "--format", "xlsx"]) == 2
    assert "找不到年报模板“mine”" in capsys.readouterr().err


def test_a_template_whose_registers_are_all_absent_says_so(ledger, data_dir, tmp_path):
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    text = REGISTERS.format(id="later")
    table = text[text.index('[[tables]]\nid = "later"'):text.index('[[tables]]\nid = "cases"')]
    only_later = 'id = "later"\ntitle = "将来的年报"\n' + table
    (folder / "later.toml").write_text(only_later, encoding="utf-8")
    ledger.set_setting("annual_template", "later")
    ws = _sheet(ledger, tmp_path)
    assert read_blocks(ws) == []
    assert "本版本程序没有的台账（no_such_register）" in ws["A3"].value


def test_means_and_fractional_sums_keep_their_decimals(tmp_path):
    """Kinds of the later registers (人均培训学时 is a mean; 培训学时 sums have fractions)."""
    from lawgov_desktop.domain.annual_template import Column, Table, Template
    from lawgov_desktop.reports.workbook import new_workbook
    from lawgov_desktop.reports.workbook_annual import write_annual

    columns = (Column("人均学时", ("per_officer",), None, "学时", "mean", 1, "", ""),
               Column("学时合计", ("hours",), None, "学时", "count", 1, "", ""),
               Column("人数", ("officers",), None, "人", "count", 1, "", ""))
    template = Template("t", "年报", "", "", (Table("o", "执法人员", "", None, columns),),
                        "t.toml", False)
    wb = new_workbook("t")
    write_annual(wb, "标题", "副标题", [("甲", {"per_officer": 12.25, "hours": 49.0,
                                               "officers": 4}),
                                       ("乙", {"per_officer": None, "hours": 7.5,
                                               "officers": 0})], template)
    wb.save(tmp_path / "t.xlsx")
    block = read_blocks(load_workbook(tmp_path / "t.xlsx")[ANNUAL_SHEET])[0]
    assert block.rows == {"甲": [12.25, 49, 4], "乙": ["—", 7.5, 0]}
    assert [c.number_format for c in block.cells["甲"]] == ["#,##0.0", "#,##0", "#,##0"]
    assert block.cells["乙"][1].number_format == "#,##0.0"


def test_a_fact_of_the_year_is_unknown_until_entered(ledger, tmp_path, capsys):
    """计划检查企业 comes from 年度情况: "—" while nobody entered it, never 0."""
    national = load("national", None)
    table = next((t for t in national.drawn_tables() if t.id == "inspections"), None)
    if table is None:
        pytest.skip("this build has no inspections register")
    heads = [c.header.replace("\n", "") for c in table.columns]
    row = by_title(_sheet(ledger, tmp_path, "a.xlsx"))["行政检查"].rows[UNIT]
    assert row[heads.index("计划检查企业（家）")] == "—"
    assert row[heads.index("计划完成率")] == "—"
    assert main(["facts", "--year", "2024", "plan_units", "40"]) == 0
    capsys.readouterr()
    stats = _stats(capsys)
    row = by_title(_sheet(ledger, tmp_path, "b.xlsx"))["行政检查"].rows[UNIT]
    assert row[heads.index("计划检查企业（家）")] == 40
    assert row[heads.index("计划完成率")] == pytest.approx(stats["inspected_units"] / 40)
