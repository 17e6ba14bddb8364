"""`lawgov demo [--year Y] [--size small|large]`: fill an empty ledger with demo data."""

from __future__ import annotations

import argparse
import datetime as dt

from .. import demo
from .common import open_for_writing, year_arg


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[parent], help="向空台账载入演示数据")
    p.add_argument("--year", type=year_arg, default=dt.date.today().year,
                   help="演示数据的最后一年（共三年，默认今年）")
    p.add_argument("--size", choices=sorted(demo.SIZES), default="small",
                   help="small：每年约120件案件、8件合法性审核；large：三年共20000件案件，"
                        "复议诉讼、学法培训、普法宣传各2000条，合法性审核120件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.year > dt.date.today().year:
        print(f"错误：演示数据的年份不能晚于今年（{dt.date.today().year}）。")
        return 2
    with open_for_writing(args) as db:
        counts = demo.fill(db, args.year, args.size, progress=lambda m: print(f"  {m}"))
    print(f"已载入演示数据：{sum(counts.values())} 条（{args.year - 2}–{args.year}年）。")
    return 0
