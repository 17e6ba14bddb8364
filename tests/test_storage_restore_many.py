"""回收站: many records back in one transaction (redo of an import, a multi-selection)."""

from __future__ import annotations

import pytest
from factories import case

from lawgov_desktop.storage import LedgerError, Query


def test_restore_many_is_one_step_and_all_or_none(db) -> None:
    table = db.ledger("cases")
    ids = [table.insert(case(case_no=f"示应急罚〔2024〕{i}号"))["id"] for i in range(1, 4)]
    assert table.delete_many(ids) == 3
    assert table.restore_many(ids) == 3
    assert table.count(Query(year=None)) == 3
    assert [h["action"] for h in table.history(ids[0])] == ["insert", "delete", "restore"]
    assert table.restore_many(ids) == 0  # nothing left in the bin
    table.delete_many(ids)
    table.insert(case(case_no="示应急罚〔2024〕2号"))  # the 案号 is taken meanwhile
    with pytest.raises(LedgerError):
        table.restore_many(ids)
    assert table.count(Query(year=None)) == 1  # none of the three came back
