"""Merging a colleague's ledger by record UUID (issue #7.6): new records in, the newer change
wins, conflicts listed with both values, deletions only ever soft, one transaction."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from pathlib import Path

import pytest
from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.storage import (
    Database,
    DiskFullError,
    LedgerDamagedError,
    LedgerError,
    NewerSchemaError,
    Query,
    backup,
    merge,
)
from lawgov_desktop.storage.backup import backup_now, restore_from
from lawgov_desktop.storage.merge import merge_ledger
from lawgov_desktop.storage.report_store import save_sections


def records(db: Database, ledger: str = "cases") -> dict[str, dict]:
    """Every record (deleted ones too), by id, without the row number."""
    t = db.ledger(ledger)
    rows = t.list(Query(), limit=10**6) + t.list(Query(deleted=True), limit=10**6)
    return {r["id"]: r for r in rows}


@pytest.fixture
def two_pcs(data_dir, tmp_path):
    """This PC's ledger and a colleague's, both grown from the same copy."""
    with Database.open(data_dir) as db:
        cases = db.ledger("cases")
        for n in range(6):
            cases.insert(case(case_no=f"共同{n}", note="原始"))
        base = backup_now(db)
    colleague = tmp_path / "colleague"
    restore_from(colleague, base.path)
    ours, theirs = Database.open(data_dir), Database.open(colleague)
    yield ours, theirs
    ours.close()
    theirs.close()


def later_by_a_minute(db: Database, record_id: str) -> None:
    """The tests run within a second; make one side's change the clearly newer one."""
    stamp = (dt.datetime.now().astimezone() + dt.timedelta(minutes=1)).isoformat(timespec="seconds")
    with db.transaction() as conn:
        conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", [stamp, record_id])


def by_no(db: Database, no: str) -> dict:
    return next(r for r in records(db).values() if r["case_no"] == no)


def test_merge_adds_updates_soft_deletes_and_lists_conflicts(two_pcs):
    ours, theirs = two_pcs
    oc, tc = ours.ledger("cases"), theirs.ledger("cases")
    tc.insert(case(case_no="同事新增"))  # new there
    oc.insert(case(case_no="本机新增"))  # new here
    tc.update(by_no(theirs, "共同0")["id"], {"note": "同事改"})  # only they changed
    oc.update(by_no(ours, "共同1")["id"], {"note": "本机改"})  # only we changed
    oc.update(by_no(ours, "共同2")["id"], {"note": "本机先改"})  # both: they later
    tc.update(by_no(theirs, "共同2")["id"], {"note": "同事后改", "handler": "王强 赵静"})
    later_by_a_minute(theirs, by_no(theirs, "共同2")["id"])
    tc.delete(by_no(theirs, "共同3")["id"])  # deleted there
    tc.insert(case(case_no="本机新增"))  # same 案号, other id
    theirs.close()
    before = records(ours)

    report = merge_ledger(ours, theirs.path)

    after = records(ours)
    assert set(before) <= set(after)  # nothing deleted for good
    assert report.added["cases"] == 1 and by_no(ours, "同事新增")
    assert by_no(ours, "共同0")["note"] == "同事改"
    assert by_no(ours, "共同1")["note"] == "本机改"
    assert report.kept["cases"] == 1
    both = by_no(ours, "共同2")
    assert both["note"] == "同事后改" and both["handler"] == "王强 赵静"
    [conflict] = report.conflicts
    assert conflict.record_id == both["id"] and conflict.winner == "theirs"
    assert conflict.fields["note"] == ("本机先改", "同事后改")
    text = "\n".join(conflict.lines())
    assert "本机“本机先改”" in text and "对方“同事后改”" in text and "承办人" in text
    deleted = by_no(ours, "共同3")
    assert deleted["deleted_at"] is not None and report.deleted["cases"] == 1
    ours.ledger("cases").restore(deleted["id"])  # still restorable
    [skipped] = report.skipped
    assert skipped.title == "本机新增" and "已被另一条记录使用" in skipped.line()
    assert report.updated["cases"] == 3  # 共同0, 共同2, 共同3
    # the losing values are in the record's history
    history = oc.history(both["id"])
    assert history[-1]["action"] == "merge"
    assert history[-1]["changes"]["changes"]["note"] == ["本机先改", "同事后改"]
    assert ours.integrity_problems() == []
    assert report.backup is not None and report.backup.exists()


