"""Reading the 行政执法数据年报 sheet back as a user sees it (helpers, no tests): each table's
title, its column headers (a group header joined as "组·栏") and each unit's row of cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class Block:
    title: str
    headers: list[str] = field(default_factory=list)
    rows: dict[str, list[Any]] = field(default_factory=dict)  # 填报单位 → values
    cells: dict[str, list[Any]] = field(default_factory=dict)  # 填报单位 → openpyxl cells
    note: str = ""


def _header_texts(top: list[Any], bottom: list[Any] | None) -> list[str]:
    out, group = [], ""
    for i, head in enumerate(top[1:], start=1):
        below = bottom[i] if bottom is not None else None
        if head:
            group = str(head) if below else ""
        text = str(below) if below else str(head)
        out.append((f"{group}·{text}" if below and group else text).replace("\n", ""))
    return out


def read_blocks(ws: Worksheet) -> list[Block]:
    """The tables of a 年报 sheet in order, read from the cells (not from any template)."""
    rows = list(ws.iter_rows(min_row=3))
    blocks: list[Block] = []
    i = 0
    while i < len(rows):
        first = rows[i][0].value
        if isinstance(first, str) and _SECTION.match(first):
            block = Block(_SECTION.sub("", first))
            top = [c.value for c in rows[i + 1]]
            assert top[0] == "填报单位", top
            nxt = [c.value for c in rows[i + 2]]
            two = nxt[0] is None and any(nxt[1:])
            width = max(n for n, v in enumerate(top, start=1) if v or (two and nxt[n - 1]))
            block.headers = _header_texts(top[:width], nxt[:width] if two else None)
            j = i + (3 if two else 2)
            while j < len(rows) and rows[j][0].value is not None:
                cells = list(rows[j][1:1 + len(block.headers)])
                block.rows[str(rows[j][0].value)] = [c.value for c in cells]
                block.cells[str(rows[j][0].value)] = cells
                j += 1
            if j + 1 < len(rows) and isinstance(rows[j + 1][0].value, str):
                block.note = rows[j + 1][0].value
            blocks.append(block)
            i = j
        i += 1
    return blocks


def by_title(ws: Worksheet) -> dict[str, Block]:
    return {b.title: b for b in read_blocks(ws)}
