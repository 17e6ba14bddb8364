"""Rules of the 执法人员 register that other registers use (DOMAIN.md §9).

Inspectors (inspections.执法人员) and trainees (trainings.参训执法人员) are stored as names,
"、"-joined as people write them, and matched to the register by 姓名. A name not in the
register is allowed (with a warning on the form): the register may be incomplete, and a
co-inspector may come from another bureau.

Officer rows are mappings with the field keys of forms/officers.toml; dates are ISO text
("YYYY-MM-DD") as storage keeps them, or datetime.date. Qt-free.

Stable API (other registers import it): certificate_valid, on_duty, split_names,
join_names, check_names, Roster, NameCheck.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

NAME_SEPARATOR = "、"
# How people separate names in one cell: 、，,；; / and spaces (full- or half-width), line
# breaks. A "·" stays: it is part of a minority name (阿依古丽·买买提).
_NAME_SPLIT = re.compile(r"[、，,；;/／\\|\s\u3000]+")
ON_DUTY = "在岗"
LEFT_STATUSES = ("调离", "退休")


def _iso(day: dt.date | str | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.date):
        return day.isoformat()
    return str(day).strip()[:10]


def certificate_valid(officer: Mapping[str, Any], day: dt.date | str) -> bool:
    """The officer's 执法证 is valid on `day`: 发证日期 (if given) ≤ day ≤ 证件有效期至.

    No 证件有效期至 means no certificate known: not valid."""
    d = _iso(day)
    until = _iso(officer.get("cert_expires_on"))
    if not until or d > until:
        return False
    issued = _iso(officer.get("cert_issued_on"))
    return not issued or issued <= d


def on_duty(officer: Mapping[str, Any], day: dt.date | str) -> bool:
    """在岗 on `day`: 状态 is 在岗, or 调离/退休 with a 状态变更日期 after `day`.

    An empty 状态 counts as 在岗 (the form's default); 调离/退休 without a date counts as gone."""
    status = (officer.get("status") or ON_DUTY).strip()
    if status == ON_DUTY:
        return True
    changed = _iso(officer.get("status_changed_on"))
    return bool(changed) and changed > _iso(day)


def split_names(text: str | None) -> list[str]:
    """The names in a names field, in order, each once ("张三、李四 王五" → three names)."""
    out: list[str] = []
    for part in _NAME_SPLIT.split(text or ""):
        name = part.strip()
        if name and name not in out:
            out.append(name)
    return out


def join_names(names: Iterable[str]) -> str:
    """Names as stored: "、"-joined, each once, blanks dropped."""
    return NAME_SEPARATOR.join(split_names(NAME_SEPARATOR.join(n for n in names if n)))


@dataclass(frozen=True)
class NameCheck:
    """What the register says about a list of names on one day."""

    unknown: list[str] = field(default_factory=list)  # not in the register
    uncertified: list[str] = field(default_factory=list)  # in it, no certificate valid that day

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.uncertified

    def messages(self) -> list[str]:
        """Chinese warnings for a form, one per kind of problem."""
        out = []
        if self.unknown:
            out.append(f"{'、'.join(self.unknown)} 不在执法人员台账中")
        if self.uncertified:
            out.append(f"{'、'.join(self.uncertified)} 当日无有效执法证")
        return out


class Roster:
    """The officers register indexed by 姓名, built once for many look-ups (an import,
    a year's indicators). Two officers of the same name are one name: certified on a day
    when either is."""

    def __init__(self, officers: Iterable[Mapping[str, Any]]) -> None:
        self._by_name: dict[str, list[Mapping[str, Any]]] = {}
        for o in officers:
            name = (o.get("name") or "").strip()
            if name:
                self._by_name.setdefault(name, []).append(o)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip() in self._by_name

    def names(self) -> list[str]:
        return list(self._by_name)

    def officers(self, name: str) -> list[Mapping[str, Any]]:
        return self._by_name.get(name.strip(), [])

    def certified(self, name: str, day: dt.date | str) -> bool:
        return any(certificate_valid(o, day) for o in self.officers(name))

    def on_duty_names(self, day: dt.date | str) -> list[str]:
        """Names of the officers 在岗 on `day`, in register order."""
        return [n for n, rows in self._by_name.items() if any(on_duty(o, day) for o in rows)]

    def check(self, names: Iterable[str] | str | None, day: dt.date | str) -> NameCheck:
        """Which of `names` are unknown, and which are in the register without a
        certificate valid on `day`. `names` may be the stored text or a list."""
        listed = split_names(names) if isinstance(names, str) or names is None \
            else split_names(NAME_SEPARATOR.join(names))
        unknown = [n for n in listed if n not in self._by_name]
        uncertified = [n for n in listed
                       if n in self._by_name and not self.certified(n, day)]
        return NameCheck(unknown=unknown, uncertified=uncertified)


def check_names(officers: Iterable[Mapping[str, Any]], names: Iterable[str] | str | None,
                day: dt.date | str) -> NameCheck:
    """`Roster(officers).check(names, day)` for a single question."""
    return Roster(officers).check(names, day)


__all__ = [
    "NAME_SEPARATOR", "NameCheck", "Roster", "certificate_valid", "check_names",
    "join_names", "on_duty", "split_names",
]
