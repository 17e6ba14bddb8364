"""The 执法人员 register end to end without Qt (DOMAIN.md §9): indicators, certificate
reminders, the 学时未达标 filter, names on trainings, import of a section's own roster,
the workbook, aggregate and the report paragraph."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import make_id_number
from openpyxl import Workbook, load_workbook

from lawgov_desktop.cli import main
from lawgov_desktop.domain import annual, indicators
from lawgov_desktop.domain.indicators import BY_ID, format_indicator
from lawgov_desktop.importing import import_workbook
from lawgov_desktop.reports.yeardata import load_year
from lawgov_desktop.storage import Query

OFFICER_IDS = ["officers_total", "certified_officers", "certification_rate",
               "legal_review_staff", "training_hours_total", "training_hours_per_officer",
               "officers_below_hours"]


def officer(db, name, **values):
    return db.ledger("officers").insert({"name": name, **values})


def training(db, day, title, hours, trainees):
    return db.ledger("trainings").insert({"date": day, "name": title, "hours": hours,
                                         "trainees": trainees})


@pytest.fixture
def staffed(db):
    """Four officers in 2024: 张三 certified, 李四 certified until 2024-06-30, 王五 without
    a certificate, 赵六 moved away on 2024-05-01; trainings name them in several styles."""
    officer(db, "张三", cert_issued_on="2020-01-01", cert_expires_on="2026-12-31",
            legal_reviewer="是", status="在岗")
    officer(db, "李四", cert_issued_on="2019-07-01", cert_expires_on="2024-06-30")
    officer(db, "王五", status="在岗")
    officer(db, "赵六", cert_expires_on="2027-01-01", status="调离",
            status_changed_on="2024-05-01")
    training(db, "2024-03-01", "执法人员业务培训", 40, "张三，李四 王五")
    training(db, "2024-09-01", "以案释法", 24.5, "张三、王五;赵六")
    training(db, "2023-09-01", "去年的培训", 100, "李四")
    return db


def stats(db, year, today):
    """db.stats(year) as on `today`."""
    db.install_review_functions()  # the SQL functions the reviews' indicators use
    conn = db.conn
    return indicators.compute(lambda q, p: conn.execute(q, p).fetchone(), year,
                              rows=lambda q, p: conn.execute(q, p).fetchall(), today=today,
                              setting=db.get_setting)


def test_indicators_count_the_officers_on_duty_on_31_december(staffed):
    f = stats(staffed, 2024, dt.date(2025, 3, 1))
    assert {k: f[k] for k in OFFICER_IDS} == {
        "officers_total": 3,  # 赵六 left on 1 May
        "certified_officers": 1,  # 李四's expired on 30 June, 王五 has none
        "certification_rate": 1 / 3,
        "legal_review_staff": 1,
        "training_hours_total": 40 + 24.5 + 40 + 40 + 24.5,  # 张三 64.5, 李四 40, 王五 64.5
        "training_hours_per_officer": (64.5 + 40 + 64.5) / 3,
        "officers_below_hours": 1,  # 李四 (40 < 60)
    }
    assert format_indicator(BY_ID["training_hours_per_officer"],
                            f["training_hours_per_officer"]) == "56.3学时"


def test_the_current_year_counts_today_and_a_certificate_leaves_after_its_date(staffed):
    before = stats(staffed, 2024, dt.date(2024, 6, 30))
    after = stats(staffed, 2024, dt.date(2024, 7, 1))
    assert before["officers_total"] == 3 and before["certified_officers"] == 2
    assert after["certified_officers"] == 1
    empty = stats(staffed, 2030, dt.date(2030, 1, 1))
    assert empty["certified_officers"] == 0 and empty["training_hours_per_officer"] == 0
    assert empty["officers_below_hours"] == 3  # on duty, no training listed them


def test_hours_target_is_a_setting(staffed):
    staffed.set_setting("training_hours_target", "30")
    assert stats(staffed, 2024, dt.date(2025, 1, 1))["officers_below_hours"] == 0


def test_stats_json_has_the_officer_ids(staffed, data_dir, capsys):
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "stats", "--year", "2024", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    figures = out.get("indicators", out)
    assert set(OFFICER_IDS) <= set(figures)
    assert figures["officers_total"] == 3


def test_certificate_reminders_within_the_warning_days_for_officers_on_duty(db, data_dir,
                                                                            capsys):
    today = dt.date(2025, 3, 1)
    officer(db, "张三", cert_expires_on="2025-04-15")  # 45 days ahead
    officer(db, "李四", cert_expires_on="2025-02-01")  # expired
    officer(db, "王五", cert_expires_on="2025-06-01")  # 92 days: not yet
    officer(db, "赵六", cert_expires_on="2025-03-10", status="调离",
            status_changed_on="2025-02-01")  # gone: no reminder
    found = [d for d in db.deadlines(today=today) if d.rule.ledger == "officers"]
    assert [(d.title, d.status) for d in found] == [("李四", "已过期28天"), ("张三", "还剩45天")]
    assert [d.title for d in db.deadlines(within_days=30, today=today)
            if d.rule.ledger == "officers"] == ["李四"]
    db.set_setting("certificate_warn_days", "100")
    assert len([d for d in db.deadlines(today=today) if d.rule.ledger == "officers"]) == 3
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "due", "--within", "36500"]) == 0
    assert "执法证到期" in capsys.readouterr().out


def test_list_filters_below_hours_for_the_year_shown_and_without_certificate(staffed):
    table = staffed.ledger("officers")
    below = table.list(Query(status="学时未达标", period=2024))
    assert [r["name"] for r in below] == ["李四"]
    assert {r["name"] for r in table.list(Query(status="学时未达标", period=2023))} == {
        "张三", "王五", "赵六"}  # 李四 had 100 hours in 2023; 赵六 was still 在岗 then
    assert {r["name"] for r in table.list(Query(status="无有效执法证"))} >= {"王五"}


def test_trainee_names_are_normalised_and_unknown_ones_are_a_warning(staffed):
    trainings = staffed.ledger("trainings")
    checked = trainings.validate({"date": "2024-05-05", "name": "x",
                                  "trainees": " 张三,李四；陈某 张三"})
    assert checked.ok and checked.values["trainees"] == "张三、李四、陈某"
    assert [str(p) for p in checked.warnings] == [
        "参训执法人员：陈某 不在执法人员台账中，请核对姓名"]


def test_officer_id_number_is_checked_and_masked_upward(db, tmp_path):
    table = db.ledger("officers")
    bad = table.validate({"name": "张三", "id_number": "420102198503071230"})
    assert [p.field for p in bad.errors] == ["id_number"]
    good = make_id_number()
    table.insert({"name": "张三", "id_number": good, "cert_expires_on": "2030-01-01"})
    out = tmp_path / "out"
    assert main(["--data-dir", str(db.path.parent), "export", "--year", "2024",
                 "--format", "xlsx", "--out", str(out)]) == 0
    book = load_workbook(next(out.glob("*.xlsx")))
    ws = book["执法人员"]
    cells = [c.value for row in ws.iter_rows(min_row=4) for c in row]
    assert good not in cells and any(isinstance(v, str) and v.endswith(good[-4:])
                                     and "*" in v for v in cells)
    summary = [c.value for row in book["汇总"].iter_rows() for c in row]
    assert "持证率" in summary and "人均培训学时" in summary


def test_aggregate_sums_hours_and_recomputes_the_rates():
    a = {"officers_total": 3, "certified_officers": 2, "training_hours_total": 100.5}
    b = {"officers_total": 1, "certified_officers": 1, "training_hours_total": 20.25}
    total = annual.combine([a, b])
    assert total["training_hours_total"] == 120.75
    assert total["certification_rate"] == 0.75
    assert total["training_hours_per_officer"] == 120.75 / 4


def write_roster(path: Path) -> Path:
    """A section's own roster: title row, own headers, 序号, a blank line, a 合计 row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "执法人员"
    ws.append(["示例县应急管理局行政执法人员花名册"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "姓 名", "身份证号码", "执法证件号", "发证单位", "有效期至", "编制",
               "是否法制审核人员", "备注"])
    ws.append([1, "张三", make_id_number(seq="011"), "42000119001", "示例省人民政府",
               "2027年6月30日", "行政", "是", None])
    ws.append([2, "李四", make_id_number(seq="023"), "42000119002", "应急管理部",
               dt.datetime(2026, 1, 31), "参公", "否", "换证中"])
    ws.append([None] * 9)
    ws.append([3, "阿依古丽·买买提", None, None, None, None, "事业", "否", "新录用"])
    ws.append(["合计", "3人", None, None, None, None, None, None, None])
    wb.save(path)
    return path


