"""Typed field values: parse what users type or spreadsheets hold, store canonically, show.

Stored forms: text → str; date → ISO "YYYY-MM-DD"; integer → int; decimal → float (2 places);
money → int fen (never float); percent → float fraction 0–1; choice → one canonical choice;
multi → canonical choices joined by "；" in definition order; bool → 1/0. Empty is None.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .ledgers import FieldDef
from .officers import join_names, split_names

MULTI_SEPARATOR = "；"
_MULTI_SPLIT = re.compile(r"[；;，,\r\n]+")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# What a field may hold (DOMAIN.md §12): past these a value is a field error, not a crash later
# (a date past 9999 in a reminder, fen past SQLite's int64). Forms, import and merge share them.
MIN_DATE = dt.date(1949, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
MAX_MONEY_YUAN = Decimal(10) ** 12  # 1 万亿元; in fen 1e14, far inside int64
MAX_INTEGER = 10**9
MAX_DECIMAL = Decimal(10) ** 9
MAX_TEXT = 500  # a single-line text field
MAX_MULTILINE_TEXT = 5000
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "无"}


class ValueProblem(ValueError):
    """A value that cannot be stored; the Chinese message names no field (the caller does)."""


def is_empty(value: Any) -> bool:
    """None, blank text, or no choice at all (an empty list from a form's check boxes): one
    meaning of "nothing" for every layer (form, import, storage)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(is_empty(v) for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Any) -> str:
    """ISO date of `value`; a date outside MIN_DATE..MAX_DATE is a ValueProblem."""
    iso = _parse_date(value)
    if not MIN_DATE.isoformat() <= iso <= MAX_DATE.isoformat():
        raise ValueProblem(f"日期 {iso} 超出范围"
                           f"（应在 {MIN_DATE.year} 年至 {MAX_DATE.year} 年之间）")
    return iso


def _parse_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:  # also NaN and infinities
            raise ValueProblem(f"日期数字 {value} 超出范围")
        return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial that arrived as text
        return _parse_date(int(float(text)))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d).isoformat()
            except ValueError:
                raise ValueProblem(f"“{text}”不是有效日期") from None
    raise ValueProblem(f"“{text}”不是日期，应写作 2024-03-05、2024/3/5 或 2024年3月5日")


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueProblem(f"“{value}”不是{what}")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f"“{value}”不是{what}") from None
    if not number.is_finite():
        raise ValueProblem(f"“{value}”不是{what}")
    return number


def parse_integer(value: Any) -> int:
    text = str(value).strip()
    for suffix in ("人次", "人", "份", "篇", "个", "块", "条", "家", "次", "场"):
        text = text.removesuffix(suffix)
    number = _decimal(text, "整数")
    if number != number.to_integral_value():
        raise ValueProblem(f"“{value}”应为整数")
    if number < 0:
        raise ValueProblem(f"“{value}”不能为负数")
    if number > MAX_INTEGER:
        raise ValueProblem(f"“{value}”超出范围（最大 {MAX_INTEGER:,}）")
    return int(number)


def parse_decimal(value: Any) -> float:
    number = _decimal(value, "数字")
    if number < 0:
        raise ValueProblem(f"“{value}”不能为负数")
    if number > MAX_DECIMAL:
        raise ValueProblem(f"“{value}”超出范围（最大 {MAX_DECIMAL:,}）")
    return float(round(number, 2))


