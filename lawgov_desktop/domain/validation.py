"""Validation of one record: every problem at once, in Chinese, by field (DOMAIN.md §2, §8).

Errors block saving; warnings (a date in the future) are shown but allow it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .idcodes import id_number_problem, uscc_problem
from .ledgers import CheckDef, FieldDef, LedgerDef
from .values import ValueProblem, is_empty, parse_value, split_multi

Severity = Literal["error", "warning"]
_UNSEEN = object()
_HASHABLE = (str, int, float, dt.date)


@dataclass(frozen=True)
class Problem:
    field: str | None  # field key, None for the record as a whole
    label: str  # the field's Chinese label (or "")
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.label}：{self.message}" if self.label else self.message


@dataclass
class Validated:
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_field(self) -> dict[str | None, list[Problem]]:
        out: dict[str | None, list[Problem]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p)
        return out


def validate(
    ledger: LedgerDef,
    raw: Mapping[str, Any],
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
    today: dt.date | None = None,
    memo: dict[tuple[str, Any], Any] | None = None,
) -> Validated:
    """Parse and check `raw` (field key → typed value or text) for `ledger`.

    `choices` overrides the definition's lists with the user's edited ones (from storage).
    Keys not in the ledger are ignored; missing keys count as empty. `memo` (a dict kept
    across the rows of one import) remembers each parsed non-text value: a sheet's dates,
    amounts and choices repeat, and parsing them is most of the work.
    """
    today = today or dt.date.today()
    choices = choices or {}
    result = Validated(values={})
    values = result.values
    for fdef in ledger.fields:
        value = raw.get(fdef.key)
        if value is None:  # the common case in an import: a column the sheet has not
            values[fdef.key] = None
            continue
        try:
            if memo is None or fdef.type == "text" or not isinstance(value, _HASHABLE) \
                    or isinstance(value, bool):  # True == 1 as a key; parsed apart
                values[fdef.key] = parse_value(fdef, value, choices.get(fdef.key))
            else:
                known = memo.get((fdef.key, value), _UNSEEN)
                if known is _UNSEEN:
                    try:
                        known = parse_value(fdef, value, choices.get(fdef.key))
                    except ValueProblem as exc:
                        known = exc
                    memo[(fdef.key, value)] = known
                if isinstance(known, ValueProblem):
                    raise known
                values[fdef.key] = known
        except ValueProblem as exc:
            values[fdef.key] = None
            result.problems.append(Problem(fdef.key, fdef.label, str(exc)))
            continue
    check_record(ledger, result, today)
    return result


def check_record(ledger: LedgerDef, result: Validated, today: dt.date) -> None:
    """The checks after parsing: required fields, each field against the others, the
    ledger's cross-field checks. `result.values` holds every field's parsed value (None
    where empty or not parsed); `result.problems` the parse failures, to which this adds.
    `validate` is parsing plus this; an import parses column by column, then calls this."""
    values, problems = result.values, result.problems
    failed = {p.field for p in problems}
    for fdef in _checked_fields(ledger):
        if fdef.key in failed:
            continue
        if values[fdef.key] is None:
            if fdef.required:
                problems.append(Problem(fdef.key, fdef.label, "必填项，不能为空"))
            continue
        problems.extend(_field_problems(ledger, fdef, values, today))
    present = {k for k, v in values.items() if v is not None} - failed
    for check in ledger.checks:
        for problem in _check_problems(ledger, check, values, failed, present):
            if problem not in problems:  # date chains overlap: say each thing once
                problems.append(problem)


def check_inputs(ledger: LedgerDef) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What `check_record` reads of a record without parse problems: (the fields whose
    values it reads, the fields of which it only asks whether they are empty, those of
    which it asks whether they are empty or zero). Two such records alike in these get the
    same problems, so an import checks each combination once. Keep in step with
    `check_record`, `_field_problems` and `_check_problems`."""
    read: dict[str, None] = {}
    truth: dict[str, None] = {}  # requires_choice: a fine given (not 0) needs 罚款
    for f in _checked_fields(ledger):
        if f.only_when or f.choices_by_field or f.check or f.is_date:
            read[f.key] = None
            if f.only_when:
                read[f.only_when.field] = None
            if f.choices_by_field:
                read[f.choices_by_field] = None
            if f.check == "party_id":
                read["party_type"] = None
    for check in ledger.checks:
        keys: tuple[str | None, ...] = (*check.fields, check.field, check.after, check.before,
                                        check.needs)
        if check.kind == "requires_choice":
            truth[check.field or ""] = None
            keys = (check.needs,)
        for key in keys:
            if key:
                read[key] = None
    truth_only = tuple(k for k in truth if k not in read and ledger.has_field(k))
    empty_only = tuple(f.key for f in _checked_fields(ledger)
                       if f.key not in read and f.key not in truth)
    return tuple(k for k in read if ledger.has_field(k)), empty_only, truth_only


_CHECKED: dict[int, tuple[LedgerDef, tuple[FieldDef, ...]]] = {}


