"""`lawgov aggregate`: three units' workbooks combined equal one ledger holding all their
records; foreign, mixed-year and duplicated inputs are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from factories import case, make_uscc
from openpyxl import Workbook, load_workbook
from test_workbook_data import EXPECTED_PENALTY, build

from lawgov_desktop.cli import main
from lawgov_desktop.domain import annual
from lawgov_desktop.domain.indicators import INDICATORS
from lawgov_desktop.reports.aggregate import aggregate
from lawgov_desktop.reports.workbook import (
    DATA_SHEET,
    read_data_sheet,
    write_workbook,
)
from lawgov_desktop.storage import Database

DATE = dt.date(2025, 1, 10)
UNITS = ("城关镇应急管理办公室", "河口镇应急管理办公室", "青山镇应急管理办公室")


def _unit_b(db: Database) -> None:
    t = db.ledger("cases")
    t.insert(case(case_no="B1", filed_on="2024-02-01", decided_on="2024-03-01",
                  decision_type="给予处罚", penalty_kinds="罚款；吊销许可证件",
                  fine_amount="0.10", closed_on="2024-03-05"))
    t.insert(case(case_no="B2", filed_on="2023-11-01", decided_on="2024-01-15",
                  decision_type="给予处罚", penalty_kinds="警告", id_number=make_uscc("91421")))
    a = db.ledger("appeals")
    for result in ("维持", "终止（撤回）", None, "和解"):
        rec = {"kind": "行政复议", "applicant": "某某有限公司", "received_on": "2024-05-05"}
        if result:
            rec.update(result=result, closed_on="2024-07-01")
        a.insert(rec)
    a.insert({"kind": "行政诉讼", "applicant": "某某有限公司", "received_on": "2024-02-02",
              "result": "驳回诉讼请求", "closed_on": "2024-08-08", "head_appeared": "是"})
    a.insert({"kind": "行政诉讼", "applicant": "某某有限公司", "received_on": "2024-02-03",
              "result": "调解", "closed_on": "2024-08-09", "head_appeared": "否"})
    db.ledger("trainings").insert({"date": "2024-07-07", "name": "中心组学法", "participants": 9})


def _unit_c(db: Database) -> None:
    db.ledger("cases").insert(case(case_no="C1", filed_on="2024-06-01", decided_on="2024-06-20",
                                   decision_type="给予处罚", penalty_kinds="罚款",
                                   fine_amount="0.20"))
    db.ledger("appeals").insert({"kind": "行政复议", "applicant": "某某有限公司",
                                 "received_on": "2024-09-09", "result": "撤销",
                                 "closed_on": "2024-11-11"})
    db.ledger("publicity").insert({"start_on": "2023-06-01", "name": "去年的宣传",
                                   "onsite_audience": 50})


FILLERS = (lambda db: build(db, UNITS[0]), _unit_b, _unit_c)


@pytest.fixture
def three(tmp_path):
    """Three units' workbooks for 2024, and one ledger holding all their records."""
    paths = []
    everything = Database.open(tmp_path / "all")
    for n, (unit, fill) in enumerate(zip(UNITS, FILLERS, strict=True)):
        with Database.open(tmp_path / f"u{n}") as db:
            db.set_setting("unit_name", unit)
            fill(db)
            paths.append(write_workbook(db, 2024, tmp_path / "in", date=DATE))
        fill(everything)  # same records, one ledger (case numbers differ between units)
    yield paths, everything
    everything.close()


def test_three_units_equal_the_sum_of_their_ledgers(three, tmp_path, capsys):
    paths, everything = three
    out = tmp_path / "total.xlsx"
    assert main(["aggregate", *map(str, paths), "--out", str(out), "--unit", "示例县"]) == 0
    assert "已汇总 3 个统计表" in capsys.readouterr().out
    total = read_data_sheet(out)
    assert total.unit == "示例县" and total.year == 2024 and total.members == UNITS

    def run(sql, params):
        return everything.conn.execute(sql, params).fetchall()

    expected = dict(everything.stats(2024))
    expected.update(annual.annual_figures(run, 2024))
    expected.update(annual.flatten_monthly(annual.monthly(run, 2024)))
    for fid in annual.figure_ids():
        if expected[fid] is None:
            assert total.figures[fid] is None, fid
        else:
            assert total.figures[fid] == pytest.approx(expected[fid]), fid
    assert total.previous == pytest.approx(everything.stats(2023))
    # rates come from the summed parts: 2 upheld of (7 − 1 pending − 1 terminated), the
    # 和解 staying in the denominator (DOMAIN.md §9)
    assert total.figures["reconsideration_upheld_rate"] == pytest.approx(2 / 5)
    assert total.figures["reconsiderations_mediated"] == 1
    assert total.figures["lawsuits_mediated"] == 1
    assert total.figures["fines_yuan"] == 80000.30  # exact to the fen
    assert total.figures["penalty_revocation"] == EXPECTED_PENALTY["penalty_revocation"] + 1


