"""The `lawgov` command: one module per subcommand, all over the same storage layer.

Each command module has `register(subparsers, parent)` adding its parser (with `parent` for the
shared `--data-dir` option) and setting `func=run`, where `run(args) -> int` is the exit code.
The subcommands and their options are a contract with users' scripts: extend, never rename.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..storage import LedgerError
from . import (
    aggregate,
    backup,
    check,
    config,
    demo,
    due,
    export,
    import_xlsx,
    merge,
    restore,
    stats,
)

COMMANDS = (config, demo, import_xlsx, stats, due, check, export, aggregate,
            backup, restore, merge)


def build_parser() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,  # so a subcommand's absent option keeps the main one's
        help="台账数据文件夹（默认：环境变量 LAWGOV_DATA_DIR 或系统的用户数据文件夹）",
    )
    parser = argparse.ArgumentParser(
        prog="lawgov", description="法治建设台账：命令行工具", parents=[parent]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Chinese output on a non-UTF-8 Windows console
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    try:
        return int(args.func(args))
    except LedgerError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and cut short
        return 0
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
