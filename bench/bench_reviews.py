"""合法性审核 benchmarks (issue #14): fixed size and seed, whole processes, medians.

    python bench/bench_reviews.py          # prints a markdown table; about half a minute

On the large demo ledger (20,000 cases, 120 合法性审核 over 2023–2025, today fixed):
- `lawgov stats --year 2025 --json`: every indicator, now with the 报备 ones whose due date
  comes from the SQL function lawgov_filing_due (the same due date as the reminder);
- `lawgov due`: every open deadline, the 规范性文件报备 rule included;
- `lawgov export --format catalog`: the 规范性文件目录 (.xlsx);
- `lawgov export --year 2025 --format xlsx`: the statistics workbook with the 合法性审核 sheet.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lawgov_desktop import demo
from lawgov_desktop.storage import Database

TODAY = dt.date(2026, 1, 20)
YEAR = 2025
REPEAT = 5
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]


def timed(args: list[str]) -> tuple[float, float]:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run(LAWGOV + args, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="lawgov-bench-reviews-"))
    data = folder / "data"
    with Database.open(data) as db:
        demo.fill(db, YEAR, "large", today=TODAY)
        reviews = db.ledger("reviews").count()
    out = folder / "out"
    rows = [
        ("`lawgov stats --year 2025 --json`", ["stats", "--year", str(YEAR), "--json"]),
        ("`lawgov due`", ["due"]),
        ("`lawgov export --format catalog`", ["export", "--format", "catalog", "--out", str(out)]),
        ("`lawgov export --year 2025 --format xlsx`",
         ["export", "--year", str(YEAR), "--format", "xlsx", "--out", str(out)]),
    ]
    bare = timed_bare()
    print(f"Large demo ledger, {reviews} 合法性审核 records; medians of {REPEAT} whole processes")
    print()
    print("| measurement | result |")
    print("|---|---|")
    print(f"| for scale: bare `python -c pass` | {bare * 1000:.0f} ms |")
    for label, args in rows:
        median, worst = timed(["--data-dir", str(data), *args])
        print(f"| {label} | {median * 1000:.0f} ms (max {worst * 1000:.0f}) |")
    return 0


def timed_bare() -> float:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


if __name__ == "__main__":
    sys.exit(main())
