"""Rules of the 行政检查 register (DOMAIN.md §9; 国办发〔2024〕54号): which checks count
toward an enterprise's yearly cap, who an enterprise is, when a check is over the cap, and the
form's warnings (approval, two inspectors, the cap). Pure Python: storage supplies the rows.

An enterprise is its 统一社会信用代码 where a check has one; a check without a code matches
by name, also the checks that have a code (so a name recorded once with its code and once
without is one enterprise). Its yearly count is its counted checks in the calendar year; its
cap is the lowest cap among the 执法领域 it was checked in that year. "Over the cap" (超频次)
means past it; the form warns already when a save would bring the count to the cap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

CAP_KEY = "inspection_cap"
CAP_TYPES_KEY = "inspection_cap_types"
CAP_PREFIX = CAP_KEY + "."
KINDS = ("日常检查", "专项检查", "个案检查")
DEFAULT_COUNTED = ("日常检查",)  # 个案检查 answers a complaint; 专项 is campaign work
TO_CASE = "立案查处"

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def cap_key(domain: str) -> str:
    """The setting of one 执法领域's cap, e.g. inspection_cap.危险化学品 (DOMAIN.md §13)."""
    return CAP_PREFIX + domain


def name_key(name: str | None) -> str:
    """An enterprise name as compared: spaces dropped, brackets full-width."""
    return _SPACES.sub("", name or "").translate(_BRACKETS)


def split_types(text: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[；;、,，\s]+", text or "") if t)


@dataclass(frozen=True)
class CapRules:
    """The caps in force: per 执法领域, else the default; None = no cap."""

    default: int | None = None
    by_domain: Mapping[str, int] = field(default_factory=dict)
    counted: frozenset[str] = frozenset(DEFAULT_COUNTED)

    @classmethod
    def from_settings(cls, get: Callable[[str], str], domains: Iterable[str]) -> CapRules:
        """Read the §13 settings; `domains` are the 执法领域 that may have their own cap."""
        def number(key: str) -> int | None:
            text = get(key).strip()
            return int(text) if text.isdigit() else None

        own = {d: n for d in domains if (n := number(cap_key(d))) is not None}
        types = split_types(get(CAP_TYPES_KEY))
        return cls(number(CAP_KEY), own, frozenset(types or DEFAULT_COUNTED))

    @property
    def any(self) -> bool:
        return self.default is not None or bool(self.by_domain)

    def cap_for(self, domain: str | None) -> int | None:
        return self.by_domain.get(domain or "", self.default)

    def cap_of(self, domains: Iterable[str | None]) -> int | None:
        """The lowest cap among the 执法领域 an enterprise was checked in."""
        caps = [c for d in set(domains) if (c := self.cap_for(d)) is not None]
        return min(caps) if caps else None

    def counts(self, kind: str | None) -> bool:
        return (kind or "") in self.counted


class Enterprises:
    """Who each check is: its code, else the code its name carries elsewhere, else its name."""

    def __init__(self, pairs: Iterable[tuple[str | None, str | None]]) -> None:
        codes: dict[str, str] = {}
        for code, name in pairs:
            if code and name:
                key = name_key(name)
                if key not in codes or code < codes[key]:  # stable whatever the row order
                    codes[key] = code
        self.codes = codes

    def key(self, code: str | None, name: str | None) -> str:
        if code:
            return code
        named = name_key(name)
        return self.codes.get(named, "名称:" + named)


@dataclass
class Tally:
    """One enterprise's year: its counted checks and the 执法领域 it was checked in."""

    counted: int = 0
    domains: set[str | None] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def cap(self, rules: CapRules) -> int | None:
        return rules.cap_of(self.domains)

    def over(self, rules: CapRules) -> bool:
        cap = self.cap(rules)
        return cap is not None and self.counted > cap


def tally(rows: Iterable[tuple[str, str, str | None, str | None]], rules: CapRules
          ) -> dict[str, Tally]:
    """`rows`: (enterprise key, name, 执法领域, 检查类型) of one year's checks."""
    out: dict[str, Tally] = {}
    for key, name, domain, kind in rows:
        t = out.setdefault(key, Tally())
        t.domains.add(domain)
        t.names.add(name)
        if rules.counts(kind):
            t.counted += 1
    return out


@dataclass(frozen=True)
class CapStatus:
    """What saving a check would make of its enterprise's year."""

    count: int  # counted checks of the year including this one (if it counts)
    cap: int | None
    counts: bool  # this check counts toward the cap

    @property
    def reaches(self) -> bool:
        return self.counts and self.cap is not None and self.count >= self.cap

    @property
    def over(self) -> bool:
        return self.cap is not None and self.count > self.cap

    def message(self) -> str:
        if not self.reaches:
            return ""
        if self.over:
            return (f"该企业本年度计入频次的检查将达 {self.count} 次，超过年度上限 {self.cap} 次"
                    "（国办发〔2024〕54号），请核对是否确需检查")
        return (f"该企业本年度计入频次的检查将达 {self.count} 次，达到年度上限 {self.cap} 次，"
                "此后再检查即超频次")


def cap_status(others: Iterable[tuple[str | None, str | None]], domain: str | None,
               kind: str | None, rules: CapRules) -> CapStatus:
    """`others`: (执法领域, 检查类型) of the enterprise's other checks in the same year."""
    others = list(others)
    counted = sum(rules.counts(k) for _, k in others)
    counts = rules.counts(kind)
    cap = rules.cap_of([*(d for d, _ in others), domain])
    return CapStatus(counted + counts, cap, counts)


def unapproved(approved_on: str | None, inspected_on: str | None) -> bool:
    """No 审批日期, or one after the check (ISO dates compare as text)."""
    return not approved_on or bool(inspected_on and approved_on > inspected_on)


def approval_message(approved_on: str | None, inspected_on: str | None) -> str:
    if not inspected_on or not unapproved(approved_on, inspected_on):
        return ""
    if not approved_on:
        return "未填写审批日期：涉企行政检查应事先经审批（国办发〔2024〕54号）"
    return f"{approved_on} 晚于检查日期（{inspected_on}），检查应事先审批"


MIN_INSPECTORS = 2  # 《行政处罚法》第四十二条: two or more enforcement officers


def too_few(names: list[str]) -> bool:
    """Fewer inspectors than the law requires (inspections_single_officer)."""
    return len(names) < MIN_INSPECTORS


def too_few_message(names: list[str]) -> str:
    if not too_few(names):
        return ""
    got = f"只填写了 {len(names)} 人" if names else "未填写"
    return f"{got}：执法检查应由两名以上执法人员实施（《行政处罚法》第四十二条）"
