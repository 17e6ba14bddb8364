"""`lawgov import LEDGER FILE.xlsx [--sheet NAME] [--dry-run]`: all or nothing.

Column headers the user mapped by hand in the GUI import wizard are recognised here too."""

from __future__ import annotations

import argparse

from ..domain.ledgers import LEDGER_KEYS, get_ledger
from ..importing import import_workbook
from .common import open_database, open_for_writing


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[parent], help="从 Excel 台账导入（全部成功或全部不导入）")
    p.add_argument("ledger", choices=LEDGER_KEYS, metavar="LEDGER",
                   help="台账：cases（执法案件）、appeals（复议诉讼）、trainings（学法培训）、"
                        "publicity（普法宣传）")
    p.add_argument("file", metavar="FILE.xlsx", help="Excel 工作簿（.xlsx）")
    p.add_argument("--sheet", metavar="NAME", help="工作表名称（默认第一个）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    label = get_ledger(args.ledger).label
    opener = open_database if args.dry_run else open_for_writing
    with opener(args) as db:
        result = import_workbook(db, args.ledger, args.file, args.sheet, args.dry_run,
                                 remembered=db.import_mappings(args.ledger))
    for p in result.errors:
        print(f"错误：{p}")
    for p in result.warnings:
        print(f"提示：{p}")
    if result.ignored_columns:
        print(f"提示：以下列不是{label}的字段，已忽略：{'、'.join(result.ignored_columns)}")
    if not result.ok:
        print(f"发现 {len(result.errors)} 处错误，未导入任何数据。请修改后重新导入。")
        return 1
    if args.dry_run:
        print(f"检查通过：{len(result.values)} 行{label}可以导入（未导入，--dry-run）。")
    else:
        print(f"已导入 {result.stored} 条{label}。")
    return 0
