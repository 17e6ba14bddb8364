"""`lawgov aggregate FILE.xlsx… --out TOTAL.xlsx [--unit NAME]`: combine units' workbooks."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "aggregate", parents=[parent], help="汇总多个单位的统计表（Excel）",
        description="汇总多个单位导出的“法治建设统计表”：数量和金额相加，比率按汇总后的构成项重新计算，"
                    "每个单位一列；行政执法数据年报按各单位所用的年报模板绘制。不同年度、不同年报模板"
                    "或非本程序导出的文件会被拒绝。")
    p.add_argument("files", nargs="+", metavar="FILE.xlsx", help="各单位的统计表")
    p.add_argument("--out", required=True, metavar="TOTAL.xlsx", help="汇总表的文件名或文件夹")
    p.add_argument("--unit", metavar="NAME", help="汇总表的单位名称（默认“N个单位合计”）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..reports.aggregate import aggregate
    from .common import data_dir_of

    # the upper level's own template folder may hold the province's 年报 template
    path, total, units = aggregate(args.files, args.out, unit=args.unit,
                                   data_dir=data_dir_of(args))
    names = "、".join(u.unit for u in units)
    print(f"已汇总 {len(units)} 个统计表（{total.year}年：{names}）：{path}")
    return 0
