"""Parsing an imported sheet column by column: each distinct value of a column is parsed once.

A ledger's dates, amounts, choices and staff names repeat from row to row, so parsing each
cell again (as `validate` does for a form) is most of an import's checking time. Here a row's
fields are looked up in a per-column table of parsed values (or the problem the value had),
and then the row gets the same checks a form runs (`domain.validation.check_record`): the
result is exactly `validate`'s, problems in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from ..domain.ledgers import LedgerDef
from ..domain.validation import Problem, Validated, check_inputs, check_record
from ..domain.values import MAX_MULTILINE_TEXT, MAX_TEXT, ValueProblem, parse_value

_MISS = object()


class ColumnParser:
    """`check(row)` is `validate(ledger, row, choices=choices, today=today)`, faster over
    many rows: parsed values are remembered per field and per value type (1 and 1.0 and
    True are equal as dict keys, but not the same cell)."""

    def __init__(self, ledger: LedgerDef, choices: Mapping[str, Sequence[str]] | None,
                 today: dt.date) -> None:
        self.ledger = ledger
        self.today = today
        self._choices = choices or {}
        self._template: dict[str, Any] = dict.fromkeys(ledger.keys)
        self._order = {f.key: i for i, f in enumerate(ledger.fields)}
        self._by_text: dict[str, dict[str, Any]] = {}
        # Text fields: most values are unique (案号, 当事人), so they are not remembered; a
        # text within its length is stored stripped, as parse_text stores it (a names
        # field is parsed: its names are normalised).
        self._text_limit = {f.key: MAX_MULTILINE_TEXT if f.multiline else MAX_TEXT
                            for f in ledger.fields if f.type == "text" and not f.names_of}
        self._by_other: dict[str, dict[tuple[type, Any], Any]] = {}
        reads, self._empty_only, self._truth_only = check_inputs(ledger)
        # values → the tuple of what check_record reads (always a tuple, even of one field)
        self._read = itemgetter(*reads, *reads[:1]) if reads else (lambda _values: ())
        self._checked: dict[tuple[Any, ...], list[Problem]] = {}

    def check(self, row: Mapping[str, Any]) -> Validated:
        result = Validated(values=self._template.copy())
        values = result.values
        failed: list[tuple[int, Problem]] = []
        by_text, text_limit = self._by_text, self._text_limit
        for key, value in row.items():
            if value is None or key not in values:  # keys not in the ledger are ignored
                continue
            if value.__class__ is str and key in text_limit:
                text = value.strip()
                if not text:
                    continue  # empty: None, as the template has it
                if len(text) <= text_limit[key]:
                    values[key] = text
                    continue
                parsed = self._parse_once(key, value)  # too long: the form's message
            elif value.__class__ is str:  # dates, amounts, choices as text: remembered
                known = by_text.get(key)
                if known is None:
                    known = by_text[key] = {}
                parsed = known.get(value, _MISS)
                if parsed is _MISS:
                    parsed = known[value] = self._parse_once(key, value)
            else:
                parsed = self._parse_other(key, value)
            if isinstance(parsed, ValueProblem):
                fdef = self.ledger.field(key)
                failed.append((self._order[key], Problem(key, fdef.label, str(parsed))))
            else:
                values[key] = parsed
        if failed:  # in field order, as validate reports them
            result.problems.extend(p for _, p in sorted(failed, key=lambda f: f[0]))
            check_record(self.ledger, result, self.today)
            return result
        # Rows alike in what check_record reads get the same problems: check each once.
        key = (self._read(values), *[values[k] is None for k in self._empty_only],
               *[None if values[k] is None else bool(values[k]) for k in self._truth_only])
        found = self._checked.get(key)
        if found is None:
            check_record(self.ledger, result, self.today)
            self._checked[key] = list(result.problems)
        else:
            result.problems.extend(found)
        return result

    def _parse_other(self, key: str, value: Any) -> Any:
        """Numbers and dates are remembered by (type, value): 1, 1.0 and True are equal as
        dict keys but not the same cell; bools and lists are parsed every time."""
        kind = type(value)
        if kind not in (int, float, dt.date):
            return self._parse_once(key, value)
        known = self._by_other.setdefault(key, {})
        found = known.get((kind, value), _MISS)
        if found is _MISS:
            found = known[(kind, value)] = self._parse_once(key, value)
        return found

    def _parse_once(self, key: str, value: Any) -> Any:
        """The stored form of `value`, or the ValueProblem it raises."""
        try:
            return parse_value(self.ledger.field(key), value, self._choices.get(key))
        except ValueProblem as exc:
            return exc
