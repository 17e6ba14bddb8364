"""Ledger-core benchmarks (issue #2): fixed sizes and seeds, whole-process where a user waits.

    python bench/bench_core.py            # prints a markdown table; takes about a minute

Measures:
- `lawgov stats --year Y --json` on the large demo ledger (whole process, median of 5);
- a filtered, sorted page of 100 cases out of 100,000 (in-process query, median of 20);
- the first page of 100,000 cases sorted by 当事人 in pinyin order (stored sort keys);
- Chinese substring searches over 100,000 cases (count + first page, median of 20);
- single-record insert with validation and change log; bulk insert throughput;
- `lawgov import cases FILE.xlsx` of 10,000 rows with full validation (whole process).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from lawgov_desktop import demo
from lawgov_desktop.domain.values import display_value
from lawgov_desktop.storage import Database, Query
from lawgov_desktop.storage.sortkey import pinyin_key

TODAY = dt.date(2026, 11, 23)
YEAR = 2026
# The installed console script, as users run it (beside this interpreter in a venv).
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def run_cli(*args: str) -> None:
    subprocess.run([*LAWGOV, *args], check=True, capture_output=True)


def ledger_with_cases(folder: Path, per_year: int) -> Database:
    """A ledger whose cases come from the demo generator, `per_year` a year over 3 years."""
    db = Database.open(folder)
    gen = demo.Generator(demo.Plan(YEAR, "large", TODAY))
    gen.count = lambda ledger: per_year if ledger == "cases" else 0  # type: ignore[method-assign]
    table = db.ledger("cases")
    rows = [{k: r.get(k) for k in table.definition.keys} for r in gen.cases()]
    start = time.perf_counter()
    with db.transaction():
        table.insert_valid(rows, user="bench")
    bulk = time.perf_counter() - start
    db.analyze()
    return db, len(rows), bulk


def main() -> None:
    results: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)

        large = tmp_path / "large"
        run_cli("demo", "--data-dir", str(large), "--year", str(YEAR), "--size", "large")
        median, worst = timed(
            lambda: run_cli("stats", "--data-dir", str(large), "--year", str(YEAR - 1), "--json"), 5
        )
        results.append(
            (
                "`lawgov stats --json`, large demo ledger (whole process)",
                f"{median * 1000:.0f} ms (max {worst * 1000:.0f})",
                "< 500 ms",
            )
        )
        bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5)[0]
        results.append(("  for scale: bare `python -c pass`", f"{bare * 1000:.0f} ms", ""))

        db, n, bulk = ledger_with_cases(tmp_path / "100k", 33_334)
        results.append(
            (
                f"bulk insert of {n:,} cases (validated values, FTS, change log)",
                f"{bulk:.1f} s ({n / bulk:,.0f} rows/s)",
                "",
            )
        )
        cases = db.ledger("cases")
        typical = Query(year=YEAR - 1, filters={"domain": "工贸"}, status="已结案")
        median, worst = timed(lambda: cases.list(typical, offset=200, limit=100), 20)
        results.append(
            (
                "page 3 (100 rows) of 100,000 cases: year + 执法领域 + 状态, by 立案日期",
                f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                "< 20 ms",
            )
        )
        hard = Query(
            year=YEAR - 1,
            filters={"domain": ["工贸", "危险化学品"]},
            status="已结案",
            sort="decided_on",
            descending=True,
        )
        median, worst = timed(lambda: cases.list(hard, offset=200, limit=100), 20)
        results.append(
            (
                "  same, two 领域, sorted by another column (决定日期)",
                f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                "< 20 ms",
            )
        )
        median, worst = timed(lambda: cases.ids(hard), 20)
        results.append(
            (
                "  all matching ids in order (what a lazy table model loads)",
                f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                "",
            )
        )
        median, worst = timed(lambda: cases.list(Query(sort="party"), offset=50_000, limit=100), 20)
        results.append(
            (
                "  page at offset 50,000 sorted by 当事人, no filter",
                f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                "",
            )
        )
        by_party = Query(sort="party", descending=False)
        first = cases.list(by_party, offset=0, limit=100)
        keys = [pinyin_key(r["party"] or "") for r in first]
        assert keys == sorted(keys), "the first page is not in pinyin order"
        median, worst = timed(lambda: cases.list(by_party, offset=0, limit=100), 20)
        results.append(
            (
                "first page (100 rows) of 100,000 cases sorted by 当事人 in pinyin order "
                f"({first[0]['party']} … {first[-1]['party']})",
                f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                "≤ 100 ms",
            )
        )
        median, worst = timed(lambda: cases.ids(by_party), 20)
        results.append(
            (
                "  all 100,000 ids in pinyin order of 当事人 (what the list view loads)",
                f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                "",
            )
        )
        for text in ("危险化学品", "木业有限", "张伟", "储存"):
            q = Query(search=text)
            median, worst = timed(lambda q=q: cases.ids(q), 20)
            hits = cases.count(q)
            results.append(
                (
                    f"search “{text}” over 100,000 cases ({hits:,} hits, all ids in order)",
                    f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                    "< 50 ms",
                )
            )
        counter = iter(range(10**9))
        raw = {
            "case_no": "",
            "cause": "未按规定开展安全培训",
            "party": "示例机械有限公司",
            "party_type": "单位",
            "filed_on": "2026-03-05",
        }
        median, worst = timed(lambda: cases.insert({**raw, "case_no": f"B-{next(counter)}"}), 50)
        results.append(
            (
                "insert one case (validate + write + change log, own transaction)",
                f"{median * 1000:.1f} ms (max {worst * 1000:.1f})",
                "",
            )
        )

        xlsx = tmp_path / "import.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("案件台账")
        fields = cases.definition.fields
        ws.append([f.label for f in fields])
        for rec in cases.list(Query(year=YEAR - 1), limit=10_000):
            ws.append(
                [
                    display_value(f, rec[f.key]).replace(",", "")
                    if f.type == "money"
                    else display_value(f, rec[f.key]) or None
                    for f in fields
                ]
            )
        wb.save(xlsx)
        db.close()
        empty = tmp_path / "empty"
        start = time.perf_counter()
        run_cli("import", "cases", str(xlsx), "--data-dir", str(empty))
        took = time.perf_counter() - start
        with Database.open(empty) as check:
            stored = check.ledger("cases").count()
        results.append(
            (
                f"`lawgov import cases` of {stored:,} rows from .xlsx (whole process)",
                f"{took:.2f} s",
                "< 5 s",
            )
        )

    print(
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"SQLite {__import__('sqlite3').sqlite_version}\n"
    )
    print("| measurement | result | goal |\n|---|---|---|")
    for what, result, goal in results:
        print(f"| {what} | {result} | {goal} |")


if __name__ == "__main__":
    main()
