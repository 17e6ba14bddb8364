"""合法性审核 in the year-end report (DOMAIN.md §11) and a section's own 合法性审核台账 imported
(DOMAIN.md §12)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from lawgov_desktop.cli import main
from lawgov_desktop.reports import report_date, review_text
from lawgov_desktop.reports.findings import found
from lawgov_desktop.reports.template import compose_checked
from lawgov_desktop.reports.year_report import load_sections
from lawgov_desktop.reports.yeardata import load_year
from lawgov_desktop.storage import Database, Query

AS_OF = dt.date(2025, 1, 20)


def fill(db: Database, late: bool = True) -> dict[str, str]:
    r = db.ledger("reviews")
    ids = {}
    ids["on_time"] = r.insert({"review_type": "行政规范性文件", "name": "举报奖励办法",
                               "reviewed_on": "2024-03-01", "published_on": "2024-03-10",
                               "filed_on": "2024-03-25", "adviser": True})["id"]
    ids["late"] = r.insert({"review_type": "行政规范性文件", "name": "约谈办法",
                            "reviewed_on": "2024-05-01", "published_on": "2024-05-10",
                            "filed_on": "2024-07-20" if late else "2024-05-20"})["id"]
    if late:
        ids["unfiled"] = r.insert({"review_type": "行政规范性文件", "name": "预案管理办法",
                                   "reviewed_on": "2024-09-01",
                                   "published_on": "2024-09-10"})["id"]
    r.insert({"review_type": "重大行政决策", "name": "三年行动方案", "reviewed_on": "2024-06-01"})
    r.insert({"review_type": "合同", "name": "采购合同", "reviewed_on": "2024-04-01",
              "contract_amount": "120000"})
    return ids


def texts(paragraphs) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in paragraphs]


def test_the_paragraph_states_what_the_register_holds(db: Database) -> None:
    ids = fill(db)
    data = load_year(db, 2024, as_of=AS_OF)
    [paragraph] = review_text.legality_review(data)
    assert paragraph.text == (
        "全年完成合法性审核5件，其中行政规范性文件3件、重大行政决策1件、合同1份（合同金额合计12万元）。"
        "全年公布的行政规范性文件3件中，1件在公布之日起30日内报送备案，1件逾期报备，"
        "1件至2025年1月20日尚未报备，及时报备率33.3%。"
        "法律顾问参与合法性审核1件。")
    totals, filing, adviser = paragraph.sentences
    assert totals.indicators == ("reviews_total", "normative_docs_reviewed",
                                 "major_decisions_reviewed", "contracts_reviewed",
                                 "contract_amount_yuan")
    assert set(filing.records) == set(ids.values())
    assert filing.settings == ("normative_filing_days",)
    assert adviser.records == (ids["on_time"],)
    assert all(s.rests_on_data for s in paragraph.sentences)


def test_shortcoming_and_plan_from_late_and_missing_filings(db: Database) -> None:
    ids = fill(db)
    data = load_year(db, 2024, as_of=AS_OF)
    assert "报备" in [f.key for f in found(data)]
    short = review_text.filing_shortcoming(data)
    assert short is not None and short.text == (
        "行政规范性文件备案不够及时。全年公布的3件行政规范性文件中，1件超过公布之日起30日才报送备案，"
        "1件至2025年1月20日仍未报备（《约谈办法》《预案管理办法》）。")
    assert set(short.records) == {ids["late"], ids["unfiled"]}
    plan = review_text.filing_plan(data)
    assert plan.text.startswith("对1件尚未报备的行政规范性文件立即补报备案，")
    doc, problems = compose_checked(load_sections(db, 2024), data, "示例县应急管理局", 2024,
                                    report_date(2024, None, AS_OF))
    assert problems == []
    body = "".join(p.text for p in doc.paragraphs())
    assert any("加强合法性审核" in line for line in doc.text_lines())
    assert short.text in body and plan.text in body


def test_all_in_time_no_shortcoming_and_nothing_without_reviews(db: Database) -> None:
    fill(db, late=False)
    data = load_year(db, 2024, as_of=AS_OF)
    assert "报备" not in [f.key for f in found(data)]
    assert "全年公布的行政规范性文件2件均在公布之日起30日内报送备案。" in \
        texts(review_text.legality_review(data))[0]
    assert review_text.legality_review(load_year(db, 2023, as_of=AS_OF)) == []


def test_the_advisers_facts_are_stated_once(db: Database) -> None:
    """法律顾问 and their opinions are facts: {法律顾问情况} states them, this paragraph only
    the reviews the adviser took part in."""
    fill(db)
    data = dataclasses.replace(load_year(db, 2024, as_of=AS_OF),
                               facts={"legal_adviser": "示例律师事务所", "adviser_opinions": 12})
    adviser = review_text.legality_review(data)[0].sentences[-1]
    assert adviser.text == "法律顾问参与合法性审核1件。" and adviser.facts == ()
    doc, problems = compose_checked(load_sections(db, 2024), data, "示例县应急管理局", 2024,
                                    report_date(2024, None, AS_OF))
    body = "".join(p.text for p in doc.paragraphs())
    assert problems == [] and body.count("示例律师事务所") == 1
    assert "法律顾问参与合法性审核1件。" in body


def write_review_book(path: Path) -> Path:
    """A section's own ledger: merged title, its own headers, 序号, a 合计 row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年"
    header = ["序号", "文件名称", "文号", "送审单位", "审核日期", "审核意见", "备案日期"]
    ws.append(["2025年合法性审核台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    ws.append([1, "示例县安全生产举报奖励办法", "示应急规〔2025〕1号", "政策法规股",
               "2025年3月5日", "原则同意", "2025.4.2"])
    ws.append([2, "示例县安全生产约谈实施办法", "示应急规〔2025〕2号", "安全生产基础股",
               dt.datetime(2025, 6, 12), "提出修改意见", None])
    ws.append([None] * len(header))
    ws.append([3, "示例县涉企行政检查实施办法", "示应急规〔2025〕3号", "执法大队",
               "2025/9/1", "修改后同意", "2025-09-28"])
    ws.append(["合计", "3件", None, None, None, None, None])
    wb.save(path)
    return path


