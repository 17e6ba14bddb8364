"""Facts of the year (issue #13 item 4): what `lawgov facts` and the plan indicators cost.

    python bench/bench_facts.py            # prints a markdown table; takes about a minute

On the large demo ledger (fixed seed, as `lawgov demo --size large --year 2026`), whole
processes interleaved so a busy machine slows all alike, medians of 9:
- `lawgov config unit_name` (for scale: open the ledger, read one value, print it);
- `lawgov facts --year Y` (list), `lawgov facts --year Y plan_units N` (set, one transaction
  with its change-log entry, under the folder lock);
- `lawgov stats --year Y --json` (now with the five plan indicators);
and in-process the one query that reads the facts behind the plan indicators (median of 200).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lawgov_desktop.domain.indicators import facts_query
from lawgov_desktop.storage import Database

YEAR = 2026
RUNS = 9
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]


def whole(folder: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([*LAWGOV, "--data-dir", str(folder), *args], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="lawgov-bench-facts-")) / "large"
    subprocess.run([*LAWGOV, "--data-dir", str(folder), "demo", "--size", "large",
                    "--year", str(YEAR)], check=True, capture_output=True)
    commands = {
        "`lawgov config unit_name` (for scale)": ("config", "unit_name"),
        "`lawgov facts --year Y` (list)": ("facts", "--year", str(YEAR)),
        "`lawgov facts --year Y plan_units N` (set)": None,
        "`lawgov stats --year Y --json`": ("stats", "--year", str(YEAR), "--json"),
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for n in range(RUNS):
        for label, args in commands.items():
            args = args or ("facts", "--year", str(YEAR), "plan_units", str(100 + n))
            times[label].append(whole(folder, *args))
    with Database.open(folder) as db:
        sql, params, _ = facts_query(YEAR)
        query = []
        for _ in range(200):
            start = time.perf_counter()
            db.conn.execute(sql, params).fetchone()
            query.append(time.perf_counter() - start)
    print("| measurement | median | max |")
    print("|---|---|---|")
    for label, ts in times.items():
        print(f"| {label} | {statistics.median(ts) * 1000:.0f} ms | {max(ts) * 1000:.0f} ms |")
    print(f"| the facts query behind the plan indicators (in-process) | "
          f"{statistics.median(query) * 1e6:.0f} µs | {max(query) * 1e6:.0f} µs |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
