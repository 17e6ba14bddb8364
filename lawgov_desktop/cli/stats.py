"""`lawgov stats --year Y [--json]`: the year's indicators (DOMAIN.md §3)."""

from __future__ import annotations

import argparse
import json

from ..domain.indicators import INDICATORS, format_indicator
from .common import open_database, year_arg


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[parent], help="年度统计指标")
    p.add_argument("--year", type=year_arg, required=True, help="年度，如 2024")
    p.add_argument(
        "--json",
        action="store_true",
        help="输出一个 JSON 对象，键为指标代码（比率为小数或 null，金额单位为元）",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_database(args) as db:
        figures = db.stats(args.year)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    width = max(len(i.label) for i in INDICATORS)
    print(f"{args.year}年度统计")
    for ind in INDICATORS:
        label = ind.label + "\u3000" * (width - len(ind.label))
        print(f"  {label}  {format_indicator(ind, figures[ind.id]):>14}   {ind.id}")
    return 0
