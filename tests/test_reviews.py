"""合法性审核 (DOMAIN.md §9, issue #14): checks, indicators, the 报备 reminder and its due date,
the flag of a rushed 重大行政决策, the 规范性文件目录, `lawgov` and aggregation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lawgov_desktop import demo
from lawgov_desktop.cli import main
from lawgov_desktop.domain import annual
from lawgov_desktop.domain.review_rules import review_workdays, short_review
from lawgov_desktop.domain.workdays import WorkCalendar
from lawgov_desktop.reports.catalog import catalog_rows, write_catalog
from lawgov_desktop.storage import Database, ValidationError

TODAY = dt.date.today()


def normative(name: str, published: str | None, filed: str | None = None, **more: object
              ) -> dict[str, object]:
    rec: dict[str, object] = {"review_type": "行政规范性文件", "name": name,
                              "reviewed_on": "2024-07-01", "published_on": published,
                              "filed_on": filed, "validity": "现行有效"}
    rec.update(more)
    return rec


def test_dates_in_order_and_type_specific_fields(db: Database) -> None:
    reviews = db.ledger("reviews")
    with pytest.raises(ValidationError) as err:
        reviews.insert(normative("甲办法", "2024-06-20"))  # 公布 before 审核完成
    assert "公布日期" in str(err.value) and "审核完成日期" in str(err.value)
    with pytest.raises(ValidationError) as err:
        reviews.insert({"review_type": "合同", "name": "乙合同", "reviewed_on": "2024-07-01",
                        "submitted_on": "2024-07-05"})  # 审核完成 before 送审
    assert "顺序不对" in str(err.value)
    with pytest.raises(ValidationError) as err:
        reviews.insert(normative("丙办法", "2024-07-10", contract_amount="5000"))
    assert "仅在审核类型为“合同”时填写" in str(err.value)
    with pytest.raises(ValidationError) as err:
        reviews.insert({"review_type": "合同", "name": "丁合同", "reviewed_on": "2024-07-01",
                        "validity": "现行有效"})
    assert "仅在审核类型为“行政规范性文件”时填写" in str(err.value)


def test_indicators_of_the_year(db: Database) -> None:
    r = db.ledger("reviews")
    # 2024-08-08 + 30 days = Saturday 2024-09-07: the period ends on Monday 2024-09-09
    r.insert(normative("按期（周一）", "2024-08-08", "2024-09-09", adviser=True))
    r.insert(normative("逾期", "2024-08-08", "2024-09-10"))
    r.insert(normative("未报备", "2024-03-01", None, reviewed_on="2024-02-20"))
    r.insert(normative("去年审核、今年公布", "2024-01-05", "2024-01-20",
                       reviewed_on="2023-12-28"))
    r.insert({"review_type": "重大行政决策", "name": "规划", "reviewed_on": "2024-05-10",
              "adviser": True})
    r.insert({"review_type": "合同", "name": "采购合同", "reviewed_on": "2024-04-01",
              "contract_amount": "120000.50"})
    r.insert({"review_type": "合同", "name": "服务合同", "reviewed_on": "2024-10-01",
              "contract_amount": "30000"})
    r.insert({"review_type": "其他", "name": "复函", "reviewed_on": "2024-11-01"})
    gone = r.insert({"review_type": "合同", "name": "删了", "reviewed_on": "2024-11-02",
                     "contract_amount": "1"})
    r.delete(gone["id"])
    f = db.stats(2024)
    assert {k: f[k] for k in (
        "reviews_total", "normative_docs_reviewed", "normative_docs_filed",
        "normative_docs_published", "normative_filed_on_time", "normative_filing_pending",
        "major_decisions_reviewed", "contracts_reviewed", "contract_amount_yuan",
        "adviser_reviews")} == {
        "reviews_total": 7,  # all but the one reviewed in 2023 and the deleted one
        "normative_docs_reviewed": 3,
        "normative_docs_filed": 3,  # 报备日期 in 2024
        "normative_docs_published": 4,
        "normative_filed_on_time": 2,  # the Monday one and the January one
        "normative_filing_pending": 0,
        "major_decisions_reviewed": 1,
        "contracts_reviewed": 2,
        "contract_amount_yuan": 150000.5,
        "adviser_reviews": 2,
    }
    assert f["normative_filed_on_time_rate"] == 0.5
    # the limit is a setting: at 15 days the Monday one is late too
    db.set_setting("normative_filing_days", "15")
    assert db.stats(2024)["normative_filed_on_time"] == 1
    assert db.stats(2023)["reviews_total"] == 1


def test_a_document_still_within_the_limit_is_not_counted_late(db: Database) -> None:
    r = db.ledger("reviews")
    recent = (TODAY - dt.timedelta(days=3)).isoformat()
    r.insert(normative("刚公布", recent, reviewed_on=recent))
    f = db.stats(TODAY.year)
    assert f["normative_docs_published"] == 1 and f["normative_filing_pending"] == 1
    assert f["normative_filed_on_time_rate"] is None  # nothing to divide yet


def test_the_filing_reminder(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    r = db.ledger("reviews")
    published = (TODAY - dt.timedelta(days=25)).isoformat()
    open_doc = r.insert(normative("待报备办法", published, reviewed_on=published))
    r.insert(normative("已报备办法", published, published, reviewed_on=published))
    r.insert(normative("历史办法", published, reviewed_on=published, is_history=True))
    r.insert({"review_type": "重大行政决策", "name": "方案", "reviewed_on": published,
              "published_on": published})
    found = [d for d in db.deadlines() if d.rule.ledger == "reviews"]
    assert [(d.record_id, d.rule.label) for d in found] == [(open_doc["id"], "规范性文件报备")]
    due = found[0].due_on
    assert due >= TODAY + dt.timedelta(days=5)  # 30 calendar days, a day off moves it on
    assert main(["due", "--within", "10"]) == 0
    out = capsys.readouterr().out
    assert "规范性文件报备" in out and "待报备办法" in out and "已报备办法" not in out
    assert main(["config", "normative_filing_days", "20"]) == 0
    assert [d.overdue for d in db.deadlines() if d.rule.ledger == "reviews"] == [True]


def test_review_working_days_and_the_flag() -> None:
    cal = WorkCalendar()
    # 2024: 9-29 (Sunday) was a working day, 10-1 … 10-7 the National Day holiday
    assert review_workdays(dt.date(2024, 9, 27), dt.date(2024, 10, 9), cal) == 4
    rushed = {"review_type": "重大行政决策", "submitted_on": "2024-09-27",
              "reviewed_on": "2024-10-09"}
    flag = short_review(rushed, cal)
    assert flag and "4个工作日" in flag and "第二十六条" in flag
    ok = dict(rushed, reviewed_on="2024-10-14")  # 10-10, 10-11, 10-12 (Sat, worked), 10-14
    assert review_workdays(dt.date(2024, 9, 27), dt.date(2024, 10, 14), cal) == 8
    assert short_review(ok, cal) is None
    assert short_review(dict(rushed, review_type="合同"), cal) is None
    assert short_review(dict(rushed, submitted_on=None), cal) is None


def test_the_catalog(db: Database, tmp_path: Path) -> None:
    db.set_setting("unit_name", "示例县应急管理局")
    r = db.ledger("reviews")
    r.insert(normative("乙办法", "2024-08-08", "2024-09-01", doc_no="示应急规〔2024〕2号",
                       filing_body="示例县人民政府"))
    r.insert(normative("甲办法", "2024-07-02", None, doc_no="示应急规〔2024〕1号"))
    r.insert(normative("=HYPERLINK(\"x\")", "2025-01-03", None, reviewed_on="2025-01-02"))
    r.insert(normative("废止的办法", "2024-07-02", "2024-07-20", validity="已废止"))
    r.insert({"review_type": "合同", "name": "合同", "reviewed_on": "2024-07-01"})
    assert [x.name for x in catalog_rows(db)] == ["甲办法", "乙办法", "=HYPERLINK(\"x\")"]
    assert [x.name for x in catalog_rows(db, 2024)] == ["甲办法", "乙办法"]
    path, n = write_catalog(db, tmp_path / "out", today=dt.date(2025, 2, 1))
    assert n == 3 and path.name == "示例县应急管理局现行有效行政规范性文件目录.xlsx"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    ws = load_workbook(path).active
    assert ws["A1"].value == "示例县应急管理局现行有效行政规范性文件目录"
    assert "2025年2月1日" in ws["A2"].value and "共3件" in ws["A2"].value
    assert [c.value for c in ws[3]] == ["序号", "文号", "名称", "公布日期", "报备日期",
                                       "报备机关", "备注"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert rows[0][:5] == [1, "示应急规〔2024〕1号", "甲办法", dt.datetime(2024, 7, 2), "未报备"]
    assert rows[1][4] == dt.datetime(2024, 9, 1) and rows[1][5] == "示例县人民政府"
    assert rows[2][2] == "=HYPERLINK(\"x\")" and ws.cell(6, 3).data_type == "s"  # never a formula
    assert ws.print_title_rows == "$1:$3"  # the header repeats on every printed page


def test_lawgov_export_catalog(db: Database, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    db.ledger("reviews").insert(normative("甲办法", "2024-07-02", "2024-07-20"))
    out = tmp_path / "目录.xlsx"
    assert main(["export", "--format", "catalog", "--out", str(out)]) == 0
    assert "已导出规范性文件目录（1件）" in capsys.readouterr().out and out.is_file()
    assert main(["export", "--format", "catalog", "--year", "2023", "--out", str(out)]) == 0
    assert "（0件）" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:  # the other formats still need a year
        main(["export", "--format", "pdf", "--out", str(tmp_path)])
    assert done.value.code == 2 and "缺少必需的参数：--year" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--format", "katalog", "--out", str(tmp_path)])
    assert "catalog" in capsys.readouterr().err


def test_stats_json_and_aggregate_recompute_the_rate(db: Database, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import json

    r = db.ledger("reviews")
    r.insert(normative("按期", "2024-08-08", "2024-08-20"))
    r.insert(normative("逾期", "2024-08-08", "2024-10-20"))
    assert main(["stats", "--year", "2024", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["normative_filed_on_time_rate"] == 0.5
    other = dict(figures, normative_docs_published=2, normative_filed_on_time=2,
                 normative_filed_on_time_rate=1.0)
    total = annual.combine([figures, other])
    assert total["normative_docs_published"] == 4 and total["normative_filed_on_time"] == 3
    assert total["normative_filed_on_time_rate"] == 0.75  # 3 / 4, not the mean of 50 % and 100 %


def test_demo_reviews_are_valid_and_show_every_kind(db: Database) -> None:
    today = dt.date(2026, 11, 23)
    counts = demo.fill(db, 2026, "small", today=today)
    assert counts["reviews"] == 24
    table = db.ledger("reviews")
    from lawgov_desktop.storage import Query
    from lawgov_desktop.storage.records import to_input

    rows = table.list(Query(), limit=1000)
    for rec in rows:
        raw = {f.key: to_input(f, rec[f.key]) for f in table.definition.fields}
        checked = table.validate(raw, today=today)
        assert checked.ok and not checked.warnings, (rec, checked.problems)
    for year in (2024, 2025, 2026):
        kinds = {x["review_type"] for x in rows if x["reviewed_on"].startswith(str(year))}
        assert kinds == {"行政规范性文件", "重大行政决策", "合同", "其他"}, year
    assert db.stats(2025)["contract_amount_yuan"] > 0


def test_a_renamed_column_is_damage_not_an_upgrade(data_dir: Path) -> None:
    """A flipped bit in the schema text ("name" → "namu") must not be "repaired" by adding
    a column: that would write to a damaged file. Found by the fuzz suite once this register's
    table sat where the flips fell."""
    import sqlite3

    from lawgov_desktop.storage import LedgerDamagedError

    with Database.open(data_dir) as db:
        db.ledger("reviews").insert(normative("甲办法", "2024-07-02"))
    path = data_dir / "ledger.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE reviews RENAME COLUMN name TO namu")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LedgerDamagedError, match="namu"):
        Database.open(data_dir)
    assert path.read_bytes() == before


def test_aggregate_of_two_units_workbooks(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """`lawgov aggregate`: counts and amounts summed, 及时报备率 recomputed from the sums."""
    from lawgov_desktop.reports.workbook import read_data_sheet, write_workbook

    books = []
    for unit, docs in (("甲县应急管理局", [("按期", "2024-08-20")]),
                       ("乙县应急管理局", [("按期", "2024-08-21"), ("按期二", "2024-08-22"),
                                          ("逾期", "2024-10-30")])):
        with Database.open(tmp_path / unit) as db:
            db.set_setting("unit_name", unit)
            for name, filed in docs:
                db.ledger("reviews").insert(normative(name, "2024-08-08", filed))
            db.ledger("reviews").insert({"review_type": "合同", "name": "合同",
                                         "reviewed_on": "2024-05-01",
                                         "contract_amount": "10000.10"})
            books.append(write_workbook(db, 2024, tmp_path / f"{unit}.xlsx"))
    out = tmp_path / "合计.xlsx"
    assert main(["aggregate", *map(str, books), "--out", str(out)]) == 0
    total = read_data_sheet(out).figures
    assert total["normative_docs_published"] == 4 and total["normative_filed_on_time"] == 3
    assert total["normative_filed_on_time_rate"] == 0.75  # not the mean of 100 % and 66.7 %
    assert total["contracts_reviewed"] == 2 and total["contract_amount_yuan"] == 20000.2
