"""Figures as they appear in report text: placeholder names, kinds and formatting.

The year's figures arrive as a plain mapping keyed by the indicator ids of DOMAIN.md §3.
Placeholders in report text use the Chinese labels of §3 (e.g. ``{立案}``), plus a few
derived or alias names. Money is printed in 万元 from 10,000 yuan up, rates as
percentages with one decimal ("100%" when exact).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

Figures = Mapping[str, int | float | None]


class Kind(Enum):
    COUNT = "count"
    MONEY = "money"
    RATE = "rate"


@dataclass(frozen=True)
class FigureDef:
    id: str
    label: str
    unit: str
    kind: Kind = Kind.COUNT


# The indicators of DOMAIN.md §3, with their Chinese labels, in §3 order.
INDICATORS: tuple[FigureDef, ...] = (
    FigureDef("cases_filed", "立案", "宗"),
    FigureDef("cases_closed", "结案", "宗"),
    FigureDef("penalty_decisions", "作出处罚决定", "宗"),
    FigureDef("fines_yuan", "罚款金额", "", Kind.MONEY),
    FigureDef("confiscations_yuan", "没收金额", "", Kind.MONEY),
    FigureDef("legal_reviews", "法制审核", "宗"),
    FigureDef("collective_reviews", "集体讨论", "宗"),
    FigureDef("statements_heard", "陈述申辩", "宗"),
    FigureDef("hearings_held", "听证", "宗"),
    FigureDef("court_enforcement_applications", "申请法院强制执行", "宗"),
    FigureDef("transfers_to_judiciary", "移送司法机关", "宗"),
    FigureDef("reconsiderations_total", "行政复议", "件"),
    FigureDef("reconsiderations_upheld", "复议维持", "件"),
    FigureDef("reconsiderations_corrected", "复议纠错", "件"),
    FigureDef("reconsiderations_terminated", "复议终止", "件"),
    FigureDef("reconsiderations_pending", "复议在审", "件"),
    FigureDef("reconsideration_upheld_rate", "复议维持率", "", Kind.RATE),
    FigureDef("lawsuits_total", "行政诉讼", "件"),
    FigureDef("lawsuits_won", "胜诉", "件"),
    FigureDef("lawsuits_lost", "败诉", "件"),
    FigureDef("lawsuits_withdrawn", "撤诉", "件"),
    FigureDef("lawsuits_pending", "诉讼在审", "件"),
    FigureDef("lawsuit_win_rate", "胜诉率", "", Kind.RATE),
    FigureDef("head_appearances", "负责人出庭应诉", "次"),
    FigureDef("trainings", "学法培训", "场次"),
    FigureDef("training_participants", "参训人次", "人次"),
    FigureDef("publicity_events", "普法宣传活动", "场次"),
    FigureDef("publicity_audience", "受众人次", "人次"),
    FigureDef("publicity_materials", "发放资料", "份"),
    FigureDef("media_articles", "新媒体发文", "篇"),
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


def format_money(yuan: int | float) -> str:
    """1234567.5 → "123.46万元"; 8500 → "8500元"; 8500.5 → "8500.5元"; 0 → "0元"."""
    amount = Decimal(str(yuan))
    if abs(amount) >= 10000:
        wan = (amount / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return _decimal_text(wan) + "万元"
    return _decimal_text(amount.quantize(Decimal("0.01"), ROUND_HALF_UP)) + "元"


def format_rate(fraction: float) -> str:
    """A fraction 0–1 as a percentage: one decimal, or none when the value is exact.

    0.9652 → "96.5%", 1 → "100%", 0.5 → "50%". A value that is not exactly 100% never
    prints as 100% (0.9999 → "99.9%"), and a positive value never prints as 0%.
    """
    percent = Decimal(str(fraction)) * 100
    if percent == percent.to_integral_value():
        return _decimal_text(percent.quantize(Decimal(1))) + "%"
    shown = percent.quantize(Decimal("0.1"), ROUND_HALF_UP)
    if shown >= 100 and percent < 100:
        shown = Decimal("99.9")
    if shown <= 0 < percent:
        shown = Decimal("0.1")
    return format(shown, "f") + "%"


def format_value(figure_id: str, value: int | float) -> str:
    kind = BY_ID[figure_id].kind if figure_id in BY_ID else Kind.COUNT
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{figure_id}: not a finite number")
    if kind is Kind.MONEY:
        return format_money(value)
    if kind is Kind.RATE:
        return format_rate(value)
    return format_count(value)


def formatted(figures: Figures, figure_id: str) -> str | None:
    """The figure as printed, or None when it has no value."""
    value = value_of(figures, figure_id)
    return None if value is None else format_value(figure_id, value)


def count(figures: Figures, figure_id: str) -> int:
    """A count for sentence logic: missing or None counts as 0."""
    value = value_of(figures, figure_id)
    return 0 if value is None else int(round(value))
