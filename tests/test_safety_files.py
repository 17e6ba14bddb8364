"""The ledger's files in a hostile world (issue #12.4, 5, 7, 8, 9): a full disk, a read-only
medium, a mistyped folder, symlinks at an output's name, leftovers of killed programs,
permissions, and dates too far out to compute with."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import case
from openpyxl import Workbook

from lawgov_desktop.cli import main
from lawgov_desktop.storage import Database
from lawgov_desktop.storage.atomic import atomic_output
from lawgov_desktop.storage.backup import backup_now
from lawgov_desktop.storage.leftovers import clean_stale

YEAR = 2024
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and mounts")


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    said = capsys.readouterr()
    return code, said.out + said.err


def fill(db: Database, n: int = 20) -> None:
    cases = db.ledger("cases")
    for i in range(n):
        cases.insert(case(case_no=f"F{i}", filed_on="2024-03-05", note="备注" * 50))


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small RAM file system at `path` (root only), to fill up or make read-only."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a tmpfs mount needs root (CI and the dev container run as root)")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill_disk(folder: Path, leave: int = 0) -> None:
    """Take every free byte of `folder`'s file system but `leave`."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(folder / "filler", "wb") as fh:
        with contextlib.suppress(OSError):
            fh.write(b"\0" * max(0, free - leave))


def final_and_temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and p.name != "filler")


# -- a full disk ------------------------------------------------------------------------------


@pytest.mark.slow
def test_export_to_a_full_disk_fails_in_chinese_and_leaves_no_partial_file(db, tmp_path, capsys):
    fill(db)
    db.close()
    with tmpfs(tmp_path / "stick", "256k") as stick:
        fill_disk(stick, leave=8192)
        for fmt in ("pdf", "docx", "xlsx"):
            code, text = run(capsys, "export", "--year", str(YEAR), "--format", fmt,
                             "--out", str(stick))
            assert code == 2 and "磁盘空间已满" in text and str(stick) in text, text
            assert "Traceback" not in text
            assert final_and_temp_files(stick) == []  # no partial file, no temporary file
        code, text = run(capsys, "export", "--year", str(YEAR), "--package", "--out", str(stick))
        assert code == 2 and "磁盘空间已满" in text
        assert not [p for p in stick.rglob("*") if p.is_file() and p.name != "filler"]


@pytest.mark.slow
def test_backup_to_a_full_disk_fails_in_chinese_and_leaves_nothing(db, tmp_path, capsys):
    fill(db, 60)
    db.close()
    with tmpfs(tmp_path / "stick", "256k") as stick:
        fill_disk(stick, leave=16384)
        code, text = run(capsys, "backup", "--out", str(stick / "copy.sqlite3"))
        assert code == 2 and "磁盘空间已满" in text, text
        assert final_and_temp_files(stick) == []


@pytest.mark.slow
def test_a_ledger_on_a_full_disk_is_disk_full_not_damaged(tmp_path, capsys):
    """No room even for the -shm file: every command says the disk is full, and where."""
    with tmpfs(tmp_path / "full", "4m") as full:  # a new ledger with every register fits
        data = full / "data"
        with Database.open(data) as db:
            fill(db, 5)
        before = (data / "ledger.sqlite3").read_bytes()
        fill_disk(full)
        for argv in (("stats", "--year", str(YEAR)), ("due",), ("check",)):
            code, text = run(capsys, "--data-dir", str(data), *argv)
            assert code == 2 and "磁盘空间已满" in text and str(data) in text, text
            assert "损坏" not in text
        wb = Workbook()
        wb.active.append(["案号", "案由", "当事人", "当事人类型", "立案日期"])
        for n in range(200):
            wb.active.append([f"导{n}", "未培训" * 30, "某公司", "单位", "2024-03-05"])
        wb.save(tmp_path / "in.xlsx")
        code, text = run(capsys, "--data-dir", str(data), "import", "cases",
                         str(tmp_path / "in.xlsx"))
        assert code == 2 and "磁盘空间已满" in text and "损坏" not in text, text
        (full / "filler").unlink()
        assert (data / "ledger.sqlite3").read_bytes() == before
        with Database.open(data) as db:
            assert db.ledger("cases").count() == 5


