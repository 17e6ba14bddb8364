"""Where a record stands in its procedure, as filters the list views offer (状态)."""

from __future__ import annotations

# ledger → status label → SQL condition over the ledger's columns
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
}


def statuses(ledger: str) -> list[str]:
    return list(STATUSES.get(ledger, {}))
