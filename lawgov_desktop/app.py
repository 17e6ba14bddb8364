"""`lawgov-desktop`: the GUI entry point (also `python -m lawgov_desktop`).

Thin by design: parse the few options, then hand over to lawgov_desktop.ui, which is the only
package that imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lawgov-desktop", description="法治建设台账（桌面程序）")
    parser.add_argument(
        "--data-dir", metavar="DIR", default=None,
        help="台账数据文件夹（默认：环境变量 LAWGOV_DATA_DIR 或系统的用户数据文件夹）")
    parser.add_argument("--smoke-test", action="store_true",
                        help="打开台账、显示主窗口、逐页渲染一次后退出（用于安装包和持续集成检查）")
    parser.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if stream is not None and reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    from .ui.shell.application import run

    return run(args.data_dir, smoke_test=args.smoke_test, quit_after_show=args.quit_after_show,
               quit_when_ready=args.quit_when_ready)


if __name__ == "__main__":
    sys.exit(main())
