"""Columns left out of an import that look like data (trial s4, F2.1): a 处罚金额（元） the
aliases miss would otherwise import every fine as 0 with a mere 提示. A column is flagged
when its header names an amount or a date and its first values read as one."""

from __future__ import annotations

from typing import Any

from ..domain.values import ValueProblem, is_empty, parse_date, parse_money
from .xlsx import SheetData

MONEY_WORDS = ("金额", "元", "罚款", "罚没", "数额", "款额")
DATE_WORDS = ("日期", "时间")
KINDS = {"money": "金额", "date": "日期"}


def _reads(parse: Any, values: list[Any]) -> bool:
    ok = 0
    for v in values:
        try:
            parse(v)
            ok += 1
        except (ValueProblem, ValueError, TypeError):
            pass
    return ok > 0 and ok * 2 >= len(values)


def kind_of(header: str, values: list[Any]) -> str | None:
    """"money", "date" or None for a column by its header and its first non-empty values."""
    values = [v for v in values if not is_empty(v)]
    if not values:
        return None
    if any(w in header for w in DATE_WORDS) and _reads(parse_date, values):
        return "date"
    if any(w in header for w in MONEY_WORDS) and _reads(parse_money, values):
        return "money"
    return None


def unmapped_data(data: SheetData, columns: dict[int, str] | None = None) -> list[tuple[str, str]]:
    """(header, kind) of each column not imported whose values look like amounts or dates.
    `columns` is the mapping in use (the wizard's), by default the one read."""
    mapped = data.columns if columns is None else {i: k for i, k in columns.items() if k}
    out = []
    for i, header in sorted(data.headers.items()):
        if i in mapped:
            continue
        kind = kind_of(header, [row[i] for _, row in data.preview if i < len(row)])
        if kind:
            out.append((header, kind))
    return out


def unmapped_message(found: list[tuple[str, str]]) -> str:
    names = "、".join(f"“{h}”（{KINDS[k]}）" for h, k in found)
    return (f"以下列未导入：{names}。不导入时相应字段为空（罚款按0计）；"
            "如需导入，请把该列对应到相应字段（导入向导第二步的“导入为”，或把列名改为字段名称）")
