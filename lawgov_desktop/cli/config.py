"""`lawgov config KEY [VALUE]`: read or set a setting; with no KEY, list them all."""

from __future__ import annotations

import argparse
import sys

from ..domain.inspections import cap_key
from ..domain.settings import SETTINGS, report_place, setting_def
from .common import data_dir_of, open_database, open_for_writing


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    keys = "、".join(SETTINGS)
    p = sub.add_parser("config", parents=[parent], help="查看或修改设置",
                       description=f"查看或修改设置。可用设置项：{keys}")
    p.add_argument("key", nargs="?", metavar="KEY", help="设置项，如 unit_name")
    p.add_argument("value", nargs="?", metavar="VALUE", help="新的值；省略则显示当前值")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    opener = open_database if args.value is None else open_for_writing
    with opener(args) as db:
        if args.key is None:
            place = report_place(db.get_setting)
            auto = {"admin_level": f"（空：按单位名称推断，现为{place.admin_level}）",
                    "local_authority": f"（空：按行政级别，现为{place.local_authority}）"}
            caps = [cap_key(d) for d in db.choices("cases", "domain")]
            for key in (*SETTINGS, *caps):
                sdef = setting_def(key)
                assert sdef is not None
                value = db.get_setting(key)
                note = auto.get(key, "") if not value else ""
                print(f"{key}\t{value}\t# {sdef.label}{note}")
            return 0
        if setting_def(args.key) is None:
            print(f"错误：未知设置项“{args.key}”，可用：{'、'.join(SETTINGS)}，"
                  "以及 inspection_cap.<执法领域>（如 inspection_cap.危险化学品）")
            return 2
        if args.value is None:
            print(db.get_setting(args.key))
        else:
            if args.key == "annual_template":  # a template file must exist and be sound
                from ..reports.workbook import load_template

                for warning in load_template(args.value, data_dir_of(args)).warnings:
                    print(f"注意：{warning}", file=sys.stderr)
            print(db.set_setting(args.key, args.value))
    return 0
