"""`lawgov merge FILE [--dry-run]`: merge a colleague's ledger (or its backup) by record UUID."""

from __future__ import annotations

import argparse
import sys

from ..storage import LedgerDamagedError
from .common import open_for_writing

MAX_LISTED = 50


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "merge",
        parents=[parent],
        help="合并另一台电脑上的台账",
        description="按记录的唯一编号合并同事电脑上的台账（或其备份文件）：新记录加入；两边都有的记录"
        "以较新的修改为准，两边都改过的列为冲突；删除只会移入回收站，不会彻底删除。"
        "合并前先备份当前台账。",
    )
    p.add_argument("file", metavar="FILE", help="另一台电脑的台账文件或备份文件（.sqlite3）")
    p.add_argument("--dry-run", action="store_true", help="只显示会发生什么，不修改台账")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every record could be merged, 1 when any was refused as invalid."""
    from ..storage.merge import merge_ledger  # here: other commands start faster

    with open_for_writing(args) as db:
        try:
            report = merge_ledger(db, args.file, dry_run=args.dry_run)
        except LedgerDamagedError as exc:  # the colleague's file, not this ledger: refused
            print(f"错误：{exc}", file=sys.stderr)
            return 2
    head = "试合并（未修改台账）" if report.dry_run else "已合并"
    print(f"{head}“{args.file}”：")
    for line in report.summary_lines():
        print(f"  {line}")
    if report.conflicts:
        print(
            f"冲突 {len(report.conflicts)} 处（两边都修改过同一条记录；较旧一方的内容保留在"
            "该记录的修改历史中）："
        )
        for c in report.conflicts[:MAX_LISTED]:
            for line in c.lines():
                print(f"  {line}")
        if len(report.conflicts) > MAX_LISTED:
            print(f"  ……另有 {len(report.conflicts) - MAX_LISTED} 处")
    if report.skipped:
        print(f"未合并 {len(report.skipped)} 条：")
        for s in report.skipped[:MAX_LISTED]:
            print(f"  {s.line()}")
    if report.refused:
        print(f"内容不合规、未合并 {len(report.refused)} 条（其余记录照常合并）：")
        for s in report.refused[:MAX_LISTED]:
            print(f"  {s.line()}")
        if len(report.refused) > MAX_LISTED:
            print(f"  ……另有 {len(report.refused) - MAX_LISTED} 条")
    if report.backup:
        print(f"合并前的台账已备份：{report.backup}")
    return 1 if report.refused else 0