@pytest.mark.slow
def test_an_import_that_fills_the_disk_stores_nothing(tmp_path, capsys):
    with tmpfs(tmp_path / "full", "3m") as full:
        data = full / "data"
        with Database.open(data) as db:
            fill(db, 5)
        wb = Workbook()
        wb.active.append(["案号", "案由", "当事人", "当事人类型", "立案日期", "备注"])
        for n in range(3000):
            wb.active.append([f"导{n}", "未培训", "某公司", "单位", "2024-03-05", "长" * 400])
        wb.save(tmp_path / "in.xlsx")
        fill_disk(full, leave=200_000)  # room for -wal/-shm, not for the rows
        code, text = run(capsys, "--data-dir", str(data), "import", "cases",
                         str(tmp_path / "in.xlsx"))
        assert code == 2 and "磁盘空间已满" in text and "Traceback" not in text, text
        (full / "filler").unlink()
        with Database.open(data) as db:
            assert db.ledger("cases").count() == 5 and db.integrity_problems() == []


# -- a read-only medium -----------------------------------------------------------------------


@pytest.mark.slow
def test_a_ledger_on_a_read_only_medium_can_be_read_exported_and_backed_up(tmp_path, capsys):
    with tmpfs(tmp_path / "cd", "8m") as cd:
        data = cd / "data"
        with Database.open(data) as db:
            fill(db, 10)
        (data / "ledger.lock").unlink(missing_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(cd)], check=True)
        out = tmp_path / "rescued"
        code, text = run(capsys, "--data-dir", str(data), "stats", "--year", str(YEAR))
        assert code == 0, text
        for argv in (("due",), ("check",),
                     ("export", "--year", str(YEAR), "--format", "docx,xlsx", "--out", str(out)),
                     ("backup", "--out", str(out / "copy.sqlite3"))):
            code, text = run(capsys, "--data-dir", str(data), *argv)
            assert code == 0, f"{argv[0]}: {text}"
        code, text = run(capsys, "--data-dir", str(tmp_path / "restored"), "restore",
                         str(out / "copy.sqlite3"))
        assert code == 0, text
        with Database.open(tmp_path / "restored") as db:
            assert db.ledger("cases").count() == 10
        code, text = run(capsys, "--data-dir", str(data), "config", "unit_name", "某局")
        assert code == 2 and "只读" in text, text


# -- a mistyped --data-dir --------------------------------------------------------------------


def test_only_demo_import_and_restore_create_a_ledger(tmp_path, capsys):
    typo = tmp_path / "ledgr"
    for argv in (("stats", "--year", str(YEAR)), ("due",), ("check",), ("config",),
                 ("config", "unit_name", "某局"), ("backup",),
                 ("export", "--year", str(YEAR), "--out", str(tmp_path / "o")),
                 ("merge", str(tmp_path / "x.sqlite3"))):
        code, text = run(capsys, "--data-dir", str(typo), *argv)
        assert code == 2 and "中没有台账" in text and str(typo) in text, f"{argv}: {text}"
        assert not typo.exists(), argv
    code, text = run(capsys, "--data-dir", str(typo), "demo")
    assert code == 0 and (typo / "ledger.sqlite3").exists()


# -- atomic outputs and symlinks --------------------------------------------------------------


def test_an_output_never_writes_through_a_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out" / "report.pdf"
    link.parent.mkdir()
    link.symlink_to(victim)
    with atomic_output(link) as tmp:
        tmp.write_bytes(b"%PDF-1.4 new")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and link.read_bytes() == b"%PDF-1.4 new"


def test_a_failed_output_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "统计表.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("renderer failed")
    assert target.read_bytes() == b"old" and sorted(os.listdir(tmp_path)) == ["统计表.xlsx"]


def test_export_and_backup_replace_a_symlink_at_the_final_name(db, tmp_path, capsys):
    fill(db, 3)
    db.close()
    victim = tmp_path / "victim"
    victim.write_bytes(b"not yours")
    out = tmp_path / "out"
    out.mkdir()
    (out / "copy.sqlite3").symlink_to(victim)
    assert run(capsys, "backup", "--out", str(out / "copy.sqlite3"))[0] == 0
    code, _ = run(capsys, "export", "--year", str(YEAR), "--package", "--out", str(out))
    assert code == 0
    assert victim.read_bytes() == b"not yours"
    assert not (out / "copy.sqlite3").is_symlink()
    assert all(zipfile.is_zipfile(p) for p in out.glob("*.zip"))


# -- permissions ------------------------------------------------------------------------------


