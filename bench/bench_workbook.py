"""Statistics workbook benchmarks (issue #5): fixed sizes and seeds, whole process.

    python bench/bench_workbook.py                # prints a markdown table; about a minute
    python bench/bench_workbook.py --export-only  # only the export figures (issue #14)

Measures:
- `lawgov export --year Y --format xlsx` on the large demo ledger (whole process; goal < 3 s,
  ≤ 2 s since issue #14), with the national 年报 template and with the example_7col variant
  (the template is read and checked on every export);
- writing a 100,000-row 执法案件 detail sheet (reports/workbook_detail.write_ledger_sheet:
  SQLite → masking → typed cells → .xlsx), against a bare openpyxl write-only script that
  reads the same 100,000 rows from the same file and appends them as they come, in the same
  run and alternating (goal: within 1.3×). For scale, a second bare script that first converts
  the values to the same cell types (dates, amounts) the workbook writes.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lawgov_desktop import demo
from lawgov_desktop.storage import Database

TODAY = dt.date(2026, 1, 20)
YEAR = 2025  # the demo covers 2023–2025; the workbook compares 2025 with 2024
ROWS = 100_000
REPEAT = 3
REPEAT_100K = 5
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]

OURS = """
import sys
from lawgov_desktop.reports.workbook import new_workbook, save_atomically
from lawgov_desktop.reports.workbook_detail import write_ledger_sheet
from lawgov_desktop.storage import Database
from pathlib import Path
db = Database.open(sys.argv[1])
wb = new_workbook("bench")
n = write_ledger_sheet(wb, db, "cases", int(sys.argv[2]), "示例县应急管理局")
save_atomically(wb, Path(sys.argv[3]))
assert n == int(sys.argv[4]), n
"""

# The bare script: the same rows from the same file, appended as SQLite returns them.
BARE = """
import sqlite3, sys
from openpyxl import Workbook
from lawgov_desktop.domain.ledgers import get_ledger
fields = get_ledger("cases").fields
conn = sqlite3.connect(sys.argv[1] + "/ledger.sqlite3")
cols = ", ".join(f.key for f in fields)
y = sys.argv[2]
wb = Workbook(write_only=True)
ws = wb.create_sheet("执法案件")
ws.append([f.label for f in fields])
n = 0
sql = (f"SELECT {cols} FROM cases WHERE deleted_at IS NULL AND filed_on >= ? "
       "AND filed_on < ? ORDER BY filed_on, rowid")
for row in conn.execute(sql, [f"{y}-01-01", f"{int(y) + 1}-01-01"]):
    ws.append(row)
    n += 1
wb.save(sys.argv[3])
assert n == int(sys.argv[4]), n
"""

# For scale: bare openpyxl writing the same typed values (date cells, amounts in yuan).
BARE_TYPED = BARE.replace(
    "    ws.append(row)\n",
    "    ws.append([date.fromisoformat(v) if f.type == 'date' and v else "
    "v / 100 if f.type == 'money' and v is not None else v for f, v in zip(fields, row)])\n",
).replace("import sqlite3, sys\n", "import sqlite3, sys\nfrom datetime import date\n")


def timed(cmd: list[str], repeat: int = REPEAT) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (user + system of the child) of each run."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def ledger_of_one_year(folder: Path, rows: int) -> int:
    """`rows` demo cases, all filed in YEAR (fixed seed: the demo generator's)."""
    db = Database.open(folder)
    gen = demo.Generator(demo.Plan(YEAR, "large", TODAY))
    table = db.ledger("cases")
    days = sorted(gen.day_in(YEAR) for _ in range(rows))
    recs = [gen.case(YEAR, n, filed) for n, filed in enumerate(days, start=1)]
    with db.transaction():
        table.insert_valid([{k: r.get(k) for k in table.definition.keys} for r in recs],
                           user="bench")
    db.analyze()
    db.close()
    return rows


def main() -> None:
    results: list[tuple[str, str, str]] = []
    med = statistics.median
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        large = tmp_path / "large"
        with Database.open(large) as db:
            counts = demo.fill(db, YEAR, "large", today=TODAY)
        for template in ("national", "example_7col"):
            subprocess.run([*LAWGOV, "config", "--data-dir", str(large), "annual_template",
                            template], check=True, capture_output=True)
            out = tmp_path / f"out-{template}"
            walls, cpus = timed([*LAWGOV, "export", "--data-dir", str(large), "--year",
                                 str(YEAR), "--out", str(out), "--format", "xlsx"], 5)
            size = sum(p.stat().st_size for p in out.glob("*.xlsx"))
            results.append((
                f"`lawgov export --format xlsx`, large demo ledger ({sum(counts.values()):,} "
                f"records, {YEAR}; 年报 template {template}; whole process, median of 5)",
                f"{med(walls):.2f} s wall (max {max(walls):.2f}), {med(cpus):.2f} s CPU; "
                f"{size / 1e6:.1f} MB", "≤ 2 s (#14)"))
        if "--export-only" in sys.argv:
            _print(results)
            return

        big = tmp_path / "100k"
        n = ledger_of_one_year(big, ROWS)
        runs: dict[str, tuple[list[float], list[float]]] = {
            "ours": ([], []), "bare": ([], []), "typed": ([], [])}
        scripts = {"ours": OURS, "bare": BARE, "typed": BARE_TYPED}
        for i in range(REPEAT_100K):  # alternate, so all see the same machine state
            for name, script in scripts.items():
                w, c = timed([sys.executable, "-c", script, str(big), str(YEAR),
                              str(tmp_path / f"{name}{i}.xlsx"), str(n)], 1)
                runs[name][0].extend(w)
                runs[name][1].extend(c)
        (ow, oc), (bw, bc), (tw, tc) = (tuple(med(x) for x in runs[k]) for k in scripts)
        results.append((f"{n:,}-row 执法案件 sheet: workbook writer (SQLite → masked, typed, "
                        "styled .xlsx; whole process, median of 5)",
                        f"{ow:.2f} s wall, {oc:.2f} s CPU", ""))
        results.append(("  bare openpyxl write-only script, the same rows as stored",
                        f"{bw:.2f} s wall, {bc:.2f} s CPU", ""))
        results.append(("  ratio workbook writer / bare script",
                        f"{ow / bw:.2f}× wall, {oc / bc:.2f}× CPU", "≤ 1.3×"))
        results.append(("  for scale: bare script writing the same typed cells (date cells, "
                        "amounts in yuan)", f"{tw:.2f} s wall, {tc:.2f} s CPU "
                        f"(writer / it: {oc / tc:.2f}× CPU)", ""))

    _print(results)


def _print(results: list[tuple[str, str, str]]) -> None:
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| measurement | result | goal |\n|---|---|---|")
    for what, result, goal in results:
        print(f"| {what} | {result} | {goal} |")


if __name__ == "__main__":
    main()
