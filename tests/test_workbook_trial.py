"""汇总 of a ledger with no records last year (trial s4, F4.8): the last year's column says
"—" (no data), not 0 and no 增减; a ledger used last year keeps its figures."""

from __future__ import annotations

import datetime as dt

from factories import case
from openpyxl import load_workbook

from lawgov_desktop.domain.indicators import INDICATORS
from lawgov_desktop.reports.workbook import write_workbook


def test_last_year_without_records_is_no_data(db, tmp_path) -> None:
    db.set_setting("unit_name", "青山县应急管理局")
    db.ledger("cases").insert(case(case_no="青应急罚〔2025〕1号", filed_on="2025-03-05"))
    db.ledger("trainings").insert({"date": "2024-05-06", "name": "安全生产法专题学习",
                                   "category": "领导干部学法", "participants": 20})
    ws = load_workbook(write_workbook(db, 2025, tmp_path, date=dt.date(2026, 1, 10)))["汇总"]
    ids = [i.id for i in INDICATORS]
    filed = [c.value for c in ws[4 + ids.index("cases_filed")]]
    assert filed[4] == 1 and filed[5] == "—" and filed[6] == "—"
    trainings = [c.value for c in ws[4 + ids.index("trainings")]]
    assert trainings[4] == 0 and trainings[5] == 1 and trainings[6] == -1
