"""`lawgov check`: integrity check of the ledger file; non-zero exit when it is damaged.

When the ledger is damaged (or cannot be opened) the newest backup that passes its own
integrity check is named, with the command that restores it. The ledger is never changed.
"""

from __future__ import annotations

import argparse

from ..storage import LedgerDamagedError
from .common import open_database, suggest_backup


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[parent], help="检查台账文件是否完好")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 1 only for damage. A busy ledger, a full disk or a folder without a ledger are
    LedgerErrors (exit 2): a script must never restore over a healthy ledger that was busy."""
    try:
        db = open_database(args)
    except LedgerDamagedError as exc:
        print(f"台账无法打开：{exc}")
        suggest_backup(args)
        return 1
    with db:
        try:
            problems = db.integrity_problems()
            counts = {t.definition.label: t.count() for t in db.ledgers.values()}
        except LedgerDamagedError as exc:
            problems, counts = [str(exc)], {}
    if problems:
        print(f"台账已损坏（{db.path}）：")
        for p in problems[:50]:
            print(f"  - {p}")
        suggest_backup(args)
        return 1
    summary = "，".join(f"{k} {v} 条" for k, v in counts.items())
    note = "（只读打开）" if db.read_only else ""
    print(f"台账完好（{db.path}）{note}：{summary}。")
    return 0
