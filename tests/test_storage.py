"""The Database wrapper: file, schema, records, change log, search, and errors users can act on."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
import sqlite_utils
from factories import case

from lawgov_desktop.storage import (
    Database,
    DiskFullError,
    DuplicateError,
    LedgerDamagedError,
    LedgerLockedError,
    LedgerReadOnlyError,
    NewerSchemaError,
    Query,
    ValidationError,
    database,
    schema,
)


def checksum(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opens_in_the_data_dir_with_wal_and_foreign_keys(db, data_dir):
    assert db.path == data_dir / "ledger.sqlite3" and db.path.exists()
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_env_var_chooses_the_data_dir(data_dir):
    with Database.open() as opened:
        assert opened.path.parent == data_dir


def test_an_older_database_is_upgraded(data_dir):
    data_dir.mkdir(parents=True)
    path = data_dir / "ledger.sqlite3"
    old = sqlite_utils.Database(path)
    schema.migrations.apply(old, stop_before="0002_report_sections")
    old.conn.close()
    with Database(path) as db:
        assert schema.applied_names(db.db) == list(schema.KNOWN_MIGRATIONS)
        assert db.db["report_sections"].exists()


def test_a_newer_database_is_refused_and_untouched(db, data_dir):
    db.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('lawgov', '0099_future', 'x')"
    )
    db.conn.commit()
    db.close()
    path = data_dir / "ledger.sqlite3"
    before = checksum(path)
    with pytest.raises(NewerSchemaError, match="更新版本"):
        Database(path)
    assert checksum(path) == before


def test_a_higher_user_version_is_refused(db, data_dir):
    db.conn.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(NewerSchemaError):
        Database(data_dir / "ledger.sqlite3")


@pytest.mark.parametrize(
    "content", [b"not a database at all", b"\0" * 8192, b"SQLite format 3\0" + b"\x13" * 5000]
)
def test_damaged_files_are_refused_and_untouched(tmp_path, content):
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes(content)
    with pytest.raises(LedgerDamagedError, match="未被改动|损坏"):
        Database(path)
    assert path.read_bytes() == content


def test_a_foreign_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (n INTEGER)")
    other.commit()
    other.close()
    before = checksum(path)
    with pytest.raises(LedgerDamagedError, match="不是本程序的台账"):
        Database(path)
    assert checksum(path) == before


def test_insert_get_update_with_change_log(db):
    cases = db.ledger("cases")
    rec = cases.insert(
        case(
            fine_amount="1,000.50",
            decided_on="2024-04-01",
            decision_type="给予处罚",
            penalty_kinds="罚款",
        ),
        user="张三",
    )
    assert len(rec["id"]) == 36 and rec["created_at"] == rec["updated_at"]
    assert rec["fine_amount"] == 100050  # fen
    updated = cases.update(rec["id"], {"fine_amount": "2000"}, user="李四")
    assert updated["fine_amount"] == 200000
    log = cases.history(rec["id"])
    assert [e["action"] for e in log] == ["insert", "update"]
    assert log[1]["user"] == "李四" and log[1]["changes"] == {"fine_amount": [100050, 200000]}
    assert cases.update(rec["id"], {"fine_amount": "2,000.00"}) == updated  # no change, no log
    assert len(cases.history(rec["id"])) == 2


def test_invalid_input_stores_nothing(db):
    cases = db.ledger("cases")
    with pytest.raises(ValidationError) as info:
        cases.insert(case(id_number="123", filed_on="2024-13-01"))
    assert {p.field for p in info.value.problems} == {"id_number", "filed_on"}
    assert cases.count() == 0
    rec = cases.insert(case())
    with pytest.raises(ValidationError):
        cases.update(rec["id"], {"notified_on": "2000-01-01", "cause": ""})
    assert cases.get(rec["id"]) == rec


def test_soft_delete_and_restore(db):
    cases = db.ledger("cases")
    rec = cases.insert(case())
    cases.delete(rec["id"])
    assert cases.count() == 0 and cases.count(Query(deleted=True)) == 1
    assert cases.get(rec["id"])["deleted_at"]
    cases.restore(rec["id"])
    assert cases.count() == 1 and cases.get(rec["id"])["deleted_at"] is None
    assert [e["action"] for e in cases.history(rec["id"])] == ["insert", "delete", "restore"]


def test_duplicate_case_number_is_refused_everywhere(db):
    cases = db.ledger("cases")
    first = cases.insert(case(case_no="示应急罚〔2024〕1号"))
    with pytest.raises(DuplicateError, match="案号“示应急罚〔2024〕1号”已存在"):
        cases.insert(case(case_no="示应急罚〔2024〕1号"))
    second = cases.insert(case(case_no="示应急罚〔2024〕2号"))
    with pytest.raises(DuplicateError):
        cases.update(second["id"], {"case_no": "示应急罚〔2024〕1号"})
    cases.delete(first["id"])
    cases.update(second["id"], {"case_no": "示应急罚〔2024〕1号"})  # the number is free now
    with pytest.raises(DuplicateError):
        cases.restore(first["id"])
    assert cases.count() == 1


@pytest.fixture
def searchable(db):
    cases = db.ledger("cases")
    cases.insert(case(case_no="A1", party="青山危险化学品有限公司", cause="未按规定储存"))
    cases.insert(
        case(
            case_no="A2", party="张三", party_type="个人", id_number=None, cause="烟花爆竹非法储存"
        )
    )
    cases.insert(
        case(
            case_no="A3",
            party="河口木业有限公司",
            cause="粉尘防爆措施不落实",
            note='含"引号"和100%',
        )
    )
    return cases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("化学品", {"A1"}),
        ("储存", {"A1", "A2"}),
        ("张三", {"A2"}),
        ("木业 粉尘", {"A3"}),
        ("有限公司", {"A1", "A3"}),
        ('"引号"', {"A3"}),
        ("100%", {"A3"}),
        ("山", {"A1"}),
        ("不存在的词", set()),
    ],
)
def test_chinese_substring_search(searchable, text, expected):
    found = {r["case_no"] for r in searchable.list(Query(search=text))}
    assert found == expected


def test_search_follows_edits_and_deletes(searchable):
    rec = searchable.find("case_no", "A3")[0]
    searchable.update(rec["id"], {"party": "白石纺织有限公司"})
    assert searchable.count(Query(search="木业")) == 0
    assert searchable.count(Query(search="白石纺织")) == 1
    searchable.delete(rec["id"])
    assert searchable.count(Query(search="白石纺织")) == 0


def test_filter_sort_and_page(db):
    cases = db.ledger("cases")
    for n in range(1, 13):
        cases.insert(
            case(
                case_no=f"N{n:02d}",
                filed_on=f"202{3 + n % 2}-{n:02d}-01",
                domain="工贸" if n % 3 else "非煤矿山",
                decided_on=f"202{3 + n % 2}-{n:02d}-02" if n <= 6 else None,
                decision_type="给予处罚" if n <= 6 else None,
                penalty_kinds="罚款；警告" if n <= 3 else ("罚款" if n <= 6 else None),
            )
        )
    q = Query(year=2024, sort="filed_on", descending=False)
    assert [r["case_no"] for r in cases.list(q)] == ["N01", "N03", "N05", "N07", "N09", "N11"]
    assert [r["case_no"] for r in cases.list(q, offset=2, limit=2)] == ["N05", "N07"]
    assert cases.count(Query(filters={"domain": "非煤矿山"})) == 4
    assert cases.count(Query(filters={"penalty_kinds": "警告、通报批评"})) == 3
    assert cases.count(Query(status="待决定")) == 6
    assert cases.count(Query(status="待结案")) == 6
    assert (
        cases.ids(Query(sort="case_no", descending=True))[0]
        == cases.find("case_no", "N12")[0]["id"]
    )
    with pytest.raises(KeyError):
        cases.list(Query(sort="1; DROP TABLE cases"))


def test_editable_choice_lists(db):
    assert db.choices("cases", "domain")[:2] == ["危险化学品", "非煤矿山"]
    db.set_choices("cases", "domain", ["交通运输", "工贸", "交通运输", " "])
    assert db.choices("cases", "domain") == ["交通运输", "工贸"]
    db.ledger("cases").insert(case(domain="交通运输"))
    with pytest.raises(ValidationError):
        db.ledger("cases").insert(case(case_no="x2", domain="危险化学品"))


def test_settings_are_checked(db):
    assert db.get_setting("publish_days") == "7"
    assert db.set_setting("unit_name", " 示例县应急管理局 ") == "示例县应急管理局"
    from lawgov_desktop.storage import LedgerError

    with pytest.raises(LedgerError, match="整数"):
        db.set_setting("publish_days", "七")
    with pytest.raises(LedgerError, match="未知设置项"):
        db.set_setting("colour", "red")


def test_a_locked_ledger_gives_a_clear_message(data_dir, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.1)
    db = Database.open(data_dir)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LedgerLockedError, match="占用"):
            db.ledger("cases").insert(case())
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db.ledger("cases").count() == 0
    db.ledger("cases").insert(case())  # and it works once the other program lets go
    db.close()


def test_a_read_only_ledger_gives_a_clear_message(db):
    db.ledger("cases").insert(case())
    db.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(LedgerReadOnlyError, match="只读"):
        db.ledger("cases").insert(case(case_no="x2"))
    with pytest.raises(LedgerReadOnlyError):
        db.set_setting("unit_name", "某局")
    db.conn.execute("PRAGMA query_only = OFF")
    assert db.ledger("cases").count() == 1


def test_a_full_disk_rolls_back_the_whole_write(db):
    page_count = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {page_count}")
    rows = [
        db.ledger("cases").validate(case(case_no=f"B{n}", note="备注" * 300)).values
        for n in range(200)
    ]
    with pytest.raises(DiskFullError, match="磁盘空间已满"):
        db.ledger("cases").insert_valid(rows)
    assert db.ledger("cases").count() == 0
    assert db.integrity_problems() == []


def test_integrity_check_of_a_sound_ledger(db):
    db.ledger("cases").insert(case())
    assert db.integrity_problems() == []
    assert db.years() == [2024]


def test_the_full_check_leaves_the_file_byte_identical(db, data_dir):
    """FTS5's check is an INSERT (rolled back): it must not make close() run PRAGMA optimize,
    which writes the planner's statistics of a ledger never analysed."""
    for n in range(300):
        db.ledger("cases").insert(case(case_no=f"S{n}"))
    db.conn.close()  # not db.close(): that would run the optimize this test is about
    db._closed = True
    path = data_dir / "ledger.sqlite3"
    before = checksum(path)
    with Database(path) as checked:
        assert checked.integrity_problems() == []
    assert checksum(path) == before


