"""Rows already in the ledger (DOMAIN.md §12): the same 案号 for cases and appeals, compared
after normalising brackets 〔〕()（）[]【】, spaces and full/half width (FZ（2025）51号 =
FZ(2025)51号); the same date and title for trainings and publicity."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from ..domain.ledgers import LedgerDef

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")",
                           "{": "(", "}": ")", "<": "(", ">": ")", "〈": "(", "〉": ")",
                           "《": "(", "》": ")", "［": "(", "］": ")"})


def normalise_title(text: Any) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))  # full width → half width, （ → (
    # split() drops exactly the characters re's \s matches (str.isspace), faster
    return "".join(s.split()).translate(_BRACKETS).upper()


def by_number(ledger: LedgerDef) -> bool:
    """Cases and appeals match by 案号 alone; the others by date and title."""
    return ledger.title_field == "case_no"


def match_key(ledger: LedgerDef, values: Mapping[str, Any]) -> tuple[str, str] | None:
    """The key two records share when they are the same (stored values); None: no key."""
    title = normalise_title(values.get(ledger.title_field))
    if not title:
        return None
    if by_number(ledger):
        return ("", title)
    date = str(values.get(ledger.year_field) or "")
    return (date, title) if date else None


def describe(ledger: LedgerDef, values: Mapping[str, Any]) -> str:
    title = ledger.field(ledger.title_field).label
    text = f"{title}“{values.get(ledger.title_field)}”"
    if not by_number(ledger):
        text = f"{values.get(ledger.year_field)} {text}"
    return text
