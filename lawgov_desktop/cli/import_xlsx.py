"""`lawgov import LEDGER FILE [--sheet NAME] [--set 字段=值] [--on-duplicate skip|stop]
[--history auto|yes|no] [--dry-run]`: all or nothing, the same core as the GUI wizard.

FILE is an .xlsx, .xls or .ods workbook; by default its first visible sheet. Column headers the
user mapped by hand in the wizard are recognised here too. Rows already in the ledger are
listed and skipped (or stop the import), 合计 and repeated header rows are skipped, and what
was inferred or filled in is summed up."""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from collections.abc import Iterator

from ..domain.ledgers import LedgerDef, get_ledger, ledger_keys
from ..domain.values import ValueProblem, parse_value
from ..storage.database import LEDGER_FILENAME, Database
from .common import data_dir_of, open_database, open_for_writing

# importing.ON_DUPLICATE and importing.HISTORY (a test keeps them equal): the importing
# package (calamine, the workbook reader) is loaded only when an import runs, so every other
# command starts without it.
ON_DUPLICATE = ("skip", "stop")
HISTORY = ("auto", "yes", "no")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[parent], help="从 Excel 台账导入（全部成功或全部不导入）")
    p.add_argument("ledger", choices=ledger_keys(), metavar="LEDGER",
                   help="台账：" + "、".join(f"{k}（{get_ledger(k).label}）"
                                            for k in ledger_keys()))
    p.add_argument("file", metavar="FILE", help="Excel 工作簿（.xlsx、.xls）或 .ods")
    p.add_argument("--sheet", metavar="NAME", help="工作表名称（默认第一个未隐藏的工作表）")
    p.add_argument("--set", dest="fill", action="append", default=[], metavar="字段=值",
                   help="表中没有的必填列整列使用同一值，例如 --set 当事人类型=单位"
                        "（字段写名称或英文键名；只填该字段为空且必填的行），可多次使用。"
                        "日期字段可写“@另一日期列”，取该行自己的日期，"
                        "例如 --set 立案日期=@决定日期")
    p.add_argument("--on-duplicate", choices=ON_DUPLICATE, default="skip",
                   help="台账中已有的记录（按案号，或日期和名称）：skip 跳过并列出（默认），"
                        "stop 不导入任何数据")
    p.add_argument("--history", choices=HISTORY, default="auto",
                   help="标记为历史记录（不提醒期限）：auto 期限已逾期90天以上的行（默认），"
                        "yes 全部行，no 不标记")
    p.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    p.set_defaults(func=run)


def parse_fill(ledger: LedgerDef, items: list[str]) -> dict[str, str]:
    """`字段=值` pairs → field key → value; raises ValueError with a Chinese message."""
    by_name = {f.label: f for f in ledger.fields} | {f.key: f for f in ledger.fields}
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        fdef = by_name.get(name.strip())
        if not sep or not value.strip():
            raise ValueError(f"--set “{item}”应写作 字段=值，例如 --set 当事人类型=单位")
        if fdef is None:
            raise ValueError(f"--set：{ledger.label}没有字段“{name.strip()}”，可用："
                             + "、".join(f.label for f in ledger.fields))
        value = value.strip()
        from ..importing.infer import SAME_AS, source_of  # the importing package loads lazily

        if value.startswith(SAME_AS):
            if source_of(ledger, fdef.key, value) is None:
                dates = "、".join(f.label for f in ledger.fields
                                 if f.is_date and f.key != fdef.key)
                raise ValueError(f"--set {fdef.label}={value}：“{SAME_AS}”只用于日期字段，"
                                 "后面写另一个日期字段，例如 --set 立案日期=@决定日期"
                                 f"（可用：{dates}）")
            out[fdef.key] = value
            continue
        try:
            parse_value(fdef, value)
        except ValueProblem as exc:
            raise ValueError(f"--set {fdef.label}：{exc}") from None
        out[fdef.key] = value
    return out


@contextlib.contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Database]:
    """The ledger to check against: a dry run on a folder with no ledger checks against an
    empty one in a temporary folder, so it leaves nothing behind (trial s4, F5.5)."""
    if not args.dry_run:
        with open_for_writing(args) as db:
            yield db
        return
    if (data_dir_of(args) / LEDGER_FILENAME).exists():
        with open_database(args) as db:
            yield db
        return
    with tempfile.TemporaryDirectory(prefix="lawgov-dry-run-") as scratch, \
            Database.open(scratch) as db:
        yield db


def run(args: argparse.Namespace) -> int:
    from ..importing import import_workbook

    ledger = get_ledger(args.ledger)
    label = ledger.label
    try:
        fill = parse_fill(ledger, args.fill)
    except ValueError as exc:
        print(f"错误：{exc}")
        return 2
    with _opened(args) as db:
        result = import_workbook(db, args.ledger, args.file, args.sheet, args.dry_run,
                                 remembered=db.import_mappings(args.ledger), fill=fill,
                                 on_duplicate=args.on_duplicate, history=args.history)
    for p in result.errors:
        print(f"错误：{p}")
    for p in result.warnings:
        print(f"提示：{p}")
    if result.ignored_columns:
        print(f"提示：以下列不是{label}的字段，已忽略：{'、'.join(result.ignored_columns)}")
    for line in result.summary():
        print(f"提示：{line}")
    for row, text in result.duplicates:
        print(f"跳过：第{row}行 {text}")
    for key in result.unfilled:
        name = ledger.field(key).label
        print(f"提示：表中没有“{name}”列：可用 --set {name}=值 为整列指定"
              + ("，或 --set 立案日期=@决定日期 取同一行的另一日期" if ledger.field(key).is_date
                 else "") + "，或在表中加上这一列")
    if not result.ok:
        print(f"发现 {len(result.errors)} 处错误，未导入任何数据。请修改后重新导入。")
        return 1
    if not result.values:
        print(f"没有需要导入的{label}（{len(result.duplicates)} 行已在台账中）。")
        return 0
    if args.dry_run:
        print(f"检查通过：{len(result.values)} 行{label}可以导入（未导入，--dry-run）。")
    else:
        print(f"已导入 {result.stored} 条{label}。")
    return 0
