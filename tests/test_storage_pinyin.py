"""Chinese text sorts by pinyin (as in WPS/Excel), through a stored key column kept on every
write, filled for older ledgers by a migration, and kept honest under a merge."""

from __future__ import annotations

import sqlite_utils
from factories import case

from lawgov_desktop.storage import Database, Query, schema
from lawgov_desktop.storage.sortkey import pinyin_key

PARTIES = ["张伟", "赵六建材厂", "阿里化工有限公司", "李四", "王五", "吕布商店", "绿化公司",
           "123五金店", "ABC物流", "章三"]
PINYIN_ORDER = ["123五金店", "ABC物流", "阿里化工有限公司", "李四", "吕布商店", "绿化公司", "王五",
                "章三", "张伟", "赵六建材厂"]


def parties(db: Database, descending: bool = False, **query: object) -> list[str]:
    table = db.ledger("cases")
    ids = table.ids(Query(sort="party", descending=descending, **query))  # type: ignore[arg-type]
    found = table.get_many(ids)
    return [found[i]["party"] for i in ids]


def test_keys_order_digits_latin_then_chinese_by_pinyin():
    assert sorted(PARTIES, key=pinyin_key) == PINYIN_ORDER
    assert pinyin_key("ＡＢＣ") == pinyin_key("abc")  # full width and case folded
    assert pinyin_key("战") < pinyin_key("张")  # zhan4 before zhang1: a pinyin index order
    assert pinyin_key("吕") < pinyin_key("绿")  # lv3 before lv4


def test_a_list_sorted_by_a_text_column_is_in_pinyin_order(db):
    for i, party in enumerate(PARTIES):
        db.ledger("cases").insert(case(case_no=f"示应急罚〔2024〕{i}号", party=party))
    assert parties(db) == PINYIN_ORDER
    assert parties(db, descending=True) == PINYIN_ORDER[::-1]
    assert parties(db, search="有限") == ["阿里化工有限公司"]  # the FTS is unaffected


def test_an_edit_moves_the_record_to_its_new_place(db):
    table = db.ledger("cases")
    ids = [table.insert(case(case_no=f"X{i}", party=p))["id"] for i, p in enumerate(PARTIES)]
    table.update(ids[0], {"party": "安徽某公司"})  # 张伟 → an
    order = parties(db)
    assert order.index("安徽某公司") < order.index("李四") and "张伟" not in order
    changes = table.history(ids[0])[-1]["changes"]
    assert set(changes) == {"party"}  # the derived key is not in the change log
    assert parties(db, search="安徽") == ["安徽某公司"]  # re-indexed for search
    assert parties(db, search="张伟") == []
    table.update(ids[1], {"filed_on": "2024-03-06"})  # a field not searched: index unchanged
    assert parties(db, search="赵六") == ["赵六建材厂"]


def test_an_older_ledger_gets_its_keys_when_upgraded(data_dir):
    data_dir.mkdir(parents=True)
    path = data_dir / "ledger.sqlite3"
    old = sqlite_utils.Database(path)
    schema.migrations.apply(old, stop_before="0004_pinyin_sort_keys")
    columns = [f.key for f in schema.load_ledgers()["cases"].fields]
    for i, party in enumerate(PARTIES):
        row = dict.fromkeys(columns)
        row.update(case_no=f"Y{i}", cause="未按规定", party=party, party_type="单位",
                   filed_on="2024-03-05")
        old.conn.execute(
            f"INSERT INTO cases (id, {', '.join(row)}, created_at, updated_at) "
            f"VALUES (?, {', '.join('?' for _ in row)}, 'x', 'x')", [f"id{i}", *row.values()])
    old.conn.commit()
    old.conn.close()
    with Database(path) as db:
        assert parties(db) == PINYIN_ORDER
        assert parties(db, search="建材") == ["赵六建材厂"]
        # the plain index on 当事人 gave way to the key's; 案号 keeps its unique index
        indexes = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master "
                                                  "WHERE type = 'index'")}
        assert "cases_party__sort" in indexes and "cases_party" not in indexes
        assert "cases_case_no_live" in indexes and "cases_case_no__sort" not in indexes
        plan = " ".join(r[3] for r in db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM cases WHERE deleted_at IS NULL "
            "ORDER BY party__sort LIMIT 100"))
        assert "cases_party__sort" in plan and "TEMP B-TREE" not in plan


