"""Ledger definitions, loaded once from the declarative files in forms/.

A ledger definition drives the table schema, the entry form, the list columns, import and
export. Field keys are storage column names; labels are the Excel headers and UI labels
(DOMAIN.md §2). Both are contracts: extend, never rename.

A register is data: every forms/*.toml that declares `ledger = "<key>"` is a ledger, and
its top-level keys say where it appears (`order`: page, menu, import and workbook order;
`sheet_title`: its workbook detail sheet; `category`: its group in the workbook's 汇总;
`list_hidden`: list columns hidden until the user shows them; `[[cards]]`: its cards on
概览). Files without `ledger =`
(a yearly form such as facts.toml) are not ledgers and are skipped here. Nothing else in
the program needs a list of ledger names: ask `ledger_keys()`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

# None: the forms/ shipped in the package. Tests (and only tests) point it elsewhere.
_forms_folder: Path | None = None

FIELD_TYPES = {
    "text": "文本",
    "date": "日期",
    "integer": "整数",
    "decimal": "数字",
    "money": "金额",
    "percent": "百分比",
    "choice": "选项",
    "multi": "多选",
    "bool": "是/否",
}

CHECK_KINDS = {"order", "between", "requires", "requires_value", "requires_choice"}


class DefinitionError(ValueError):
    """A forms/ file is malformed: a bug in the shipped definitions, not user input."""


@dataclass(frozen=True)
class Condition:
    """`field` equals `value` (used for personal data and type-specific fields)."""

    field: str
    value: str


@dataclass(frozen=True)
class FieldDef:
    key: str
    label: str
    type: str
    required: bool = False
    unique: bool = False
    search: bool = False
    lookup: bool = False  # looked up by exact value (an enterprise's name): keeps a plain index
    multiline: bool = False
    check: str | None = None
    choices: tuple[str, ...] = ()
    editable_choices: bool = False
    # "<ledger>.<field>": the editable list is that field's (one 执法领域 list for cases and
    # inspections); editing it on either register edits both.
    choices_from: str | None = None
    choice_aliases: dict[str, str] = field(default_factory=dict)
    # Dependent choice lists: {"field": "kind", "values": {"行政复议": [...], ...}}
    choices_by_field: str | None = None
    choices_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    only_when: Condition | None = None
    personal_when: Condition | None = None
    aliases: tuple[str, ...] = ()
    # Always personal data, masked upward (officers' 身份证号); personal_when is the
    # conditional form.
    personal: bool = False
    # A date that is normally ahead (a certificate's expiry): no "晚于今天" warning.
    future: bool = False
    # A names field: people of that register by name, stored "、"-joined; a name not in
    # the register is a warning (DOMAIN.md §9: inspectors, trainees → "officers").
    names_of: str | None = None
    # People's names (姓名, 承办人, 主讲人 …): sorted with surnames by their surname reading
    # (单 shan, 曾 zeng; storage/sortkey.py person_key), names fields name by name.
    person_name: bool = False
    # A choice a new entry starts with when the field comes into use on the form (复议程序:
    # 普通程序 once 类型 is 行政复议); never applied to stored records.
    default: str | None = None

    @property
    def is_date(self) -> bool:
        return self.type == "date"

    @property
    def has_choices(self) -> bool:
        return self.type in ("choice", "multi")

    def header_names(self) -> tuple[str, ...]:
        """Every header text an Excel column may carry for this field."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class CheckDef:
    kind: str
    fields: tuple[str, ...] = ()
    field: str | None = None
    after: str | None = None
    before: str | None = None
    needs: str | None = None
    value: str | None = None
    choice: str | None = None


@dataclass(frozen=True)
class CardDef:
    """A 概览 card: its big figure is the sum of `indicators`; `note` is a str.format
    template over the year's figures (`{legal_reviews}`), where `{shown[x]}` is indicator x
    written with its unit."""

    id: str
    title: str
    indicators: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class LedgerDef:
    key: str
    label: str
    record_label: str
    title_field: str
    year_field: str
    default_sort: str
    fields: tuple[FieldDef, ...]
    checks: tuple[CheckDef, ...]
    order: int = 1000
    sheet_title: str = ""
    category: str = ""
    list_hidden: frozenset[str] = frozenset()
    cards: tuple[CardDef, ...] = ()
    # Compound indexes a register's own queries need (columns in order; "deleted_at" allowed),
    # e.g. a covering index for a year's checks (storage/inspections.py).
    indexes: tuple[tuple[str, ...], ...] = ()
    # False: a roster, not records of a year (officers): the list shows every record, the
    # workbook's detail sheet lists every live record.
    by_year: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {f.key: f for f in self.fields})

    def field(self, key: str) -> FieldDef:
        try:
            return self._by_key[key]  # type: ignore[attr-defined,no-any-return]
        except KeyError:
            raise KeyError(f"{self.key} has no field {key!r}") from None

    def has_field(self, key: str) -> bool:
        return key in self._by_key  # type: ignore[attr-defined]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def search_fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for f in self.fields if f.search)

    @property
    def date_fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for f in self.fields if f.is_date)

    @property
    def unique_fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for f in self.fields if f.unique)


def _condition(raw: Any) -> Condition | None:
    if raw is None:
        return None
    return Condition(field=raw["field"], value=raw["value"])