def test_delete_many_is_one_logged_transaction(db):
    from factories import case

    table = db.ledger("cases")
    ids = [table.insert(case(case_no=f"D-{i}"))["id"] for i in range(3)]
    table.delete(ids[0])
    assert table.delete_many(ids) == 2  # the first was in the 回收站 already
    assert table.count() == 0
    logged = db.conn.execute("SELECT COUNT(*) FROM change_log WHERE action = 'delete'").fetchone()
    assert logged[0] == 3
    table.restore(ids[1])
    assert table.count() == 1


# -- failures classified by SQLite's result code (issue #12.1) ------------------------------------


def test_sqlite_failures_are_classified_by_result_code(tmp_path):
    from lawgov_desktop.storage.errors import LedgerIOError, classify

    path = tmp_path / "x.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    ro = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as info:
        ro.execute("INSERT INTO t VALUES (1)")
    assert isinstance(classify(info.value, path), LedgerReadOnlyError)
    with pytest.raises(sqlite3.OperationalError) as info:
        sqlite3.connect(tmp_path / "missing" / "x.sqlite3")
    assert "无法打开" in str(classify(info.value, path))
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode, busy.sqlite_errorname = 5, "SQLITE_BUSY"  # as SQLite sets them
    assert isinstance(classify(busy, path), LedgerLockedError)
    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorcode = 10 | (3 << 8)  # SQLITE_IOERR_WRITE, with room on the disk
    assert isinstance(classify(io, path), LedgerIOError)
    assert classify(sqlite3.OperationalError("no such column: x"), path) is None  # a bug


def test_text_that_does_not_decode_is_damage_everywhere(data_dir, capsys, tmp_path):
    from lawgov_desktop.cli import main

    with Database.open(data_dir) as db:
        db.ledger("cases").insert(case())
        with db.transaction() as conn:  # a flipped bit inside a record's text
            conn.execute("UPDATE cases SET cause = CAST(x'e6a1c8ff41' AS TEXT)")
            conn.execute("INSERT INTO settings (key, value) VALUES ('unit_name', "
                         "CAST(x'ff' AS TEXT))")
    for argv in (["check"], ["config", "unit_name"],
                 ["export", "--year", "2024", "--format", "xlsx", "--out", str(tmp_path)]):
        code = main(argv)
        said = capsys.readouterr()
        assert code == 1, argv
        assert "损坏" in said.out + said.err and "Traceback" not in said.err
    assert not list(tmp_path.glob("*.xlsx"))
