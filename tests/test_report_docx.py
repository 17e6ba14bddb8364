"""The .docx read back with python-docx: content, styles, East-Asian fonts, page setup."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from test_report_text import FIGURES, UNIT

from lawgov_desktop.reports import compose, default_sections
from lawgov_desktop.reports.docx import render_docx


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    doc = compose(default_sections(2024, UNIT), FIGURES, UNIT, 2024, dt.date(2025, 1, 5),
                  with_table=True)
    path = tmp_path_factory.mktemp("docx") / "r.docx"
    render_docx(doc, path)
    return docx.Document(str(path))


def _east_asia(style: docx.styles.style.BaseStyle) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None
    return fonts.get(qn("w:eastAsia"))


def test_page_setup(word: docx.document.Document) -> None:
    s = word.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    for value, mm in ((s.top_margin, 37), (s.bottom_margin, 35), (s.left_margin, 28),
                      (s.right_margin, 26)):
        assert abs(value - Mm(mm)) < Mm(0.1)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def test_styles_and_east_asian_fonts(word: docx.document.Document) -> None:
    normal = word.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert _east_asia(normal) == "仿宋"
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert pf.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert int(ind.get(qn("w:firstLine"))) == pytest.approx(2 * 15.79 * 20, abs=2)
    # 16 pt characters tightened so 28 fit the 156 mm line
    spacing = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * (16 + spacing / 20) <= 156 * 72 / 25.4 < 29 * (16 + spacing / 20)
    expected = {"Heading 1": "黑体", "Heading 2": "楷体", "Heading 3": "仿宋", "Heading 4": "仿宋"}
    for name, font in expected.items():
        style = word.styles[name]
        assert _east_asia(style) == font
        assert style.font.size == Pt(16) and not style.font.bold
        assert style.element.rPr.find(qn("w:color")) is None
    title = word.styles["报告标题"]
    assert _east_asia(title) == "方正小标宋简体" and title.font.size == Pt(22)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_paragraphs_and_heading_styles(word: docx.document.Document) -> None:
    paras = word.paragraphs
    # Too wide for one 2号 line: it breaks after the unit's name, as in the PDF.
    assert [p.text for p in paras[:2]] == [UNIT, "2024年法治政府建设年度报告"]
    assert paras[0].style.name == paras[1].style.name == "报告标题"
    assert paras[3].text == "县委、县人民政府："
    assert paras[3].paragraph_format.first_line_indent == 0
    by_style: dict[str, list[str]] = {}
    for p in paras:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert [t[:2] for t in by_style["Heading 1"]] == ["一、", "二、", "三、", "四、", "五、"]
    assert by_style["Heading 2"][0].startswith("（一）")
    texts = [p.text for p in paras]
    assert any(t.startswith("全年共立案152宗，结案147宗") for t in texts)
    assert "附表：2024年法治政府建设主要数据" in texts
    date = texts.index("2025年1月5日")
    unit = date - 1
    assert texts[unit] == UNIT
    assert date == unit + 1
    for i in (unit, date):
        assert paras[i].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    unit_right = int(paras[unit]._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))
    date_right = int(paras[date]._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))
    # 单位 8 chars, date 6 (digits count half): starting 2 chars right it ends level
    assert unit_right == 200 and date_right == 200
    label = paras[date + 1]
    assert label.text == "附表" and label.paragraph_format.page_break_before


def test_figures_table(word: docx.document.Document) -> None:
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "类别", "项目", "数据"]
    values = {row.cells[2].text: row.cells[3].text for row in table.rows[1:]}
    assert values["立案"] == "152宗" and values["罚没金额"] == "123.46万元"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    widths = [c.width for c in table.columns]  # w:gridCol: 3 / 5 / 13 / 7 characters
    assert widths[2] > widths[3] > widths[1] > widths[0]
    assert abs(sum(widths) - Mm(156)) < Mm(0.5)


def test_odd_even_page_number_footers(word: docx.document.Document) -> None:
    assert word.settings.odd_and_even_pages_header_footer
    s = word.sections[0]
    for footer, align in ((s.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        assert p.text.startswith("— ") and p.text.endswith(" —")
        instr = "".join(el.text for el in p._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
    assert _east_asia(word.styles["Footer"]) == "宋体"
    assert word.styles["Footer"].font.size == Pt(14)


def test_a_short_title_stays_on_one_line(tmp_path) -> None:
    doc = compose(default_sections(2024, "某局"), FIGURES, "某局", 2024, dt.date(2025, 1, 5))
    render_docx(doc, tmp_path / "r.docx")
    first = docx.Document(str(tmp_path / "r.docx")).paragraphs[0]
    assert first.text == "某局2024年法治政府建设年度报告"


def test_no_automatic_space_between_chinese_and_digits(word: docx.document.Document) -> None:
    for name in ("Normal", "报告标题", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        ppr = word.styles[name].element.pPr
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            assert ppr.find(qn(tag)).get(qn("w:val")) == "0", (name, tag)
        tags = [c.tag for c in ppr]  # schema order: autoSpace before spacing/ind/jc
        assert tags.index(qn("w:autoSpaceDN")) < tags.index(qn("w:spacing"))


def test_properties_name_the_unit_and_the_real_time(word: docx.document.Document) -> None:
    props = word.core_properties
    assert props.author == props.last_modified_by == UNIT
    assert props.title == UNIT + "2024年法治政府建设年度报告"
    assert "python-docx" not in (props.comments or "")
    now = dt.datetime.now(dt.UTC)
    assert abs((now - props.created.replace(tzinfo=dt.UTC)).total_seconds()) < 600
    rels = [r.reltype for r in word.part.package.rels.values()]
    assert not any(r.endswith("/thumbnail") for r in rels)
