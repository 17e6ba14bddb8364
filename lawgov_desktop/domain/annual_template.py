"""The 行政执法数据年报 as data: templates of tables and columns (DOMAIN.md §4, §13).

A template (one TOML file, format in docs/annual-template.md) names what is behind every cell
of the 年报 sheet: an indicator id (domain/indicators.py) or an annual figure id
(domain/annual.py), several of them summed (a province's column merging national categories),
a named rule (annual.RULES), or nothing the ledger records (`unrecorded = true`: the cell stays
blank with a note; never 0, which would claim what the ledger cannot know).

Templates come from resources/annual_templates/ (shipped) and from the user's folder
<data dir>/templates/annual/; the setting `annual_template` chooses one by id, the national
default when empty. A file's id is its name without ".toml". A malformed file is a
TemplateError whose Chinese message names the file and the bad entry: users drop these files
in, so nothing in one may end in a traceback.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from . import annual
from .indicators import BY_ID
from .ledgers import get_ledger

DEFAULT_ID = "national"
FORMAT = 1  # the `format` key a template file carries; a newer one is refused
USER_FOLDER = ("templates", "annual")  # under the data folder
MAX_BYTES = 256 * 1024  # a template is a few KB; anything larger is not one
NOT_SUMMED = frozenset({"rate", "mean"})
UNRECORDED_NOTE = "台账不登记此项，请据实填报（确未发生的填0）"

_ID = re.compile(r"^[^\s/\\:*?\"<>|.]{1,60}$")
_TOP_KEYS = {"format", "id", "title", "province", "description", "tables"}
_TABLE_KEYS = {"id", "title", "note", "requires_ledger", "columns"}
_COLUMN_KEYS = {"header", "figure", "figures", "rule", "unrecorded", "unit", "note", "group"}
_SOURCES = ("figure", "figures", "rule", "unrecorded")


class TemplateError(ValueError):
    """A template file that cannot be used; the message is Chinese and names file and entry."""


class UnknownFigure(TemplateError):
    """A column names a figure id this build does not compute."""

    def __init__(self, message: str, figure: str) -> None:
        super().__init__(message)
        self.figure = figure


@dataclass(frozen=True)
class Column:
    header: str
    figures: tuple[str, ...]  # summed; empty for a rule or an unrecorded column
    rule: str | None
    unit: str
    # "count" (summed), "money" (summed in fen), or one figure never summed: "rate" (a
    # fraction) or "mean" (e.g. hours per officer); decides the cell's number format
    kind: str
    divisor: int  # 1, or 10000 for a figure in 元 shown in 万元
    note: str
    group: str  # a header above several columns ("" for none)

    @property
    def unrecorded(self) -> bool:
        return not self.figures and self.rule is None

    def value(self, figures: Mapping[str, Any]) -> int | float | None:
        """The cell's value from a unit's figures; None: blank (unrecorded) or no rate."""
        if self.rule is not None:
            return annual.RULES[self.rule].compute(figures)  # type: ignore[no-any-return]
        if not self.figures:
            return None
        values = [figures.get(f) for f in self.figures]
        if self.kind in NOT_SUMMED:
            return values[0]  # never summed (checked when loading)
        if any(v is None for v in values):
            return None  # a fact of the year nobody entered is unknown, not 0
        if self.kind == "money":
            total = sum(round(float(v) * 100) for v in values) / 100
            return round(total / self.divisor, 6) if self.divisor != 1 else total
        return sum(values)  # ints stay ints; hours may have fractions


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    note: str
    requires_ledger: str | None
    columns: tuple[Column, ...]
    # Why a table of a register this build has is still not drawn: a figure it names is not
    # computed here (a register that arrived before its indicators, or a template of a later
    # version). A warning, not an error: the rest of the 年报 is still wanted.
    missing: str = ""

    def in_build(self) -> bool:
        """Whether this table is drawn: its register (if it names one) exists in this build
        and computes every figure the table names."""
        if self.requires_ledger is None:
            return True
        return not self.missing and ledger_exists(self.requires_ledger)


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    province: str
    description: str
    tables: tuple[Table, ...]
    source: str  # where it was read from, for messages and 设置
    builtin: bool

    def drawn_tables(self) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.in_build())

    @property
    def warnings(self) -> tuple[str, ...]:
        """A sentence for each table of an existing register that is not drawn."""
        return tuple(f"年报模板“{self.source}”的表格“{t.title}”不生成：{t.missing}"
                     for t in self.tables if t.missing)

    @property
    def display_name(self) -> str:
        return f"{self.title}（{self.province}）" if self.province else self.title


def ledger_exists(key: str) -> bool:
    try:
        get_ledger(key)
    except KeyError:
        return False
    return True


# -- reading and checking one file ----------------------------------------------------------


def _toml_error(exc: tomllib.TOMLDecodeError) -> str:
    where = re.search(r"line (\d+), column (\d+)", str(exc))
    at = f"第 {where.group(1)} 行第 {where.group(2)} 列附近" if where else "某处"
    return (f"不是有效的 TOML 格式：{at}写法有误"
            "（常见原因：引号或括号不成对、缺少“=”、同一项写了两次）")


def parse_text(text: str, source: str, *, builtin: bool = False,
               expect_id: str | None = None) -> Template:
    """A template from the TOML `text`; TemplateError naming `source` and the bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"年报模板“{source}”{_toml_error(exc)}。") from None
    return _Checker(source).template(data, builtin, expect_id)


