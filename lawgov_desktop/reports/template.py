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

from ..domain.indicators import INDICATORS as DOMAIN_INDICATORS
from ..domain.settings import Place
from . import narrative
from .document import (
    TODO_OPEN,
    Block,
    Document,
    Heading,
    Origin,
    Paragraph,
    Sentence,
    Table,
    format_date_cn,
    number_headings,
)
from .figures import BY_ID, INDICATORS, PLACEHOLDERS, Figures, Kind, formatted, value_of
from .generated import GENERATED
from .yeardata import YearData, from_figures

# Placeholders that do not come from the figures.
CONTEXT_NAMES = ("单位", "年", "下一年")
PLACE_NAMES = ("本级党委政府", "党委党组", "法制机构", "上级单位")
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


@lru_cache(maxsize=1)
def previous_templates() -> tuple[Template, ...]:
    """Default templates of earlier releases, to recognise text the user never changed."""
    folder = files("lawgov_desktop.resources")
    return tuple(parse_template(folder.joinpath(name).read_text(encoding="utf-8"))
                 for name in ("report_template_v1.toml", "report_template_v2.toml",
                              "report_template_v3.toml", "report_template_v4.toml"))


def upgrade_sections(stored: Sequence[ReportSection], year: int, unit_name: str,
                     template: Template | None = None) -> list[ReportSection]:
    """Stored sections with an older default's untouched text replaced by today's template.

    A stored section equal to an old template's section (same key, title and body) was never
    edited: it takes the current template's text, or goes when the current template has no
    such section (its old text made claims nothing backs). Sections the user edited stay as
    they are; when anything was upgraded, the current template's new sections join their
    parts. A year with no old text left is returned unchanged.
    """
    tpl = template or default_template()
    old = {(s.key, s.title.strip(), s.body.strip())
           for t in previous_templates() for s in default_sections(year, unit_name, t)}
    untouched = {s.key for s in stored if (s.key, s.title.strip(), s.body.strip()) in old}
    if not untouched:
        return list(stored)
    current = {s.key: s for s in default_sections(year, unit_name, tpl)}
    kept = [current.get(s.key) if s.key in untouched else s for s in stored]
    present = [s for s in kept if s is not None]
    keys = {s.key for s in present}
    out: list[ReportSection] = []
    for part in tpl.parts:
        out += [s for s in present if s.part == part.key]
        out += [s for k, s in current.items() if s.part == part.key and k not in keys]
    parts = {p.key for p in tpl.parts}
    return out + [s for s in present if s.part not in parts]


def load_template(path: Path | None = None) -> Template:
    """The shipped template, or a user's template file."""
    if path is None:
        return default_template()
    return parse_template(Path(path).read_text(encoding="utf-8"))


def context_for(unit_name: str, year: int, place: Place | None = None) -> dict[str, str]:
    """Context placeholders: the unit, the years and (with `place`) the place settings."""
    ctx = {"单位": unit_name, "年": str(year), "下一年": str(year + 1)}
    if place is not None:
        ctx.update({"本级党委政府": place.local_authority, "党委党组": place.party_body,
                    "法制机构": place.section_name, "上级单位": place.upper_unit})
    return ctx


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
    return [*CONTEXT_NAMES, *PLACE_NAMES, *PLACEHOLDERS, *GENERATED]


def as_year_data(figures: Figures | YearData, unit_name: str, year: int) -> YearData:
    """Accept the year's data or (older callers) bare figures."""
    if isinstance(figures, YearData):
        return figures
    return from_figures(figures, unit_name, year)


def _join(paragraphs: Sequence[Paragraph]) -> str:
    return "".join(p.text for p in paragraphs)


