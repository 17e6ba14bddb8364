"""What a `lawgov` command's start imports (issue #11/#15 speed): an up-to-date ledger opens
without sqlite_utils, and no command loads another command's heavy modules."""

from __future__ import annotations

import ast
import subprocess
import sys

from lawgov_desktop.storage import Database, schema

HEAVY = ("sqlite_utils", "python_calamine", "lawgov_desktop.importing",
         "lawgov_desktop.storage.backup", "lawgov_desktop.storage.merge", "reportlab.platypus",
         "uuid")


def _loaded_after(code: str, *args: str) -> list[str]:
    probe = f"import sys\n{code}\nprint([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", probe, *args], check=True,
                         capture_output=True, text=True).stdout
    return ast.literal_eval(out)  # the list of module names the probe printed


def test_the_cli_and_an_up_to_date_ledger_load_nothing_heavy(tmp_path):
    Database.open(tmp_path).close()  # made and migrated here, in this process
    assert _loaded_after("import lawgov_desktop.cli\nfrom lawgov_desktop.storage import Database\n"
                         "Database.open(sys.argv[1]).close()", str(tmp_path)) == []


def test_a_new_ledger_still_gets_its_migrations(tmp_path):
    folder = tmp_path / "new"
    assert "sqlite_utils" in _loaded_after(
        "from lawgov_desktop.storage import Database\nDatabase.open(sys.argv[1]).close()",
        str(folder))
    with Database.open(folder) as db:
        assert schema.applied_names(db.conn) == list(schema.KNOWN_MIGRATIONS)


def test_the_pdf_renderer_loads_no_platypus_until_a_table():
    assert "reportlab.platypus" not in _loaded_after("import lawgov_desktop.reports.pdf")
