"""Undo and redo of a whole import (trial s4, F3.1/F3.2), as markdown.

    python bench/bench_undo.py [--rows 10000] [--runs 5]

ROWS valid cases (fixed numbering) are stored as one import would store them; then the undo
(all of them to the 回收站, `delete_many`) and the redo (all back, `restore_many`, also what
回收站 → 恢复 does for a multi-selection) are timed in-process, each one transaction with its
change-log rows. Medians of RUNS.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factories import case  # noqa: E402

from lawgov_desktop.storage import Database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    undo, redo = [], []
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(folder)
        table = db.ledger("cases")
        rows = [table.validate(case(case_no=f"示应急罚〔2024〕{i}号")).values
                for i in range(1, args.rows + 1)]
        with db.transaction():
            ids = table.insert_valid(rows)
        for _ in range(args.runs):
            start = time.perf_counter()
            table.delete_many(ids)
            undo.append(time.perf_counter() - start)
            start = time.perf_counter()
            table.restore_many(ids)
            redo.append(time.perf_counter() - start)
        db.close()
    print("| measurement | result |\n|---|---|")
    print(f"| undo an import of {args.rows:,} cases (to the 回收站) | "
          f"{statistics.median(undo) * 1000:.0f} ms (max {max(undo) * 1000:.0f}) |")
    print(f"| redo it / restore {args.rows:,} selected in the 回收站 | "
          f"{statistics.median(redo) * 1000:.0f} ms (max {max(redo) * 1000:.0f}) |")


if __name__ == "__main__":
    main()
