"""The workbook of trial s4: an old 处罚台账 with no 立案日期, 公示日期 or 当事人类型 column,
its fine headed 处罚金额（元）, one 个人 and a 合计 row (as /tmp/2025年行政处罚案件台账.xlsx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HEADER = ["序号", "处罚决定书文号", "被处罚单位", "违法行为", "处罚金额（元）", "决定日期", "备注"]
ROWS = [
    ("青应急罚〔2025〕1号", "青山化工有限公司", "未按规定开展安全培训", 20000, "2025.3.5"),
    ("青应急罚〔2025〕2号", "青山五金加工厂", "未如实记录隐患排查治理", 10000, "2025年3月5日"),
    ("青应急罚(2025)3号", "青山物流有限公司", "特种作业人员未持证上岗", 30000, "2025/4/18"),
    ("青应急罚〔2025〕4号", "青山建材有限公司", "未设置安全警示标志", 15000,
     dt.datetime(2025, 6, 20)),
    ("青应急罚〔2025〕5号", "张三", "未按规定佩戴劳动防护用品", 5000, "2025-07-01"),
    ("青应急罚〔2025〕6号", "青山金鑫加油站", "未按规定进行安全评价", 100000, "2025.9.12"),
    ("青应急罚〔2025〕7号", "青山纺织有限公司", "未开展应急演练", 25000, "2025.11.3"),
    ("青应急罚〔2025〕8号", "青山食品有限公司", "安全设备未经常性维护", 40000, "2025.12.10"),
]


def write_trial_book(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年"
    ws.append(["2025年行政处罚案件台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(["填报单位：青山县应急管理局法规科"])
    ws.append(HEADER)
    for i, (no, party, cause, fine, day) in enumerate(ROWS, start=1):
        ws.append([i, no, party, cause, fine, day, None])
    ws.append(["合计", None, None, None, "=SUM(E4:E11)", None, None])
    wb.save(path)
    return path
