"""A register is data (issue #13): a new forms/<x>.toml alone brings a new ledger everywhere.

The fixture points the loader at a copy of the shipped forms/ plus one small synthetic
register, 走访记录 (`visits`), and every place that lists ledgers must pick it up without a
line of code naming it.
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter
from typing import Any

import openpyxl
import pytest
from synthetic_register import FACTS, VISIT, VISITS, write_forms

from lawgov_desktop.cli import main
from lawgov_desktop.domain import ledgers
from lawgov_desktop.domain.indicators import BY_ID
from lawgov_desktop.reports.workbook import write_workbook
from lawgov_desktop.storage import Database, Query
from lawgov_desktop.storage.backup import backup_now, inspect_backup, restore_from
from lawgov_desktop.storage.integrity import full_check
from lawgov_desktop.storage.merge import merge_ledger


@pytest.fixture
def with_visits(tmp_path: Path) -> Any:
    ledgers.use_forms(write_forms(tmp_path / "forms", {"visits.toml": VISITS,
                                                        "facts.toml": FACTS}))
    yield
    ledgers.use_forms(None)


def test_the_shipped_registers_keep_their_order() -> None:
    assert ledgers.ledger_keys()[:4] == ("cases", "appeals", "trainings", "publicity")
    assert "reviews" in ledgers.ledger_keys()  # the new registers follow, by `order`
    assert ledgers.LEDGER_KEYS == ledgers.ledger_keys()
    assert ledgers.get_ledger("cases").sheet_title == "执法案件"
    assert "note" in ledgers.get_ledger("appeals").list_hidden


def test_every_card_names_known_indicators() -> None:
    """A [[cards]] typo in forms/ fails here, not as an empty 概览."""
    ids = set(BY_ID)
    for definition in ledgers.load_ledgers().values():
        for card in definition.cards:
            assert set(card.indicators) <= ids, card
            names = {name for _, name, _, _ in Formatter().parse(card.note) if name}
            assert {n.removeprefix("shown[").rstrip("]") for n in names} <= ids, card


def test_a_forms_file_adds_a_register_after_the_others(with_visits: Any) -> None:
    keys = ledgers.ledger_keys()
    assert keys[:4] == ("cases", "appeals", "trainings", "publicity") and keys[-1] == "visits"
    assert "facts" not in ledgers.load_ledgers()
    assert ledgers.get_ledger("visits").record_label == "走访"


def test_a_typo_in_hidden_columns_is_caught(tmp_path: Path) -> None:
    bad = VISITS.replace('list_hidden = ["note"]', 'list_hidden = ["nope"]')
    ledgers.use_forms(write_forms(tmp_path / "forms", {"visits.toml": bad}))
    try:
        with pytest.raises(ledgers.DefinitionError, match="nope"):
            ledgers.load_ledgers()
    finally:
        ledgers.use_forms(None)


def test_storage_merge_backup_and_check_pick_it_up(data_dir: Path, tmp_path: Path) -> None:
    # A ledger made before the register existed gains its table when opened.
    with Database.open(data_dir) as old:
        old.ledger("cases")  # four tables only
        assert "visits" not in old.db.table_names()
    ledgers.use_forms(write_forms(tmp_path / "forms", {"visits.toml": VISITS}))
    try:
        with Database.open(data_dir) as db:
            assert "visits" in db.db.table_names()
            rid = db.ledger("visits").insert(dict(VISIT))["id"]
            assert db.ledger("visits").count(Query(search="回访")) == 1  # searched in SQL
            assert full_check(db) == []
            saved = backup_now(db).path
            assert inspect_backup(saved).counts["visits"] == 1

            colleague = tmp_path / "colleague"
            with Database.open(colleague) as theirs:
                theirs.ledger("visits").insert({**VISIT, "subject": "同事走访"})
            report = merge_ledger(db, colleague / db.path.name)
            assert report.added["visits"] == 1
            assert db.ledger("visits").count() == 2
            db.ledger("visits").delete(rid)
        restore_from(data_dir, saved)
        with Database.open(data_dir) as back:
            assert [r["subject"] for r in back.ledger("visits").list(Query())] == ["安全生产回访"]
    finally:
        ledgers.use_forms(None)


def test_cli_import_and_the_workbook_pick_it_up(with_visits: Any, data_dir: Path,
                                                tmp_path: Path) -> None:
    book = tmp_path / "走访.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["走访日期", "走访事项", "对象类型", "走访对象"])
    ws.append(["2024-03-01", "节前走访", "个人", "李四光"])
    ws.append(["2024-04-02", "企业座谈", "单位", "县农机公司"])
    wb.save(book)
    assert main(["--data-dir", str(data_dir), "import", "visits", str(book)]) == 0
    with Database.open(data_dir) as db:
        assert db.ledger("visits").count() == 2
        path = write_workbook(db, 2024, tmp_path / "stats.xlsx")
    sheet = openpyxl.load_workbook(path)["走访台账"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "节前走访" in text and "县农机公司" in text
    assert "李四光" not in text  # a person's name is masked (personal_when)
