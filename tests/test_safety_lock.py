"""One program per data folder (issue #7.3): the lock, its message, its takeover after a crash,
and the CLI's writing commands respecting it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.storage import Database, LedgerInUseError, LedgerLock
from lawgov_desktop.storage.lock import LOCK_FILENAME, is_locked_by_other, read_holder

HOLDER = r"""
import sys, time
from lawgov_desktop.storage import LedgerLock
LedgerLock(sys.argv[1], program="lawgov-desktop").acquire()
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def other_program(data_dir):
    """Another process holding the data folder's lock (as the GUI does for its whole run)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"locked\n", child.stderr.read() if child.stderr else ""
    yield child
    child.kill()
    child.wait(10)
    child.stdout.close()
    if child.stderr:
        child.stderr.close()


def test_a_second_program_is_refused_with_the_holders_pid(other_program, data_dir):
    with pytest.raises(LedgerInUseError) as info:
        LedgerLock(data_dir).acquire()
    message = str(info.value)
    assert "台账正在被另一个程序使用" in message
    assert f"进程 {other_program.pid}" in message and "起" in message
    holder = read_holder(data_dir)
    assert holder is not None and holder.pid == other_program.pid
    assert holder.program == "lawgov-desktop"
    assert is_locked_by_other(data_dir) is not None


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_lock_of_a_killed_program_is_taken_over(other_program, data_dir):
    other_program.send_signal(signal.SIGKILL)
    other_program.wait(10)
    assert (data_dir / LOCK_FILENAME).exists()  # the crash left the file behind
    with LedgerLock(data_dir) as lock:
        assert lock.held
        assert read_holder(data_dir).pid == os.getpid()
    assert is_locked_by_other(data_dir) is None


def test_the_lock_is_reentrant_within_a_process_and_released_at_the_end(data_dir):
    outer = LedgerLock(data_dir).acquire()
    with LedgerLock(data_dir):  # e.g. the GUI (holding it) calls restore, which takes it too
        pass
    assert outer.held and is_locked_by_other(data_dir) is None
    # still held for other processes: a child cannot take it
    probe = subprocess.run(
        [sys.executable, "-c", HOLDER.replace("time.sleep(120)", ""), str(data_dir)],
        capture_output=True,
        text=True,
    )
    assert probe.returncode != 0 and "LedgerInUseError" in probe.stderr
    outer.release()
    probe = subprocess.run(
        [sys.executable, "-c", HOLDER.replace("time.sleep(120)", ""), str(data_dir)],
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_writing_commands_respect_the_lock(other_program, data_dir, capsys, tmp_path):
    with Database.open(data_dir) as db:
        db.ledger("cases").insert(case())
    backup = tmp_path / "copy.sqlite3"
    assert run(capsys, "backup", "--out", str(backup))[0] == 0  # reading: allowed
    for argv in (
        ["demo"],
        ["config", "unit_name", "某局"],
        ["restore", str(backup)],
        ["merge", str(backup)],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert "台账正在被另一个程序使用" in err and f"进程 {other_program.pid}" in err
    # reading commands work beside the other program
    assert run(capsys, "config", "unit_name")[0] == 0
    assert run(capsys, "check")[0] == 0
    code, out, _ = run(capsys, "stats", "--year", "2024", "--json")
    assert code == 0 and '"cases_filed": 1' in out
    with Database.open(data_dir) as db:
        assert db.get_setting("unit_name") == ""


def test_a_read_only_data_folder_is_reported(tmp_path, monkeypatch):
    import errno

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "open", refuse)
    from lawgov_desktop.storage import LedgerReadOnlyError

    with pytest.raises(LedgerReadOnlyError, match="只读"):
        LedgerLock(Path(tmp_path)).acquire()
