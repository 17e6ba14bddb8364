"""The report's 依据 on the large demo (issue #15, trial finding G2), as markdown.

    python bench/bench_evidence.py [--runs 5]

The large demo (20,000 cases a year, seed fixed by demo.fill) for its last year, read as the
editor reads it. Timed in-process, medians of RUNS: the 依据 of the sentence with the most
records (what a click in the preview costs), the 统计数据 tab's check figures, and the 查看
list of the largest check (what Enter on its row costs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time

from lawgov_desktop import demo
from lawgov_desktop.reports.evidence import evidence, record_lines
from lawgov_desktop.reports.evidence_checks import checks
from lawgov_desktop.reports.template import compose_checked
from lawgov_desktop.reports.year_report import load_sections
from lawgov_desktop.reports.yeardata import load_year
from lawgov_desktop.storage import Database

YEAR = 2024
TODAY = dt.date(2024, 11, 20)


def timed(runs: int, work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(folder)
        demo.fill(db, YEAR, "large", today=TODAY)
        data = load_year(db, YEAR, as_of=TODAY)
        doc, _ = compose_checked(load_sections(db, YEAR), data, "示例县应急管理局", YEAR, TODAY)
        biggest = max(doc.sentences(), key=lambda s: len(s.records))
        t_one, ev = timed(args.runs, lambda: evidence(db, data, biggest))
        t_checks, found = timed(args.runs, lambda: checks(db, data))
        largest = max(found, key=lambda c: len(c.records))  # type: ignore[union-attr]
        t_view, _ = timed(args.runs, lambda: record_lines(db, data, largest.records))
        db.close()
    print("| measurement (large demo, 2024) | result |\n|---|---|")
    print(f"| 依据 of the sentence with the most records ({len(ev.records):,} records: "  # type: ignore[union-attr]
          f"“{biggest.text[:12]}…”) | {t_one * 1000:.0f} ms |")
    print(f"| 统计数据: the {len(found):,} figures the 不足 rest on "  # type: ignore[arg-type]
          f"| {t_checks * 1000:.0f} ms |")
    print(f"| 查看 “{largest.label}” ({len(largest.records):,} records) "
          f"| {t_view * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
