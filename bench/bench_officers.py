"""执法人员 (issue #13 item 3): what the officers' figures, reminders and filters cost.

    python bench/bench_officers.py         # prints a markdown table; takes about half a minute

On the large demo ledger (fixed seed and day: `lawgov demo --size large --year 2026`, today
2026-11-20; 30 officers, 2,000 trainings of which the officer trainings name them):
in-process medians of 50 runs of
- the seven officer indicators of a year (officer_figures: the roster, the year's trainees
  split by name and summed), and `db.stats(year)` whole (every indicator) for scale;
- `db.deadlines()` (every reminder, certificates included);
- the list filter 学时未达标 (its ids computed, then the SQL list of the page);
- one officer's trainings and hours (the form's side panel);
and, whole process (median of 5), `lawgov stats --year 2026 --json`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lawgov_desktop import demo
from lawgov_desktop.domain.officer_figures import officer_figures, trainings_of
from lawgov_desktop.storage import Database, Query

YEAR = 2026
TODAY = dt.date(2026, 11, 20)
RUNS = 50
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="lawgov-bench-officers-")) / "large"
    with Database.open(folder) as db:
        demo.fill(db, YEAR, "large", today=TODAY)
    rows_out: list[tuple[str, float]] = []
    with Database.open(folder) as db:
        rows = lambda q, p: db.conn.execute(q, p).fetchall()  # noqa: E731
        table = db.ledger("officers")
        rows_out.append(("officer indicators of a year (officer_figures)",
                         median_ms(lambda: officer_figures(rows, YEAR, TODAY, db.get_setting))))
        rows_out.append(("db.stats(year), every indicator", median_ms(lambda: db.stats(YEAR))))
        rows_out.append(("db.deadlines(), certificates included",
                         median_ms(lambda: db.deadlines(today=TODAY), 10)))
        rows_out.append(("filter 学时未达标 (ids + list)", median_ms(
            lambda: table.list(Query(status="学时未达标", period=YEAR), limit=100))))
        name = table.list(Query(), limit=1)[0]["name"]
        rows_out.append(("one officer's trainings (form panel)",
                         median_ms(lambda: trainings_of(rows, name, YEAR))))
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([*LAWGOV, "--data-dir", str(folder), "stats", "--year", str(YEAR),
                        "--json"], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    rows_out.append(("`lawgov stats --json`, whole process", statistics.median(runs) * 1000))
    print("| 执法人员, large demo | median |")
    print("|---|---|")
    for label, ms in rows_out:
        print(f"| {label} | {ms:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
