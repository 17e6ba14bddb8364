"""`lawgov facts --year Y [KEY [VALUE]]`: the facts of the year (DOMAIN.md §10).

No KEY lists every fact (label, value; `--json` an object keyed by fact key, null where not
set); KEY prints one; KEY VALUE sets it ("" clears). KEY is the key or the label. A bad name
or value is a Chinese message and exit 2, as other bad input.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..domain.facts import FactDef, FactError, load_facts, show_fact
from ..storage import LedgerError
from ..storage.facts import read_facts, set_fact
from .common import open_database, open_for_writing, year_arg


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    form = load_facts()
    p = sub.add_parser(
        "facts", parents=[parent], help="年度情况（计划检查企业数、法律顾问、述法等）",
        description="查看或填写年度情况。不写 KEY 列出全部；写 KEY 显示一项；写 KEY VALUE 填写"
        "（VALUE 为空字符串 \"\" 时清空）。KEY 可用代码或名称：" + "、".join(
            f"{f.key}（{f.label}）" for f in form.facts))
    p.add_argument("--year", type=year_arg, required=True, help="年度，如 2025")
    p.add_argument("key", nargs="?", metavar="KEY",
                   help="项目代码或名称，如 plan_units 或 计划检查企业数")
    p.add_argument("value", nargs="?", metavar="VALUE", help="要填写的值；\"\" 清空")
    p.add_argument("--json", action="store_true",
                   help="以 JSON 输出（键为项目代码，未填为 null，是/否为 true/false）")
    p.set_defaults(func=run)


def _json_value(fact: FactDef, stored: Any) -> Any:
    if stored is not None and fact.type == "bool":
        return bool(stored)
    return stored


def _find(name: str) -> FactDef:
    try:
        return load_facts().find(name)
    except FactError as exc:
        raise LedgerError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    form = load_facts()
    if args.value is not None:
        fact = _find(args.key)
        with open_for_writing(args) as db:
            stored = set_fact(db, args.year, fact.key, args.value)
        if stored is None:
            print(f"已清空 {args.year} 年“{fact.label}”")
        else:
            print(f"已保存 {args.year} 年“{fact.label}”：{show_fact(fact, stored)}")
        return 0
    with open_database(args) as db:
        values = read_facts(db, args.year)
    if args.key is not None:
        fact = _find(args.key)
        stored = values.get(fact.key)
        if args.json:
            print(json.dumps(_json_value(fact, stored), ensure_ascii=False))
        else:
            print(show_fact(fact, stored))
        return 0
    if args.json:
        print(json.dumps({f.key: _json_value(f, values.get(f.key)) for f in form.facts},
                         ensure_ascii=False, indent=2))
        return 0
    width = max(len(f.label) for f in form.facts)
    print(f"{args.year}年度情况")
    for f in form.facts:
        label = f.label + "\u3000" * (width - len(f.label))
        shown = show_fact(f, values.get(f.key)) or "（未填）"
        print(f"  {label}  {shown}   {f.key}")
    return 0
