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


def test_two_demo_ledgers_made_alike_are_the_same_bytes(tmp_path):
    """Ids from the demo's seeded stream, time stamps from its clock: the files differ only
    in the times sqlite-migrate writes when it makes the schema (swapped here)."""
    import sqlite3

    from lawgov_desktop.storage import Database

    files, times = [], []
    for name in ("a", "b"):
        with Database.open(tmp_path / name) as db:
            demo.fill(db, 2024, "small", today=dt.date(2024, 12, 30))
        path = tmp_path / name / "ledger.sqlite3"
        with sqlite3.connect(path) as conn:
            times.append([r[0] for r in conn.execute(
                "SELECT applied_at FROM _sqlite_migrations ORDER BY id")])
        conn.close()
        files.append(path.read_bytes())
    a, b = files
    assert a != b and len(a) == len(b)
    for old, new in zip(*times, strict=True):
        a = a.replace(old.encode(), new.encode())
    assert a == b
    with Database.open(tmp_path / "a") as db:
        ids = db.ledger("cases").ids()
    assert len(set(ids)) == len(ids) and all(i[14] == "4" for i in ids)  # UUID4s


def test_the_demo_states_the_year_facts(db):
    """Every demo year has its 年度情况 (DOMAIN.md §10), consistent with the registers."""
    from lawgov_desktop.storage.facts import read_facts

    today = dt.date(2026, 11, 23)
    demo.fill(db, 2026, "small", today=today)
    for year in (2024, 2025, 2026):
        facts = read_facts(db, year)
        figures = db.stats(year)
        assert figures["plan_units"] < figures["inspected_units"] <= figures["plan_units"] * 1.25
        assert facts["plan_key_units"] < facts["plan_random_units"] < facts["plan_units"]
        assert facts["adviser_opinions"] >= figures["adviser_reviews"]
        assert 0 < facts["case_file_reviews"] < figures["cases_closed"]
        assert facts["legal_adviser"] and facts["body_cameras"] > 0
        assert facts["power_list_updated"] <= today.isoformat()
        assert facts["law_report_done"] == 1


def test_the_demo_keeps_facts_the_user_set(db):
    from lawgov_desktop.storage.facts import read_facts, set_fact

    set_fact(db, 2025, "legal_adviser", "张律师")
    demo.fill(db, 2025, "small", today=dt.date(2025, 12, 20))
    assert read_facts(db, 2025)["legal_adviser"] == "张律师"
    assert read_facts(db, 2025)["plan_units"] > 0
