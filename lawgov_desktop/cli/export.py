"""`lawgov export --year Y --out DIR [--format pdf,docx,xlsx] [--no-mask]`: the year's files.

xlsx: the statistics workbook (reports/workbook.py). pdf/docx: the year-end report, from
`lawgov_desktop.reports.export_report` with the year's edited sections (or the template's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ..storage import Database
from .common import open_database, year_arg

FORMATS = ("pdf", "docx", "xlsx")


def format_list(text: str) -> list[str]:
    parts = text.replace("，", ",").split(",")
    chosen = [p.strip().lower().lstrip(".") for p in parts if p.strip()]
    bad = [p for p in chosen if p not in FORMATS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(
            f"不支持的格式“{'、'.join(bad) or text}”，可选：{','.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[parent],
                       help="导出年度报告（PDF、Word）和统计表（Excel）")
    p.add_argument("--year", type=year_arg, required=True, help="年度，如 2024")
    p.add_argument("--out", metavar="DIR", default=".", help="输出文件夹（默认当前文件夹）")
    p.add_argument("--format", type=format_list, default=list(FORMATS), metavar="FORMATS",
                   help="逗号分隔的格式：pdf,docx,xlsx（默认全部）")
    p.add_argument("--no-mask", action="store_true",
                   help="统计表中显示自然人的完整姓名和证件号码（默认脱敏，仅供本单位内部使用）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    status = 0
    with open_database(args) as db:
        if "xlsx" in args.format:
            from ..reports.workbook import write_workbook

            path = write_workbook(db, args.year, out, mask=not args.no_mask)
            print(f"已导出统计表：{path}")
            if args.no_mask:
                print("提示：统计表含未脱敏的个人信息，请勿对外报送。")
        report_formats = [f for f in args.format if f in ("pdf", "docx")]
        if report_formats:
            status = export_report_files(db, args.year, out, report_formats)
    return status


def export_report_files(db: Database, year: int, out: Path, formats: list[str]) -> int:
    try:
        from ..reports import export_report  # type: ignore[attr-defined]
        from ..reports.fonts import FontError
        from ..reports.template import ReportSection, default_sections
    except ImportError as exc:
        print(f"错误：本版本尚不能导出{'、'.join(f.upper() for f in formats)}格式的年度报告"
              f"（报告组件不可用：{exc}）。", file=sys.stderr)
        return 1
    unit = db.get_setting("unit_name")
    rows = db.conn.execute(
        "SELECT key, title, body FROM report_sections WHERE year = ? ORDER BY position",
        [year]).fetchall()
    sections = ([ReportSection.from_stored(k, t, b) for k, t, b in rows] if rows
                else default_sections(year, unit))
    try:
        result: Any = export_report(db.stats(year), sections, unit, year, out, formats,
                                    date=dt.date.today())
    except FontError as exc:
        print(f"错误：年度报告未导出：{exc}", file=sys.stderr)
        return 1
    if isinstance(result, dict):
        paths = list(result.values())
    elif isinstance(result, (list, tuple)):
        paths = list(result)
    else:
        paths = [] if result is None else [result]
    for path in paths:
        print(f"已导出年度报告：{path}")
    for warning in getattr(result, "warnings", ()) or ():
        print(f"提示：{warning}")
    return 0
