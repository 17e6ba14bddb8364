"""`lawgov due [--within DAYS]`: legal deadlines due soon or overdue (DOMAIN.md §5)."""

from __future__ import annotations

import argparse

from ..domain.ledgers import get_ledger
from .common import open_database


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("due", parents=[parent], help="即将到期或已逾期的法定期限")
    p.add_argument(
        "--within",
        type=int,
        default=7,
        metavar="DAYS",
        help="列出 DAYS 天内到期的和已逾期的（默认 7）",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_database(args) as db:
        calendar = db.calendar()
        found = db.deadlines(within_days=args.within, calendar=calendar)
    if not found:
        print(f"{args.within}天内没有到期的法定期限。")
    for d in found:
        ledger = get_ledger(d.rule.ledger).label
        print(f"{d.due_on.isoformat()}  {d.status:<8}  {d.rule.label:<8}  {ledger}  {d.title}")
    overdue = sum(1 for d in found if d.overdue)
    if found:
        print(f"共 {len(found)} 项，其中已逾期 {overdue} 项。")
    warning = calendar.warning()
    if warning:
        print(f"提示：{warning}")
    return 0
