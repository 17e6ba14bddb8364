"""Start-up loads what 概览 needs and nothing else (issue #13, Figures): the lazy imports and
the sqlite-utils-free open that keep start to 概览 drawn within 3.5× a bare PySide6 window
(bench/bench_gui.py). Each check runs a fresh interpreter, as a user's start does."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import sqlite_utils
from factories import case
from synthetic_register import VISITS, write_forms

from lawgov_desktop.domain import ledgers
from lawgov_desktop.storage import Database, schema
from lawgov_desktop.storage.lazy_migrations import LazyMigrations

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


def test_opening_an_up_to_date_ledger_needs_no_sqlite_utils(data_dir: Path) -> None:
    Database.open(data_dir).close()  # created and migrated (that does use sqlite-utils)
    modules = modules_after(f"""
        from lawgov_desktop.storage import Database
        with Database.open({str(data_dir)!r}) as db:
            db.stats(2025), db.deadlines(30), db.years()
    """)
    assert not loaded(modules, "sqlite_utils")


def test_the_lazy_migration_set_is_sqlite_utils_own() -> None:
    assert LazyMigrations.migrations_table == sqlite_utils.Migrations.migrations_table
    real = schema.migrations.real()
    assert isinstance(real, sqlite_utils.Migrations)
    assert [m.name for m in real._migrations] == list(schema.KNOWN_MIGRATIONS)


def test_applied_names_read_without_sqlite_utils_match_its_own(db: Database) -> None:
    assert schema.applied_names(db.conn) == [m.name for m in schema.migrations.applied(db.db)]
    assert schema.applied_names(db.conn) == list(schema.KNOWN_MIGRATIONS)


def test_sync_needed_sees_what_sync_columns_would_change(data_dir: Path,
                                                          tmp_path: Path) -> None:
    with Database.open(data_dir) as db:
        assert not schema.sync_needed(db.conn)
        db.conn.execute("DROP TRIGGER cases_fts_insert")  # as if the searched fields changed
        assert schema.sync_needed(db.conn)
    with Database.open(data_dir) as db:  # opening rebuilt it
        assert not schema.sync_needed(db.conn)
        assert db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = "
                               "'cases_fts_insert'").fetchone()
    ledgers.use_forms(write_forms(tmp_path / "forms", {"visits.toml": VISITS}))
    try:
        conn = sqlite3.connect(data_dir / "ledger.sqlite3")
        assert schema.sync_needed(conn)  # forms/ gained a register: its table is missing
        conn.close()
        with Database.open(data_dir) as db:
            assert "visits" in db.db.table_names()
            assert not schema.sync_needed(db.conn)
    finally:
        ledgers.use_forms(None)
