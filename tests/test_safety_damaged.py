"""Damaged ledgers (issue #7.2): truncated, zero-filled, random-bytes, text and other programs'
SQLite files are reported by Database.open, `lawgov check` and `lawgov restore`, and none of
them is changed by a single byte."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.storage import Database, LedgerDamagedError, LedgerError
from lawgov_desktop.storage.backup import backup_now, list_backups, restore_from


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(db: Database, n: int = 300) -> None:
    cases = db.ledger("cases")
    cases.insert_valid(
        [cases.validate(case(case_no=f"D{i}", note="备注" * 40)).values for i in range(n)]
    )


def real_ledger_bytes(folder: Path) -> bytes:
    with Database.open(folder) as db:
        fill(db)
    return (folder / "ledger.sqlite3").read_bytes()


def other_apps_db(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (n INTEGER, amount REAL)")
    conn.executemany("INSERT INTO invoices VALUES (?, ?)", [(i, i * 1.5) for i in range(500)])
    conn.commit()
    conn.close()
    data = path.read_bytes()
    path.unlink()
    return data


def damaged_contents(tmp_path: Path) -> dict[str, bytes]:
    rng = random.Random(7)
    good = real_ledger_bytes(tmp_path / "source")
    return {
        "truncated": good[: len(good) // 2],
        "truncated-last-page": good[: len(good) - 4096],
        "zero-filled": b"\0" * len(good),
        "random-bytes": bytes(rng.getrandbits(8) for _ in range(40000)),
        "text": "案号,案由,当事人\n示应急罚〔2024〕1号,未培训,某公司\n".encode() * 200,
        "other-app-sqlite": other_apps_db(tmp_path / "other.db"),
        "header-only": good[:60],
    }


KINDS = [
    "truncated",
    "truncated-last-page",
    "zero-filled",
    "random-bytes",
    "text",
    "other-app-sqlite",
    "header-only",
]


@pytest.fixture(scope="module")
def contents(tmp_path_factory) -> dict[str, bytes]:
    return damaged_contents(tmp_path_factory.mktemp("damaged"))


@pytest.fixture(params=KINDS)
def damaged(request, contents, data_dir) -> tuple[str, bytes]:
    content = contents[request.param]
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "ledger.sqlite3").write_bytes(content)
    return request.param, content


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in the data folder (the lock file aside) with its checksum."""
    return {
        p.name: checksum(p) for p in folder.iterdir() if p.is_file() and p.name != "ledger.lock"
    }


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_database_open_reports_and_changes_nothing(damaged, data_dir):
    kind, content = damaged
    before = folder_state(data_dir)
    with pytest.raises(LedgerDamagedError) as info:
        Database.open(data_dir)
    assert "未被改动" in str(info.value) or "未做任何改动" in str(info.value)
    if kind.startswith("truncated"):
        assert "截断" in str(info.value)
    assert folder_state(data_dir) == before  # no byte changed, no -wal/-shm left behind
    assert (data_dir / "ledger.sqlite3").read_bytes() == content


def test_check_reports_and_names_the_newest_good_backup(damaged, data_dir, tmp_path, capsys):
    kind, content = damaged
    # a good backup from before the damage, and a damaged newer "backup" it must skip
    good_dir = tmp_path / "good"
    with Database.open(good_dir) as db:
        db.ledger("cases").insert(case())
        saved = backup_now(db)
    backups = data_dir / "backups"
    backups.mkdir()
    good = backups / "ledger-2026-01-02.sqlite3"
    good.write_bytes(saved.path.read_bytes())
    (backups / "ledger-2026-01-03.sqlite3").write_bytes(content[:5000] or b"x")
    before = folder_state(data_dir)
    code, out, _ = run(capsys, "check")
    assert code == 1 and "台账无法打开" in out
    assert "最近的完好备份" in out and str(good) in out and "lawgov restore" in out
    assert folder_state(data_dir) == before


def test_restore_refuses_a_damaged_file_and_changes_neither(damaged, data_dir, tmp_path, capsys):
    kind, content = damaged
    source = data_dir / "ledger.sqlite3"
    target_dir = tmp_path / "target"
    with Database.open(target_dir) as db:
        db.ledger("cases").insert(case())
    target = target_dir / "ledger.sqlite3"
    target_sum = checksum(target)
    with pytest.raises(LedgerDamagedError):
        restore_from(target_dir, source)
    code, out, err = run(capsys, "restore", str(source), "--data-dir", str(target_dir))
    assert code == 2 and ("损坏" in err or "不是本程序的台账" in err) and "未做任何改动" in err
    assert source.read_bytes() == content
    assert checksum(target) == target_sum
    assert not [p for p in target_dir.iterdir() if p.name.startswith(".restore")]


def test_restoring_over_a_damaged_ledger_keeps_it_aside_untouched(damaged, data_dir, tmp_path):
    kind, content = damaged
    good_dir = tmp_path / "good"
    with Database.open(good_dir) as db:
        db.ledger("cases").insert(case())
        saved = backup_now(db)
    result = restore_from(data_dir, saved.path)
    assert result.previous_damaged and result.previous is not None
    assert result.previous.name.startswith("ledger.sqlite3.damaged-")
    assert result.previous.read_bytes() == content  # never deleted, never changed
    with Database.open(data_dir) as db:
        assert db.ledger("cases").count() == 1 and db.integrity_problems() == []


def test_a_corrupted_page_inside_a_sound_looking_file_is_found(data_dir, capsys):
    with Database.open(data_dir) as db:
        fill(db)
        saved = backup_now(db)
    path = data_dir / "ledger.sqlite3"
    with path.open("r+b") as fh:
        fh.seek(4096 * 20)
        fh.write(bytes(random.Random(3).getrandbits(8) for _ in range(4096)))
    before = checksum(path)
    with Database.open(data_dir) as db:
        assert db.quick_check() and db.integrity_problems()
    code, out, _ = run(capsys, "check")
    assert code == 1 and "台账已损坏" in out and saved.path.name in out
    assert checksum(path) == before
    assert [b.path for b in list_backups(data_dir)] == [saved.path]


def test_a_sound_ledger_passes_the_quick_check(db):
    fill(db, 20)
    assert db.quick_check() == []


def test_restore_of_a_missing_file_is_an_error(data_dir):
    with pytest.raises(LedgerError, match="找不到文件"):
        restore_from(data_dir, data_dir / "nope.sqlite3")