def _checked_fields(ledger: LedgerDef) -> tuple[FieldDef, ...]:
    """The fields `check_record` can say anything about, in field order: the required ones
    and those `_field_problems` looks at (most fields are neither). Kept per definition
    (LedgerDef holds dicts, so it is no dict key itself; the entry keeps it alive)."""
    known = _CHECKED.get(id(ledger))
    if known is None or known[0] is not ledger:
        fields = tuple(f for f in ledger.fields if f.required or f.only_when
                       or f.choices_by_field or f.check or f.is_date)
        known = _CHECKED[id(ledger)] = (ledger, fields)
    return known[1]


def _field_problems(
    ledger: LedgerDef, fdef: FieldDef, values: Mapping[str, Any], today: dt.date
) -> list[Problem]:
    value = values.get(fdef.key)
    if value is None:
        if fdef.required:
            return [Problem(fdef.key, fdef.label, "必填项，不能为空")]
        return []
    problem = _problem_factory(fdef)
    out = []
    if fdef.only_when and values.get(fdef.only_when.field) != fdef.only_when.value:
        other = ledger.field(fdef.only_when.field).label
        out.append(problem(f"仅在{other}为“{fdef.only_when.value}”时填写"))
    if fdef.choices_by_field:
        basis = values.get(fdef.choices_by_field)
        allowed = fdef.choices_by.get(basis) if basis else None
        if allowed is not None and value not in allowed:
            out.append(problem(f"{basis}的结果不能是“{value}”，可选：{'、'.join(allowed)}"))
    if fdef.check == "party_id":
        out.extend(problem(m) for m in _party_id_problems(values, value))
    elif fdef.check == "id_number":  # a natural person's 身份证号 only (officers)
        found = id_number_problem(value)
        if found:
            out.append(problem(found))
    elif fdef.check == "uscc" and (found := uscc_problem(value)):  # an enterprise's code
        out.append(problem(found))
    # ISO dates compare as text; a date normally ahead (证件有效期至) is not "too late"
    if fdef.is_date and not fdef.future and value > today.isoformat():
        out.append(problem(f"{value} 晚于今天，请核对", "warning"))
    return out


def _party_id_problems(values: Mapping[str, Any], code: str) -> list[str]:
    kind = values.get("party_type")
    if kind == "个人":
        found = id_number_problem(code)
    elif kind == "单位":
        found = uscc_problem(code)
    else:  # type unknown: accept whichever the code looks like
        found = id_number_problem(code) if code[:17].isdigit() else uscc_problem(code)
    return [found] if found else []


def _check_problems(
    ledger: LedgerDef, check: CheckDef, values: Mapping[str, Any], failed: set[str | None],
    filled: set[str] | None = None,
) -> list[Problem]:
    """`filled`: the keys with a value that parsed (stored values are never blank)."""
    def label(key: str) -> str:
        return ledger.field(key).label

    if filled is None:
        filled = {k for k, v in values.items() if not is_empty(v)} - failed  # type: ignore[operator]

    def present(key: str | None) -> bool:
        return key in filled  # type: ignore[operator]

    out: list[Problem] = []
    if check.kind == "order":
        earlier: str | None = None
        for key in check.fields:
            if not present(key):
                continue
            if earlier and values[key] < values[earlier]:
                out.append(
                    Problem(
                        key,
                        label(key),
                        f"{values[key]} 早于{label(earlier)}（{values[earlier]}），顺序不对",
                    )
                )
            else:
                earlier = key
    elif check.kind == "between" and check.field and present(check.field):
        value = values[check.field]
        if present(check.after) and value < values[check.after]:  # type: ignore[index]
            msg = f"{value} 早于{label(check.after)}（{values[check.after]}）"  # type: ignore[arg-type,index]
            out.append(Problem(check.field, label(check.field), msg))
        if present(check.before) and value > values[check.before]:  # type: ignore[index]
            msg = f"{value} 晚于{label(check.before)}（{values[check.before]}）"  # type: ignore[arg-type,index]
            out.append(Problem(check.field, label(check.field), msg))
    elif check.kind == "requires" and present(check.field) and check.needs:
        if not present(check.needs) and check.needs not in failed:
            msg = (
                f"已填写{label(check.field)}（{check.field and values[check.field]}），此项不能为空"
            )
            out.append(Problem(check.needs, label(check.needs), msg))
    elif check.kind == "requires_value" and check.field and check.needs:
        if values.get(check.field) == check.value and not present(check.needs):
            if check.needs not in failed:
                msg = f"{label(check.field)}为“{check.value}”时不能为空"
                out.append(Problem(check.needs, label(check.needs), msg))
    elif check.kind == "requires_choice" and check.field and check.needs:
        if present(check.field) and values[check.field] and check.needs not in failed:
            if check.choice not in split_multi(values.get(check.needs)):
                msg = f"填写了{label(check.field)}，{label(check.needs)}应包含“{check.choice}”"
                out.append(Problem(check.field, label(check.field), msg))
    return out


def _problem_factory(fdef: FieldDef):  # type: ignore[no-untyped-def]
    def make(message: str, severity: Severity = "error") -> Problem:
        return Problem(fdef.key, fdef.label, message, severity)

    return make
