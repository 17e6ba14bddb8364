"""A hostile merge source (issue #12.2): values no form would accept arrive by SQL in the
colleague's file. Each is refused with its reason before anything is written; valid records
still merge; `lawgov merge` lists them and exits 1; the ledger stays sound and opens."""

from __future__ import annotations

import uuid

from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.storage import Database
from lawgov_desktop.storage.merge import merge_ledger

STAMP = "2026-01-05T10:00:00+08:00"
HOSTILE = {  # case_no → (column, stored value)
    "H-date": ("filed_on", "not-a-date"),
    "H-month": ("filed_on", "2024-13-05"),
    "H-fine-text": ("fine_amount", "abc"),
    "H-fine-negative": ("fine_amount", -500),
    "H-party-type": ("party_type", "外星人"),
    "H-decision": ("decision_type", "罚酒三杯"),
}


def hostile_file(folder, n_good: int = 3):
    """A colleague's ledger: `n_good` valid cases plus one row per HOSTILE value, and rows with
    a broken id and timestamp, all written by plain SQL as another program could."""
    with Database.open(folder) as db:
        cases = db.ledger("cases")
        for i in range(n_good):
            cases.insert(case(case_no=f"G{i}"))
        cols = ("id", "case_no", "cause", "party", "party_type", "filed_on", "created_at",
                "updated_at")
        rows = []
        for no, (column, value) in HOSTILE.items():
            row = dict(zip(cols, (str(uuid.uuid4()), no, "案由", "某公司", "单位", "2024-03-05",
                                  STAMP, STAMP), strict=True))
            row[column] = value
            rows.append(row)
        rows.append(dict(zip(cols, ("", "H-id", "案由", "某公司", "单位", "2024-03-05", STAMP,
                                    STAMP), strict=True)))
        rows.append(dict(zip(cols, (str(uuid.uuid4()), "H-stamp", "案由", "某公司", "单位",
                                    "2024-03-05", STAMP, "yesterday"), strict=True)))
        with db.transaction() as conn:
            for row in rows:
                names = ", ".join(f"[{k}]" for k in row)
                conn.execute(f"INSERT INTO cases ({names}) VALUES ({', '.join('?' * len(row))})",
                             list(row.values()))
    return folder / "ledger.sqlite3"


def test_invalid_records_are_refused_with_reasons_and_valid_ones_merge(db, tmp_path):
    source = hostile_file(tmp_path / "colleague")
    report = merge_ledger(db, source)
    assert report.added["cases"] == 3
    refused = {r.title: r.reason for r in report.refused}
    assert set(refused) == {*HOSTILE, "H-id", "H-stamp"}
    assert "外星人" in refused["H-party-type"] and "not-a-date" in refused["H-date"]
    reasons = " ".join(r.reason for r in report.refused)
    for word in ("立案日期", "罚款金额", "当事人类型", "决定类型", "记录编号", "修改时间"):
        assert word in reasons
    nos = {r["case_no"] for r in db.ledger("cases").list(limit=100)}
    assert nos == {"G0", "G1", "G2"}
    assert db.integrity_problems() == []


def test_merge_cli_lists_refused_records_exits_1_and_the_ledger_still_opens(data_dir, tmp_path,
                                                                           capsys):
    Database.open(data_dir).close()
    source = hostile_file(tmp_path / "colleague")
    code = main(["merge", str(source)])
    out = capsys.readouterr().out
    assert code == 1
    assert "内容不合规、未合并 8 条" in out and "H-fine-text" in out and "外星人" in out
    assert main(["check"]) == 0
    assert main(["due", "--within", "10000"]) == 0
    assert main(["stats", "--year", "2024"]) == 0
    capsys.readouterr()


def test_dry_run_lists_the_same_refusals_and_writes_nothing(db, tmp_path):
    source = hostile_file(tmp_path / "colleague", n_good=1)
    report = merge_ledger(db, source, dry_run=True)
    assert len(report.refused) == len(HOSTILE) + 2 and report.added["cases"] == 1
    assert db.ledger("cases").count() == 0


def test_malformed_report_sections_of_the_other_file_are_left_out(db, tmp_path):
    folder = tmp_path / "colleague"
    source = hostile_file(folder, n_good=1)
    with Database.open(folder) as other, other.transaction() as conn:
        conn.execute("INSERT INTO report_sections VALUES ('abc', 'k', 'p', 't', 'b', 0, ?)",
                     [STAMP])
        conn.execute("INSERT INTO report_sections VALUES (2024, 'k', 'p', 't', 'b', 0, ?)",
                     [STAMP])
    report = merge_ledger(db, source)
    assert report.report_years == [2024] and report.added["cases"] == 1
