"""The 年报 counting rules (DOMAIN.md §4), monthly series and combining units."""

from __future__ import annotations

import itertools
import sqlite3

import pytest
from test_workbook_data import (
    EXPECTED_MONEY_YUAN,
    EXPECTED_MONTHLY,
    EXPECTED_PENALTY,
    build,
)

from lawgov_desktop.domain import annual
from lawgov_desktop.domain.indicators import INDICATORS
from lawgov_desktop.domain.ledgers import get_ledger


def _run(db):
    return lambda sql, params: db.conn.execute(sql, params).fetchall()


@pytest.mark.parametrize(("stored", "heaviest"), [
    ("罚款", "罚款"),
    ("警告、通报批评；罚款", "罚款"),
    ("罚款；没收违法所得、没收非法财物", "没收违法所得、没收非法财物"),
    ("罚款；暂扣许可证件、降低资质等级；责令停产停业、责令关闭、限制从业",
     "责令停产停业、责令关闭、限制从业"),
    ("吊销许可证件；责令停产停业、责令关闭、限制从业", "吊销许可证件"),
    ("没收违法所得、没收非法财物；限制开展生产经营活动", "限制开展生产经营活动"),
    ("警告、通报批评；其他", "警告、通报批评"),
    ("其他", "其他"),
    (None, "其他"),
])
def test_heaviest_kind(stored, heaviest):
    assert annual.heaviest_kind(stored) == heaviest


def test_sql_rule_agrees_with_python_rule_for_every_combination():
    choices = get_ledger("cases").field("penalty_kinds").choices
    conn = sqlite3.connect(":memory:")
    expr = annual.heaviest_kind_sql()
    for n in range(len(choices) + 1):
        for combo in itertools.combinations(choices, n):
            stored = "；".join(combo) or None  # canonical order, as storage keeps it
            got = conn.execute(f"SELECT {expr} FROM (SELECT ? AS penalty_kinds)",
                               [stored]).fetchone()[0]
            assert got == annual.heaviest_kind(stored), stored


def test_order_matches_domain():
    assert [c.label for c in annual.PENALTY_COLUMNS] == [
        "警告、通报批评", "罚款", "没收违法所得、没收非法财物", "暂扣许可证件、降低资质等级",
        "吊销许可证件", "限制开展生产经营活动", "责令停产停业、责令关闭、限制从业", "行政拘留",
        "其他"]
    # every choice of 处罚种类 has a column
    assert set(get_ledger("cases").field("penalty_kinds").choices) <= {
        c.kind for c in annual.PENALTY_COLUMNS}


def test_penalty_table_hand_counted(db):
    build(db)
    figures = annual.annual_figures(_run(db), 2024)
    for key, value in EXPECTED_PENALTY.items():
        assert figures[key] == value, key
    assert figures[annual.PENALTY_MONEY] == pytest.approx(EXPECTED_MONEY_YUAN, abs=0.001)
    assert figures["decisions_no_penalty"] == 1
    stats = db.stats(2024)
    assert figures[annual.PENALTY_TOTAL] == stats["penalty_decisions"]
    assert figures[annual.PENALTY_MONEY] == pytest.approx(
        stats["fines_yuan"] + stats["confiscations_yuan"])
    # 2025 has only G; 2023 only K
    assert annual.annual_figures(_run(db), 2025)["penalty_fine"] == 1
    assert annual.annual_figures(_run(db), 2023)[annual.PENALTY_MONEY] == 3000


def test_monthly_hand_counted_and_adds_up_to_the_year(db):
    build(db)
    series = annual.monthly(_run(db), 2024)
    stats = db.stats(2024)
    for sid, months in EXPECTED_MONTHLY.items():
        assert series[sid] == [months.get(m, 0) for m in range(1, 13)], sid
        assert sum(series[sid]) == stats[sid], sid


def test_year_records_where_lists_any_date_in_year(db):
    build(db)
    where, params = annual.year_records_where(get_ledger("cases"), 2024)
    nos = {r[0] for r in db.conn.execute(f"SELECT case_no FROM cases WHERE {where}", params)}
    assert nos == {"A", "B", "C", "D", "E", "F", "J", "G", "H"}


def test_combine_sums_counts_and_money_and_recomputes_rates():
    a = {"reconsiderations_total": 1, "reconsiderations_upheld": 1,
         "reconsiderations_pending": 0, "reconsiderations_terminated": 0,
         "fines_yuan": 0.1, "lawsuits_total": 0, "lawsuits_won": 0, "lawsuits_pending": 0,
         "lawsuits_withdrawn": 0}
    b = {**a, "reconsiderations_total": 4, "reconsiderations_upheld": 0,
         "reconsiderations_terminated": 1, "fines_yuan": 0.2}
    both = annual.combine([a, b])
    assert both["reconsiderations_total"] == 5
    assert both["fines_yuan"] == 0.3  # summed in fen, no float residue
    # 1 upheld of (5 − 1 terminated) = 25%, not the mean of 100% and 0%
    assert both["reconsideration_upheld_rate"] == pytest.approx(0.25)
    assert both["lawsuit_win_rate"] is None


def test_figure_ids_cover_indicators_annual_and_months():
    ids = annual.figure_ids()
    assert len(ids) == len(set(ids))
    assert {i.id for i in INDICATORS} <= set(ids)
    assert annual.monthly_id("cases_filed", 3) in ids
    assert annual.figure_unit("penalty_money_yuan") == "元"
    assert annual.figure_unit("monthly.training_participants.01") == "人次"
