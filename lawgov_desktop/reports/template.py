"""Report sections as data, the default template, placeholder filling and composition.

A report is a list of :class:`ReportSection` (key, part, title, body). Storage persists the
user's edited sections per year as (year, key, title, body, position); the part is read
back from the key ("measures.enforcement" → "measures"). :func:`compose` turns sections
plus the year's figures into a :class:`~lawgov_desktop.reports.document.Document`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from . import narrative
from .document import Block, Document, Heading, Paragraph, Table, format_date_cn, number_headings
from .figures import BY_ID, INDICATORS, PLACEHOLDERS, Figures, Kind, formatted

# Placeholders that do not come from the figures.
CONTEXT_NAMES = ("单位", "年", "下一年")
MISSING_TEXT = "（无数据）"

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\n]{1,30})\}")


@dataclass(frozen=True)
class ReportSection:
    key: str
    part: str
    title: str
    body: str

    @classmethod
    def from_stored(cls, key: str, title: str, body: str) -> ReportSection:
        """Rebuild a section from what storage keeps; the part is the key's prefix."""
        return cls(key, key.split(".", 1)[0], title, body)


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    empty: str


@dataclass(frozen=True)
class Template:
    title: str
    parts: tuple[Part, ...]
    sections: tuple[ReportSection, ...]


def parse_template(text: str) -> Template:
    data = tomllib.loads(text)
    parts = tuple(Part(p["key"], p.get("title", ""), p.get("empty", "")) for p in data["parts"])
    sections = tuple(
        ReportSection.from_stored(s["key"], s.get("title", ""), s.get("body", "").strip())
        for s in data["sections"]
    )
    known = {p.key for p in parts}
    for s in sections:
        if s.part not in known:
            raise ValueError(f"template section {s.key!r}: unknown part {s.part!r}")
    return Template(data["title"], parts, sections)


@lru_cache(maxsize=1)
def default_template() -> Template:
    resource = files("lawgov_desktop.resources").joinpath("report_template.toml")
    return parse_template(resource.read_text(encoding="utf-8"))


def load_template(path: Path | None = None) -> Template:
    """The shipped template, or a user's template file."""
    if path is None:
        return default_template()
    return parse_template(Path(path).read_text(encoding="utf-8"))


def context_for(unit_name: str, year: int) -> dict[str, str]:
    return {"单位": unit_name, "年": str(year), "下一年": str(year + 1)}


def _fill_context(text: str, context: Mapping[str, str]) -> str:
    """Replace only the context placeholders, leaving figure placeholders for later."""
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        return context[name] if name in context else m.group(0)
    return _PLACEHOLDER.sub(repl, text)


def default_sections(year: int, unit_name: str,
                     template: Template | None = None) -> list[ReportSection]:
    """The template's sections for one year and unit: the text a user starts editing.

    {单位}/{年}/{下一年} are filled in; figure placeholders stay, so the text follows the
    ledger until the user replaces them.
    """
    tpl = template or default_template()
    ctx = context_for(unit_name, year)
    return [ReportSection(s.key, s.part, _fill_context(s.title, ctx), _fill_context(s.body, ctx))
            for s in tpl.sections]


def placeholder_names() -> list[str]:
    """Every placeholder a user may write, for an editor's insert menu."""
    return [*CONTEXT_NAMES, *PLACEHOLDERS, *narrative.GENERATED]


