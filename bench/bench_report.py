"""Year-end report benchmark (issue #4): PDF + DOCX for a year of the large demo ledger.

    python bench/bench_report.py      # prints a markdown table

Whole process: `lawgov export --year Y --format pdf,docx`, median of 3 runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEAR = 2026
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "large", Path(tmp) / "out"
        subprocess.run(
            [*LAWGOV, "demo", "--data-dir", str(data), "--year", str(YEAR), "--size", "large"],
            check=True,
            capture_output=True,
        )
        for formats in ("pdf,docx", "pdf", "docx"):
            times = []
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run(
                    [
                        *LAWGOV,
                        "export",
                        "--data-dir",
                        str(data),
                        "--year",
                        str(YEAR - 1),
                        "--out",
                        str(out),
                        "--format",
                        formats,
                    ],
                    check=True,
                    capture_output=True,
                )
                times.append(time.perf_counter() - start)
            goal = "< 3 s" if formats == "pdf,docx" else ""
            rows.append(
                (
                    f"`lawgov export --format {formats}`, large demo ledger (whole process)",
                    f"{statistics.median(times):.2f} s (max {max(times):.2f})",
                    goal,
                )
            )
        pages = sorted(out.glob("*.pdf"))
        size = sum(p.stat().st_size for p in pages) / 1024
        rows.append(("PDF size (fonts embedded as subsets)", f"{size:.0f} KiB", ""))
    print("| measurement | result | goal |\n|---|---|---|")
    for what, result, goal in rows:
        print(f"| {what} | {result} | {goal} |")


if __name__ == "__main__":
    main()
