"""What a report sentence rests on, as a clerk checks it before signing (issue #15, G2).

:func:`evidence` turns a sentence's provenance (indicator ids, fact keys, settings, record
ids) into readable lines: each figure with its label, value and rule; each fact and
setting with its value; each record as 案号/名称, the dates that matter for the claim and
what the report counts it as (逾期公示, 超期作出决定 …). The figures the 不足 rest on, for the
统计数据 tab, are in evidence_checks.py.

Records show only their title, dates, kinds and results: never a 当事人 or 申请人, so
nothing personal is shown beyond what the ledger's own list shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import TYPE_CHECKING, Any

from ..domain.deadlines import RULES, RULES_BY_ID, DeadlineRule
from ..domain.facts import load_facts, show_fact
from ..domain.indicators import BY_ID as INDICATORS
from ..domain.ledgers import get_ledger, ledger_keys
from ..domain.settings import SETTINGS
from ..domain.values import display_value
from .document import Block, Paragraph, Sentence
from .figures import BY_ID as FIGURES
from .figures import Kind, formatted
from .findings import FINDINGS, Finding
from .yeardata import CORRECTED, YearData

if TYPE_CHECKING:
    from ..storage import Database

KINDS = {"ledger": "依据台账记录生成", "fact": "依据“年度情况”中填写的事实",
         "frame": "依据单位设置和年度", "user": "您写的文字", "todo": "需要您补写"}

# Fields shown for a record the report names without a role below (DOMAIN.md §2 keys).
# Only titles, dates, kinds and results: never a person.
_PLAIN = {"cases": ("decided_on", "published_on"),
          "appeals": ("kind", "received_on", "result"),
          "trainings": ("date", "category", "participants"),
          "publicity": ("start_on", "form", "onsite_audience", "online_audience"),
          # 执法人员 are shown as the register's own list shows them
          "inspections": ("inspected_on", "kind", "approved_on", "inspectors")}

# YearData's lists of late records → the time limits they can have missed.
_LATE_RULES = {"late_published": ("publish",), "unpublished": ("publish",),
               "late_decisions": ("decision",),
               "late_replies": ("reconsideration_reply", "reconsideration_reply_simple",
                                "lawsuit_answer"),
               "late_rectifications": ("rectification_report",)}

# What doing each time limit's step is called: "…公示", "尚未公示".
_DONE = {"publish": "公示", "decision": "作出决定", "reconsideration_reply": "答复",
         "reconsideration_reply_simple": "答复", "lawsuit_answer": "提交答辩状",
         "rectification_report": "报送整改情况", "normative_filing": "报备"}


@dataclass(frozen=True)
class Line:
    """A figure, fact or setting: label, value as shown, and its rule or help."""

    label: str
    value: str
    rule: str = ""


@dataclass(frozen=True)
class RecordLine:
    ledger: str  # the register's key, to open the record
    record_id: str
    ledger_label: str  # 执法案件
    title: str  # 案号 or 名称
    fields: tuple[tuple[str, str], ...]  # (label, value) of the fields that matter
    note: str  # what the report counts it as
    sort_key: str = ""

    @property
    def fields_text(self) -> str:
        return "；".join(f"{label} {value or '未登记'}" for label, value in self.fields)


@dataclass(frozen=True)
class Evidence:
    kind: str  # KINDS[origin]
    text: str  # the sentence
    figures: tuple[Line, ...] = ()
    facts: tuple[Line, ...] = ()
    settings: tuple[Line, ...] = ()
    records: tuple[RecordLine, ...] = ()
    note: str = ""  # for a 【待补充】: what to do


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def figure_line(fid: str, figures: Mapping[str, Any]) -> Line:
    """The figure as the report writes it (24.5万元, 9.4万余人次), with its rule."""
    fdef = FIGURES.get(fid)
    text = formatted(figures, fid) if fdef else None
    if text is not None and fdef is not None and fdef.kind is Kind.COUNT:
        text += fdef.unit
    rule = INDICATORS[fid].rule if fid in INDICATORS else (
        "罚款金额与没收金额之和" if fid == "penalty_money_yuan" else "")
    return Line(fdef.label if fdef else "统计数据", text or "—", rule)


def _setting_line(key: str, db: Database) -> Line | None:
    sdef = SETTINGS.get(key)
    if sdef is None:
        return None
    value = db.get_setting(key) or sdef.default
    return Line(sdef.label, value or "（未设置）")


def _fact_line(key: str, data: YearData) -> Line | None:
    try:
        fact = load_facts().get(key)
    except KeyError:
        return None
    return Line(fact.label, show_fact(fact, data.facts.get(key)) or "（未填写）",
                "年度情况")


# -- records -----------------------------------------------------------------------------


def read_records(db: Database, ids: Iterable[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """id → (ledger key, record) for the live records among `ids`, in any register."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for key in ledger_keys():
        rest = [i for i in wanted if i not in found]
        for start in range(0, len(rest), 500):
            chunk = rest[start:start + 500]
            cur = db.conn.execute(
                f"SELECT * FROM [{key}] WHERE deleted_at IS NULL AND id IN "
                f"({','.join('?' * len(chunk))})", chunk)
            names = [c[0] for c in cur.description]
            for row in cur.fetchall():
                record = dict(zip(names, row, strict=True))
                found[record["id"]] = (key, record)
    return found


