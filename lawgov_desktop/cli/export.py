"""`lawgov export --year Y --out DIR [--format pdf,docx,xlsx] [--no-mask] [--date D]`: the
year's files; `--format catalog` the 现行有效 行政规范性文件目录 (.xlsx; --year optional: the
documents published by the end of that year).

The same path as the GUI: reports/year_report.export_year (the year's edited report sections
or the template's, rendered to PDF/DOCX; the statistics workbook).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .common import open_database, open_for_writing, year_arg

FORMATS = ("pdf", "docx", "xlsx")
CATALOG = "catalog"  # not a default: asked for by name


def format_list(text: str) -> list[str]:
    parts = text.replace("，", ",").split(",")
    chosen = [p.strip().lower().lstrip(".") for p in parts if p.strip()]
    bad = [p for p in chosen if p not in (*FORMATS, CATALOG)]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(
            f"不支持的格式“{'、'.join(bad) or text}”，可选：{','.join((*FORMATS, CATALOG))}")
    return list(dict.fromkeys(chosen))


def date_arg(text: str) -> dt.date:
    """Any date style the ledgers accept (2026-01-15, 2026/1/15, 2026年1月15日)."""
    from ..domain.values import ValueProblem, parse_date

    try:
        return dt.date.fromisoformat(parse_date(text))
    except (ValueProblem, ValueError):
        raise argparse.ArgumentTypeError(f"无法识别的日期“{text}”，请写成 2026-01-15") from None


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[parent],
                       help="导出年度报告（PDF、Word）和统计表（Excel）")
    p.add_argument("--year", type=year_arg, help="年度，如 2024（只导出规范性文件目录时可省略）")
    p.add_argument("--out", metavar="DIR", default=".", help="输出文件夹（默认当前文件夹）")
    p.add_argument("--format", type=format_list, default=list(FORMATS), metavar="FORMATS",
                   help="逗号分隔的格式：pdf,docx,xlsx（默认这三种）；catalog 为现行有效"
                        "行政规范性文件目录（.xlsx）")
    p.add_argument("--no-mask", action="store_true",
                   help="统计表中显示自然人的完整姓名和证件号码（默认脱敏，仅供本单位内部使用）")
    p.add_argument("--package", action="store_true",
                   help="上报：在输出文件夹中生成“{单位}{年}年法治政府建设上报材料”文件夹"
                        "及同名 .zip（年度报告 PDF、Word 和脱敏统计表）")
    p.add_argument("--date", type=date_arg, metavar="DATE",
                   help="报告的成文日期，如 2026-01-15（并记为该年度报告的日期）；省略时用已设定的"
                        "日期，未设定则在次年1月1日至3月31日之间导出时用当天，否则留【待补充】")
    p.add_argument("--font-details", action="store_true",
                   help="列出本机缺少的公文字体及替代字体（默认只在本机第一次导出时列出）")
    p.set_defaults(func=run, export_parser=p)


def run(args: argparse.Namespace) -> int:
    if CATALOG in args.format:
        status = export_catalog(args)
        args.format = [f for f in args.format if f != CATALOG]
        if status or not args.format and not args.package:
            return status
    if args.year is None:  # required for everything but the catalog: argparse's own words
        args.export_parser.error(argparse._("the following arguments are required: %s")
                                 % "--year")
    from ..reports.fonts import FontError
    from ..reports.year_report import empty_year_warning, export_year, package_upward
    from ..reports.yeardata import year_is_empty
    from ..storage import report_store

    opener = open_database if args.date is None else open_for_writing
    with opener(args) as db:
        if args.date is not None:
            report_store.save_date(db, args.year, args.date)
        if year_is_empty(db, args.year):  # said before anything is written
            print(f"提示：{empty_year_warning(args.year)}")
        try:
            if args.package:
                folder, archive, files = package_upward(db, args.year, Path(args.out),
                                                        date=args.date)
                print(f"已生成上报材料：{folder}\n压缩包：{archive}")
            else:
                files = export_year(db, args.year, Path(args.out), args.format,
                                    mask=not args.no_mask, date=args.date)
        except FontError as exc:
            print(f"错误：年度报告未导出：{exc}", file=sys.stderr)
            return 1
    for path in files:
        kind = "统计表" if path.suffix == ".xlsx" else "年度报告"
        print(f"已导出{kind}：{path}")
    if args.no_mask and "xlsx" in args.format:
        print("提示：统计表含未脱敏的个人信息，请勿对外报送。")
    from ..reports.font_notice import first_time

    for warning in files.actionable:  # what the user can act on first (【待补充】 count)
        if warning.startswith(empty_year_warning(args.year)):
            continue  # already said before the export
        print(f"提示：{warning}")
    fonts = files.font_notes if args.font_details else first_time(files.font_notes)
    if fonts:
        print("字体：" + ("" if args.font_details else
                        "（本机只提示这一次；加 --font-details 可再次查看）"))
        for note in fonts:
            print(f"  {note}")
    return 0


def export_catalog(args: argparse.Namespace) -> int:
    """The 规范性文件目录 to --out (a folder, or a .xlsx file name)."""
    from ..reports.catalog import write_catalog

    with open_database(args) as db:
        path, count = write_catalog(db, Path(args.out), args.year)
    print(f"已导出规范性文件目录（{count}件）：{path}")
    return 0
