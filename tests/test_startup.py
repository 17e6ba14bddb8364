"""The desktop program's start loads what 概览 needs and nothing else (issue #13, Figures):
the lazy page imports and the sqlite-utils-free open that keep start to 概览 drawn within
3.5× a bare PySide6 window (bench/bench_gui.py). The start runs in a fresh interpreter, as a
user's does. (What a `lawgov` command loads: tests/test_startup_imports.py.)"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from factories import case
from synthetic_register import VISITS, write_forms

from lawgov_desktop.domain import ledgers
from lawgov_desktop.storage import Database, schema

# Loaded by other pages, the report, the importer, the forms: never before 概览 is drawn.
NOT_AT_START = (
    "sqlite_utils", "reportlab", "openpyxl", "docx", "python_calamine", "pypinyin",
    "lawgov_desktop.reports", "lawgov_desktop.importing", "lawgov_desktop.ui.report.page",
    "lawgov_desktop.ui.ledgers.ledger_view", "lawgov_desktop.ui.ledgers.record_form",
    "lawgov_desktop.ui.shell.settings_page", "lawgov_desktop.ui.facts.page",
    "lawgov_desktop.ui.safety.damaged_dialog", "lawgov_desktop.ui.importer.wizard",
)


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script], check=True, env=env,
                         capture_output=True, text=True, timeout=120).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_start_to_dashboard_drawn_leaves_the_other_pages_unloaded(data_dir: Path) -> None:
    with Database.open(data_dir) as db:
        db.ledger("cases").insert(case(decided_on=None, closed_on=None))  # a deadline is due
    modules = modules_after(f"""
        from lawgov_desktop.app import main
        assert main(["--data-dir", {str(data_dir)!r}, "--quit-when-ready"]) == 0
    """)
    assert "lawgov_desktop.ui.dashboard.dashboard" in modules  # 概览 was built and drawn
    assert [m for m in NOT_AT_START if loaded(modules, m)] == []


def test_columns_in_sync_sees_what_sync_columns_would_change(data_dir: Path,
                                                          tmp_path: Path) -> None:
    with Database.open(data_dir) as db:
        assert schema.columns_in_sync(db.conn)
        db.conn.execute("DROP TRIGGER cases_fts_insert")  # as if the searched fields changed
        assert not schema.columns_in_sync(db.conn)
    with Database.open(data_dir) as db:  # opening rebuilt it
        assert schema.columns_in_sync(db.conn)
        assert db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = "
                               "'cases_fts_insert'").fetchone()
    ledgers.use_forms(write_forms(tmp_path / "forms", {"visits.toml": VISITS}))
    try:
        conn = sqlite3.connect(data_dir / "ledger.sqlite3")
        assert not schema.columns_in_sync(conn)  # forms/ gained a register: its table is missing
        conn.close()
        with Database.open(data_dir) as db:
            assert "visits" in db.db.table_names()
            assert schema.columns_in_sync(db.conn)
    finally:
        ledgers.use_forms(None)


def test_dashboard_figures_read_only_the_years_rows_and_sum_the_same(db: Database) -> None:
    """A register whose figures all count by one date reads that year's rows only
    (indicators.ledger_query); every sum equals the one over the whole table."""
    import datetime as dt

    from lawgov_desktop import demo
    from lawgov_desktop.domain import indicators

    demo.fill(db, 2026, "small", today=dt.date(2026, 11, 23))
    restricted = 0
    for ledger in dict.fromkeys(i.ledger for i in indicators.INDICATORS if i.ledger):
        for year in (2024, 2025, 2026, 2027):
            sql, params, members = indicators.ledger_query(ledger, year)
            if not members:
                continue
            whole = sql[:sql.index(" WHERE ")] + " WHERE deleted_at IS NULL"
            db.stats(year)  # registers the SQL functions some figures use
            assert (db.conn.execute(sql, params).fetchone()
                    == db.conn.execute(whole, params[:2 * len(members)]).fetchone()), ledger
            restricted += len(params) > 2 * len(members)
    assert restricted  # appeals, trainings, publicity, inspections … count by one date