class _Renderer:
    """Fills placeholders of one section, collecting problems and provenance."""

    def __init__(self, data: YearData, context: Mapping[str, str]) -> None:
        self.data = data
        self.ctx = dict(context)
        self.me = narrative.self_reference(self.ctx.get("单位") or data.place.unit_name)
        self.problems: list[str] = []

    def text(self, body: str, sentences: list[Sentence] | None = None) -> str:
        def repl(m: re.Match[str]) -> str:
            token = m.group(0)
            if token in ("{{", "}}"):
                return token[0]
            name = m.group(1).strip()
            if name in self.ctx:
                return self.ctx[name]
            if name in GENERATED:
                paragraphs = GENERATED[name](self.data, self.me)
                if sentences is not None:
                    sentences.extend(s for p in paragraphs for s in p.sentences)
                return _join(paragraphs)
            if name in PLACEHOLDERS:
                fid = PLACEHOLDERS[name]
                value = formatted(self.data.figures, fid)
                if value is None:
                    self.problems.append(
                        f"占位符{{{name}}}本年度没有数据，已显示为“{MISSING_TEXT}”。")
                    return MISSING_TEXT
                if sentences is not None:
                    sentences.append(Sentence(value, indicators=(fid,), quotes=((fid, value),)))
                return value
            self.problems.append(f"未知的占位符{{{name}}}，请检查拼写或删除。")
            return token
        return _PLACEHOLDER.sub(repl, body)

    def paragraphs(self, line: str) -> list[Paragraph]:
        """One body line: a generated placeholder alone gives its paragraphs as they are;
        other text is one paragraph resting on whatever it quotes."""
        m = _PLACEHOLDER.fullmatch(line)
        if m and m.group(1) and m.group(1).strip() in GENERATED:
            return GENERATED[m.group(1).strip()](self.data, self.me)
        used: list[Sentence] = []
        text = self.text(line, used)
        if not text.strip():
            return []
        if TODO_OPEN in text and not used:
            origin: Origin = "todo"
        elif all(s.origin == "frame" for s in used) and used:
            origin = "frame"
        else:
            origin = "user"
        merged = Sentence(
            text, origin,
            indicators=tuple(dict.fromkeys(i for s in used for i in s.indicators)),
            records=tuple(dict.fromkeys(r for s in used for r in s.records)),
            facts=tuple(dict.fromkeys(f for s in used for f in s.facts)),
            quotes=tuple(q for s in used for q in s.quotes))
        return [Paragraph(text, (merged,))]

    def blocks(self, body: str) -> list[Block]:
        blocks: list[Block] = []
        for raw in body.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#### "):
                blocks.append(Heading(4, self.text(line[5:].strip())))
            elif line.startswith("### "):
                blocks.append(Heading(3, self.text(line[4:].strip())))
            else:
                blocks.extend(self.paragraphs(line))
        return blocks