def _late_rule(attr: str, ledger: str, record: Mapping[str, Any]) -> DeadlineRule | None:
    candidates = [RULES_BY_ID[r] for r in _LATE_RULES.get(attr, ())] or \
        [r for r in RULES if r.ledger == ledger]
    for rule in candidates:
        if rule.ledger == ledger and rule.applies_to(record):
            return rule
    return None


@dataclass(frozen=True)
class _Timed:
    """A record with a time limit the report judged: due date and the day it was done."""

    attr: str  # where YearData holds it ("late_published", "reviews.late" …)
    record_id: str
    due_on: dt.date
    done_on: dt.date | None


def _timed_items(attr: str, value: Any) -> list[_Timed]:
    """Items of a tuple that carry (record_id, due_on, and a done date: done_on/filed_on …)."""
    if not isinstance(value, tuple) or not value:
        return []
    out = []
    for x in value:
        if not (is_dataclass(x) and hasattr(x, "record_id")
                and isinstance(getattr(x, "due_on", None), dt.date)):
            return []
        done = [f.name for f in fields(x) if f.name.endswith("_on") and f.name != "due_on"]
        out.append(_Timed(attr, x.record_id, x.due_on, getattr(x, done[-1]) if done else None))
    return out


def _timed(data: YearData) -> list[_Timed]:
    """Every record with a judged time limit YearData holds, one level of nesting included
    (a new register's year, e.g. ``data.reviews.late``), so new registers show too."""
    out = []
    for f in fields(data):
        value = getattr(data, f.name)
        out += _timed_items(f.name, value)
        if is_dataclass(value) and not isinstance(value, type):
            for g in fields(value):
                out += _timed_items(f"{f.name}.{g.name}", getattr(value, g.name))
    return out


def _roles(data: YearData) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """record id → [(what the report counts it as, field keys that matter)]."""
    roles: dict[str, list[tuple[str, tuple[str, ...]]]] = {}

    def add(rid: str, note: str, keys: tuple[str, ...]) -> None:
        roles.setdefault(rid, []).append((note, keys))

    for rid in data.unrecorded_publication:
        add(rid, "历史记录，未登记公示日期，报告不认定未公示", ("decided_on", "published_on"))
    for rid in data.unchecked_deadlines:
        add(rid, "历史记录，按台账日期计算超过期限，请核实（报告不认定超期）", ())
    for a in data.appeals:
        if a["result"] in CORRECTED:
            what = "被纠错" if a["kind"] == "行政复议" else "败诉"
            add(a["id"], f"{what}：{a['result']}", ("kind", "result", "related_case_no"))
    return roles


def _late_note(t: _Timed, rule: DeadlineRule | None, as_of: dt.date,
               history: bool) -> str | None:
    """What the dates say: late (done after the due date, or not done and past it), or
    still within the limit; None when done in time."""
    name, done = "办理", "办理"
    if rule is not None:
        name, done = rule.label, _DONE.get(rule.id, "办理")
    if t.done_on is not None:
        if t.done_on <= t.due_on:
            return None
        note = f"{name}逾期：期限至{cn_date(t.due_on)}，{cn_date(t.done_on)}才{done}"
    elif t.due_on < as_of:
        note = f"{name}逾期：期限至{cn_date(t.due_on)}，尚未{done}"
    else:
        return f"{name}期限至{cn_date(t.due_on)}，尚在期限内"
    return note + ("（历史记录，报告不认定）" if history else "")


def _shown(ledger: str, record: Mapping[str, Any], keys: Iterable[str]) -> list[tuple[str, str]]:
    definition = get_ledger(ledger)
    out = []
    for key in dict.fromkeys(keys):
        if not definition.has_field(key):
            continue
        fdef = definition.field(key)
        if fdef.only_when and record.get(fdef.only_when.field) != fdef.only_when.value:
            continue
        out.append((fdef.label, display_value(fdef, record.get(key))))
    return out