def test_a_write_that_does_not_know_the_keys_is_caught(db):
    """A merge writes fields only: the trigger empties the stale key, the fill restores it."""
    table = db.ledger("cases")
    ids = [table.insert(case(case_no=f"Z{i}", party=p))["id"] for i, p in enumerate(PARTIES)]
    with db.transaction() as conn:
        conn.execute("UPDATE cases SET party = '安徽某公司' WHERE id = ?", [ids[0]])
        conn.execute("INSERT INTO cases (id, case_no, party, created_at, updated_at) "
                     "VALUES ('new', 'N1', '白云公司', 'x', 'x')")
        stale = conn.execute("SELECT party__sort FROM cases WHERE id IN (?, 'new')",
                             [ids[0]]).fetchall()
        assert stale == [(None,), (None,)]
        assert schema.fill_sort_keys(conn, table.definition) == 2
    order = parties(db)
    assert order[2:5] == ["阿里化工有限公司", "安徽某公司", "白云公司"] and "张伟" not in order


# -- people's names: surnames by their surname reading ------------------------------------

OFFICERS = ["曾强", "张伟", "单丽", "戴军", "长孙明", "常洋", "解放", "谢军", "尉迟华", "余华",
            "区明", "欧阳锋", "覃勇", "秦岚", "仇杰", "邱敏", "朴英", "潘涛", "查文", "翟静"]
SURNAME_ORDER = ["常洋", "戴军", "区明", "欧阳锋", "潘涛", "朴英", "秦岚", "覃勇", "邱敏", "仇杰",
                 "单丽", "解放", "谢军", "余华", "尉迟华", "曾强", "查文", "翟静", "张伟", "长孙明"]


def officer_names(db: Database) -> list[str]:
    table = db.ledger("officers")
    ids = table.ids(Query(sort="name", descending=False))
    found = table.get_many(ids)
    return [found[i]["name"] for i in ids]


def test_person_names_sort_surnames_by_their_surname_reading():
    from lawgov_desktop.storage.sortkey import person_key

    assert sorted(OFFICERS, key=person_key) == SURNAME_ORDER
    assert person_key("单丽") > person_key("沙明") and pinyin_key("单丽") < pinyin_key("沙明")
    # a names field: each name by its own surname
    assert person_key("曾强 单丽") == person_key("曾强") + " " + person_key("单丽")
    assert person_key("张伟、单丽").endswith(person_key("单丽"))
    assert pinyin_key("单位").startswith(pinyin_key("丹"))  # other text keeps 单 dan


def test_the_officers_register_sorts_by_surname(db):
    table = db.ledger("officers")
    for name in reversed(OFFICERS):
        table.insert({"name": name})
    assert officer_names(db) == SURNAME_ORDER
    record = table.find("name", "戴军")[0]
    table.update(record["id"], {"name": "单军"})  # an edit takes its surname reading too
    names = officer_names(db)
    assert names.index("单军") + 1 == names.index("单丽")  # shan jun, shan li


def test_an_older_ledger_gets_surname_keys_when_upgraded(data_dir):
    with Database.open(data_dir) as db:
        for name in OFFICERS:
            db.ledger("officers").insert({"name": name})
        # as the version before 0007 stored them: plain pinyin keys
        db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_surname_sort_keys'")
        for (name,) in db.conn.execute("SELECT name FROM officers").fetchall():
            db.conn.execute("UPDATE officers SET name__sort = ? WHERE name = ?",
                            [pinyin_key(name), name])
        db.conn.commit()
        assert officer_names(db) != SURNAME_ORDER
    with Database.open(data_dir) as db:
        assert officer_names(db) == SURNAME_ORDER
