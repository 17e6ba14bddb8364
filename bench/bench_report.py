"""Year-end report benchmark (issues #4, #15): PDF + DOCX for a year of the large demo ledger.

    python bench/bench_report.py [--runs 7]      # prints a markdown table

Whole process: `lawgov export --year Y --format …`, after one warm-up export (which writes
the program's bytecode, as an installed program has it, and keeps the parsed fonts in the
font cache, as every export after a machine's first has them). Median and max of RUNS, wall
clock and CPU (user + system) of the process; the CPU time is the steadier figure on a
machine shared with other work.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEAR = 2026
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]
# The installed program runs from compiled bytecode; a shell setting PYTHONDONTWRITEBYTECODE
# would make every run compile it first.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([*LAWGOV, *args], check=True, capture_output=True, env=env)
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "large", Path(tmp) / "out"
        env = {**ENV, "LAWGOV_CACHE_DIR": str(Path(tmp) / "cache")}
        _run(["demo", "--data-dir", str(data), "--year", str(YEAR), "--size", "large"], env)
        for formats in ("pdf,docx", "pdf", "docx"):
            export = ["export", "--data-dir", str(data), "--year", str(YEAR - 1),
                      "--out", str(out), "--format", formats]
            _run(export, env)  # warm-up
            walls, cpus = zip(*(_run(export, env) for _ in range(runs)), strict=True)
            goal = "≤ 1 s (#15)" if formats == "pdf,docx" else ""
            rows.append((
                f"`lawgov export --format {formats}`, large demo ledger (whole process)",
                f"{statistics.median(walls):.2f} s (max {max(walls):.2f}); "
                f"CPU {statistics.median(cpus):.2f} s",
                goal,
            ))
        export = ["export", "--data-dir", str(data), "--year", str(YEAR - 1), "--out",
                  str(out), "--format", "pdf,docx"]
        first = [_run(export, {**env, "LAWGOV_CACHE_DIR": str(Path(tmp) / f"cold{i}")})
                 for i in range(3)]  # each with an empty font cache
        rows.append(("  the same, a machine's first export (fonts parsed, not yet cached)",
                     f"{statistics.median(w for w, _ in first):.2f} s; "
                     f"CPU {statistics.median(c for _, c in first):.2f} s", ""))
        pages = sorted(out.glob("*.pdf"))
        size = sum(p.stat().st_size for p in pages) / 1024
        rows.append(("PDF size (fonts embedded as subsets)", f"{size:.0f} KiB", ""))
    print(f"{runs} runs each after a warm-up; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| measurement | result | goal |\n|---|---|---|")
    for what, result, goal in rows:
        print(f"| {what} | {result} | {goal} |")


if __name__ == "__main__":
    main()