def render_text(body: str, figures: Figures,
                context: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """Fill the placeholders of ``body``; return the text and problems (in Chinese).

    Unknown placeholders stay visible in the text and are reported; a figure without a
    value prints as "（无数据）" and is reported. ``{{``/``}}`` give literal braces.
    """
    ctx = dict(context or {})
    me = narrative.self_reference(ctx.get("单位"))
    problems: list[str] = []

    def repl(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = m.group(1).strip()
        if name in ctx:
            return ctx[name]
        if name in narrative.GENERATED:
            return narrative.GENERATED[name](figures, me)
        if name in PLACEHOLDERS:
            value = formatted(figures, PLACEHOLDERS[name])
            if value is None:
                problems.append(f"占位符{{{name}}}本年度没有数据，已显示为“{MISSING_TEXT}”。")
                return MISSING_TEXT
            return value
        problems.append(f"未知的占位符{{{name}}}，请检查拼写或删除。")
        return token

    return _PLACEHOLDER.sub(repl, body), problems


def _body_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#### "):
            blocks.append(Heading(4, line[5:].strip()))
        elif line.startswith("### "):
            blocks.append(Heading(3, line[4:].strip()))
        else:
            blocks.append(Paragraph(line))
    return blocks


def _date_text(date: dt.date | str) -> str:
    if isinstance(date, dt.date):
        return format_date_cn(date.year, date.month, date.day)
    return date


def compose_checked(sections: Sequence[ReportSection], figures: Figures, unit_name: str,
                    year: int, date: dt.date | str, with_table: bool = False,
                    template: Template | None = None) -> tuple[Document, list[str]]:
    """Like :func:`compose`, also returning the problems found, prefixed by section."""
    tpl = template or default_template()
    ctx = context_for(unit_name, year)
    problems: list[str] = []

    def fill(text: str, where: str) -> str:
        out, found = render_text(text, figures, ctx)
        problems.extend(f"{where}：{p}" for p in found)
        return out

    known_parts = [p.key for p in tpl.parts]
    for s in sections:
        if s.part not in known_parts:
            problems.append(f"“{s.title or s.key}”：不属于报告的任何部分（{s.part}），未输出。")
    blocks: list[Block] = []
    for part in tpl.parts:
        own = [s for s in sections if s.part == part.key]
        if part.title:
            blocks.append(Heading(1, fill(part.title, part.title)))
        before = len(blocks)
        for s in own:
            where = s.title or s.key
            if s.title.strip():
                blocks.append(Heading(2, fill(s.title.strip(), where)))
            blocks.extend(_body_blocks(fill(s.body, where)))
        if len(blocks) == before and part.empty:
            blocks.append(Paragraph(fill(part.empty, part.key)))
    title, _ = render_text(tpl.title, figures, ctx)
    attachments = (figures_table(figures, year),) if with_table else ()
    doc = Document(title=title, blocks=number_headings(blocks), signature_unit=unit_name,
                   signature_date=_date_text(date), attachments=attachments)
    return doc, problems


def compose(sections: Sequence[ReportSection], figures: Figures, unit_name: str, year: int,
            date: dt.date | str, with_table: bool = False) -> Document:
    """Build the report document from sections and the year's figures."""
    return compose_checked(sections, figures, unit_name, year, date, with_table)[0]


def check_sections(sections: Iterable[ReportSection], figures: Figures, unit_name: str,
                   year: int) -> list[str]:
    """Problems an editor should show before export (unknown placeholders, no data…)."""
    return compose_checked(list(sections), figures, unit_name, year, "")[1]


def _table_value(figures: Figures, figure_id: str) -> str:
    value = formatted(figures, figure_id)
    if value is None:
        return "—"
    unit = BY_ID[figure_id].unit
    return value + unit if BY_ID[figure_id].kind is Kind.COUNT else value


# Groups of the 附表, in DOMAIN.md §3 order.
_TABLE_GROUPS: tuple[tuple[str, str], ...] = (
    ("行政执法", "cases_filed"), ("行政复议", "reconsiderations_total"),
    ("行政诉讼", "lawsuits_total"), ("学法普法", "trainings"),
)


def figures_table(figures: Figures, year: int) -> Table:
    """附表: every indicator of the year with its value (money in 元/万元, rates in %).

    The 类别 column names a group on its first row only; renderers draw the group as one
    merged-looking cell.
    """
    starts = {fid: group for group, fid in _TABLE_GROUPS}
    ids = [d.id for d in INDICATORS]
    ids.insert(ids.index("confiscations_yuan") + 1, "penalty_money_yuan")
    rows = [(str(n), starts.get(fid, ""), BY_ID[fid].label, _table_value(figures, fid))
            for n, fid in enumerate(ids, start=1)]
    return Table(caption=f"{year}年法治政府建设主要数据",
                 header_rows=(("序号", "类别", "项目", "数据"),), rows=tuple(rows))
