"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..storage import Database, LedgerLock, LedgerReadOnlyError, default_data_dir
from ..storage.database import require_ledger

# Only these commands may create a ledger in an empty folder; every other one says the
# folder has no ledger (a mistyped --data-dir must not silently get an empty one).
CREATING_COMMANDS = frozenset({"demo", "import", "restore"})


def data_dir_of(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def may_create(args: argparse.Namespace) -> bool:
    return getattr(args, "command", None) in CREATING_COMMANDS


def open_database(args: argparse.Namespace) -> Database:
    """The ledger for reading: read-only (SQLite mode=ro) when its folder cannot be written,
    so a ledger on a CD or a write-protected stick can still be read, exported and backed up."""
    return Database.open(args.data_dir, create=may_create(args))


@contextlib.contextmanager
def open_for_writing(args: argparse.Namespace) -> Iterator[Database]:
    """The ledger under the data folder's lock: refused while the GUI (or another writing
    command) has it, so two programs never change one ledger at once."""
    folder = data_dir_of(args)
    if not may_create(args):
        require_ledger(folder)  # "no ledger here" before the lock file is made
    with LedgerLock(folder), open_database(args) as db:
        if db.read_only:
            raise LedgerReadOnlyError(
                f"台账所在的文件夹“{folder}”是只读的（光盘、写保护的U盘或没有写权限），"
                "不能修改台账。可以查看统计、导出或用 lawgov backup --out 复制到别处。"
            )
        yield db


def suggest_backup(args: argparse.Namespace) -> None:
    """Name the newest backup that passes its own check, and the command that restores it."""
    from ..storage.backup import newest_good_backup

    try:
        good = newest_good_backup(data_dir_of(args))
    except Exception:  # listing must never turn a damage report into a traceback
        good = None
    if good is None:
        print("没有找到可用的备份。")
        return
    print(f"最近的完好备份：{good.describe()}")
    print(f'恢复命令：lawgov restore "{good.path}"（当前台账会先改名保留，不会删除）')


def year_arg(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份应为四位数字，收到“{text}”") from None
    if not 1990 <= year <= dt.date.today().year + 1:
        raise argparse.ArgumentTypeError(f"年份 {year} 超出范围")
    return year