def test_merging_both_ways_converges_and_then_changes_nothing(two_pcs):
    ours, theirs = two_pcs
    ours.ledger("cases").update(by_no(ours, "共同4")["id"], {"note": "本机"})
    theirs.ledger("cases").update(by_no(theirs, "共同4")["id"], {"note": "同事"})
    theirs.ledger("cases").insert(case(case_no="同事新增"))
    ours.ledger("cases").insert(case(case_no="本机新增"))
    first = merge_ledger(ours, theirs.path)
    back = merge_ledger(theirs, ours.path)
    assert len(first.conflicts) == 1
    assert back.conflicts == []  # settled once, on the first merge

    def values(db):
        return {
            rid: {k: v for k, v in r.items() if k != "updated_at"} for rid, r in records(db).items()
        }

    assert values(ours) == values(theirs)
    again = merge_ledger(ours, theirs.path)
    assert not again.changes_anything and again.backup is None
    assert merge_ledger(theirs, ours.path).changes_anything is False


def test_dry_run_changes_nothing(two_pcs):
    ours, theirs = two_pcs
    theirs.ledger("cases").insert(case(case_no="同事新增"))
    before = records(ours)
    report = merge_ledger(ours, theirs.path, dry_run=True)
    assert report.dry_run and report.added["cases"] == 1
    assert records(ours) == before and report.backup is None


def test_choices_and_report_text_come_along(two_pcs):
    ours, theirs = two_pcs
    theirs.set_choices("cases", "domain", [*theirs.choices("cases", "domain"), "交通运输"])
    theirs.ledger("cases").insert(case(case_no="交通1", domain="交通运输"))
    save_sections(
        theirs, 2025, [{"key": "intro", "part": "一", "title": "概述", "body": "同事写的"}]
    )
    report = merge_ledger(ours, theirs.path)
    assert "交通运输" in ours.choices("cases", "domain")
    assert report.report_years == [2025]
    body = ours.conn.execute("SELECT body FROM report_sections WHERE year = 2025").fetchone()
    assert body == ("同事写的",)
    rec = by_no(ours, "交通1")  # and the merged record still passes validation when edited
    ours.ledger("cases").update(rec["id"], {"note": "编辑"})


def test_merge_is_one_transaction(two_pcs, monkeypatch):
    ours, theirs = two_pcs
    theirs.ledger("cases").insert(case(case_no="同事新增"))
    theirs.ledger("cases").update(by_no(theirs, "共同0")["id"], {"note": "同事改"})
    before = records(ours)
    calls = {"n": 0}
    real = merge._Merger.report_sections

    def fail_late(self):
        calls["n"] += 1
        if calls["n"] == 2:  # the real pass, after the dry one
            raise sqlite3.OperationalError("database or disk is full")
        return real(self)

    monkeypatch.setattr(merge._Merger, "report_sections", fail_late)
    with pytest.raises(DiskFullError, match="磁盘空间已满"):
        merge_ledger(ours, theirs.path)
    assert records(ours) == before


def test_merge_refuses_damaged_foreign_newer_and_itself(two_pcs, tmp_path):
    ours, theirs = two_pcs
    before = records(ours)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(theirs.path.read_bytes()[:10000])
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    theirs.conn.execute("PRAGMA user_version = 99")
    theirs.close()
    for path, error in (
        (bad, LedgerDamagedError),
        (foreign, LedgerDamagedError),
        (theirs.path, NewerSchemaError),
    ):
        content = Path(path).read_bytes()
        with pytest.raises(error):
            merge_ledger(ours, path)
        assert Path(path).read_bytes() == content
    with pytest.raises(LedgerError, match="它自己"):
        merge_ledger(ours, ours.path)
    assert records(ours) == before


def test_merge_copy_failure_says_why(two_pcs, monkeypatch):
    ours, theirs = two_pcs

    def full(src, dst, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.shutil, "copyfile", full)
    with pytest.raises(DiskFullError):
        merge_ledger(ours, theirs.path)


def test_cli_merge_prints_the_report_in_chinese(two_pcs, capsys):
    ours, theirs = two_pcs
    ours.ledger("cases").update(by_no(ours, "共同5")["id"], {"note": "本机"})
    theirs.ledger("cases").update(by_no(theirs, "共同5")["id"], {"note": "同事"})
    theirs.ledger("cases").insert(case(case_no="同事新增"))
    theirs.close()
    ours.close()
    assert main(["merge", str(theirs.path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "试合并（未修改台账）" in out and "执法案件：新增 1 条" in out
    assert main(["merge", str(theirs.path)]) == 0
    out = capsys.readouterr().out
    assert "已合并" in out and "冲突 1 处" in out and "合并前的台账已备份" in out