def test_import_a_sections_own_roster(db, tmp_path):
    book = write_roster(tmp_path / "花名册.xlsx")
    result = import_workbook(db, "officers", book)
    assert not result.problems and result.stored == 3
    rows = {r["name"]: r for r in db.ledger("officers").list(Query(), limit=10)}
    assert rows["张三"]["cert_expires_on"] == "2027-06-30"
    assert rows["张三"]["staffing"] == "行政编制" and rows["张三"]["legal_reviewer"] == 1
    assert rows["李四"]["staffing"] == "事业编制" and rows["李四"]["cert_no"] == "42000119002"
    assert rows["阿依古丽·买买提"]["cert_expires_on"] is None
    assert [text for _, text in result.skipped if "合计" in text]  # listed, not imported


def test_the_report_states_only_what_the_register_holds(staffed):
    data = load_year(staffed, 2024, as_of=dt.date(2025, 2, 1))
    from lawgov_desktop.reports.findings import found
    from lawgov_desktop.reports.staff import staff

    paragraphs = staff(data)
    text = "".join(s.text for p in paragraphs for s in p.sentences)
    assert text.startswith("截至2024年12月31日，我局共有在岗执法人员3人，其中持有效执法证1人"
                           "（持证率33.3%），法制审核人员1人。")
    assert "人均56.3学时，其中1人未达到每人每年60学时的要求" in text
    assert all(s.indicators for p in paragraphs for s in p.sentences)
    keys = [f.key for f in found(data)]
    assert "学时" in keys and "执法证" in keys


