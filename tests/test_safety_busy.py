"""Reads alongside a writer (issue #12.3): while another connection holds a write transaction
(a long import, a merge), the reading commands run and succeed without waiting for it, and a
ledger that really is busy is reported as "in use" (exit 2), never as damaged."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest
from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.storage import Database, LedgerLockedError, database

YEAR = 2024
READERS = (
    ("stats", "--year", str(YEAR), "--json"),
    ("due",),
    ("check",),
    ("export", "--year", str(YEAR), "--format", "docx,xlsx", "--out", "{out}"),
    ("backup", "--out", "{out}/copy.sqlite3"),
)


@pytest.fixture
def ledger(data_dir):
    with Database.open(data_dir) as db:
        cases = db.ledger("cases")
        for n in range(30):
            cases.insert(case(case_no=f"B{n}", filed_on="2024-03-05"))
    return data_dir / "ledger.sqlite3"


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")  # what an import or a merge holds, for seconds
conn.execute("INSERT INTO settings (key, value) VALUES ('unit_name', '写入中')")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
print("released", flush=True)
"""


def test_reading_commands_succeed_while_another_program_holds_a_write(ledger, tmp_path, capsys):
    """Another process holds a write transaction (10 s at most) while all five run."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(ledger), "10"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        for argv in READERS:
            args = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
            started = time.monotonic()
            code = main(list(args))
            took = time.monotonic() - started
            said = capsys.readouterr()
            assert code == 0, f"{argv[0]}: {said.out}{said.err}"
            assert "损坏" not in said.out + said.err
            assert took < database.BUSY_TIMEOUT_S, f"{argv[0]} waited for the writer ({took:.1f} s)"
        assert holder.poll() is None  # the writer was still holding its transaction
    finally:
        holder.kill()
        holder.wait()
    assert (tmp_path / "out" / "copy.sqlite3").exists()


def test_a_really_busy_ledger_is_in_use_not_damaged(ledger, capsys, monkeypatch):
    """A program holding SQLite's exclusive lock (no WAL reading possible): "in use", exit 2;
    `check` must not suggest restoring a healthy ledger."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.05)
    other = sqlite3.connect(ledger, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO settings (key, value) VALUES ('unit_name', '独占')")
    try:
        for argv in (("check",), ("stats", "--year", str(YEAR)), ("due",)):
            code = main(list(argv))
            said = capsys.readouterr()
            text = said.out + said.err
            assert code == 2, f"{argv[0]}: {text}"
            assert "占用" in text and "损坏" not in text and "lawgov restore" not in text
        with pytest.raises(LedgerLockedError):
            Database.open(ledger.parent)
    finally:
        other.execute("ROLLBACK")
        other.close()