def test_combined_sheets_have_a_column_or_row_per_unit(three, tmp_path):
    paths, everything = three
    path, total, units = aggregate(paths, tmp_path / "t.xlsx", date=DATE)
    assert total.unit == "3个单位合计"
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "月度统计", "行政执法数据年报", DATA_SHEET]
    ws = wb["汇总"]
    head = [c.value for c in ws[3]]
    assert head[4:9] == [*UNITS, "2024年合计", "2023年"]
    ids = [i.id for i in INDICATORS]
    row = [c.value for c in ws[4 + ids.index("cases_filed")]]
    per_unit = [read_data_sheet(p).figures["cases_filed"] for p in paths]
    assert row[4:7] == per_unit and row[7] == sum(per_unit) == everything.stats(2024)["cases_filed"]
    annual_rows = [r for r in wb["行政执法数据年报"].iter_rows(values_only=True)
                   if r[0] in (*UNITS, "合计")]
    assert [r[0] for r in annual_rows[:4]] == [*UNITS, "合计"]
    assert annual_rows[3][10] == sum(r[10] for r in annual_rows[:3])  # 合计（宗）
    # a total can be combined again upward (the county's total at the city)
    other = tmp_path / "other"
    with Database.open(other) as db:
        db.set_setting("unit_name", "另一县")
        _unit_c(db)
        other_path = write_workbook(db, 2024, other, date=DATE)
    _, upper, _ = aggregate([path, other_path], tmp_path / "city.xlsx", date=DATE)
    assert upper.members == (*UNITS, "另一县")
    assert upper.figures["cases_filed"] == total.figures["cases_filed"] + 1


def _expect_refusal(capsys, *args: str) -> str:
    assert main(["aggregate", *args]) == 2
    return capsys.readouterr().err


def test_refuses_different_years(three, tmp_path, capsys):
    paths, _ = three
    with Database.open(tmp_path / "y") as db:
        db.set_setting("unit_name", "白石镇")
        old = write_workbook(db, 2023, tmp_path / "y", date=DATE)
    err = _expect_refusal(capsys, str(paths[0]), str(old), "--out", str(tmp_path / "t.xlsx"))
    assert "年度不一致" in err and "2023年" in err
    assert not (tmp_path / "t.xlsx").exists()


def test_refuses_foreign_workbooks(three, tmp_path, capsys):
    paths, _ = three
    plain = tmp_path / "plain.xlsx"
    wb = Workbook()
    wb.active.append(["立案", 3])
    wb.save(plain)
    err = _expect_refusal(capsys, str(paths[0]), str(plain), "--out", str(tmp_path / "t.xlsx"))
    assert "plain.xlsx" in err and "不是本程序导出" in err
    text = tmp_path / "notes.xlsx"
    text.write_text("不是工作簿", encoding="utf-8")
    assert "不是有效的 Excel" in _expect_refusal(capsys, str(text), "--out", str(tmp_path / "t"))
    assert "找不到" in _expect_refusal(capsys, str(tmp_path / "missing.xlsx"), "--out", "t.xlsx")


def _edit_data_sheet(src: Path, dst: Path, edit) -> Path:
    wb = load_workbook(src)
    edit(wb[DATA_SHEET])
    wb.save(dst)
    return dst


def test_refuses_other_versions_and_tampered_data(three, tmp_path, capsys):
    paths, _ = three
    newer = _edit_data_sheet(paths[1], tmp_path / "newer.xlsx",
                             lambda ws: ws.cell(1, 3, 99))
    assert "升级" in _expect_refusal(capsys, str(paths[0]), str(newer), "--out", "t.xlsx")
    short = _edit_data_sheet(paths[1], tmp_path / "short.xlsx",
                             lambda ws: ws.delete_rows(10, 5))
    assert "缺少" in _expect_refusal(capsys, str(short), "--out", "t.xlsx")
    text = _edit_data_sheet(paths[1], tmp_path / "text.xlsx",
                            lambda ws: ws.cell(7, 2, "十二"))
    assert "不是数字" in _expect_refusal(capsys, str(text), "--out", "t.xlsx")


