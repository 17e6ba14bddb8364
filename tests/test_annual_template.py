"""年报 templates (domain/annual_template.py): the shipped ones, the checks a user's file
gets (a Chinese message naming file and entry, never a traceback), finding and choosing."""

from __future__ import annotations

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.domain import annual
from lawgov_desktop.domain.annual_template import (
    DEFAULT_ID,
    TemplateError,
    available,
    load,
    parse_text,
    user_folder,
)

GOOD = """
format = 1
id = "mine"
title = "行政执法数据年报"
province = "某省"

[[tables]]
id = "penalty"
title = "行政处罚"

[[tables.columns]]
header = "罚款"
figure = "penalty_fine"

[[tables.columns]]
header = "罚没金额（万元）"
figure = "penalty_money_yuan"
unit = "万元"
"""


def _with(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def test_shipped_templates_load_and_national_is_first_and_default():
    templates, problems = available(None)
    assert problems == []
    assert [t.id for t in templates][:2] == ["national", "example_7col"]
    assert load(None, None).id == load("", None).id == DEFAULT_ID == "national"
    assert all(t.builtin for t in templates)


def test_national_penalty_table_keeps_the_figure_ids_of_the_data_sheet():
    penalty = load("national", None).tables[0]
    assert [c.figures[0] for c in penalty.columns] == [
        *(c.id for c in annual.PENALTY_COLUMNS), annual.PENALTY_TOTAL, annual.PENALTY_MONEY]
    money = penalty.columns[-1]
    assert (money.unit, money.divisor, money.kind) == ("万元", 10000, "money")


def test_national_coercion_declares_what_the_ledger_does_not_record():
    coercion = next(t for t in load("national", None).tables if t.id == "coercion")
    blank = [c for c in coercion.columns if c.unrecorded]
    assert len(blank) == 10 and all("台账不登记" in c.note for c in blank)
    assert [c.figures for c in coercion.columns if not c.unrecorded] == [
        ("court_enforcement_applications",)]
    assert all(c.value({"court_enforcement_applications": 5}) is None for c in blank)


def test_registers_of_later_builds_are_declared_not_assumed():
    national = load("national", None)
    needs = {t.id: t.requires_ledger for t in national.tables}
    assert needs["inspections"] == "inspections" and needs["officers"] == "officers"
    assert needs["penalty"] is None


def test_a_merged_column_sums_and_a_rule_recomputes():
    seven = load("example_7col", None)
    penalty = seven.tables[0]
    closure = next(c for c in penalty.columns if c.header == "责令停产停业")
    assert closure.value({"penalty_closure": 2, "penalty_restriction": 3}) == 5
    rate = next(c for t in seven.tables for c in t.columns
                if c.rule == "reconsideration_correction_rate")
    figures = {"reconsiderations_total": 5, "reconsiderations_pending": 1,
               "reconsiderations_terminated": 1, "reconsiderations_corrected": 1}
    assert rate.value(figures) == pytest.approx(1 / 3)
    assert rate.value({**figures, "reconsiderations_total": 2}) is None  # nothing concluded


def test_an_unknown_part_makes_the_cell_unknown_not_zero():
    """Facts of the year (plan_units …) are None until entered: never drawn as 0."""
    seven = load("example_7col", None)
    closure = next(c for c in seven.tables[0].columns if c.header == "责令停产停业")
    assert closure.value({"penalty_closure": 2, "penalty_restriction": None}) is None
    assert closure.value({"penalty_closure": 0, "penalty_restriction": 0}) == 0


def test_money_in_wan_is_exact_to_the_fen():
    column = parse_text(GOOD, "mine.toml").tables[0].columns[1]
    assert column.value({"penalty_money_yuan": 86000.50}) == pytest.approx(8.60005)


BAD = [
    ("title = \"行政处罚\"\n\n[[tables.columns]]", "title = \"行政处罚\n\n[[tables.columns]]",
     "不是有效的 TOML 格式"),
    ('province = "某省"', 'province = "某省"\nauthor = "x"', "不认识的项“author”"),
    ('header = "罚款"\n', 'headr = "罚款"\n', "不认识的项“headr”"),
    ('header = "罚款"\n', "", "缺少“header”"),
    ('figure = "penalty_fine"', 'figure = "penalty_fines"', "没有编号为“penalty_fines”"),
    ('figure = "penalty_fine"', 'figure = "penalty_fine"\nunrecorded = true', "只写一种数据来源"),
    ('figure = "penalty_fine"', "unrecorded = false", "只能写 true"),
    ('figure = "penalty_fine"', 'figures = ["penalty_fine", "penalty_fine"]', "列了两次"),
    ('figure = "penalty_fine"', 'figures = ["penalty_fine", "fines_yuan"]', "单位不同"),
    ('figure = "penalty_fine"', 'figures = ["reconsideration_upheld_rate", "lawsuit_win_rate"]',
     "比率、人均数不能相加"),
    ('figure = "penalty_fine"', 'rule = "no_such_rule"', "没有名为“no_such_rule”的规则"),
    ('unit = "万元"', 'unit = "千元"', "单位“千元”与数据“penalty_money_yuan”的单位“元”不符"),
    ('figure = "penalty_fine"', "figure = 3", "“figure”应为一个数据编号"),
    ('id = "mine"', 'id = "other"', "应与文件名一致"),
    ("format = 1", "format = 2", "请升级程序"),
    ('id = "penalty"', 'id = "penalty"\nrequires_ledger = 7', "“requires_ledger”应为文字"),
]


@pytest.mark.parametrize(("old", "new", "says"), BAD)
def test_malformed_file_names_file_entry_and_fault(old, new, says):
    with pytest.raises(TemplateError) as caught:
        parse_text(_with(old, new), "mine.toml", expect_id="mine")
    message = str(caught.value)
    assert says in message and "mine.toml" in message
    assert "Traceback" not in message and "Error" not in message


def test_the_bad_entry_is_named_by_its_place_and_header():
    text = _with('figure = "penalty_fine"', 'figure = "nope"')
    with pytest.raises(TemplateError, match="第 1 个表格（行政处罚）的第 1 栏（罚款）"):
        parse_text(text, "mine.toml")


def test_an_absent_register_skips_checks_of_its_table_only():
    text = GOOD + """
[[tables]]
id = "later"
title = "以后才有的台账"
requires_ledger = "no_such_register"

[[tables.columns]]
header = "将来的指标"
figure = "an_indicator_of_a_later_version"
"""
    template = parse_text(text, "mine.toml")
    assert [t.id for t in template.drawn_tables()] == ["penalty"]
    with pytest.raises(TemplateError, match="没有编号为“nope”"):  # drawn tables are checked
        parse_text(text.replace('"penalty_fine"', '"nope"'), "mine.toml")


def test_a_register_without_its_figures_leaves_its_table_out_with_a_warning(db, data_dir,
                                                                           capsys):
    """A register that arrived before its indicators (or a template of a later version):
    the rest of the 年报 is still drawn, and 设置 and `lawgov config` say what is left out."""
    text = GOOD + """
[[tables]]
id = "cases2"
title = "案件补充"
requires_ledger = "cases"

[[tables.columns]]
header = "将来的指标"
figure = "an_indicator_of_a_later_version"
"""
    template = parse_text(text, "mine.toml")
    assert [t.id for t in template.drawn_tables()] == ["penalty"]
    assert template.warnings == (
        "年报模板“mine.toml”的表格“案件补充”不生成：本版本程序不计算其中的“an_indicator_of_a_later_version”",)
    with pytest.raises(TemplateError, match="只写一种数据来源"):  # its layout is still checked
        parse_text(text.replace('figure = "an_indicator', 'rule = "x"\nfigure = "an_indicator'),
                   "mine.toml")
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(text, encoding="utf-8")
    assert main(["config", "annual_template", "mine"]) == 0
    assert "注意：年报模板“mine.toml”的表格“案件补充”不生成" in capsys.readouterr().err


def test_user_folder_templates_and_their_problems(data_dir):
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(GOOD, encoding="utf-8")
    (folder / "broken.toml").write_text(_with("[[tables]]", "[[tables]"), encoding="utf-8")
    (folder / "national.toml").write_text(GOOD.replace("mine", "national"), encoding="utf-8")
    (folder / "gbk.toml").write_bytes(GOOD.replace("mine", "gbk").encode("gbk"))
    templates, problems = available(data_dir)
    assert [t.id for t in templates] == ["national", "example_7col", "mine"]
    assert not templates[2].builtin and load("mine", data_dir).province == "某省"
    assert load("national", data_dir).builtin  # a user file never replaces a shipped one
    joined = "\n".join(problems)
    assert "broken.toml" in joined and "gbk.toml" in joined and "UTF-8" in joined
    assert "national.toml”与程序自带的模板同名" in joined
    with pytest.raises(TemplateError, match="broken.toml"):
        load("broken", data_dir)
    with pytest.raises(TemplateError, match="找不到年报模板“zhejiang”") as caught:
        load("zhejiang", data_dir)
    assert str(folder) in str(caught.value)


def test_config_checks_the_template_exists_and_is_sound(db, data_dir, capsys):
    assert main(["config", "annual_template", "example_7col"]) == 0
    assert capsys.readouterr().out.strip() == "example_7col"
    assert db.get_setting("annual_template") == "example_7col"
    assert main(["config", "annual_template", "zhejiang"]) == 2
    err = capsys.readouterr().err
    assert "找不到年报模板“zhejiang”" in err and "Traceback" not in err
    folder = user_folder(data_dir)
    folder.mkdir(parents=True)
    (folder / "zhejiang.toml").write_text(_with('id = "mine"', 'id = "zhejiang"')
                                          .replace('"penalty_fine"', '"fine"'), encoding="utf-8")
    assert main(["config", "annual_template", "zhejiang"]) == 2
    err = capsys.readouterr().err
    assert "zhejiang.toml" in err and "没有编号为“fine”" in err
    assert db.get_setting("annual_template") == "example_7col"  # unchanged


# -- whatever a user drops in, the answer is a template or a TemplateError ------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lawgov_desktop.domain.annual_template import _Checker  # noqa: E402

_KEYS = st.sampled_from(["format", "id", "title", "province", "tables", "columns", "header",
                         "figure", "figures", "rule", "unrecorded", "unit", "note", "group",
                         "requires_ledger", "x"])
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True),
                    st.sampled_from(["", " ", "mine", "penalty_fine", "万元", "元", "cases",
                                     "appeals_total", "reconsideration_upheld_rate", "\n"]),
                    st.text(max_size=5))
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=12)


_COLUMN = st.dictionaries(_KEYS, _VALUES, max_size=4)
_SKELETON = st.builds(
    lambda columns, requires: {"id": "mine", "title": "年报", "tables": [
        {"id": "t", "title": "表", "columns": columns, **requires}]},
    st.lists(st.one_of(_COLUMN, st.fixed_dictionaries({"header": st.just("栏")}, optional={
        "figure": _VALUES, "figures": _VALUES, "rule": _VALUES, "unrecorded": _VALUES,
        "unit": _VALUES, "group": _VALUES})), min_size=1, max_size=3),
    st.sampled_from([{}, {"requires_ledger": "cases"}, {"requires_ledger": "later"}]))


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.dictionaries(_KEYS, _VALUES, max_size=6), _SKELETON))
def test_any_structure_is_a_template_or_a_chinese_refusal(data):
    try:
        _Checker("fuzz.toml").template(data, False, None)
    except TemplateError as exc:
        assert "fuzz.toml" in str(exc)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_a_template_or_a_chinese_refusal(text):
    try:
        parse_text(GOOD + text, "fuzz.toml")
    except TemplateError as exc:
        assert "fuzz.toml" in str(exc)