def test_no_paragraph_without_officers_and_no_hours_without_trainees(db):
    officer(db, "张三", cert_expires_on="2030-01-01")
    from lawgov_desktop.reports.staff import staff

    data = load_year(db, 2024, as_of=dt.date(2025, 2, 1))
    text = "".join(s.text for p in staff(data) for s in p.sentences)
    assert "在岗执法人员1人" in text and "学时" not in text
    db.ledger("officers").delete(db.ledger("officers").list(Query())[0]["id"])
    assert staff(load_year(db, 2024, as_of=dt.date(2025, 2, 1))) == []


def test_lawgov_aggregate_keeps_half_hours_and_recomputes_the_mean(tmp_path):
    from lawgov_desktop.reports.workbook import read_data_sheet
    from lawgov_desktop.storage import Database

    for unit, hours in (("甲县应急管理局", 2.5), ("乙县应急管理局", 3.25)):
        folder = tmp_path / unit
        with Database.open(folder) as db:
            db.set_setting("unit_name", unit)
            officer(db, "张三", cert_expires_on="2030-01-01")
            training(db, "2024-05-01", "培训", hours, "张三")
        assert main(["--data-dir", str(folder), "export", "--year", "2024", "--format", "xlsx",
                     "--out", str(tmp_path / "out")]) == 0
    books = sorted(str(p) for p in (tmp_path / "out").glob("*.xlsx"))
    assert main(["aggregate", *books, "--out", str(tmp_path / "all.xlsx")]) == 0
    total = read_data_sheet(tmp_path / "all.xlsx").figures
    assert total["officers_total"] == 2 and total["training_hours_total"] == 5.75
    assert total["training_hours_per_officer"] == 2.875 and total["certification_rate"] == 1


def test_an_imported_training_lists_its_trainees_as_stored_names(staffed, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年学法培训台账"])
    ws.append(["序号", "培训日期", "培训名称", "课时", "参训人员名单"])
    ws.append([1, "2024年6月3日", "安全生产法培训", 3, "张三，李四 王五"])
    ws.append(["合计", None, None, 3, None])
    wb.save(tmp_path / "培训.xlsx")
    result = import_workbook(staffed, "trainings", tmp_path / "培训.xlsx")
    assert not result.problems and result.stored == 1
    stored = staffed.ledger("trainings").list(Query(search="安全生产法"))[0]
    assert stored["trainees"] == "张三、李四、王五"
    # 3 hours more for each of the three
    assert stats(staffed, 2024, dt.date(2025, 1, 1))["training_hours_total"] == 169 + 9
