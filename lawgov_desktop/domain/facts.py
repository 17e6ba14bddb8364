"""The facts of the year (DOMAIN.md §10): one yearly form, defined as data in forms/facts.toml.

Not a ledger: a fact has one value per year (or none: an empty fact is stated nowhere, §11).
Each fact is a FieldDef like a ledger's field, so parsing, storing and showing reuse
domain/values.py (dates in any common written form, integers with their units, 是/否).
Keys and labels are contracts: `lawgov facts --year Y KEY` takes either.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from .ledgers import FIELD_TYPES, DefinitionError, FieldDef, forms_folder
from .values import MAX_DATE, MIN_DATE, ValueProblem, display_value, parse_value

FACTS_FILE = "facts.toml"
FACTS_KIND = "facts"
FACT_TYPES = {"text", "integer", "date", "bool"}
# The change log and merge name the yearly form like a ledger (a record per year).
LOG_NAME = "year_facts"


class FactError(ValueError):
    """A fact name or value a user gave that cannot be used (message in Chinese)."""


@dataclass(frozen=True)
class FactDef:
    field: FieldDef
    group: str
    help: str

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def type(self) -> str:
        return self.field.type


@dataclass(frozen=True)
class FactsForm:
    label: str
    facts: tuple[FactDef, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.facts)

    def get(self, key: str) -> FactDef:
        for f in self.facts:
            if f.key == key:
                return f
        raise KeyError(key)

    def find(self, name: str) -> FactDef:
        """The fact named by its key or its label (also without the unit in brackets)."""
        text = name.strip()
        for f in self.facts:
            if text in (f.key, f.label, _bare(f.label)):
                return f
        raise FactError(f"没有名为“{text}”的年度情况项目。可用：" + "、".join(
            f"{f.label}（{f.key}）" for f in self.facts))

    def groups(self) -> list[tuple[str, list[FactDef]]]:
        """Facts by group, in definition order (the form's sections)."""
        out: dict[str, list[FactDef]] = {}
        for f in self.facts:
            out.setdefault(f.group, []).append(f)
        return list(out.items())


def _bare(label: str) -> str:
    """"案卷评查（卷）" → "案卷评查": a label is typed without its unit too."""
    return label.split("（", 1)[0] if label.endswith("）") else label


def parse_facts(data: dict[str, Any]) -> FactsForm:
    if data.get("kind") != FACTS_KIND:
        raise DefinitionError(f"{FACTS_FILE}: kind must be {FACTS_KIND!r}")
    facts = []
    for raw in data["fields"]:
        if raw.get("type") not in FACT_TYPES or raw["type"] not in FIELD_TYPES:
            raise DefinitionError(f"facts.{raw.get('key')}: type {raw.get('type')!r} "
                                  "is not a fact type")
        fdef = FieldDef(key=raw["key"], label=raw["label"], type=raw["type"],
                        multiline=bool(raw.get("multiline", False)))
        facts.append(FactDef(fdef, raw.get("group", ""), raw.get("help", "")))
    keys = [f.key for f in facts]
    labels = [f.label for f in facts]
    if len(set(keys)) != len(keys) or len(set(labels)) != len(labels):
        raise DefinitionError(f"{FACTS_FILE}: duplicate keys or labels")
    return FactsForm(data.get("label", "年度情况"), tuple(facts))


@cache
def load_facts() -> FactsForm:
    text = forms_folder().joinpath(FACTS_FILE).read_text(encoding="utf-8")
    return parse_facts(tomllib.loads(text))


def check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) \
            or not MIN_DATE.year <= year <= MAX_DATE.year:
        raise FactError(f"年度“{year}”无效，应在 {MIN_DATE.year} 至 {MAX_DATE.year} 之间")
    return year


def parse_fact(fact: FactDef, value: Any) -> Any:
    """The stored form of `value` (None clears); FactError names the fact."""
    try:
        return parse_value(fact.field, value)
    except ValueProblem as exc:
        raise FactError(f"“{fact.label}”：{exc}") from None


def stored_fact(fact: FactDef, stored: Any) -> Any:
    """A value read from another file (merge) in our stored form; FactError when it cannot
    be one (a number where a date belongs, bytes, a negative count)."""
    if stored is None:
        return None
    if isinstance(stored, (bytes, float)) or (fact.type != "text" and isinstance(stored, str)
                                               and fact.type != "date"):
        raise FactError(f"“{fact.label}”的值“{stored}”类型不符")
    canonical = parse_fact(fact, stored)
    if canonical != stored:
        raise FactError(f"“{fact.label}”的值“{stored}”格式不符")
    return canonical


def show_fact(fact: FactDef, stored: Any) -> str:
    """How a stored fact reads in the form and the CLI ("" when not set)."""
    return display_value(fact.field, stored)


# "其中" facts are parts of a whole: a part larger than its whole cannot be right.
PARTS = (("plan_key_units", "plan_units"), ("plan_random_units", "plan_units"))


def conflicts(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(fact key, Chinese message) for each part of a year's facts larger than its whole."""
    form = load_facts()
    out = []
    for part, whole in PARTS:
        p, w = values.get(part), values.get(whole)
        if p is not None and w is not None and p > w:
            out.append((part, f"“{form.get(part).label}”{p} 大于“{form.get(whole).label}”{w}"))
    return out
