"""The PDF read back with pdfplumber: GB/T 9704 geometry, fonts, 禁则 and figures."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from lawgov_desktop.reports import default_sections, export_report
from lawgov_desktop.reports.document import Document, Paragraph
from lawgov_desktop.reports.fonts import NoCjkFontError, resolve_fonts
from lawgov_desktop.reports.linebreak import NO_LINE_END, NO_LINE_START
from lawgov_desktop.reports.pdf import render_pdf

try:
    FONTS = resolve_fonts()
except NoCjkFontError:  # pragma: no cover - machines without any CJK TrueType font
    pytest.skip("no CJK TrueType font installed", allow_module_level=True)

from test_report_text import FIGURES, UNIT  # noqa: E402

MM = 72 / 25.4
LEFT, RIGHT = 28 * MM, (210 - 26) * MM
TOP, BOTTOM = 37 * MM, (297 - 35) * MM          # pdfplumber measures from the top
PITCH, LEADING = 156 * MM / 28, 225 * MM / 22
TOL = 0.6


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> pdfplumber.PDF:
    out = tmp_path_factory.mktemp("report")
    files = export_report(FIGURES, default_sections(2024, UNIT), UNIT, 2024, out,
                          formats=("pdf",), date=dt.date(2025, 1, 5), with_table=True)
    assert files[0].name == "某某县应急管理局2024年法治政府建设年度报告.pdf"
    assert any("仿宋" in w for w in files.warnings) == FONTS["fangsong"].substituted
    with pdfplumber.open(files[0]) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> pdfplumber.PDF:
    """Long unpunctuated paragraphs: every line but the last of each is full."""
    text = "依法行政建设法治政府" * 30
    doc = Document("测试", tuple(Paragraph(text) for _ in range(6)), UNIT, "2025年1月5日")
    path = tmp_path_factory.mktemp("dense") / "dense.pdf"
    render_pdf(doc, path, FONTS)
    with pdfplumber.open(path) as pdf:
        yield pdf


def _body_chars(page: pdfplumber.page.Page) -> list[dict]:
    return [c for c in page.chars if c["top"] < BOTTOM + 5 and c["text"].strip()]


def _lines(page: pdfplumber.page.Page) -> list[list[dict]]:
    rows: dict[int, list[dict]] = {}
    for c in _body_chars(page):
        rows.setdefault(round(c["top"]), []).append(c)
    return [sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items())]


def test_page_size_and_text_block(report: pdfplumber.PDF) -> None:
    for page in report.pages:
        assert page.width == pytest.approx(595.28, abs=0.1)
        assert page.height == pytest.approx(841.89, abs=0.1)
        chars = _body_chars(page)
        assert chars
        assert min(c["x0"] for c in chars) >= LEFT - TOL
        assert max(c["x1"] for c in chars) <= RIGHT + TOL
        assert min(c["top"] for c in chars) >= TOP - TOL
        assert max(c["bottom"] for c in chars) <= BOTTOM + TOL
    # body text really starts at the left margin and reaches the right one
    first = report.pages[0]
    assert min(c["x0"] for c in _body_chars(first)) == pytest.approx(LEFT, abs=TOL)
    assert max(c["x1"] for c in _body_chars(first)) == pytest.approx(RIGHT, abs=TOL)


def test_body_size_pitch_and_28_characters(report: pdfplumber.PDF, dense: pdfplumber.PDF) -> None:
    sizes = Counter(round(c["size"], 1) for p in report.pages[:4] for c in _body_chars(p))
    assert sizes.most_common(1)[0][0] == 16.0
    full = 0
    for page in dense.pages:
        for line in _lines(page):
            if line[-1]["x1"] < RIGHT - PITCH / 2:
                continue  # the title, signature or a paragraph's last line
            indent = round((line[0]["x0"] - LEFT) / PITCH)
            assert len(line) == 28 - indent
            gaps = [b["x0"] - a["x0"] for a, b in zip(line, line[1:], strict=False)]
            assert all(g == pytest.approx(PITCH, abs=0.02) for g in gaps)
            full += 1
    assert full > 30
    # In the report, a line of full-width characters from margin to margin holds 28 on
    # the grid pitch, unless 禁则 pushed its last character down (then it is justified).
    lines = [line for p in report.pages[:4] for line in _lines(p)]
    pushed = 0
    for i, ln in enumerate(lines):
        if not (all(not c["text"].isascii() for c in ln)
                and ln[0]["x0"] == pytest.approx(LEFT, abs=0.2)
                and ln[-1]["x1"] == pytest.approx(RIGHT, abs=TOL)):
            continue
        if len(ln) == 28:
            assert ln[1]["x0"] - ln[0]["x0"] == pytest.approx(PITCH, abs=0.02)
        else:
            assert len(ln) == 27 and lines[i + 1][1]["text"] in NO_LINE_START
            pushed += 1
    assert pushed < 10


def test_22_lines_per_page_on_the_grid(dense: pdfplumber.PDF) -> None:
    page = dense.pages[1]
    tops = sorted({round(c["top"], 3) for c in _body_chars(page)})
    assert len(tops) == 22
    steps = [b - a for a, b in zip(tops, tops[1:], strict=False)]
    assert all(s == pytest.approx(LEADING, abs=0.01) for s in steps)
    assert tops[-1] - tops[0] == pytest.approx(21 * LEADING, abs=0.02)


def test_title(report: pdfplumber.PDF) -> None:
    page = report.pages[0]
    title = [c for c in page.chars if round(c["size"]) == 22]
    text = "".join(c["text"] for c in title)
    assert text == "某某县应急管理局2024年法治政府建设年度报告"
    for line in _lines(page.crop((0, 0, page.width, TOP + 2 * LEADING))):
        centre = (line[0]["x0"] + line[-1]["x1"]) / 2
        assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)


def test_page_numbers_alternate_sides(report: pdfplumber.PDF) -> None:
    assert len(report.pages) >= 4
    for n, page in enumerate(report.pages, start=1):
        foot = [c for c in page.chars if c["top"] > BOTTOM]
        assert "".join(c["text"] for c in foot).replace(" ", "") == f"—{n}—"
        assert all(round(c["size"]) == 14 for c in foot)
        assert min(c["top"] for c in foot) == pytest.approx(BOTTOM + 7 * MM, abs=1 * MM)
        if n % 2:
            assert max(c["x1"] for c in foot) == pytest.approx(RIGHT - PITCH, abs=TOL)
        else:
            assert min(c["x0"] for c in foot) == pytest.approx(LEFT + PITCH, abs=TOL)


def test_fonts_embedded_truetype(report: pdfplumber.PDF) -> None:
    seen = 0
    for page in report.pages:
        fonts = resolve1(resolve1(page.page_obj.resources)["Font"])
        for ref in fonts.values():
            font = resolve1(ref)
            assert "STSong" not in str(font.get("BaseFont"))
            descriptor = resolve1(font["FontDescriptor"])
            assert "FontFile2" in descriptor, font.get("BaseFont")
            seen += 1
    assert seen >= 4


def test_no_line_starts_with_closing_punctuation(report: pdfplumber.PDF) -> None:
    for page in report.pages[:4]:
        for line in _lines(page):
            text = "".join(c["text"] for c in line)
            assert text[0] not in NO_LINE_START, text
            assert text[-1] not in NO_LINE_END, text


def _text(report: pdfplumber.PDF) -> str:
    return "".join("".join(c["text"] for c in ln) for p in report.pages for ln in _lines(p))


def test_quoted_figures_equal_input(report: pdfplumber.PDF) -> None:
    text = _text(report)
    checks = {  # pattern → (indicator id, how the text shows it)
        r"立案(\d+)宗": ("cases_filed", int), r"结案(\d+)宗": ("cases_closed", int),
        r"行政处罚决定(\d+)宗": ("penalty_decisions", int),
        r"罚款([\d.]+)万元": ("fines_yuan", lambda s: float(s) * 10000),
        r"法制审核(\d+)件": ("legal_reviews", int),
        r"集体讨论(\d+)件": ("collective_reviews", int),
        r"陈述申辩(\d+)件": ("statements_heard", int),
        r"强制执行(\d+)件": ("court_enforcement_applications", int),
        r"行政复议案件(\d+)件": ("reconsiderations_total", int),
        r"行政诉讼案件(\d+)件": ("lawsuits_total", int),
        r"胜诉(\d+)件": ("lawsuits_won", int),
        r"复议维持率([\d.]+)%": ("reconsideration_upheld_rate", lambda s: float(s) / 100),
        r"胜诉率([\d.]+)%": ("lawsuit_win_rate", lambda s: float(s) / 100),
        r"出庭应诉(\d+)件": ("head_appearances", int),
        r"学法培训(\d+)场次": ("trainings", int), r"参训(\d+)人次": ("training_participants", int),
        r"宣传活动(\d+)场次": ("publicity_events", int),
        r"普法信息(\d+)篇": ("media_articles", int),
    }
    for pattern, (fid, convert) in checks.items():
        found = re.findall(pattern, text)
        assert found, pattern
        for value in found:
            assert convert(value) == pytest.approx(FIGURES[fid], abs=0.0006), (pattern, value)
    # counts from 10,000 up: 万 with one decimal, truncated, 余 when not exact
    assert re.findall(r"宣传资料([\d.]+万余?)份", text) == ["1.8万余"]  # 18,500
    assert re.findall(r"受众([\d.]+万余?)人次", text) == ["5.2万余"]  # 52,300
    money = re.search(r"罚没款([\d.]+)万元", text)
    assert money and float(money.group(1)) * 10000 == pytest.approx(
        FIGURES["fines_yuan"] + FIGURES["confiscations_yuan"], abs=50)


def test_signature_and_attachment(report: pdfplumber.PDF) -> None:
    text = _text(report)
    assert "附表：2024年法治政府建设主要数据" in text
    assert text.index("附表：") < text.index("某某县应急管理局2025年1月5日")
    last = report.pages[-1].extract_text()
    from lawgov_desktop.reports.template import figures_table

    # the table's header repeats on its last page, which ends with the table's last row
    assert "序号" in last and figures_table(FIGURES, 2024).rows[-1][2] in last
    assert "新媒体发文" in text and "126篇" in text
    # unit name two characters from the right, date shifted right of it
    for page in report.pages:
        lines = ["".join(c["text"] for c in ln) for ln in _lines(page)]
        if "2025年1月5日" in lines:
            lns = _lines(page)
            unit = lns[lines.index("2025年1月5日") - 1]
            assert "".join(c["text"] for c in unit) == UNIT
            assert unit[-1]["x1"] == pytest.approx(RIGHT - 2 * PITCH, abs=TOL)
            break
    else:
        pytest.fail("signature not found")


def test_pdf_is_deterministic(tmp_path: Path, dense: pdfplumber.PDF) -> None:
    doc = Document("标题", (Paragraph("正文，内容。"),), UNIT, "2025年1月5日")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_pdf(doc, a, FONTS)
    render_pdf(doc, b, FONTS)
    assert a.read_bytes() == b.read_bytes()


def test_missing_glyphs_are_reported(tmp_path: Path) -> None:
    doc = Document("标题", (Paragraph("正文\U0001f600内容。"),), UNIT, "2025年1月5日")
    warnings = render_pdf(doc, tmp_path / "x.pdf", FONTS)
    assert any("缺少以下字符" in w and "\U0001f600" in w for w in warnings)
