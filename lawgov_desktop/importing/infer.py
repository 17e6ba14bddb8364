"""What a row may say without a column for it (DOMAIN.md §12): inference only from certain
evidence, then the user's own values (a value for the whole column, or for one row).

Evidence, in this order: a valid 统一社会信用代码 → 当事人类型 单位, a valid 身份证号 → 个人, an
organisation's name (…有限公司, …厂, …合作社) → 单位; a fine with no 处罚种类 → 罚款; a 决定日期
with a fine or a 处罚种类 → 决定类型 给予处罚; a 行政复议 with no 复议程序 → 普通程序 (the law's
general procedure: 简易程序 exists only since 2024 and only where the 复议机关 chose it; the
same rule migration 0005_appeals_2023 applied to the records kept before). Anything else
missing is asked, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..domain.idcodes import id_number_problem, uscc_problem
from ..domain.ledgers import LedgerDef
from ..domain.values import ValueProblem, is_empty, parse_money, parse_value

BY_ID = "由证件号码推断"
BY_NAME = "由当事人名称推断"
BY_FINE = "由罚款金额推断"
BY_DECISION = "由决定日期和处罚内容推断"
BY_LAW = "未注明简易程序，按普通程序"
WHOLE_COLUMN = "整列使用同一值"
BY_ROW = "逐行指定"
SAME_AS = "@"  # a date fill "@决定日期": each row's own value of that date column

# Endings of organisations' names; one-character ones only on names of 4+ characters, so a
# person's name is never taken for a unit.
_LONG_ENDINGS = ("有限责任公司", "有限公司", "股份公司", "公司", "合作社", "经营部", "门市部",
                 "中心", "集团", "商行", "加油站", "超市", "酒店", "宾馆", "工作室", "事务所",
                 "研究院", "医院", "学校", "幼儿园", "委员会", "分公司", "个体工商户")
_SHORT_ENDINGS = ("厂", "店", "站", "场", "所", "院", "矿", "部", "社", "馆", "行", "队", "坊")
_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[)）]$")


_SPACE = re.compile(r"\s+")


def is_organisation(name: str) -> bool:
    text = _SPACE.sub("", name)
    if text.endswith((")", "）")):
        text = _TRAILING_NOTE.sub("", text)
    if text.endswith(_LONG_ENDINGS):
        return True
    return len(text) >= 4 and text.endswith(_SHORT_ENDINGS)


def _id_kind(code: Any) -> str | None:
    if is_empty(code):
        return None
    text = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)
    text = text.strip().upper()
    unit = len(text) == 18 and uscc_problem(text) is None
    person = id_number_problem(text) is None
    if unit != person:  # a code valid as both is no certain evidence
        return "单位" if unit else "个人"
    return None


def _positive_money(value: Any) -> bool:
    if is_empty(value):
        return False
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return _positive(value)
    return False


@lru_cache(maxsize=4096)  # a sheet's amounts repeat (2,000, 5,000 …)
def _positive(value: str | int | float) -> bool:
    try:
        return Decimal(parse_money(value)) > 0
    except ValueProblem:
        return False


def _choice(ledger: LedgerDef, key: str, value: Any) -> str | None:
    """The choice a cell names (aliases and spacing as the check reads them), or None."""
    if is_empty(value):
        return None
    try:
        return str(parse_value(ledger.field(key), value))
    except ValueProblem:
        return None


def infer(ledger: LedgerDef, raw: dict[str, Any]) -> dict[str, str]:
    """Fill empty fields of `raw` (in place) from certain evidence; field key → the reason."""
    out: dict[str, str] = {}
    if ledger.key == "appeals":
        if _choice(ledger, "kind", raw.get("kind")) == "行政复议" \
                and is_empty(raw.get("procedure")):
            raw["procedure"], out["procedure"] = "普通程序", BY_LAW
        return out
    if ledger.key != "cases":
        return out
    if is_empty(raw.get("party_type")):
        kind = _id_kind(raw.get("id_number"))
        if kind:
            raw["party_type"], out["party_type"] = kind, BY_ID
        elif not is_empty(raw.get("party")) and is_organisation(str(raw["party"])):
            raw["party_type"], out["party_type"] = "单位", BY_NAME
    fined = _positive_money(raw.get("fine_amount"))
    if fined and is_empty(raw.get("penalty_kinds")):
        raw["penalty_kinds"], out["penalty_kinds"] = "罚款", BY_FINE
    if (is_empty(raw.get("decision_type")) and not is_empty(raw.get("decided_on"))
            and (fined or not is_empty(raw.get("penalty_kinds")))):
        raw["decision_type"], out["decision_type"] = "给予处罚", BY_DECISION
    return out


def required_here(ledger: LedgerDef, key: str, raw: Mapping[str, Any]) -> bool:
    """Whether this row needs `key`: always required, or required by another field it has
    (决定类型 where a 决定日期 is given)."""
    if ledger.field(key).required:
        return True
    for check in ledger.checks:
        if check.needs != key or not check.field:
            continue
        if check.kind == "requires" and not is_empty(raw.get(check.field)):
            return True
        if check.kind == "requires_value" and raw.get(check.field) == check.value:
            return True
    return False


# The columns each inference reads (cases only): when none of them is in the sheet, a field
# left empty is explained by that, not by the field itself (trial s4, F2.1/F5.4).
EVIDENCE = {"decision_type": ("fine_amount", "penalty_kinds"),
            "penalty_kinds": ("fine_amount",)}


def why_not_inferred(ledger: LedgerDef, key: str, mapped: set[str]) -> str:
    """"表中没有…列，无法推断…" when the evidence an inference reads has no column."""
    evidence = EVIDENCE.get(key, ()) if ledger.key == "cases" else ()
    if not evidence or any(k in mapped for k in evidence):
        return ""
    names = "或".join(f"“{ledger.field(k).label}”" for k in evidence)
    return (f"表中没有{names}列，无法推断{ledger.field(key).label}；如罚款在别的列名下"
            f"（如“处罚金额”），请把该列对应到“{ledger.field('fine_amount').label}”")


def source_of(ledger: LedgerDef, key: str, value: Any) -> str | None:
    """The date field a fill value "@决定日期" (label or key) points to, for a date field."""
    if not (isinstance(value, str) and value.startswith(SAME_AS) and ledger.field(key).is_date):
        return None
    name = value[len(SAME_AS):].strip()
    for f in ledger.fields:
        if f.is_date and f.key != key and name in (f.key, f.label):
            return f.key
    return None


def same_as_reason(ledger: LedgerDef, source: str) -> str:
    return f"取自“{ledger.field(source).label}”列"


def prepare(ledger: LedgerDef, raw: Mapping[str, Any], fill: Mapping[str, Any] | None = None,
            own: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The row as it will be checked: its cells, then the user's value for this row (`own`),
    then certain evidence, then the whole column's value (`fill`), each only where the row
    has nothing. Returns (values, field key → where the value came from)."""
    row = dict(raw)
    came: dict[str, str] = {}
    for key, value in (own or {}).items():
        if is_empty(row.get(key)) and not is_empty(value):
            row[key], came[key] = value, BY_ROW
    came.update(infer(ledger, row))
    for key, value in (fill or {}).items():
        if is_empty(value) or not is_empty(row.get(key)):
            continue
        if not required_here(ledger, key, row):
            continue
        source = source_of(ledger, key, value)
        if source is not None:  # the row's own date from another column, never invented
            if not is_empty(row.get(source)):
                row[key], came[key] = row[source], same_as_reason(ledger, source)
        elif not (isinstance(value, str) and value.startswith(SAME_AS)):
            row[key], came[key] = value, WHOLE_COLUMN
    return row, came
