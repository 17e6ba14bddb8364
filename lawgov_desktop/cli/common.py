"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..storage import Database, LedgerLock, default_data_dir


def data_dir_of(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def open_database(args: argparse.Namespace) -> Database:
    return Database.open(args.data_dir)


@contextlib.contextmanager
def open_for_writing(args: argparse.Namespace) -> Iterator[Database]:
    """The ledger under the data folder's lock: refused while the GUI (or another writing
    command) has it, so two programs never change one ledger at once."""
    with LedgerLock(data_dir_of(args)), open_database(args) as db:
        yield db


def year_arg(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份应为四位数字，收到“{text}”") from None
    if not 1990 <= year <= dt.date.today().year + 1:
        raise argparse.ArgumentTypeError(f"年份 {year} 超出范围")
    return year
