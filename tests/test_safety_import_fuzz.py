"""Import fuzzing (issue #7): malformed workbooks never crash the import and never leave part
of a sheet in the ledger. Random headers (real labels, aliases, junk), title rows, merged
cells, cells of every type (huge numbers, formulas, error strings, odd dates), empty and extra
sheets, and files cut short or with flipped bytes. A storage failure in the middle of an
import stores nothing either."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lawgov_desktop.domain.ledgers import LEDGER_KEYS, get_ledger
from lawgov_desktop.importing import import_workbook
from lawgov_desktop.storage import DiskFullError
from lawgov_desktop.storage.records import LedgerTable

# Text openpyxl can write: no control characters or lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
SPECIAL = st.sampled_from(
    [
        "=1/0",
        "=SUM(A1:A3)",
        "=A2",
        "#N/A",
        "#VALUE!",
        "2024-13-45",
        "2024年3月5日",
        "2019.3.5",
        "45000",
        "是",
        "否",
        "单位",
        "个人",
        "罚款；警告",
        "罚款;吊销许可证件",
        "1,000.50",
        "-5",
        "１２３",
        "  ",
        "\n",
        "9" * 30,
        "0x1F",
        "NaN",
        "inf",
        "示应急罚〔2024〕1号",
        "给予处罚",
        "执法人员业务培训",
        "行政复议",
        "维持",
        "2024-02-30",
        "1900-01-00",
    ]
)
CELL = st.one_of(
    st.none(),
    TEXT,
    SPECIAL,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)


def labels(ledger: str) -> list[str]:
    return [name for f in get_ledger(ledger).fields for name in f.header_names()]


def deterministic(wb: Workbook) -> bytes:
    """The .xlsx bytes with fixed times inside, so one example always gives one file."""
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)),
                src.read(info.filename),
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


@st.composite
def workbooks(draw: st.DrawFn, ledger: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    if draw(st.booleans()):  # an empty first sheet, the data on the second
        ws.title = "说明"
        ws = wb.create_sheet("台账")
    for _ in range(draw(st.integers(0, 3))):
        ws.append([draw(TEXT)])
    title_rows = ws.max_row if ws.max_row > 1 or ws["A1"].value is not None else 0
    header = draw(
        st.lists(
            st.one_of(st.sampled_from(labels(ledger)), TEXT, st.none(), st.integers()), max_size=14
        )
    )
    if draw(st.booleans()):  # mostly a real header: the required columns first
        required = [f.label for f in get_ledger(ledger).fields if f.required]
        header = required + header
    if header:
        ws.append(header)
    width = max(len(header), 1)
    for _ in range(draw(st.integers(0, 8))):
        ws.append(draw(st.lists(CELL, max_size=width + 2)))
    if title_rows and draw(st.booleans()):
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(2, width))
    if draw(st.booleans()) and ws.max_row > 2:  # a merged block inside the data
        ws.merge_cells(start_row=ws.max_row - 1, start_column=1, end_row=ws.max_row, end_column=2)
    data = deterministic(wb)
    damage = draw(st.sampled_from(["none", "none", "none", "truncate", "flip"]))
    # positions drawn independently of the length (the file embeds the time it was written)
    if damage == "truncate":
        data = data[: draw(st.integers(0, 10**9)) % len(data)]
    elif damage == "flip":
        at = draw(st.integers(0, 10**9)) % len(data)
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return data


COUNTER = itertools.count()


@settings(
    max_examples=int(os.environ.get("LAWGOV_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), dry_run=st.booleans())
def test_malformed_workbooks_never_crash_and_import_all_or_nothing(db, tmp_path, data, dry_run):
    ledger = data.draw(st.sampled_from(LEDGER_KEYS))
    content = data.draw(workbooks(ledger))
    path = tmp_path / f"book{next(COUNTER)}.xlsx"
    path.write_bytes(content)
    table = db.ledger(ledger)
    before = table.count()
    changes_before = db.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]

    result = import_workbook(db, ledger, path, dry_run=dry_run)  # must not raise

    after = table.count()
    logged = db.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] - changes_before
    if result.ok and not dry_run:
        assert result.stored == len(result.values) == after - before == logged
    else:
        assert after == before and logged == 0 and result.stored == 0
        if not result.ok:
            assert all(str(p) for p in result.errors)
    assert not db.conn.in_transaction


def test_a_storage_failure_halfway_through_stores_nothing(db, tmp_path, monkeypatch):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "案由", "当事人", "当事人类型", "立案日期"])
    for n in range(50):
        ws.append([f"示应急罚〔2024〕{n}号", "未按规定开展培训", "某公司", "单位", "2024-03-05"])
    path = tmp_path / "good.xlsx"
    wb.save(path)

    def disk_full(self, rows):  # the rows are in, their change-log entries fail
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(LedgerTable, "_log_many", disk_full)
    with pytest.raises(DiskFullError, match="磁盘空间已满"):
        import_workbook(db, "cases", path)
    monkeypatch.undo()
    assert db.ledger("cases").count() == 0 and not db.conn.in_transaction
    assert import_workbook(db, "cases", path).stored == 50  # and works once there is room
