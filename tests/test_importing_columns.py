"""The import's column-wise checking gives exactly what `validate` gives a form, row by row:
same values, same problems in the same order, whatever repeats across rows."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from factories import make_id_number, make_uscc

from lawgov_desktop.domain.deadlines import RULES
from lawgov_desktop.domain.ledgers import LEDGER_KEYS, load_ledgers
from lawgov_desktop.domain.validation import validate
from lawgov_desktop.domain.workdays import WorkCalendar
from lawgov_desktop.importing.columns import ColumnParser
from lawgov_desktop.importing.history import CachedCalendar, OverdueCheck, long_overdue

L = load_ledgers()
TODAY = dt.date(2026, 11, 23)

# Values of every kind a sheet's cell may hold: good and bad, as text and as numbers, and
# the ones equal as dict keys but not the same cell (1, 1.0, True, "1").
DATES = ["2024-03-05", "2024年3月9日", 45357, 45357.0, 45360.5, "2024/13/01", "昨天", "1900-01-01",
         "2027-01-05", dt.date(2024, 3, 7), "", "  ", None]
AMOUNTS = [1, 1.0, True, "1", 2000, "5,000", "1.5万", "-3", "abc", 1e300, 0, "0", None, ""]
TEXTS = ["某有限公司", "张三", 12345678901234567890.0, 1.0, "x" * 600, "  ", None, True]


def _value(fdef, rng: random.Random):
    if fdef.is_date:
        return rng.choice(DATES)
    if fdef.type in ("money", "integer", "decimal", "percent"):
        return rng.choice(AMOUNTS)
    if fdef.type == "bool":
        return rng.choice(["是", "否", True, 1, 0, "maybe", None])
    if fdef.has_choices:
        options = list(fdef.choices) + ["不存在的选项", "", None]
        if fdef.type == "multi":
            options += [["罚款", "警告"], [], "罚款；警告", ("没有",)]
        return rng.choice(options)
    if fdef.check:
        return rng.choice([make_id_number(), make_uscc(), "123", None])
    return rng.choice(TEXTS)


@pytest.mark.parametrize("ledger_key", LEDGER_KEYS)
def test_column_wise_checking_equals_validate(ledger_key):
    ledger = L[ledger_key]
    rng = random.Random(20261129)
    parser = ColumnParser(ledger, None, TODAY)
    # Half the rows varied, half from two values per field on a few fields: rows that repeat
    # what the checks read while differing elsewhere.
    pools = {f.key: [_value(f, rng), _value(f, rng)] for f in ledger.fields}
    for n in range(4000):
        if n % 2:
            row = {f.key: _value(f, rng) for f in ledger.fields if rng.random() < 0.6}
        else:
            row = {f.key: rng.choice(pools[f.key]) for f in ledger.fields if rng.random() < 0.2}
        row["not_a_field"] = "ignored"
        expected = validate(ledger, row, today=TODAY)
        got = parser.check(row)
        assert got.values == expected.values and got.problems == expected.problems, row
        assert [type(v) for v in got.values.values()] == \
            [type(v) for v in expected.values.values()], row


def test_users_choice_lists_are_used():
    ledger = L["cases"]
    key = next(f.key for f in ledger.fields if f.editable_choices)
    choices = {key: ["自定义选项"]}
    parser = ColumnParser(ledger, choices, TODAY)
    for value in ("自定义选项", next(iter(ledger.field(key).choices))):
        row = {key: value}
        assert parser.check(row).problems == validate(ledger, row, choices=choices,
                                                      today=TODAY).problems


def test_overdue_check_equals_long_overdue():
    rng = random.Random(7)
    limits = {r.setting_key: r.default_days for r in RULES}
    check = OverdueCheck("cases", limits, CachedCalendar(WorkCalendar()), TODAY)
    for _ in range(2000):
        values = {"filed_on": rng.choice(["2024-03-05", "2026-10-01", "9999-12-31", None]),
                  "decided_on": rng.choice(["2024-06-05", "2026-11-20", None]),
                  "published_on": rng.choice([None, "2024-06-07"]),
                  "closed_on": rng.choice([None, None, "2024-07-01"]),
                  "decision_type": rng.choice(["给予处罚", "不予处罚", None]),
                  "procedure": rng.choice(["简易程序", "普通程序", None])}
        assert check(values) == long_overdue("cases", values, limits, WorkCalendar(), TODAY)


def test_the_cli_offers_the_import_options_the_importer_knows():
    from lawgov_desktop import importing
    from lawgov_desktop.cli import import_xlsx

    assert import_xlsx.ON_DUPLICATE == importing.ON_DUPLICATE
    assert import_xlsx.HISTORY == importing.HISTORY


def test_rows_alike_but_for_a_zero_fine_are_checked_apart():
    ledger = L["cases"]
    parser = ColumnParser(ledger, None, TODAY)
    base = {"case_no": "A1", "cause": "x", "party": "某公司", "party_type": "单位",
            "filed_on": "2024-03-05", "decided_on": "2024-04-05", "decision_type": "给予处罚",
            "penalty_kinds": "警告"}
    for fine in (0, 2000, None, "0", 5000):
        row = {**base, "fine_amount": fine}
        assert parser.check(row).problems == validate(ledger, row, today=TODAY).problems, fine