def test_refuses_counting_a_unit_twice(three, tmp_path, capsys):
    paths, _ = three
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(paths[0].read_bytes())
    err = _expect_refusal(capsys, str(paths[0]), str(copy), "--out", str(tmp_path / "t.xlsx"))
    assert "两次" in err
    err = _expect_refusal(capsys, str(paths[0]), str(paths[0]), "--out", str(tmp_path / "t.xlsx"))
    assert "两次" in err
    err = _expect_refusal(capsys, str(paths[0]), str(paths[1]), "--out", str(paths[0]))
    assert "待汇总的文件之一" in err


# -- 年报 templates ---------------------------------------------------------------------------


def _unit_book(tmp_path, n: int, unit: str, fill, template: str | None) -> Path:
    with Database.open(tmp_path / f"t{n}") as db:
        db.set_setting("unit_name", unit)
        if template:
            db.set_setting("annual_template", template)
        fill(db)
        return write_workbook(db, 2024, tmp_path / "in", date=DATE)


def test_two_units_of_one_template_are_summed_in_its_layout(tmp_path, capsys):
    from annual_sheet import by_title

    paths = [_unit_book(tmp_path, n, UNITS[n], FILLERS[n], "example_7col") for n in (0, 1)]
    out = tmp_path / "t.xlsx"
    assert main(["aggregate", *map(str, paths), "--out", str(out)]) == 0
    combined = read_data_sheet(out)
    assert combined.template == "example_7col"
    blocks = by_title(load_workbook(out)["行政执法数据年报"])
    assert list(blocks) == ["行政处罚（宗）", "行政强制（件）", "行政复议和行政诉讼（件）"]
    penalty = blocks["行政处罚（宗）"]
    assert list(penalty.rows) == [*UNITS[:2], "合计"]
    a, b, total = penalty.rows.values()
    # unit B: B1 (罚款 + 吊销 → 暂扣或者吊销) and B2 (警告); unit A as in test_workbook_data
    assert b[:8] == [1, 0, 0, 0, 1, 0, 0, 2]
    assert total[:8] == [x + y for x, y in zip(a[:8], b[:8], strict=True)]
    assert total[8] == pytest.approx(a[8] + b[8])
    appeals = blocks["行政复议和行政诉讼（件）"]
    a, b, total = appeals.rows.values()
    assert total[:6] == [x + y for x, y in zip(a[:6], b[:6], strict=True)]
    # the rate is recomputed from the summed parts: 1 corrected of (2 + 4 − 1 pending − 1
    # terminated) concluded, the 和解 staying in the denominator, not the mean of 0.5 and 0
    assert (a[6], b[6]) == (pytest.approx(0.5), 0)
    assert total[6] == pytest.approx(1 / 4)


def test_refuses_units_of_different_templates(tmp_path, capsys):
    national = _unit_book(tmp_path, 0, UNITS[0], FILLERS[0], None)
    seven = _unit_book(tmp_path, 1, UNITS[1], FILLERS[1], "example_7col")
    out = tmp_path / "t.xlsx"
    err = _expect_refusal(capsys, str(national), str(seven), "--out", str(out))
    assert "年报模板不一致" in err
    assert f"{UNITS[0]}：national" in err and f"{UNITS[1]}：example_7col" in err
    assert "Traceback" not in err and not out.exists()


def test_a_province_template_is_looked_for_in_the_upper_levels_folder(tmp_path, capsys):
    from lawgov_desktop.domain.annual_template import user_folder

    text = (Path(__file__).parents[1] / "resources" / "annual_templates" / "example_7col.toml"
            ).read_text(encoding="utf-8").replace('id = "example_7col"', 'id = "zhejiang"')
    units = []
    for n in (0, 1):
        folder = user_folder(tmp_path / f"t{n}")
        folder.mkdir(parents=True)
        (folder / "zhejiang.toml").write_text(text, encoding="utf-8")
        units.append(_unit_book(tmp_path, n, UNITS[n], FILLERS[n], "zhejiang"))
    upper = tmp_path / "upper"
    out = tmp_path / "t.xlsx"
    err = _expect_refusal(capsys, *map(str, units), "--out", str(out),
                          "--data-dir", str(upper))
    assert "找不到年报模板“zhejiang”" in err and str(user_folder(upper)) in err
    assert not out.exists()
    user_folder(upper).mkdir(parents=True)
    (user_folder(upper) / "zhejiang.toml").write_text(text, encoding="utf-8")
    assert main(["aggregate", *map(str, units), "--out", str(out),
                 "--data-dir", str(upper)]) == 0
    assert read_data_sheet(out).template == "zhejiang"
