"""The lean row writer of the detail sheets (reports/workbook_rows.py) writes the same
workbook as openpyxl's own write-only path: values, types, styles, number formats, widths,
row heights, masking."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from test_workbook_data import build

from lawgov_desktop.reports import workbook_detail, workbook_rows
from lawgov_desktop.reports.workbook import write_workbook

DATE = dt.date(2025, 1, 10)
TRICKY = [
    " 前后有空格 ",          # (stored trimmed)
    "A&B <公司> \"引号\" '单引号'",  # escaped
    "=SUM(A1:A2)",           # a formula look-alike stays text
    "#DIV/0!",               # an error code look-alike stays text
    "#3号楼",                 # starts with # but is no error code
    "第一行\n第二行",          # a line break
    "控制\x07字符",            # a character XML cannot carry is dropped
    "很长的说明" * 30,         # wraps (a styled cell) in its column
    "\u3000全角空格",
]


def _fill(db):
    build(db)
    t = db.ledger("trainings")
    for i, name in enumerate(TRICKY):
        t.insert({"date": f"2024-05-{i + 1:02d}", "name": name, "participants": i * 7 + 1,
                  "note": name})
    r = db.ledger("reviews")
    r.insert({"review_type": "合同", "name": " 合同 & 协议", "reviewed_on": "2024-07-01",
              "contract_amount": "1234567.89"})


def _cells(path):
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title, "widths"] = {k: v.width for k, v in ws.column_dimensions.items()}
        out[ws.title, "heights"] = {k: v.height for k, v in ws.row_dimensions.items()}
        out[ws.title, "filter"] = ws.auto_filter.ref
        for row in ws.iter_rows():
            for c in row:
                out[ws.title, c.coordinate] = (
                    c.value, c.data_type, c.number_format, repr(c.font), repr(c.alignment),
                    repr(c.border), repr(c.fill), c.comment and c.comment.text)
    return out


def test_lean_rows_read_back_as_openpyxl_writes_them(db, tmp_path, monkeypatch):
    _fill(db)
    used = []
    real = workbook_rows.stream_rows_fast

    def spy(ws):
        used.append(real(ws))
        return used[-1]

    monkeypatch.setattr(workbook_detail, "stream_rows_fast", spy)
    for mask in (True, False):
        lean = _cells(write_workbook(db, 2024, tmp_path / f"lean{mask}.xlsx", date=DATE,
                                     mask=mask))
        assert used and all(used)  # the lean writer did write the detail sheets
        with monkeypatch.context() as m:  # openpyxl's own path, untouched
            m.setattr(workbook_detail, "stream_rows_fast", lambda ws: False)
            m.setattr(workbook_detail, "stream_cells_fast", lambda ws: None)
            plain = _cells(write_workbook(db, 2024, tmp_path / f"plain{mask}.xlsx",
                                          date=DATE, mask=mask))
        assert lean.keys() == plain.keys()
        diff = [(k, lean[k], plain[k]) for k in lean if lean[k] != plain[k]]
        assert diff == []
        values = {v[0] for k, v in lean.items() if k[0] == "学法培训" and len(k) == 2
                  and isinstance(v, tuple)}
        assert {"=SUM(A1:A2)", "#DIV/0!", "A&B <公司> \"引号\" '单引号'", "控制字符"} <= values
