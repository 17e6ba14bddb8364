"""Masking personal data in free text that goes upward (DOMAIN.md §8, 个人信息保护法).

The 上报 workbook and report mask the 当事人 columns of natural persons; people also type IDs,
phone numbers and names into 案由, 备注 and the report's own text. `mask_text` finds them there:

- 18-digit 身份证号 with a valid check digit and birth date → 110***********1234;
- 15-digit (first-generation) 身份证号 whose digits 7–12 are a valid birth date (YYMMDD);
- mobile numbers 1[3-9] + 9 digits (also written 138-1234-5678 or 138 1234 5678) → 138****5678;
- the given names (the party names of 个人) wherever they occur → 张*, 欧阳** (mask_name);
  where two names overlap, the longer one at the earlier position wins.

A number is only taken when it stands alone (no digit or Latin letter touching it), so a 案号, a
统一社会信用代码 or an amount is never cut. Over-masking a name inside a longer word is accepted:
a leaked name is worse than a starred word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .idcodes import id_number_problem, mask_id, mask_name

_ALONE_BEFORE = r"(?<![0-9A-Za-z])"
_ALONE_AFTER = r"(?![0-9A-Za-z])"
_NUMBERS = re.compile(
    _ALONE_BEFORE
    + r"(?:(?P<id18>\d{17}[\dXx])|(?P<id15>\d{15})"
    + r"|(?P<mobile>1[3-9]\d(?P<sep>[- ]?)\d{4}(?P=sep)\d{4}))"
    + _ALONE_AFTER
)
_HAS_DIGITS = re.compile(r"\d{11}|\d{3}[- ]\d{4}[- ]\d{4}")


def valid_id18(code: str) -> bool:
    return id_number_problem(code) is None


def valid_id15(code: str) -> bool:
    """A first-generation ID: 6 area digits, birth date YYMMDD (19YY), 3 sequence digits."""
    try:
        dt.date(1900 + int(code[6:8]), int(code[8:10]), int(code[10:12]))
    except ValueError:
        return False
    return True


def mask_mobile(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[:3] + "****" + digits[-4:]


def _mask_number(m: re.Match[str]) -> str:
    text = m.group(0)
    if m.group("id18"):
        return mask_id(text) if valid_id18(text) else text
    if m.group("id15"):
        return mask_id(text) if valid_id15(text) else text
    return mask_mobile(text)


def mask_numbers(text: str) -> str:
    """IDs and mobile numbers of `text` masked; everything else as it was."""
    if not _HAS_DIGITS.search(text):
        return text
    return _NUMBERS.sub(_mask_number, text)


class NameMasker:
    """Masks a fixed set of names in many texts (build once per export).

    Candidate positions are found by one regular-expression scan for the names' first
    characters (surnames, mostly); at each, the few name lengths are looked up in a set,
    longest first. A single alternation of thousands of names would try them one by one."""

    def __init__(self, names: Iterable[str]) -> None:
        wanted = {n.strip() for n in names if n and len(n.strip()) >= 2}
        self.names = wanted
        self.lengths: dict[str, list[int]] = {}
        for name in wanted:
            self.lengths.setdefault(name[0], []).append(len(name))
        for first, lengths in self.lengths.items():
            self.lengths[first] = sorted(set(lengths), reverse=True)
        firsts = "".join(re.escape(c) for c in sorted(self.lengths))
        self.starts = re.compile(f"[{firsts}]") if firsts else None

    def __call__(self, text: str) -> str:
        if self.starts is None:
            return text
        parts: list[str] = []
        done = 0
        for m in self.starts.finditer(text):
            i = m.start()
            if i < done:
                continue
            for length in self.lengths[m.group()]:
                if text[i:i + length] in self.names:
                    parts += (text[done:i], mask_name(text[i:i + length]))
                    done = i + length
                    break
        if not parts:
            return text
        parts.append(text[done:])
        return "".join(parts)


def mask_text(text: str, names: Iterable[str] | NameMasker = ()) -> str:
    """`text` with IDs, mobile numbers and the given `names` masked (see the module docstring).
    Pass a NameMasker when masking many texts with the same names."""
    if not text:
        return text
    masker = names if isinstance(names, NameMasker) else NameMasker(names)
    return masker(mask_numbers(text))
