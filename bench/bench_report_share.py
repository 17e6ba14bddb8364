"""Share of the report's body text that rests on the ledger or the year's facts (issue #15).

    python bench/bench_report_share.py      # prints a markdown table

For the small and the large demo ledger (fixed seed), the draft of the last full year is
composed from the default template. Every body paragraph carries its sentences with what they
rest on (reports/document.py: Sentence); a sentence counts as resting on the data when it
names indicator ids, record ids or fact keys (it prints a figure, name or date from them, or
appears only because of them). Share = characters of those sentences / characters of all body
paragraphs (headings, title, 主送, signature excluded; 【待补充】 and the opening count as not
backed).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

YEAR = 2026
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]


def share(data_dir: Path, year: int) -> tuple[int, int, int]:
    from lawgov_desktop.reports.template import compose_checked
    from lawgov_desktop.reports.year_report import load_sections
    from lawgov_desktop.reports.yeardata import load_year
    from lawgov_desktop.storage import Database

    with Database.open(data_dir) as db:
        data = load_year(db, year, as_of=dt.date(year + 1, 1, 20))
        doc, _ = compose_checked(load_sections(db, year), data, db.get_setting("unit_name"),
                                 year, dt.date(year + 1, 1, 20))
    sentences = list(doc.sentences())
    backed = sum(len(s.text) for s in sentences if s.rests_on_data)
    total = sum(len(s.text) for s in sentences)
    return backed, total, len(doc.todos())


def main() -> None:
    print("| ledger | backed characters / body characters | share | 【待补充】 left |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in ("small", "large"):
            data = Path(tmp) / size
            subprocess.run([*LAWGOV, "demo", "--data-dir", str(data), "--year", str(YEAR),
                            "--size", size], check=True, capture_output=True)
            backed, total, todos = share(data, YEAR - 1)
            print(f"| {size} demo, {YEAR - 1} | {backed:,} / {total:,} | {backed / total:.1%} "
                  f"| {todos} (成文日期 set) |")


if __name__ == "__main__":
    main()