def _field(raw: dict[str, Any], ledger: str) -> FieldDef:
    ftype = raw.get("type")
    if ftype not in FIELD_TYPES:
        raise DefinitionError(f"{ledger}.{raw.get('key')}: unknown type {ftype!r}")
    by = raw.get("choices_by") or {}
    return FieldDef(
        key=raw["key"],
        label=raw["label"],
        type=ftype,
        required=bool(raw.get("required", False)),
        unique=bool(raw.get("unique", False)),
        search=bool(raw.get("search", False)),
        lookup=bool(raw.get("lookup", False)),
        multiline=bool(raw.get("multiline", False)),
        check=raw.get("check"),
        choices=tuple(raw.get("choices", ())),
        editable_choices=bool(raw.get("editable_choices", False)),
        choices_from=raw.get("choices_from"),
        choice_aliases=dict(raw.get("choice_aliases", {})),
        choices_by_field=by.get("field"),
        choices_by={k: tuple(v) for k, v in by.get("values", {}).items()},
        only_when=_condition(raw.get("only_when")),
        personal_when=_condition(raw.get("personal_when")),
        aliases=tuple(raw.get("aliases", ())),
        personal=bool(raw.get("personal", False)),
        future=bool(raw.get("future", False)),
        names_of=raw.get("names_of"),
        person_name=bool(raw.get("person_name", False)),
        default=raw.get("default"),
    )


def _check(raw: dict[str, Any], ledger: str) -> CheckDef:
    if raw.get("kind") not in CHECK_KINDS:
        raise DefinitionError(f"{ledger}: unknown check kind {raw.get('kind')!r}")
    return CheckDef(
        kind=raw["kind"],
        fields=tuple(raw.get("fields", ())),
        field=raw.get("field"),
        after=raw.get("after"),
        before=raw.get("before"),
        needs=raw.get("needs"),
        value=raw.get("value"),
        choice=raw.get("choice"),
    )


def parse_ledger(data: dict[str, Any]) -> LedgerDef:
    key = data["ledger"]
    ledger = LedgerDef(
        key=key,
        label=data["label"],
        record_label=data.get("record_label", data["label"]),
        title_field=data["title_field"],
        year_field=data["year_field"],
        default_sort=data.get("default_sort", data["year_field"]),
        fields=tuple(_field(f, key) for f in data["fields"]),
        checks=tuple(_check(c, key) for c in data.get("checks", ())),
        order=int(data.get("order", 1000)),
        sheet_title=data.get("sheet_title", data["label"]),
        category=data.get("category", data["label"]),
        list_hidden=frozenset(data.get("list_hidden", ())),
        cards=tuple(
            CardDef(id=c["id"], title=c["title"], indicators=tuple(c["indicators"]),
                    note=c.get("note", ""))
            for c in data.get("cards", ())
        ),
        indexes=tuple(tuple(cols) for cols in data.get("indexes", ())),
        by_year=bool(data.get("by_year", True)),
    )
    _verify(ledger)
    return ledger


def _verify(ledger: LedgerDef) -> None:
    """Catch typos in forms/ at load time rather than as odd behaviour later."""
    names = [*ledger.keys]
    if len(set(names)) != len(names):
        raise DefinitionError(f"{ledger.key}: duplicate field keys")
    labels = [f.label for f in ledger.fields]
    if len(set(labels)) != len(labels):
        raise DefinitionError(f"{ledger.key}: duplicate labels")
    referenced = [ledger.title_field, ledger.year_field, ledger.default_sort,
                  *sorted(ledger.list_hidden)]
    for cols in ledger.indexes:
        referenced += [c for c in cols if c != "deleted_at"]
    for c in ledger.checks:
        referenced += [*c.fields, *(x for x in (c.field, c.after, c.before, c.needs) if x)]
    for f in ledger.fields:
        for cond in (f.only_when, f.personal_when):
            if cond:
                referenced.append(cond.field)
        if f.choices_by_field:
            referenced.append(f.choices_by_field)
        for alias, target in f.choice_aliases.items():
            if target not in f.choices:
                raise DefinitionError(f"{ledger.key}.{f.key}: alias {alias} → unknown {target}")
        if f.default is not None and f.default not in f.choices:
            raise DefinitionError(f"{ledger.key}.{f.key}: default {f.default} is no choice")
    for name in referenced:
        if not ledger.has_field(name):
            raise DefinitionError(f"{ledger.key}: reference to unknown field {name!r}")


def forms_folder() -> Traversable:
    return _forms_folder or resources.files("lawgov_desktop.forms")


def use_forms(folder: Path | None) -> None:
    """Load definitions from `folder` (None: the shipped forms/) and forget cached ones.

    For tests that add a synthetic register; the program itself never calls it.
    """
    global _forms_folder
    _forms_folder = folder
    load_ledgers.cache_clear()
    ledger_keys.cache_clear()


@cache
def load_ledgers() -> dict[str, LedgerDef]:
    """Every ledger definition in forms/, keyed by ledger key, in `order` (then key) order."""
    found: list[LedgerDef] = []
    for entry in forms_folder().iterdir():
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        if "ledger" not in data:
            continue  # a yearly form or other definition, not a ledger
        if entry.name != f"{data['ledger']}.toml":
            raise DefinitionError(f"{entry.name}: declares ledger {data['ledger']!r}")
        found.append(parse_ledger(data))
    found.sort(key=lambda d: (d.order, d.key))
    return {d.key: d for d in found}


@cache
def ledger_keys() -> tuple[str, ...]:
    """The ledgers' keys in page/menu/workbook order."""
    return tuple(load_ledgers())


def get_ledger(key: str) -> LedgerDef:
    try:
        return load_ledgers()[key]
    except KeyError:
        raise KeyError(f"未知台账 {key!r}，可用：{'、'.join(ledger_keys())}") from None


def __getattr__(name: str) -> Any:
    # LEDGER_KEYS stays importable for users' scripts, computed from forms/ on first use.
    if name == "LEDGER_KEYS":
        return ledger_keys()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
