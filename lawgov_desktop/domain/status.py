"""Where a record stands in its procedure, as filters the list views offer (状态)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .officer_figures import below_hours_condition


@dataclass(frozen=True)
class Computed:
    """A status storage works out in Python with the database at hand (settings, other
    records, what it remembers between refreshes); `name` picks the function
    (storage/records.py COMPUTED_STATUSES)."""

    name: str


# An SQL condition, or a function (rows, setting, year shown) → (SQL condition, parameters)
# for a status that needs computing (学时未达标: hours summed over names), or a Computed one.
StatusRule = str | Callable[..., tuple[str, list[Any]]] | Computed
_TODAY = "date('now', 'localtime')"


# ledger → status label → SQL condition over the ledger's columns: the stages of a
# procedure, one per record, shown as the list's 状态 column
STATUSES: dict[str, dict[str, str]] = {
    "cases": {
        "待决定": "decided_on IS NULL AND closed_on IS NULL",
        "待结案": "decided_on IS NOT NULL AND closed_on IS NULL",
        "已结案": "closed_on IS NOT NULL",
    },
    "appeals": {
        "在审": "result IS NULL AND closed_on IS NULL",
        "已审结": "(result IS NOT NULL OR closed_on IS NOT NULL)",
    },
    "reviews": {  # 报备 concerns 行政规范性文件 alone (有效状态 has a filter of its own)
        "待报备": "review_type = '行政规范性文件' AND published_on IS NOT NULL "
                     "AND filed_on IS NULL",
        "已报备": "review_type = '行政规范性文件' AND filed_on IS NOT NULL",
    },
}

# Filters the same list offers that are not stages (a record may be in several, or none;
# officers have a 状态 field of their own): ledger → label → rule
FILTERS: dict[str, dict[str, StatusRule]] = {
    "officers": {
        "无有效执法证": f"(cert_expires_on IS NULL OR cert_expires_on < {_TODAY} "
                        f"OR cert_issued_on > {_TODAY})",
        "学时未达标": below_hours_condition,
    },
    # DOMAIN.md §9: 复查 due once the 整改期限 has passed; 超频次: past the yearly cap.
    "inspections": {
        "待复查": f"rectify_by < {_TODAY} AND recheck_on IS NULL",
        "超频次": Computed("over_cap"),
    },
}


def statuses(ledger: str) -> list[str]:
    """What the list's 状态 (or 筛选) choice offers: the stages, then the other filters."""
    return [*STATUSES.get(ledger, {}), *FILTERS.get(ledger, {})]


def status_rule(ledger: str, label: str) -> StatusRule:
    return {**STATUSES.get(ledger, {}), **FILTERS.get(ledger, {})}[label]


def has_stages(ledger: str) -> bool:
    """Whether the list shows a computed 状态 column (see status_of)."""
    return bool(STATUSES.get(ledger))


STATUS_COLUMN = "__status"  # the list's 状态 column: computed, never stored


def status_of(ledger: str, record: dict) -> str:
    """The record's 状态, the same rules as STATUSES' SQL (a test holds them together)."""
    if ledger == "cases":
        if record.get("closed_on"):
            return "已结案"
        return "待结案" if record.get("decided_on") else "待决定"
    if ledger == "appeals":
        return "已审结" if record.get("result") or record.get("closed_on") else "在审"
    if ledger == "reviews" and record.get("review_type") == "行政规范性文件":
        if record.get("filed_on"):
            return "已报备"
        return "待报备" if record.get("published_on") else ""
    return ""
