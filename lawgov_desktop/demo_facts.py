"""Demo 年度情况 (DOMAIN.md §10) of the county bureau, one set per demo year (demo.py).

Consistent with the demo registers: the inspection plan lists a little fewer enterprises
than the year's checks reach (a plan is a floor; checks follow complaints and accidents too),
its 双随机 part a little fewer than the enterprises drawn at random; the adviser's opinions
are at least the reviews he took part in; 案卷评查 reads about a fifth of the year's closed
cases. For the year of `today`, only what has happened by then: the plan (made in January)
scaled to the whole year, 述法 and the 权责清单 only once their usual day has passed.
Deterministic for a year, size and day.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

ADVISER = "示例县明正律师事务所"
LAW_REPORT_DAY = (3, 31)  # 述法 is usually heard in the first quarter
POWER_LIST_DAY = (6, 30)  # the 权责清单 is usually updated by mid-year


def _in_year(rows: Iterable[Mapping[str, Any]], key: str, year: int) -> list[Mapping[str, Any]]:
    return [r for r in rows if str(r.get(key) or "")[:4] == str(year)]


def _units(rows: Iterable[Mapping[str, Any]]) -> int:
    """Distinct enterprises, as the 检查企业 indicator counts them (code, else name)."""
    return len({r.get("credit_code") or r.get("target") for r in rows})


def year_facts(year: int, today: dt.date, size: str, made: Mapping[str, Sequence[Mapping]],
               inspected_units: int) -> dict[str, Any]:
    """The facts of `year` in stored form (integers, ISO date, 1 for 是); `inspected_units`
    as the ledger counts them (storage/inspections.year_counts)."""
    rng = random.Random(f"{year}-{size}-facts")
    checks = _in_year(made["inspections"], "inspected_on", year)
    # The year's share already past: this year's plan is for the whole year.
    start = dt.date(year, 1, 1)
    elapsed = min(1.0, max((today - start).days + 1, 1) / 365)
    units = inspected_units / elapsed
    random_units = _units(c for c in checks if c.get("random")) / elapsed
    plan = max(1, round(units * rng.uniform(0.86, 0.95)))
    facts: dict[str, Any] = {
        "plan_units": plan,
        "plan_key_units": min(plan, round(plan * rng.uniform(0.18, 0.28))),
        "plan_random_units": min(plan, max(1, round(random_units * rng.uniform(0.85, 0.95)))),
    }
    with_adviser = len([r for r in _in_year(made["reviews"], "reviewed_on", year)
                        if r.get("adviser")])
    facts["legal_adviser"] = ADVISER
    facts["adviser_opinions"] = with_adviser + rng.randint(3, 12)
    closed = len(_in_year(made["cases"], "closed_on", year))
    if closed:
        reviewed = max(1, round(closed * rng.uniform(0.15, 0.25)))
        facts["case_file_reviews"] = reviewed
        facts["case_file_findings"] = round(reviewed * rng.uniform(0.2, 0.6))
        facts["typical_cases"] = min(closed, rng.randint(2, 6))
    officers = [o for o in made["officers"] if o.get("status") == "在岗"] or made["officers"]
    facts["body_cameras"] = max(2, len(officers) // 2 + rng.randint(0, 4))
    updated = dt.date(year, *POWER_LIST_DAY) - dt.timedelta(days=rng.randint(0, 60))
    if updated <= today:
        facts["power_list_updated"] = updated.isoformat()
    if dt.date(year, *LAW_REPORT_DAY) <= today:
        facts["law_report_done"] = 1
    return facts
