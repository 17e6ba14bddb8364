"""Where a record stands in its procedure, as filters the list views offer (状态)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .officer_figures import below_hours_condition

# An SQL condition, or a function (rows, setting, year shown) → (SQL condition, parameters)
# for a status that needs computing (学时未达标: hours summed over names).
StatusRule = str | Callable[..., tuple[str, list[Any]]]
_TODAY = "date('now', 'localtime')"

# ledger → status label → SQL condition over the ledger's columns
STATUSES: dict[str, dict[str, StatusRule]] = {
    "cases": {
        "待决定": "decided_on IS NULL AND closed_on IS NULL",
        "待结案": "decided_on IS NOT NULL AND closed_on IS NULL",
        "已结案": "closed_on IS NOT NULL",
    },
    "appeals": {
        "在审": "result IS NULL AND closed_on IS NULL",
        "已审结": "(result IS NOT NULL OR closed_on IS NOT NULL)",
    },
    "officers": {
        "无有效执法证": f"(cert_expires_on IS NULL OR cert_expires_on < {_TODAY} "
                        f"OR cert_issued_on > {_TODAY})",
        "学时未达标": below_hours_condition,
    },
}


def statuses(ledger: str) -> list[str]:
    return list(STATUSES.get(ledger, {}))