def parse_money(value: Any) -> int:
    """Yuan in, integer fen out. Accepts "1,234.5", "1234.50元" and "1.2万元"."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        text = str(value).strip().replace("￥", "").replace("¥", "")
        scale = Decimal(1)
        if text.endswith(("万元", "万")):
            text, scale = text.removesuffix("元").removesuffix("万"), Decimal(10000)
        number = _decimal(text.removesuffix("元"), "金额") * scale
    if number < 0:
        raise ValueProblem(f"金额“{value}”不能为负数")
    if number > MAX_MONEY_YUAN:
        raise ValueProblem(f"金额“{value}”超出范围（最大 1 万亿元）")
    fen = number * 100
    if fen != fen.to_integral_value():
        raise ValueProblem(f"金额“{value}”最多保留两位小数（分）")
    return int(fen)


def parse_percent(value: Any) -> float:
    text = str(value).strip()
    explicit = text.endswith(("%", "％"))
    number = _decimal(text.rstrip("%％"), "百分比")
    if explicit or number > 1:
        number = number / 100
    if not 0 <= number <= 1:
        raise ValueProblem(f"“{value}”应在 0% 到 100% 之间")
    return float(round(number, 4))


def parse_bool(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    raise ValueProblem(f"“{value}”应填“是”或“否”")


def _normalise_choice(text: str) -> str:
    return text.strip().replace("(", "（").replace(")", "）").replace('"', "“")


def match_choice(fdef: FieldDef, value: Any, choices: Iterable[str] | None = None) -> str:
    options = tuple(choices) if choices is not None else fdef.choices
    text = str(value).strip()
    if text in options:
        return text
    if text in fdef.choice_aliases:
        return fdef.choice_aliases[text]
    loose = _normalise_choice(text)
    for option in options:
        if _normalise_choice(option) == loose:
            return option
    raise ValueProblem(f"“{text}”不是可选项，可选：{'、'.join(options)}")


def parse_multi(fdef: FieldDef, value: Any, choices: Iterable[str] | None = None) -> str:
    options = tuple(choices) if choices is not None else fdef.choices
    if isinstance(value, (list, tuple, set, frozenset)):
        parts = [str(v) for v in value]
    else:
        parts = _MULTI_SPLIT.split(str(value))
    chosen = {match_choice(fdef, p, options) for p in parts if p.strip()}
    if not chosen:
        raise ValueProblem("至少选择一项")
    return MULTI_SEPARATOR.join(c for c in options if c in chosen)


def parse_value(fdef: FieldDef, value: Any, choices: Iterable[str] | None = None) -> Any:
    """The stored form of `value` for `fdef`, or None when empty. Raises ValueProblem."""
    if value is None or is_empty(value):
        return None
    match fdef.type:
        case "text" if fdef.names_of:  # "张三，李四 王五" → "张三、李四、王五"
            return join_names(split_names(parse_text(fdef, value))) or None
        case "text":
            return parse_text(fdef, value)
        case "date":
            return parse_date(value)
        case "integer":
            return parse_integer(value)
        case "decimal":
            return parse_decimal(value)
        case "money":
            return parse_money(value)
        case "percent":
            return parse_percent(value)
        case "bool":
            return parse_bool(value)
        case "choice":
            return match_choice(fdef, value, choices)
        case "multi":
            return parse_multi(fdef, value, choices)
    raise AssertionError(fdef.type)


def parse_text(fdef: FieldDef, value: Any) -> str:
    text = str(value).strip() if not isinstance(value, float) else _float_text(value)
    limit = MAX_MULTILINE_TEXT if fdef.multiline else MAX_TEXT
    if len(text) > limit:
        raise ValueProblem(f"内容过长：{len(text):,} 个字，最多 {limit:,} 个字")
    return text


def _float_text(value: float) -> str:
    """A numeric cell in a text column (an ID or 案号 typed as a number) without '.0'."""
    if not math.isfinite(value):
        raise ValueProblem(f"“{value}”不是有效的内容")
    return str(int(value)) if value.is_integer() else str(value)


def split_multi(stored: str | None) -> list[str]:
    return [p for p in (stored or "").split(MULTI_SEPARATOR) if p]


def fen_to_yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


def format_money(fen: int | None) -> str:
    return "" if fen is None else f"{Decimal(fen) / 100:,.2f}"


def format_percent(fraction: float | None) -> str:
    """A fraction 0–1 as a percentage: one decimal, none when exact ("100%", "50%").

    A value that is not exactly 100% never prints as 100% (0.9999 → "99.9%"), and a positive
    value never prints as 0%: a report must not round a lost case away.
    """
    if fraction is None:
        return "—"
    percent = Decimal(str(fraction)) * 100
    if percent == percent.to_integral_value():
        return f"{percent.quantize(Decimal(1))}%"
    shown = percent.quantize(Decimal("0.1"), ROUND_HALF_UP)
    if shown >= 100 and percent < 100:
        shown = Decimal("99.9")
    if shown <= 0 < percent:
        shown = Decimal("0.1")
    return f"{shown}%"


def display_value(fdef: FieldDef, stored: Any) -> str:
    """How a stored value reads in a table cell or a form."""
    if stored is None:
        return ""
    match fdef.type:
        case "money":
            return format_money(stored)
        case "percent":
            return format_percent(stored)
        case "bool":
            return "是" if stored else "否"
        case "decimal":
            return f"{stored:g}"
    return str(stored)
