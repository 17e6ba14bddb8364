"""Real-looking legacy Excel ledgers, as sections kept them before LawGov: a merged title,
a 填报单位 line, headers in the section's own words, 序号 and 备注 columns, blank rows, dates
typed as text, as Excel serial numbers and as real dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factories import make_id_number, make_uscc
from openpyxl import Workbook

# 文书编号, 被处罚单位/个人 and 信用代码/身份证号 match no label or alias: the user maps them.
USER_MAPPING = {"文书编号": "case_no", "被处罚单位/个人": "party",
                "信用代码/身份证号": "id_number"}
LEGACY_HEADER = ["序号", "文书编号", "违法行为", "被处罚单位/个人", "主体类型",
                 "信用代码/身份证号", "立案时间", "处罚决定日期", "处理结果", "处罚种类",
                 "罚款(元)", "备注"]


def legacy_rows(n: int = 4) -> list[list]:
    dates = ["2023年3月5日", 45000, dt.datetime(2023, 6, 1), "2023.7.12", "2023/8/30"]
    rows = []
    for i in range(1, n + 1):
        company = i % 2 == 1
        rows.append([
            i, f"示应急罚〔2023〕{i}号", "未按规定开展安全培训",
            f"示例{i}号化工有限公司" if company else f"张{i}",
            "企业" if company else "自然人",
            make_uscc(f"914201001234{i:04d}") if company
            else make_id_number(seq=f"{i:03d}"),
            dates[(i - 1) % len(dates)], "2023-12-01" if company else None,
            "行政处罚" if company else None, "罚款" if company else None,
            f"{i},000" if company else None,
            "已结案" if company else "调查中",
        ])
    return rows


def write_legacy_book(path: Path, rows: list[list] | None = None, sheet: str = "2023年处罚台账",
                      extra_sheet: bool = True, notes_first: bool = False) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["示例县应急管理局2023年行政处罚案件台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(LEGACY_HEADER))
    ws.append(["填报单位：法规科", None, None, None, None, None, None, "填报日期：2024年1月"])
    ws.append(LEGACY_HEADER)
    for i, row in enumerate(rows if rows is not None else legacy_rows()):
        if i == 2:
            ws.append([None] * len(LEGACY_HEADER))  # a blank line someone left in
        ws.append(row)
    if extra_sheet:
        notes = wb.create_sheet("说明", 0 if notes_first else None)
        notes.append(["本表由法规科每月更新"])
    wb.save(path)
    return path


# -- the same ledger in other shapes: .xls, .ods, and .xlsx files with odd insides ------------

def write_xls(path: Path, rows: list[list], sheet: str = "2023年处罚台账",
              hidden_first: bool = False) -> Path:
    """An Excel 97-2003 workbook (as WPS and old Excel save it), via xlwt."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    if hidden_first:
        hidden = book.add_sheet("旧表")
        hidden.write(0, 0, "案号")
        hidden.visibility = 1
    ws = book.add_sheet(sheet)
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write(r, c, value, dates)
            else:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, rows: list[list], sheet: str = "台账") -> Path:
    """An OpenDocument spreadsheet (LibreOffice, WPS can save it too), via odfpy."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in rows:
        tr = TableRow()
        for value in row:
            if value is None:
                tr.addElement(TableCell())
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def legacy_table(n: int = 4) -> list[list]:
    """The legacy sheet as plain rows: title, 填报单位, header, data with a blank row."""
    rows: list[list] = [["示例县应急管理局2023年行政处罚案件台账"],
                        ["填报单位：法规科", None, None, None, None, None, None,
                         "填报日期：2024年1月"],
                        LEGACY_HEADER]
    for i, row in enumerate(legacy_rows(n)):
        if i == 2:
            rows.append([None] * len(LEGACY_HEADER))
        rows.append([v.isoformat()[:10] if isinstance(v, dt.datetime) else v for v in row])
    return rows


def rewrite_sheet(path: Path, change, part: str = "xl/worksheets/sheet1.xml") -> Path:  # type: ignore[no-untyped-def]
    """Apply `change(xml text) -> xml text` to one part of an .xlsx, as odd writers leave it."""
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        for info in infos:
            data[info.filename] = zf.read(info.filename)
    data[part] = change(data[part].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in infos:
            zf.writestr(info.filename, data[info.filename])
    return path


SECTION_HEADER = ["序号", "处罚决定书文号", "违法行为", "被处罚单位", "统一社会信用代码/身份证号",
                  "立案时间", "处罚决定日期", "罚款(元)", "执法人员", "备注"]


def section_rows() -> list[list]:
    """A section's own 2023 cases (DOMAIN.md §12): no 当事人类型, 决定类型 or 处罚种类 column;
    dates typed every way; one case still open (its reminder long overdue)."""
    return [
        [1, "示应急罚〔2023〕1号", "未按规定开展安全培训", "示例化工有限公司",
         make_uscc("91420100123400001"), "2023年3月5日", "2023-04-20", "10,000", "张三、李四",
         None],
        [2, "示应急罚〔2023〕2号", "特种作业人员未持证上岗", "王五",
         make_id_number(seq="002"), "2023/4/6", dt.datetime(2023, 5, 10), 2000, "张三", None],
        [3, "示应急罚〔2023〕3号", "未设置安全警示标志", "城关加油站", None,
         "2023.5.7", "2023年6月1日", "5000", "李四", "已缴纳"],
        [4, "示应急立〔2023〕4号", "未建立隐患排查制度", "示例木业有限公司",
         make_uscc("91420100123400004"), 45108, None, None, "李四", "调查中"],
    ]


def write_section_book(path: Path, fmt: str = "xlsx") -> Path:
    """The section's ledger with a merged title, its own header words, a 序号 column, text
    dates, a blank row and a 合计 row (a SUM formula) at the bottom; .xlsx or .xls."""
    title = "示例县应急管理局2023年行政处罚案件登记台账"
    data = section_rows()
    rows: list[list] = [[title], SECTION_HEADER, data[0], data[1], [None] * 10, data[2], data[3]]
    if fmt == "xls":
        rows.append(["合计", None, None, None, None, None, None, 17000])
        return write_xls(path, rows, sheet="2023年")
    wb = Workbook()
    ws = wb.active
    ws.title = "2023年"
    for row in rows:
        ws.append(row)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SECTION_HEADER))
    ws.append(["合计", None, None, None, None, None, None, "=SUM(H3:H7)"])
    wb.save(path)
    return path
