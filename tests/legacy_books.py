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