def record_lines(db: Database, data: YearData, ids: Iterable[str],
                 default_note: str = "") -> tuple[RecordLine, ...]:
    """The records as the 依据 list shows them, in date order; `default_note` for a record
    whose role the dates do not tell (a new register's finding: its label)."""
    records = read_records(db, ids)
    timed: dict[str, list[_Timed]] = {}
    for t in _timed(data):
        if t.record_id in records:
            timed.setdefault(t.record_id, []).append(t)
    roles = _roles(data)
    out = []
    for rid, (ledger, record) in records.items():
        definition = get_ledger(ledger)
        keys: list[str] = []
        notes: list[str] = []
        for t in timed.get(rid, []):
            rule = _late_rule(t.attr, ledger, record)
            if rule is not None:
                keys += [rule.start_field, rule.done_field]
            note = _late_note(t, rule, data.as_of, bool(record.get("is_history")))
            if note:
                notes.append(note)
        for note, wanted in roles.get(rid, []):
            if note.startswith("历史记录，按台账") and not wanted:
                wanted = tuple(k for r in RULES if r.ledger == ledger and r.applies_to(record)
                               for k in (r.start_field, r.done_field))
            keys += wanted
            notes.append(note)
        if not keys:
            keys = list(_PLAIN.get(ledger, (definition.year_field,)))
        shown = _shown(ledger, record, keys)
        staff = getattr(data, "staff", None)  # 执法人员: the year's hours back 学时 claims
        if ledger == "officers" and staff is not None and hasattr(staff, "hours_of"):
            hours = staff.hours_of(record)
            shown.append(("本年度学时", f"{hours:g}（要求{staff.target:g}）"))
        if ledger == "appeals" and "related_case_no" in keys:
            cause = db.conn.execute(
                "SELECT cause FROM cases WHERE deleted_at IS NULL AND case_no = ? LIMIT 1",
                [record.get("related_case_no")]).fetchone()
            if cause and cause[0]:
                shown.append(("案由", str(cause[0])))
        out.append(RecordLine(
            ledger, rid, definition.label, str(record.get(definition.title_field) or ""),
            tuple(shown), "；".join(dict.fromkeys(notes)) or default_note,
            str(record.get(definition.year_field) or "")))
    return tuple(sorted(out, key=lambda r: (r.sort_key, r.title)))


# -- one sentence ------------------------------------------------------------------------


def _todo_records(sentence: Sentence, data: YearData) -> tuple[str, ...]:
    """A 【待补充】 about history records names them, though it claims nothing about them."""
    if "未登记公示日期" in sentence.text:
        return tuple(data.unrecorded_publication)
    if "按台账日期计算超过法定期限" in sentence.text:
        return tuple(data.unchecked_deadlines)
    return ()


def _finding_of(sentence: Sentence, data: YearData) -> Finding | None:
    """The finding whose 不足 or 安排 `sentence` is (only findings the year shows)."""
    if not sentence.records:
        return None
    for f in FINDINGS:
        said = f.shortcoming(data)
        if said is not None and sentence in (said, f.plan(data)):
            return f
    return None


def evidence(db: Database, data: YearData, sentence: Sentence) -> Evidence:
    """What `sentence` rests on, read for the clerk."""
    ids = sentence.records or (_todo_records(sentence, data) if sentence.origin == "todo"
                               else ())
    note = ""
    if sentence.origin == "todo":
        note = ("此处需要您补写或核实，导出时会提示还剩几处【待补充】。"
                + ("下列记录是这一问的依据。" if ids else ""))
    finding = _finding_of(sentence, data)
    settings = [_setting_line(k, db) for k in sentence.settings]
    facts = [_fact_line(k, data) for k in sentence.facts]
    return Evidence(
        kind=KINDS.get(sentence.origin, ""), text=sentence.text,
        figures=tuple(figure_line(f, data.figures) for f in sentence.indicators),
        facts=tuple(x for x in facts if x is not None),
        settings=tuple(x for x in settings if x is not None),
        records=record_lines(db, data, ids, f"列入不足：{finding.label}" if finding else ""),
        note=note)


def sentences_of(blocks: Sequence[Block]) -> list[Sentence]:
    return [s for b in blocks if isinstance(b, Paragraph)
            for s in (b.sentences or (Sentence(b.text, "user"),))]


def section_blocks(body: str, data: YearData, context: Mapping[str, str]) -> list[Block]:
    """A section body as the export composes it: headings and paragraphs with provenance."""
    from .template import _Renderer, context_for

    ctx = {**context_for(context.get("单位", ""), data.year, data.place), **context}
    return _Renderer(data, ctx).blocks(body)