@posix_only
def test_ledger_backups_and_exports_are_owner_only(tmp_path, capsys):
    data = tmp_path / "new" / "data"
    code, _ = run(capsys, "--data-dir", str(data), "demo")
    assert code == 0
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(data / "ledger.sqlite3") == 0o600
    assert mode(data) == 0o700 and mode(data.parent) == 0o700
    with Database.open(data) as db:
        saved = backup_now(db)
        for side in ("-wal", "-shm"):
            assert mode(data / f"ledger.sqlite3{side}") == 0o600
    assert mode(saved.path) == 0o600 and mode(saved.path.parent) == 0o700
    out = tmp_path / "exports"
    year = str(__import__("datetime").date.today().year)
    assert run(capsys, "--data-dir", str(data), "export", "--year", year, "--format",
               "docx,xlsx", "--out", str(out))[0] == 0
    assert {mode(p) for p in out.iterdir()} == {0o600}
    restored = tmp_path / "restored"
    assert run(capsys, "--data-dir", str(restored), "restore", str(saved.path))[0] == 0
    assert mode(restored / "ledger.sqlite3") == 0o600 and mode(restored) == 0o700


# -- leftovers of killed programs -------------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_dead_processes_are_cleaned_at_the_next_start(data_dir, capsys):
    with Database.open(data_dir) as db:
        fill(db, 2)
        saved = backup_now(db)
    dead, alive = dead_pid(), os.getppid()
    backups = saved.path.parent
    stale = [data_dir / f".merge-{dead}.sqlite3", data_dir / f".restore-{dead}.sqlite3",
             data_dir / f".restore-{dead}.sqlite3-journal",
             backups / f".ledger-2026-01-01.sqlite3.{dead}.tmp",
             backups / f".ledger-2026-01-01.sqlite3.{dead}.tmp-journal"]
    live = [data_dir / f".merge-{alive}.sqlite3", backups / f".ledger-x.sqlite3.{alive}.tmp"]
    for p in (*stale, *live):
        p.write_bytes(b"x" * 1000)
    assert run(capsys, "stats", "--year", str(YEAR))[0] == 0
    assert not [p for p in stale if p.exists()]
    assert all(p.exists() for p in live)  # its program is still running
    assert saved.path.exists() and (data_dir / "ledger.sqlite3").exists()
    assert clean_stale(data_dir) == []


# -- dates too far out ------------------------------------------------------------------------


def test_a_stored_far_date_does_not_crash_due_stats_or_the_deadlines(db, capsys):
    fill(db, 2)
    with db.transaction() as conn:  # as an earlier version accepted it
        for day in ("9999-12-31", "2101-01-01", "0001-01-01", "not-a-date"):
            conn.execute(
                "INSERT INTO cases (id, case_no, cause, party, party_type, filed_on, "
                "created_at, updated_at) VALUES (?, ?, '案由', '某公司', '单位', ?, "
                "'2024-01-01T00:00:00', '2024-01-01T00:00:00')",
                [str(uuid.uuid4()), f"远{day}", day])
        conn.execute("INSERT INTO holidays (day, workday) VALUES ('9999-12-31', 0)")
    assert {d.title for d in db.deadlines()} >= {"F0", "F1"}
    assert not [d for d in db.deadlines() if d.title.startswith("远")]
    assert 9999 not in db.years()
    code, text = run(capsys, "due", "--within", "100000")
    assert code == 0 and "Traceback" not in text, text
    assert run(capsys, "stats", "--year", str(YEAR))[0] == 0
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 6


@pytest.mark.slow
def test_a_read_only_ledger_with_unmerged_changes_is_refused_not_shown_stale(tmp_path, capsys):
    """A -wal file with changes, no -shm, a read-only medium: SQLite could only read the main
    file (immutable), without the changes, so the program says to copy the folder instead."""
    with tmpfs(tmp_path / "cd", "8m") as cd:
        data = cd / "data"
        with Database.open(data) as db:
            fill(db, 3)
        keep = sqlite3.connect(data / "ledger.sqlite3")  # holds the -wal open …
        keep.execute("PRAGMA wal_autocheckpoint = 0")
        with keep:
            keep.execute("INSERT INTO settings (key, value) VALUES ('unit_name', '新单位')")
        wal = data / "ledger.sqlite3-wal"
        copied = wal.read_bytes()
        keep.close()  # … closing checkpoints and deletes it: put it back, as a copy would
        wal.write_bytes(copied)
        (data / "ledger.sqlite3-shm").unlink(missing_ok=True)
        (data / "ledger.lock").unlink(missing_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(cd)], check=True)
        code, text = run(capsys, "--data-dir", str(data), "stats", "--year", str(YEAR))
        assert code == 2 and "-wal" in text and "复制" in text, text
