"""The sheet scan before calamine: a cell far outside the table (damage) is refused with a
Chinese message, wherever the cell's attributes are written; wide but sane sheets read."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from lawgov_desktop.importing.reader import WorkbookError, read_workbook


def _book(path, cells):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "当事人"])
    for row, column in cells:
        ws.cell(row=row, column=column, value="x")
    wb.save(path)
    return path


def _rewrite(path, old: bytes, new: bytes):
    """Replace bytes in every worksheet part (attributes split by a newline, say)."""
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(old, new)
            zout.writestr(info, data)
    path.write_bytes(out.getvalue())


def test_a_cell_far_outside_the_table_is_damage(tmp_path):
    path = _book(tmp_path / "far.xlsx", [(30_000, 800)])  # 30,000 rows × 800 columns
    with pytest.raises(WorkbookError, match="远在表格之外"):
        read_workbook(path)


def test_far_cell_found_when_its_attributes_are_split_by_newlines(tmp_path):
    path = _book(tmp_path / "far.xlsx", [(30_000, 800)])
    _rewrite(path, b' r="ADT', b'\nr="ADT')
    with pytest.raises(WorkbookError, match="远在表格之外"):
        read_workbook(path)


def test_a_wide_but_small_sheet_reads(tmp_path):
    path = _book(tmp_path / "wide.xlsx", [(10, 800), (12, 703)])
    sheet = read_workbook(path)[0]
    assert sheet.rows[9][799] == "x" and sheet.rows[11][702] == "x"


def test_letters_in_other_attributes_are_no_cells(tmp_path):
    # An attribute whose name merely ends in r (here `spr`) is no cell reference.
    path = _book(tmp_path / "odd.xlsx", [(30_000, 2)])
    _rewrite(path, b'<row r="30000"', b'<row spr="ZZZ9" r="30000"')
    assert read_workbook(path)[0].rows[29_999][1] == "x"
