"""Backups and restore (issue #7.1, #7.5, #7.6): online backups that are verified, rotated,
listed with their counts, restorable here or on another machine to exactly the records of
backup time; a restore that refuses bad files and never loses the ledger it replaces."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.storage import (
    Database,
    DiskFullError,
    LedgerDamagedError,
    LedgerReadOnlyError,
    NewerSchemaError,
    backup,
    schema,
)
from lawgov_desktop.storage.backup import (
    auto_backup,
    backup_folder,
    backup_now,
    backup_to,
    inspect_backup,
    list_backups,
    newest_good_backup,
    prune,
    restore_from,
    retained,
)
from lawgov_desktop.storage.report_store import save_sections

TABLES = (
    "cases",
    "appeals",
    "trainings",
    "publicity",
    "change_log",
    "settings",
    "choice_lists",
    "holidays",
    "report_sections",
)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table the user's data lives in (deleted records included)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


def training(n: int) -> dict:
    return {
        "date": f"2024-05-0{1 + n % 9}",
        "name": f"学法培训第{n}期",
        "category": "执法人员业务培训",
        "participants": 20 + n,
    }


def test_backup_is_one_verified_self_contained_file(db, tmp_path):
    db.ledger("cases").insert(case())
    db.ledger("cases").insert(case(case_no="X2"))
    db.ledger("cases").delete(db.ledger("cases").find("case_no", "X2")[0]["id"])
    info = backup_to(db, tmp_path / "out" / "copy.sqlite3")
    assert info.ok and info.counts["cases"] == 1 and info.path.exists()
    assert sorted(p.name for p in info.path.parent.iterdir()) == ["copy.sqlite3"]  # no temp
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert dump(info.path) == dump(db.path)


def test_restoring_each_backup_gives_the_records_of_its_time(db, data_dir):
    """Several days of work, a backup after each; every backup restores to exactly its day."""
    cases, trainings = db.ledger("cases"), db.ledger("trainings")
    taken: list[tuple[Path, dict]] = []
    for day in range(5):
        for n in range(3):
            cases.insert(case(case_no=f"D{day}-{n}", note=f"第{day}天"))
        trainings.insert(training(day))
        first = cases.find("case_no", "D0-0")[0]
        cases.update(first["id"], {"note": f"改于第{day}天"})
        if day == 2:
            cases.delete(cases.find("case_no", "D1-1")[0]["id"])
            save_sections(
                db, 2024, [{"key": "intro", "part": "一", "title": "概述", "body": "正文"}]
            )
            db.set_setting("unit_name", "示例县应急管理局")
        if day % 2:
            info = backup_now(db)
        else:
            info = auto_backup(db, today=dt.date(2026, 11, 20 + day))
        assert info is not None and info.ok
        taken.append((info.path, dump(db.path)))
    db.close()
    listed = list_backups(data_dir)
    assert {b.path for b in listed} == {p for p, _ in taken}
    for path, expected in taken:
        result = restore_from(data_dir, path)
        assert dump(data_dir / "ledger.sqlite3") == expected
        with Database.open(data_dir) as restored:
            assert restored.integrity_problems() == []
            assert restored.ledger("cases").count() == result.restored.counts["cases"]


def test_a_backup_restores_on_another_machine(db, tmp_path, capsys):
    db.ledger("cases").insert(case())
    db.set_setting("unit_name", "示例县应急管理局")
    expected = dump(db.path)
    out = tmp_path / "usb"
    out.mkdir()
    assert main(["backup", "--out", str(out)]) == 0
    made = next(out.iterdir())
    assert "已备份并通过完整性检查" in capsys.readouterr().out
    other_pc = tmp_path / "other-pc" / "LawGovDesktop"  # does not exist yet
    assert main(["restore", str(made), "--data-dir", str(other_pc)]) == 0
    assert "已从" in capsys.readouterr().out
    assert dump(other_pc / "ledger.sqlite3") == expected
    assert sorted(p.name for p in other_pc.iterdir()) == ["ledger.lock", "ledger.sqlite3"]


def test_auto_backup_at_most_daily_and_the_list(db, data_dir):
    db.ledger("cases").insert(case())
    first = auto_backup(db, today=dt.date(2026, 11, 23))
    assert first is not None and first.path.name == "ledger-2026-11-23.sqlite3"
    assert first.path.parent == data_dir / "backups"
    before = first.path.read_bytes()
    db.ledger("cases").insert(case(case_no="X2"))
    assert auto_backup(db, today=dt.date(2026, 11, 23)) is None  # one a day
    assert first.path.read_bytes() == before
    second = auto_backup(db, today=dt.date(2026, 11, 24))
    listed = list_backups(data_dir)
    assert [b.path for b in listed] == [second.path, first.path]
    assert [b.counts["cases"] for b in listed] == [2, 1]
    assert listed[1].taken_at.date() == dt.date(2026, 11, 23) and listed[1].kind == "daily"
    assert "执法案件 1 条" in listed[1].describe()


def test_retention_keeps_30_daily_and_12_monthly():
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(700)]
    keep = retained(days)
    newest = sorted(days)[-30:]
    assert set(newest) <= keep
    monthly = keep - set(newest)
    assert len(keep) <= 30 + 12
    months = {(d.year, d.month) for d in keep}
    assert len(months) == 12
    for d in monthly:  # each is the newest backup of its month
        assert all(o <= d for o in days if (o.year, o.month) == (d.year, d.month))


def test_prune_deletes_only_old_daily_backups(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.date(2025, 6, 1)
    for i in range(400):
        (folder / f"ledger-{(start + dt.timedelta(days=i)).isoformat()}.sqlite3").write_bytes(b"")
    manual = folder / "ledger-2025-06-01-101500-manual.sqlite3"
    manual.write_bytes(b"")
    other = folder / "notes.txt"
    other.write_text("mine")
    removed = prune(folder)
    left = [p for p in folder.iterdir() if backup.DAILY_RE.match(p.name)]
    # the newest 30 days (2026-06-06 … 07-05) hold the newest of two months already
    assert len(left) == 30 + 12 - 2
    assert manual.exists() and other.exists()
    assert len(removed) == 400 - len(left)


def test_the_backup_dir_setting_and_its_pointer(db, data_dir, tmp_path):
    db.ledger("cases").insert(case())
    elsewhere = tmp_path / "共享盘" / "台账备份"
    db.set_setting("backup_dir", str(elsewhere))
    info = auto_backup(db, today=dt.date(2026, 11, 23))
    assert info.path.parent == elsewhere
    assert backup_folder(data_dir) == elsewhere  # without the ledger: from the pointer file
    db.close()
    (data_dir / "ledger.sqlite3").write_bytes(b"\0" * 4096)  # the ledger is lost
    good = newest_good_backup(data_dir)
    assert good is not None and good.path == info.path


def test_newest_good_backup_skips_damaged_ones(db, data_dir):
    db.ledger("cases").insert(case())
    good = auto_backup(db, today=dt.date(2026, 11, 22))
    bad = data_dir / "backups" / "ledger-2026-11-23.sqlite3"
    bad.write_bytes(good.path.read_bytes()[:8192])
    listed = list_backups(data_dir)
    assert [b.ok for b in listed] == [False, True] and "损坏" in listed[0].error
    assert newest_good_backup(data_dir).path == good.path


def test_restore_refuses_newer_and_foreign_files(db, data_dir, tmp_path):
    db.ledger("cases").insert(case())
    newer = backup_to(db, tmp_path / "newer.sqlite3").path
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.commit()
    conn.close()
    db.close()
    ledger_before = (data_dir / "ledger.sqlite3").read_bytes()
    for path, error in ((newer, NewerSchemaError), (foreign, LedgerDamagedError)):
        content = path.read_bytes()
        with pytest.raises(error, match="未做任何改动"):
            restore_from(data_dir, path)
        assert path.read_bytes() == content
    assert (data_dir / "ledger.sqlite3").read_bytes() == ledger_before
    assert inspect_backup(newer).error and "更新版本" in inspect_backup(newer).error
    assert not (data_dir / "backups").exists()  # refused before anything was backed up


def test_an_older_backup_is_upgraded_when_restored(data_dir, tmp_path):
    old = tmp_path / "old.sqlite3"
    import sqlite_utils

    legacy = sqlite_utils.Database(old)
    schema.migrations.apply(legacy, stop_before="0002_report_sections")
    legacy.conn.close()
    restore_from(data_dir, old)
    with Database.open(data_dir) as db:
        assert schema.applied_names(db.db) == list(schema.KNOWN_MIGRATIONS)
    assert old.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_restore_after_a_crash_keeps_the_crashed_writes_and_ignores_the_stale_wal(
    data_dir, tmp_path
):
    with Database.open(data_dir) as db:
        db.ledger("cases").insert(case(case_no="before"))
        saved = backup_now(db)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\n"
                "from lawgov_desktop.storage import Database\n"
                "db = Database.open(sys.argv[1])\n"
                "for n in range(5):\n"
                "    db.ledger('cases').insert({'case_no': f'crash{n}', 'cause': '未培训', "
                "'party': '某公司', 'party_type': '单位', 'filed_on': '2024-03-05'})\n"
                "print('written', flush=True)\n"
                "time.sleep(60)\n"
            ),
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
    )
    assert writer.stdout.readline() == b"written\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    writer.stdout.close()
    assert (data_dir / "ledger.sqlite3-wal").stat().st_size > 0  # committed, not checkpointed
    result = restore_from(data_dir, saved.path)
    assert not (data_dir / "ledger.sqlite3-wal").exists()
    with Database.open(data_dir) as db:
        assert [r["case_no"] for r in db.ledger("cases").list()] == ["before"]
    previous = Database(result.previous)
    try:
        assert previous.ledger("cases").count() == 6  # the crashed program's writes are kept
    finally:
        previous.close()


def test_backup_failures_say_why_and_leave_no_partial_file(db, tmp_path, monkeypatch):
    db.ledger("cases").insert(case())

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_fsync_file", full)
    with pytest.raises(DiskFullError, match="磁盘空间已满"):
        backup_to(db, tmp_path / "b" / "copy.sqlite3")
    assert list((tmp_path / "b").iterdir()) == []
    monkeypatch.undo()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(LedgerReadOnlyError, match="只读"):
        backup_to(db, tmp_path / "c" / "copy.sqlite3")


def test_a_failed_restore_keeps_the_current_ledger(db, data_dir, monkeypatch):
    db.ledger("cases").insert(case())
    saved = backup_now(db)
    db.ledger("cases").insert(case(case_no="X2"))
    db.close()
    before = dump(data_dir / "ledger.sqlite3")
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(dst).name == "ledger.sqlite3":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DiskFullError):
        restore_from(data_dir, saved.path)
    monkeypatch.undo()
    assert dump(data_dir / "ledger.sqlite3") == before
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".restore")]


def test_cli_backup_list_and_restore(db, data_dir, capsys):
    db.ledger("cases").insert(case())
    db.close()
    assert main(["backup"]) == 0
    out = capsys.readouterr().out
    assert "已备份并通过完整性检查" in out and "执法案件 1 条" in out
    assert main(["backup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "手动备份" in out and "共 1 个备份" in out
    made = list_backups(data_dir)[0].path
    assert main(["restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert "恢复前的台账已备份" in out
