"""A bulk insert (an import) may rebuild the sort indexes after the rows: the ledger ends with
exactly the indexes it had, sorts as before, and a failed load changes nothing."""

from __future__ import annotations

import pytest
from factories import case

from lawgov_desktop.storage import DuplicateError, Query
from lawgov_desktop.storage.records import BULK_INDEX_ROWS


def _indexes(db):
    return sorted(db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'"))


def _valid_rows(db, n, start=0):
    table = db.ledger("cases")
    parties = ["张三", "李四", "王五", "阿里巴巴有限公司", "北京某厂"]
    return [table.validate(case(case_no=f"示应急罚〔2024〕{start + i}号", party=parties[i % 5],
                                id_number=None, party_type="个人" if i % 5 < 3 else "单位"))
            .values for i in range(n)]


def test_a_bulk_load_ends_with_the_same_indexes_and_order(db):
    before = _indexes(db)
    rows = _valid_rows(db, BULK_INDEX_ROWS)
    with db.transaction():
        db.ledger("cases").insert_valid(rows)
    assert _indexes(db) == before
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    table = db.ledger("cases")
    first = table.list(Query(sort="party", descending=False), limit=BULK_INDEX_ROWS)
    names = [r["party"] for r in first]
    # pinyin order: 阿里巴巴 (a), 北京 (b), 李四 (l), 王五 (w), 张三 (z)
    assert list(dict.fromkeys(names)) == ["阿里巴巴有限公司", "北京某厂", "李四", "王五", "张三"]
    plan = " ".join(r[-1] for r in db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT seq FROM cases ORDER BY party__sort"))
    assert "cases_party__sort" in plan


def test_a_failed_bulk_load_keeps_every_index_and_stores_nothing(db):
    before = _indexes(db)
    rows = _valid_rows(db, BULK_INDEX_ROWS)
    # The last row fails inside the INSERT, after the indexes were dropped.
    db.conn.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON main.cases WHEN "
                    f"new.case_no = '{rows[-1]['case_no']}' BEGIN SELECT RAISE(ABORT, 'boom'); END")
    with pytest.raises(DuplicateError), db.transaction():
        db.ledger("cases").insert_valid(rows)
    assert _indexes(db) == before
    assert db.ledger("cases").count() == 0


def test_a_load_smaller_than_the_ledger_keeps_its_indexes_in_place(db):
    with db.transaction():
        db.ledger("cases").insert_valid(_valid_rows(db, BULK_INDEX_ROWS + 10))
    before = _indexes(db)
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        with db.transaction():
            db.ledger("cases").insert_valid(_valid_rows(db, BULK_INDEX_ROWS, start=100_000))
    finally:
        db.conn.set_trace_callback(None)
    assert not any(s.startswith("DROP INDEX") for s in statements)
    assert _indexes(db) == before and db.ledger("cases").count() == 2 * BULK_INDEX_ROWS + 10