def read_file(path: Path, *, builtin: bool = False) -> Template:
    name = path.name
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError as exc:
        raise TemplateError(f"无法读取年报模板“{name}”：{exc.strerror or exc}。") from None
    if raw is None:
        raise TemplateError(f"年报模板“{name}”过大（超过 {MAX_BYTES // 1024} KB），不是模板文件。")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError(
            f"年报模板“{name}”不是 UTF-8 编码的文本，请用记事本“另存为”UTF-8 编码后再放入。"
        ) from None
    return parse_text(text, name, builtin=builtin, expect_id=path.stem)


class _Checker:
    """Builds a Template from parsed TOML, naming the file and entry in every complaint."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> TemplateError:
        return TemplateError(f"年报模板“{self.source}”{where}：{what}。")

    def text(self, raw: Mapping[str, Any], key: str, where: str, *, required: bool) -> str:
        value = raw.get(key)
        if value is None:
            if required:
                raise self.fail(where, f"缺少“{key}”")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            what = "非空的文字" if required else "文字"
            raise self.fail(where, f"“{key}”应为{what}（用英文双引号括起）")
        return value.strip()

    def keys(self, raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(raw) - allowed)
        if unknown:
            known = "、".join(sorted(allowed))
            raise self.fail(where, f"有不认识的项“{unknown[0]}”（可用：{known}）")

    def template(self, data: Mapping[str, Any], builtin: bool, expect_id: str | None) -> Template:
        self.keys(data, _TOP_KEYS, "")
        fmt = data.get("format", FORMAT)
        if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
            raise self.fail("", f"“format”应为整数 {FORMAT}")
        if fmt > FORMAT:
            raise self.fail("", f"格式版本为 {fmt}，本程序只能读取版本 {FORMAT}，请升级程序")
        tid = self.text(data, "id", "", required=True)
        if not _ID.match(tid):
            raise self.fail("", f"编号“{tid}”不可用：不能含空格、点和 / \\ : * ? \" < > |")
        if expect_id is not None and tid != expect_id:
            raise self.fail("", f"编号“{tid}”应与文件名一致（{expect_id}.toml）")
        tables = data.get("tables")
        if not isinstance(tables, list) or not tables:
            raise self.fail("", "没有表格（至少要有一个 [[tables]]）")
        built = tuple(self.table(t, n) for n, t in enumerate(tables, start=1))
        seen: set[str] = set()
        for t in built:
            if t.id in seen:
                raise self.fail(f"的表格“{t.id}”", "表格编号重复")
            seen.add(t.id)
        return Template(
            id=tid,
            title=self.text(data, "title", "", required=True),
            province=self.text(data, "province", "", required=False),
            description=self.text(data, "description", "", required=False),
            tables=built,
            source=self.source,
            builtin=builtin,
        )

    def table(self, raw: Any, n: int) -> Table:
        where = f"第 {n} 个表格"
        if not isinstance(raw, dict):
            raise self.fail(where, "应写成 [[tables]] 小节")
        self.keys(raw, _TABLE_KEYS, where)
        title = self.text(raw, "title", where, required=True)
        where = f"第 {n} 个表格（{title}）"
        tid = self.text(raw, "id", where, required=True)
        requires = self.text(raw, "requires_ledger", where, required=False) or None
        columns = raw.get("columns")
        if not isinstance(columns, list) or not columns:
            raise self.fail(where, "没有栏目（至少要有一个 [[tables.columns]]）")
        # A table of a register this build lacks is never drawn, so its ids cannot be checked
        # against indicators that do not exist yet; its layout still is.
        note = self.text(raw, "note", where, required=False)
        check_ids = requires is None or ledger_exists(requires)
        try:
            built = tuple(self.column(c, where, m, check_ids) for m, c in enumerate(columns, 1))
        except UnknownFigure as exc:
            if requires is None:
                raise
            # the layout is still checked; only the figures are missing in this build
            built = tuple(self.column(c, where, m, False) for m, c in enumerate(columns, 1))
            missing = f"本版本程序不计算其中的“{exc.figure}”"
            return Table(tid, title, note, requires, built, missing)
        return Table(tid, title, note, requires, built)

    def column(self, raw: Any, table: str, m: int, check_ids: bool) -> Column:
        where = f"{table}的第 {m} 栏"
        if not isinstance(raw, dict):
            raise self.fail(where, "应写成 [[tables.columns]] 小节")
        self.keys(raw, _COLUMN_KEYS, where)
        header = self.text(raw, "header", where, required=True)
        where = f"{table}的第 {m} 栏（{header.replace(chr(10), '')}）"
        given = [k for k in _SOURCES if k in raw]
        if len(given) != 1:
            raise self.fail(
                where, "应写明且只写一种数据来源：figure、figures、rule 或 unrecorded = true")
        unit = self.text(raw, "unit", where, required=False)
        note = self.text(raw, "note", where, required=False)
        group = self.text(raw, "group", where, required=False)
        source = given[0]
        if source == "unrecorded":
            if raw["unrecorded"] is not True:
                raise self.fail(where, "“unrecorded”只能写 true（台账不登记此项）")
            return Column(header, (), None, unit, "count", 1, note or UNRECORDED_NOTE, group)
        if source == "rule":
            name = self.text(raw, "rule", where, required=True)
            rule = annual.RULES.get(name)
            if rule is None:
                raise self.fail(where, f"没有名为“{name}”的规则（可用：{'、'.join(annual.RULES)}）")
            scale = self.scale(unit or rule.unit, rule.unit, rule.kind, where, name)
            return Column(header, (), name, unit or rule.unit, rule.kind, scale, note, group)
        ids = self.figure_list(raw, source, where)
        if not check_ids:
            return Column(header, ids, None, unit, "count", 1, note, group)
        kinds = {self.kind(f, where) for f in ids}
        units = {annual.figure_unit(f) for f in ids}
        if len(units) > 1:
            raise self.fail(where, f"相加的数据单位不同（{'、'.join(sorted(units))}），不能相加")
        if len(ids) > 1 and kinds & NOT_SUMMED:
            raise self.fail(where, "比率、人均数不能相加，请改用一个数据或规则")
        kind = next(iter(kinds)) if len(kinds) == 1 else "count"
        base = units.pop()
        scale = self.scale(unit or base, base, kind, where, "、".join(ids))
        return Column(header, ids, None, unit or base, kind, scale, note, group)

    def figure_list(self, raw: Mapping[str, Any], source: str, where: str) -> tuple[str, ...]:
        value = raw[source]
        ids = [value] if source == "figure" else value
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            form = "一个数据编号，如 figure = \"cases_filed\"" if source == "figure" else \
                "数据编号的列表，如 figures = [\"penalty_suspension\", \"penalty_revocation\"]"
            raise self.fail(where, f"“{source}”应为{form}")
        if len(set(ids)) != len(ids):
            raise self.fail(where, "同一数据列了两次，会重复计算")
        return tuple(i.strip() for i in ids)

    def kind(self, fid: str, where: str) -> str:
        if fid in BY_ID:
            k = BY_ID[fid].kind
            if k in ("count", "sum", "money", "fact"):  # a fact: a count someone entered
                return "money" if k == "money" else "count"
            return "rate" if k == "rate" else "mean"  # recomputed from parts, never summed
        if fid in annual.ANNUAL_LABELS:
            return "money" if fid in annual.MONEY_IDS else "count"
        what = (f"没有编号为“{fid}”的指标或年报数据（指标编号见 lawgov stats --json；"
                "年报数据编号见模板文件夹中的示例模板）")
        raise UnknownFigure(str(self.fail(where, what)), fid)

    def scale(self, unit: str, base: str, kind: str, where: str, what: str) -> int:
        if unit == base:
            return 1
        if base == "元" and unit == "万元":
            return 10000
        allowed = f"{base}、万元" if base == "元" else base
        raise self.fail(where, f"单位“{unit}”与数据“{what}”的单位“{base}”不符（可用：{allowed}）")


# -- finding templates ----------------------------------------------------------------------


def user_folder(data_dir: Path | str) -> Path:
    """Where a user drops a province's template: <data dir>/templates/annual/."""
    return Path(data_dir).joinpath(*USER_FOLDER)


