"""`lawgov backup [--out FILE] [--list]`: a verified copy of the ledger, or the list of backups.

Without --out the copy goes to the backup folder (`<data_dir>/backups`, or the `backup_dir`
setting) as `ledger-YYYY-MM-DD-HHMMSS-manual.sqlite3`. The copy is one self-contained file
that `lawgov restore` accepts on any machine. Backing up only reads the ledger, so it runs
beside the open desktop program.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import data_dir_of, open_database


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backup",
        parents=[parent],
        help="备份台账（或列出已有备份）",
        description="用 SQLite 在线备份生成台账的完整副本，并做完整性检查。"
        "备份文件可在另一台电脑上用 lawgov restore 恢复。",
    )
    p.add_argument("--out", metavar="FILE", help="备份文件名或文件夹（默认：备份文件夹）")
    p.add_argument("--list", action="store_true", help="列出已有的备份及其日期和记录数")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..storage.backup import backup_now, backup_to  # here: other commands start faster

    if args.list:
        return show_list(args)
    with open_database(args) as db:
        if args.out:
            out = Path(args.out).expanduser()
            if out.is_dir():
                out = out / f"法治建设台账备份-{_today()}.sqlite3"
            info = backup_to(db, out)
        else:
            info = backup_now(db)
    counts = "，".join(f"{k} {v} 条" for k, v in _labelled(info.counts).items())
    print(f"已备份并通过完整性检查：{info.path}（{_size(info.size)}；{counts}）")
    return 0


def show_list(args: argparse.Namespace) -> int:
    from ..storage.backup import list_backups

    backups = list_backups(data_dir_of(args))
    if not backups:
        print("还没有备份。")
        return 0
    for b in backups:
        print(f"{b.describe()}\n    {b.path}（{_size(b.size)}）")
    print(f"共 {len(backups)} 个备份。恢复：lawgov restore 文件名")
    return 0


def _labelled(counts: dict[str, int]) -> dict[str, int]:
    from ..domain.ledgers import get_ledger

    return {get_ledger(k).label: v for k, v in counts.items()}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def _today() -> str:
    import datetime as dt

    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")