def test_a_sections_own_review_ledger_imports(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    book = write_review_book(tmp_path / "2025年合法性审核台账.xlsx")
    data = tmp_path / "d"

    def run(*args: str) -> tuple[int, str]:
        code = main(["--data-dir", str(data), "import", "reviews", str(book), *args])
        out = capsys.readouterr()
        assert "Traceback" not in out.out + out.err
        return code, out.out

    from lawgov_desktop.domain.ledgers import load_ledgers
    from lawgov_desktop.importing import peek

    # the wizard recognises the sheet as 合法性审核 by its headers
    head = peek.read_head(book)
    assert peek.guess_ledger(head, "2025年", list(load_ledgers().values())) == "reviews"
    code, out = run("--dry-run")
    assert code == 1 and "缺少必填列“审核类型”" in out
    code, out = run("--set", "审核类型=行政规范性文件", "--dry-run")
    assert code == 0 and "检查通过：3 行合法性审核可以导入" in out and "跳过合计行" in out
    code, out = run("--set", "审核类型=行政规范性文件")
    assert code == 0 and "已导入 3 条合法性审核。" in out
    with Database.open(data) as db:
        rows = sorted(db.ledger("reviews").list(Query()), key=lambda r: r["reviewed_on"])
        assert [(r["doc_no"], r["department"], r["reviewed_on"], r["opinion"], r["filed_on"])
                for r in rows] == [
            ("示应急规〔2025〕1号", "政策法规股", "2025-03-05", "同意", "2025-04-02"),
            ("示应急规〔2025〕2号", "安全生产基础股", "2025-06-12", "修改后同意", None),
            ("示应急规〔2025〕3号", "执法大队", "2025-09-01", "修改后同意", "2025-09-28"),
        ]
        assert db.stats(2025)["normative_docs_reviewed"] == 3
    code, out = run("--set", "审核类型=行政规范性文件")  # again: already there, skipped
    assert code == 0 and "没有需要导入的合法性审核（3 行已在台账中）" in out


def test_history_records_back_no_late_filing_claim(db: Database) -> None:
    """An imported 历史记录 without a 报备日期 (or with a late one) is asked about, not stated
    as a shortcoming: its dates may be a whole column's value or never recorded."""
    r = db.ledger("reviews")
    r.insert({"review_type": "行政规范性文件", "name": "旧办法", "reviewed_on": "2024-03-01",
              "published_on": "2024-03-10", "is_history": True})
    r.insert({"review_type": "行政规范性文件", "name": "新办法", "reviewed_on": "2024-05-01",
              "published_on": "2024-05-10", "filed_on": "2024-05-20"})
    data = load_year(db, 2024, as_of=AS_OF)
    assert "报备" not in [f.key for f in found(data)]
    text = texts(review_text.legality_review(data))[0]
    assert ("全年公布的行政规范性文件2件中，1件在公布之日起30日内报送备案，"
            "1件为导入的历史记录") in text
    assert "【待补充：1件导入的历史记录未登记报备日期或按台账日期逾期报备，请核实报备情况】" in text
    assert "尚未报备" not in text and "及时报备率" not in text
