"""`lawgov restore FILE`: replace the ledger by a backup (this machine's or another's).

A damaged, foreign or newer file is refused and not changed. The current ledger is backed up
first (or, if it is damaged, moved aside as ledger.sqlite3.damaged-<time>); nothing is deleted.
"""

from __future__ import annotations

import argparse
import sys

from ..domain.ledgers import get_ledger
from ..storage import LedgerDamagedError
from .common import data_dir_of


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "restore",
        parents=[parent],
        help="从备份文件恢复台账",
        description="用备份文件替换当前台账。损坏的、不是本程序的或由更新版本写入的"
        "文件会被拒绝；当前台账先备份（已损坏的则改名保留），不会删除。",
    )
    p.add_argument("file", metavar="FILE", help="备份文件（lawgov backup 生成的 .sqlite3）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..storage.backup import restore_from  # here: other commands start faster

    try:
        result = restore_from(data_dir_of(args), args.file)
    except LedgerDamagedError as exc:  # the file to restore from, not the ledger: refused
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    counts = "，".join(f"{get_ledger(k).label} {n} 条" for k, n in result.restored.counts.items())
    print(f"已从“{args.file}”恢复台账：{counts}。")
    if result.previous and result.previous_damaged:
        print(f"原台账已损坏，已改名保留：{result.previous}")
    elif result.previous:
        print(f"恢复前的台账已备份：{result.previous}")
    return 0
