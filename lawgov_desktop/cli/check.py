"""`lawgov check`: integrity check of the ledger file; non-zero exit when it is damaged."""

from __future__ import annotations

import argparse

from ..storage import LedgerError
from .common import open_database


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[parent], help="检查台账文件是否完好")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        db = open_database(args)
    except LedgerError as exc:
        print(f"台账无法打开：{exc}")
        return 1
    with db:
        problems = db.integrity_problems()
        counts = {t.definition.label: t.count() for t in db.ledgers.values()}
    if problems:
        print(f"台账已损坏（{db.path}）：")
        for p in problems[:50]:
            print(f"  - {p}")
        return 1
    summary = "，".join(f"{k} {v} 条" for k, v in counts.items())
    print(f"台账完好（{db.path}）：{summary}。")
    return 0
