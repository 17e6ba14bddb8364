"""Parsing typed values the way users and spreadsheets write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lawgov_desktop.domain.idcodes import (
    id_number_problem,
    mask_id,
    mask_name,
    uscc_problem,
)
from lawgov_desktop.domain.ledgers import get_ledger
from lawgov_desktop.domain.values import (
    ValueProblem,
    display_value,
    format_percent,
    parse_date,
    parse_money,
    parse_percent,
    parse_value,
)

CASES = get_ledger("cases")


@pytest.mark.parametrize(
    "raw",
    [
        "2019-03-05",
        "2019/3/5",
        "2019.3.5",
        "2019年3月5日",
        "20190305",
        " 2019 - 03 - 05 ",
        dt.date(2019, 3, 5),
        dt.datetime(2019, 3, 5, 14, 30),
        43529,
        43529.0,
        "43529",
    ],
)
def test_dates_in_every_written_form(raw):
    assert parse_date(raw) == "2019-03-05"


@pytest.mark.parametrize("raw", ["2019-02-30", "明天", "3/5/2019", "2019-13-01"])
def test_bad_dates_say_why_in_chinese(raw):
    with pytest.raises(ValueProblem, match="日期"):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("1,234.5", 123450),
        ("1234.50元", 123450),
        ("1.2万元", 1200000),
        ("3万", 3000000),
        (Decimal("0.01"), 1),
        (30000, 3000000),
        (1234.56, 123456),
        ("￥88", 8800),
    ],
)
def test_money_is_integer_fen(raw, fen):
    assert parse_money(raw) == fen


@pytest.mark.parametrize(
    ("raw", "reason"), [("-5", "负数"), ("1.234", "两位小数"), ("abc", "金额")]
)
def test_bad_money(raw, reason):
    with pytest.raises(ValueProblem, match=reason):
        parse_money(raw)


def test_percent_accepts_fraction_and_percentage():
    assert parse_percent("98.5%") == 0.985
    assert parse_percent("98.5") == 0.985
    assert parse_percent(0.9) == 0.9
    assert parse_percent("100%") == 1.0
    with pytest.raises(ValueProblem):
        parse_percent("120%")


def test_percent_text_is_exact_when_whole():
    assert format_percent(1.0) == "100%"
    assert format_percent(0.9876) == "98.8%"
    assert format_percent(None) == "—"


def test_choice_exact_alias_and_unknown():
    party_type = CASES.field("party_type")
    assert parse_value(party_type, "单位") == "单位"
    assert parse_value(party_type, "自然人") == "个人"
    with pytest.raises(ValueProblem, match="可选：单位、个人"):
        parse_value(party_type, "机关")


def test_multi_choice_separators_and_canonical_order():
    kinds = CASES.field("penalty_kinds")
    assert parse_value(kinds, "罚款；警告") == "警告、通报批评；罚款"
    assert parse_value(kinds, "罚款;没收违法所得\n吊销") == (
        "罚款；没收违法所得、没收非法财物；吊销许可证件"
    )
    assert parse_value(kinds, ["罚款", "罚款"]) == "罚款"
    with pytest.raises(ValueProblem):
        parse_value(kinds, "罚款；拘留")


def test_bool_and_integer():
    appeals = get_ledger("appeals")
    assert parse_value(appeals.field("head_appeared"), "是") == 1
    assert parse_value(appeals.field("head_appeared"), "否") == 0
    participants = get_ledger("trainings").field("participants")
    assert parse_value(participants, "120人") == 120
    assert parse_value(participants, 35.0) == 35
    with pytest.raises(ValueProblem, match="整数"):
        parse_value(participants, "12.5")


def test_numeric_text_cell_has_no_trailing_zero():
    assert parse_value(CASES.field("case_no"), 2024001.0) == "2024001"


def test_display_values():
    assert display_value(CASES.field("fine_amount"), 123450) == "1,234.50"
    assert display_value(get_ledger("appeals").field("head_appeared"), 0) == "否"


def test_check_digits_of_identity_codes():
    assert uscc_problem("91350100M000100Y43") is None
    assert "校验位" in uscc_problem("91350100M000100Y44")
    assert "18位" in uscc_problem("9135010")
    assert "非法字符" in uscc_problem("91350100M000100YI3")
    assert id_number_problem("11010519491231002X") is None
    assert id_number_problem("11010519491231002x") is None
    assert "校验位" in id_number_problem("110105194912310021")
    assert "出生日期" in id_number_problem("110105194913310021")


def test_masking_personal_data():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_id("11010519491231002X") == "110***********002X"


def test_no_choice_is_empty_for_every_multi_field():
    """A form's check boxes send [] when nothing is ticked: that is "empty", not an error."""
    from lawgov_desktop.domain.ledgers import load_ledgers
    from lawgov_desktop.domain.values import parse_value

    for ledger in load_ledgers().values():
        for fdef in ledger.fields:
            if fdef.type == "multi":
                for nothing in ([], (), ["", " "], None, ""):
                    assert parse_value(fdef, nothing) is None