def render_text(body: str, figures: Figures | YearData,
                context: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """Fill the placeholders of ``body``; return the text and problems (in Chinese).

    Unknown placeholders stay visible in the text and are reported; a figure without a
    value prints as "（无数据）" and is reported. ``{{``/``}}`` give literal braces.
    """
    ctx = dict(context or {})
    data = as_year_data(figures, ctx.get("单位", ""), int(ctx.get("年") or 0))
    ctx = {**context_for(ctx.get("单位", ""), data.year, data.place), **ctx}
    renderer = _Renderer(data, ctx)
    lines = []
    for raw in body.split("\n"):
        stripped = raw.strip()
        m = _PLACEHOLDER.fullmatch(stripped)
        if m and m.group(1) and m.group(1).strip() in GENERATED:  # its paragraphs, one a line
            lines.append("\n".join(p.text for p in renderer.paragraphs(stripped)))
        else:
            lines.append(renderer.text(raw))
    return "\n".join(lines), renderer.problems


def _date_text(date: dt.date | str) -> str:
    if isinstance(date, dt.date):
        return format_date_cn(date.year, date.month, date.day)
    return date


def _has_text(blocks: Sequence[Block]) -> bool:
    return any(isinstance(b, Paragraph | Table) for b in blocks)


def compose_checked(sections: Sequence[ReportSection], figures: Figures | YearData,
                    unit_name: str, year: int, date: dt.date | str, with_table: bool = False,
                    template: Template | None = None) -> tuple[Document, list[str]]:
    """Like :func:`compose`, also returning the problems found, prefixed by section.

    A section whose body gives no text (nothing in the ledger on its topic) is left out
    with its heading; a part left with nothing prints the part's ``empty`` text (for the
    parts the 督察工作规定 requires, a 【待补充：…】).
    """
    tpl = template or default_template()
    data = as_year_data(figures, unit_name, year)
    ctx = context_for(unit_name, year, data.place)
    problems: list[str] = []
    renderer = _Renderer(data, ctx)

    def fill(text: str, where: str) -> str:
        before = len(renderer.problems)
        out = renderer.text(text)
        problems.extend(f"{where}：{p}" for p in renderer.problems[before:])
        return out

    def body(text: str, where: str) -> list[Block]:
        before = len(renderer.problems)
        out = renderer.blocks(text)
        problems.extend(f"{where}：{p}" for p in renderer.problems[before:])
        return out

    known_parts = [p.key for p in tpl.parts]
    for s in sections:
        if s.part not in known_parts:
            problems.append(f"“{s.title or s.key}”：不属于报告的任何部分（{s.part}），未输出。")
    blocks: list[Block] = []
    for part in tpl.parts:
        own: list[Block] = []
        for s in (s for s in sections if s.part == part.key):
            where = s.title or s.key
            content = body(s.body, where)
            if not _has_text(content):
                continue
            if s.title.strip():
                own.append(Heading(2, fill(s.title.strip(), where)))
            own.extend(content)
        if not own and part.empty:
            own = body(part.empty, part.key)
        if part.title and (own or part.key != "preamble"):
            blocks.append(Heading(1, fill(part.title, part.title)))
        blocks.extend(own)
    title, _ = render_text(tpl.title, data.figures, ctx)
    attachments = (figures_table(data.figures, year),) if with_table else ()
    doc = Document(title=title, blocks=number_headings(blocks), signature_unit=unit_name,
                   signature_date=_date_text(date), attachments=attachments,
                   addressee=data.place.addressee if data.place.local_authority else "")
    return doc, problems


def compose(sections: Sequence[ReportSection], figures: Figures | YearData, unit_name: str,
            year: int, date: dt.date | str, with_table: bool = False) -> Document:
    """Build the report document from sections and the year's figures."""
    return compose_checked(sections, figures, unit_name, year, date, with_table)[0]


def check_sections(sections: Iterable[ReportSection], figures: Figures | YearData,
                   unit_name: str, year: int) -> list[str]:
    """Problems an editor should show before export (unknown placeholders, no data…)."""
    return compose_checked(list(sections), figures, unit_name, year, "")[1]


def _table_value(figures: Figures, figure_id: str) -> str:
    value = formatted(figures, figure_id, exact=True)
    if value is None:
        return "—"
    unit = BY_ID[figure_id].unit
    return value + unit if BY_ID[figure_id].kind in (Kind.COUNT, Kind.DECIMAL) else value


_PLAN_IDS = frozenset({"plan_units", "plan_key_units", "plan_random_units",
                       "plan_random_share", "plan_completion"})

# Groups of the 附表, in DOMAIN.md §3 order.
_TABLE_GROUPS: tuple[tuple[str, str], ...] = (
    ("行政执法", "cases_filed"), ("行政复议", "reconsiderations_total"),
    ("行政诉讼", "lawsuits_total"), ("学法普法", "trainings"),
    ("行政检查", "inspections_total"), ("合法性审核", "reviews_total"),
)
# The 行政检查 rows stand only when the register holds checks of the year (DOMAIN.md §11: an
# unused register is no claim of zero checks).
_INSPECTION_IDS = frozenset(
    i.id for i in DOMAIN_INDICATORS
    if i.ledger == "inspections" or i.numerator == "random_inspections")


def figures_table(figures: Figures, year: int) -> Table:
    """附表: every indicator of the year with its value (money in 元/万元, rates in %).

    The 类别 column names a group on its first row only; renderers draw the group as one
    merged-looking cell.
    """
    starts = {fid: group for group, fid in _TABLE_GROUPS}
    # The plan rows rest on facts of the year: an unset one is left out, not printed as "—"
    # (DOMAIN.md §11); the first one shown opens the group 行政检查计划.
    checked = bool(value_of(figures, "inspections_total"))
    ids = [d.id for d in INDICATORS
           if not (d.id in _PLAN_IDS and value_of(figures, d.id) is None)
           and (checked or d.id not in _INSPECTION_IDS)]
    ids.insert(ids.index("confiscations_yuan") + 1, "penalty_money_yuan")
    plan = [fid for fid in ids if fid in _PLAN_IDS]
    if plan:
        starts[plan[0]] = "行政检查计划"
    rows = [(str(n), starts.get(fid, ""), BY_ID[fid].label, _table_value(figures, fid))
            for n, fid in enumerate(ids, start=1)]
    return Table(caption=f"{year}年法治政府建设主要数据",
                 header_rows=(("序号", "类别", "项目", "数据"),), rows=tuple(rows))
