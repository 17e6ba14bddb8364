"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt

from ..storage import Database


def open_database(args: argparse.Namespace) -> Database:
    return Database.open(args.data_dir)


def year_arg(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份应为四位数字，收到“{text}”") from None
    if not 1990 <= year <= dt.date.today().year + 1:
        raise argparse.ArgumentTypeError(f"年份 {year} 超出范围")
    return year
