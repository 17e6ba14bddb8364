"""The `lawgov` command: one module per subcommand, all over the same storage layer.

Each command module has `register(subparsers, parent)` adding its parser (with `parent` for the
shared `--data-dir` option) and setting `func=run`, where `run(args) -> int` is the exit code.
The subcommands and their options are a contract with users' scripts: extend, never rename.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence

from ..storage import LedgerDamagedError, LedgerError
from . import (
    aggregate,
    backup,
    check,
    config,
    demo,
    due,
    export,
    facts,
    import_xlsx,
    merge,
    restore,
    stats,
)

COMMANDS = (config, demo, import_xlsx, stats, facts, due, check, export, aggregate,
            backup, restore, merge)


def build_parser() -> argparse.ArgumentParser:
    from .zh_argparse import install

    install()  # "用法：", "选项", "显示本帮助并退出" and argparse's errors in Chinese
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
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True, title="命令",
                                help="“lawgov 命令 --help”查看各命令的用法")
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
    from .common import data_dir_of, suggest_backup

    if not os.environ.get("LAWGOV_DEBUG"):
        # After a reported failure (a full disk mid-write), writers abandoned half-way (zip,
        # openpyxl streams) fail again when Python collects them; that is no news to the user.
        sys.unraisablehook = lambda _unraisable: None
    _clean_leftovers(data_dir_of(args))
    try:
        return int(args.func(args))
    except LedgerDamagedError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        suggest_backup(args)
        return 1
    except LedgerError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # a path no LedgerError covers yet
        from ..storage.errors import classify

        error = classify(exc, data_dir_of(args))
        if error is None:
            return _internal_error(exc)
        print(f"错误：{error}", file=sys.stderr)
        if isinstance(error, LedgerDamagedError):
            suggest_backup(args)
            return 1
        return 2
    except BrokenPipeError:  # output piped into `head` and cut short
        return 0
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        return _internal_error(exc)


# Exit code of a failure the program did not foresee (a bug), as BSD's EX_SOFTWARE.
EXIT_INTERNAL = 70


def _internal_error(exc: BaseException) -> int:
    if os.environ.get("LAWGOV_DEBUG"):
        raise exc
    print(f"错误：程序内部错误（{type(exc).__name__}：{exc}）。台账未被改动；请运行 lawgov check "
          "检查台账，并把这条信息告诉技术支持（设置环境变量 LAWGOV_DEBUG=1 可看到详细信息）。",
          file=sys.stderr)
    return EXIT_INTERNAL


def _clean_leftovers(data_dir: object) -> None:
    """Hidden temporary files of killed backups, restores and merges (storage/leftovers.py)."""
    from pathlib import Path

    from ..storage.leftovers import clean_stale

    folder = Path(str(data_dir))
    if folder.is_dir() and os.access(folder, os.W_OK):
        clean_stale(folder)


if __name__ == "__main__":
    sys.exit(main())