def _builtin() -> list[tuple[str, Callable[[], Template]]]:
    folder = resources.files("lawgov_desktop.resources").joinpath("annual_templates")
    out = []
    # the national default first: it is what 设置 offers first
    for entry in sorted(folder.iterdir(), key=lambda e: (e.name != f"{DEFAULT_ID}.toml", e.name)):
        if entry.name.endswith(".toml"):
            stem = entry.name[: -len(".toml")]
            out.append((stem, lambda e=entry, s=stem: parse_text(
                e.read_text(encoding="utf-8"), e.name, builtin=True, expect_id=s)))
    return out


def write_examples(data_dir: Path | str) -> Path:
    """Make the user's template folder and put copies of the shipped templates in it as
    "示例-<id>.toml.txt" (never loaded: not .toml), to copy and rename; returns the folder."""
    folder = user_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    shipped = resources.files("lawgov_desktop.resources").joinpath("annual_templates")
    for entry in shipped.iterdir():
        if entry.name.endswith(".toml"):
            copy = folder / f"示例-{entry.name}.txt"
            if not copy.exists():
                copy.write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _user_files(data_dir: Path | str | None) -> list[Path]:
    if data_dir is None:
        return []
    folder = user_folder(data_dir)
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []


def available(data_dir: Path | str | None) -> tuple[list[Template], list[str]]:
    """Every usable template (shipped first, then the user's) and a Chinese complaint for
    each user file that cannot be used."""
    templates = [load() for _, load in _builtin()]
    problems: list[str] = []
    taken = {t.id for t in templates}
    for path in _user_files(data_dir):
        if path.stem in taken:
            problems.append(f"年报模板“{path.name}”与程序自带的模板同名，已忽略；请改用其他文件名"
                            "和编号。")
            continue
        try:
            templates.append(read_file(path))
        except TemplateError as exc:
            problems.append(str(exc))
    return templates, problems


def load(template_id: str | None, data_dir: Path | str | None) -> Template:
    """The template with id `template_id` (empty: the national default); TemplateError with
    the file's complaint, or naming the folder it was looked for in."""
    tid = (template_id or "").strip() or DEFAULT_ID
    for stem, loader in _builtin():
        if stem == tid:
            return loader()
    for path in _user_files(data_dir):
        if path.stem == tid:
            return read_file(path)
    where = f"“{user_folder(data_dir)}”" if data_dir is not None else "模板文件夹"
    raise TemplateError(
        f"找不到年报模板“{tid}”：程序自带的模板有 {'、'.join(s for s, _ in _builtin())}，"
        f"其他模板请把“{tid}.toml”放到{where}中（设置项 annual_template）。")
