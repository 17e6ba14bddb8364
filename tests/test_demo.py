"""Demo ledgers are realistic enough to show every feature, and valid record by record."""

from __future__ import annotations

import datetime as dt

from lawgov_desktop import demo
from lawgov_desktop.storage import Query
from lawgov_desktop.storage.records import to_input


def test_small_demo_is_valid_and_fills_every_ledger(db):
    today = dt.date(2026, 11, 23)
    counts = demo.fill(db, 2026, "small", today=today)
    first = {k: counts[k] for k in ("cases", "appeals", "trainings", "publicity")}
    assert first == {"cases": 360, "appeals": 18, "trainings": 72, "publicity": 54}
    assert all(counts.values()), counts  # every register added later has demo records too
    for table in db.ledgers.values():
        for rec in table.list(Query(), limit=10_000):
            raw = {f.key: to_input(f, rec[f.key]) for f in table.definition.fields}
            checked = table.validate(raw, today=today)
            assert checked.ok, (table.name, rec, checked.errors)
            assert not checked.warnings
    figures = db.stats(2025)
    assert figures["penalty_decisions"] > 80 and figures["hearings_held"] >= 1
    assert figures["reconsiderations_total"] > 0 and figures["publicity_audience"] > 0
    assert db.get_setting("unit_name") == demo.UNIT
    assert db.deadlines(today=today), "the newest cases are open and have deadlines"


def test_demo_is_deterministic(tmp_path):
    from lawgov_desktop.storage import Database

    results = []
    for name in ("a", "b"):
        with Database.open(tmp_path / name) as db:
            demo.fill(db, 2025, "small", today=dt.date(2026, 1, 10))
            results.append(db.stats(2025))
    assert results[0] == results[1]
