"""`lawgov check`: integrity check of the ledger file; non-zero exit when it is damaged.

When the ledger is damaged (or cannot be opened) the newest backup that passes its own
integrity check is named, with the command that restores it. The ledger is never changed.
"""

from __future__ import annotations

import argparse

from ..storage import LedgerError
from ..storage.backup import newest_good_backup
from .common import data_dir_of, open_database


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[parent], help="检查台账文件是否完好")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        db = open_database(args)
    except LedgerError as exc:
        print(f"台账无法打开：{exc}")
        suggest_backup(args)
        return 1
    with db:
        problems = db.integrity_problems()
        counts = {t.definition.label: t.count() for t in db.ledgers.values()}
    if problems:
        print(f"台账已损坏（{db.path}）：")
        for p in problems[:50]:
            print(f"  - {p}")
        suggest_backup(args)
        return 1
    summary = "，".join(f"{k} {v} 条" for k, v in counts.items())
    print(f"台账完好（{db.path}）：{summary}。")
    return 0


def suggest_backup(args: argparse.Namespace) -> None:
    good = newest_good_backup(data_dir_of(args))
    if good is None:
        print("没有找到可用的备份。")
        return
    print(f"最近的完好备份：{good.describe()}")
    print(f'恢复命令：lawgov restore "{good.path}"（当前台账会先改名保留，不会删除）')
