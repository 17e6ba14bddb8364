"""Figures as they appear in report text: placeholder names, kinds and formatting.

The year's figures arrive as a plain mapping keyed by the indicator ids of DOMAIN.md §3.
Placeholders in report text use the Chinese labels of §3 (e.g. ``{立案}``), plus a few
derived or alias names. Numbers as reports write them (DOMAIN.md §11): counts from 10,000
up in 万 with one decimal, truncated, and 余 when not exact (94,795 → 9.4万余); money in
万元 with two decimals from 10,000 yuan up; rates as percentages with one decimal ("100%"
when exact). The 附表 prints counts exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from ..domain.indicators import INDICATORS as DOMAIN_INDICATORS
from ..domain.values import format_percent

Figures = Mapping[str, int | float | None]


class Kind(Enum):
    COUNT = "count"
    MONEY = "money"
    RATE = "rate"
    DECIMAL = "decimal"  # hours: one decimal when not whole (人均66.1学时)


@dataclass(frozen=True)
class FigureDef:
    id: str
    label: str
    unit: str
    kind: Kind = Kind.COUNT


_KINDS = {"money": Kind.MONEY, "rate": Kind.RATE}

# The indicators of DOMAIN.md §3 as report text quotes them: defined once in the domain.
INDICATORS: tuple[FigureDef, ...] = tuple(
    FigureDef(i.id, i.label, "" if i.kind in _KINDS else i.unit,
              _KINDS.get(i.kind, Kind.DECIMAL if i.decimals else Kind.COUNT))
    for i in DOMAIN_INDICATORS
)

# Figures derived from indicators: id → (label, kind, summed indicator ids).
DERIVED: dict[str, tuple[str, Kind, tuple[str, ...]]] = {
    "penalty_money_yuan": ("罚没金额", Kind.MONEY, ("fines_yuan", "confiscations_yuan")),
}

# Extra names users are likely to type.
ALIASES: dict[str, str] = {
    "处罚决定": "penalty_decisions",
    "罚款": "fines_yuan",
    "罚没款": "penalty_money_yuan",
    "参训人数": "training_participants",
    "普法活动": "publicity_events",
    "负责人出庭": "head_appearances",
}

BY_ID: dict[str, FigureDef] = {d.id: d for d in INDICATORS}
BY_ID.update({k: FigureDef(k, v[0], "", v[1]) for k, v in DERIVED.items()})

# Placeholder name (Chinese) → figure id.
PLACEHOLDERS: dict[str, str] = {d.label: d.id for d in BY_ID.values()}
PLACEHOLDERS.update(ALIASES)


def value_of(figures: Figures, figure_id: str) -> int | float | None:
    """The figure's value; derived figures are summed (None when every part is None)."""
    if figure_id in DERIVED:
        parts = [figures.get(p) for p in DERIVED[figure_id][2]]
        present = [p for p in parts if p is not None]
        return sum(present) if present else None
    return figures.get(figure_id)


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_count(value: int | float) -> str:
    """Counts are whole numbers; a float count is rounded half up."""
    return _decimal_text(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))


def format_count_cn(value: int | float) -> str:
    """A count as report text writes it: 9,999 → "9999"; 94,795 → "9.4万余"; 90,000 → "9万"."""
    n = int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))
    if abs(n) < 10000:
        return str(n)
    tenths, rest = divmod(abs(n), 1000)
    sign = "-" if n < 0 else ""
    return sign + _decimal_text(Decimal(tenths) / 10) + "万" + ("余" if rest else "")


def format_money(yuan: int | float) -> str:
    """1234567.5 → "123.46万元"; 8500 → "8500元"; 8500.5 → "8500.5元"; 0 → "0元"."""
    amount = Decimal(str(yuan))
    if abs(amount) >= 10000:
        wan = (amount / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return _decimal_text(wan) + "万元"
    return _decimal_text(amount.quantize(Decimal("0.01"), ROUND_HALF_UP)) + "元"


def format_rate(fraction: float) -> str:
    """A fraction 0–1 as a percentage (see domain.values.format_percent)."""
    return format_percent(fraction)


def format_value(figure_id: str, value: int | float, exact: bool = False) -> str:
    """The figure as report text prints it (``exact``: counts in full, for tables)."""
    kind = BY_ID[figure_id].kind if figure_id in BY_ID else Kind.COUNT
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{figure_id}: not a finite number")
    if kind is Kind.MONEY:
        return format_money(value)
    if kind is Kind.RATE:
        return format_rate(value)
    if kind is Kind.DECIMAL:
        return _decimal_text(Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return format_count(value) if exact else format_count_cn(value)


def formatted(figures: Figures, figure_id: str, exact: bool = False) -> str | None:
    """The figure as printed, or None when it has no value."""
    value = value_of(figures, figure_id)
    return None if value is None else format_value(figure_id, value, exact)


def count(figures: Figures, figure_id: str) -> int:
    """A count for sentence logic: missing or None counts as 0."""
    value = value_of(figures, figure_id)
    return 0 if value is None else int(round(value))
