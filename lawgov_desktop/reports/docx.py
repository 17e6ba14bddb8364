"""DOCX renderer (python-docx): the same content and GB/T 9704 page setup as the PDF.

Word/WPS lay the text out themselves, so this file sets what they need: A4 and the
margins, a document grid of 22 lines × 28 characters, 16 pt body with exact 28.95 pt
line spacing and a two-character first-line indent, one style per heading level with
East-Asian fonts set through w:rFonts/@w:eastAsia (font.name alone only sets Latin text),
odd/even footers "— PAGE —".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from . import layout as L
from .document import (
    Document,
    Heading,
    Paragraph,
    Table,
    attachment_note,
    title_lines,
    title_too_wide,
)

# Font family names written into the file; the reader's machine supplies the fonts.
DEFAULT_FONT_NAMES: dict[str, str] = {
    "fangsong": "仿宋", "hei": "黑体", "kai": "楷体", "xbs": "方正小标宋简体", "song": "宋体",
}
LINE_SPACING = Pt(28.95)            # = docGrid linePitch 579 twips
TITLE_STYLE = "报告标题"
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
# Condense 16 pt characters so 28 fit the 156 mm line: the 15.79 pt pitch needs -0.21 pt,
# rounded down to whole twips (-0.25 pt) so that rounding never pushes the 28th off.
TRACKING_TWIPS = int((L.CHAR_PITCH - L.BODY_SIZE) * 20) - 1
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _rfonts_on(rpr: object, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_fonts(owner: object, name: str) -> None:
    """Set Latin and East-Asian fonts on a style, run or w:r element; drop theme fonts."""
    element = owner.element if hasattr(owner, "element") else owner
    _rfonts_on(element.get_or_add_rPr(), name)  # type: ignore[attr-defined]


def _set_indent_chars(pf_element: object, first_line: int = 0, right: int = 0,
                      left: int = 0) -> None:
    """Indents in characters (w:*Chars, hundredths), with twips for readers without them."""
    ppr = pf_element.get_or_add_pPr()  # type: ignore[attr-defined]
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    twips = L.CHAR_PITCH * 20
    for key, chars in (("firstLine", first_line), ("right", right), ("left", left)):
        if chars:
            ind.set(qn(f"w:{key}Chars"), str(round(chars * 100)))
            ind.set(qn(f"w:{key}"), str(round(chars * twips)))


# w:pPr children that must come after w:autoSpaceDE/DN (ECMA-376 order of CT_PPrBase).
_AFTER_AUTOSPACE = ("bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
                    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
                    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
                    "pPrChange")


def _no_auto_space(element: object) -> None:
    """autoSpaceDE/DN off: Word and WPS otherwise insert a space between Chinese and digits
    or Latin letters ("立案 120 宗"), which 公文 do not have."""
    ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
    after = {qn(f"w:{t}") for t in _AFTER_AUTOSPACE}
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        el = ppr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            successor = next((c for c in ppr if c.tag in after), None)
            if successor is None:
                ppr.append(el)
            else:
                successor.addprevious(el)
        el.set(qn("w:val"), "0")


def _plain_style(style: object, font: str, size: float, indent_chars: int = 0,
                 align: int | None = None) -> None:
    s = style
    s.font.size = Pt(size)  # type: ignore[attr-defined]
    s.font.bold = False  # type: ignore[attr-defined]
    s.font.italic = False  # type: ignore[attr-defined]
    rpr = s.element.get_or_add_rPr()  # type: ignore[attr-defined]
    for color in rpr.findall(qn("w:color")):
        rpr.remove(color)
    set_fonts(s, font)
    pf = s.paragraph_format  # type: ignore[attr-defined]
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_SPACING
    pf.widow_control = False
    if align is not None:
        pf.alignment = align
    if indent_chars:
        _set_indent_chars(s.element, first_line=indent_chars)  # type: ignore[attr-defined]
    _no_auto_space(s.element)  # type: ignore[attr-defined]


def _tracking(style: object, twips: int) -> None:
    """Character spacing (w:spacing, twentieths of a point) of a style's runs."""
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    el = rpr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        rpr.append(el)
    el.set(qn("w:val"), str(twips))


def _setup(d: DocxDocument, names: Mapping[str, str]) -> None:
    section = d.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    # Footer text sits so that the page number's top is 7 mm below the text block.
    section.footer_distance = Mm(L.MARGIN_BOTTOM_MM - L.PAGE_NUMBER_GAP_MM) - Pt(L.PAGE_NUMBER_SIZE)
    section.header_distance = Mm(15)
    # A line grid only: exact spacing gives the 22 lines, tightened character spacing the
    # 28 characters. (A "linesAndChars" grid is read differently by LibreOffice and WPS.)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(L.LINE_PITCH * 20)))  # 579: 22 must fit
    # Document defaults: the grid's character pitch is relative to the default size.
    defaults = d.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            for sz in ("w:sz", "w:szCs"):
                el = rpr.find(qn(sz))
                if el is None:
                    el = OxmlElement(sz)
                    rpr.append(el)
                el.set(qn("w:val"), str(int(L.BODY_SIZE * 2)))
            _rfonts_on(rpr, names["fangsong"])
    _plain_style(d.styles["Normal"], names["fangsong"], L.BODY_SIZE, L.INDENT_CHARS,
                 WD_ALIGN_PARAGRAPH.JUSTIFY)
    _tracking(d.styles["Normal"], TRACKING_TWIPS)
    title = d.styles.add_style(TITLE_STYLE, 1)
    title.base_style = d.styles["Normal"]
    _plain_style(title, names["xbs"], L.TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _tracking(title, 0)
    _set_indent_chars(title.element)  # no indent
    title.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
    for level, style_name in HEADING_STYLES.items():
        style = d.styles[style_name]
        _plain_style(style, names[L.HEADING_ROLES[level]], L.BODY_SIZE, L.INDENT_CHARS)
        style.paragraph_format.keep_with_next = True
    footer = d.styles["Footer"]
    _plain_style(footer, names["song"], L.PAGE_NUMBER_SIZE)
    _tracking(footer, 0)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    d.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = text or ""
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def _page_number(p: DocxParagraph, odd: bool) -> None:
    """ "— N —": odd pages right with one character in, even pages left."""
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    inset = L.PAGE_NUMBER_INSET_CHARS * L.CHAR_PITCH
    if odd:
        p.paragraph_format.right_indent = Pt(inset)
    else:
        p.paragraph_format.left_indent = Pt(inset)
    p.add_run("— ")
    _field(p, " PAGE ", "1")
    p.add_run(" —")


def _chars(text: str) -> float:
    """Width in grid characters: half-width characters count one half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _add(d: DocxDocument, text: str, style: str | None = None) -> DocxParagraph:
    return d.add_paragraph(text, style=style)


def _no_indent(p: DocxParagraph) -> None:
    _set_indent_chars(p._p)
    p._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
    p.paragraph_format.first_line_indent = Pt(0)


def _signature(d: DocxDocument, doc: Document) -> None:
    _add(d, "").paragraph_format.keep_with_next = True
    unit_w, date_w = _chars(doc.signature_unit), _chars(doc.signature_date)
    unit_right = float(L.SIGNATURE_RIGHT_CHARS)
    date_right = unit_right + unit_w - L.DATE_SHIFT_CHARS - date_w
    if date_right < L.SIGNATURE_RIGHT_CHARS:
        unit_right += L.SIGNATURE_RIGHT_CHARS - date_right
        date_right = L.SIGNATURE_RIGHT_CHARS
    for text, right in ((doc.signature_unit, unit_right), (doc.signature_date, date_right)):
        p = _add(d, text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _no_indent(p)
        _set_indent_chars(p._p, right=right)
        p.paragraph_format.keep_with_next = text == doc.signature_unit


# 序号 | 类别 | 项目 | 数据, in characters (as in the PDF).
_COLUMN_CHARS = (3.0, 5.0, 13.0, 7.0)


def _table(d: DocxDocument, table: Table, names: Mapping[str, str]) -> None:
    ncols = table.columns
    rows = table.header_rows + table.rows
    t = d.add_table(rows=len(rows), cols=ncols)
    t.style = d.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = _COLUMN_CHARS if ncols == 4 else [L.CHARS_PER_LINE / max(ncols, 1)] * ncols
    for column, chars in zip(t.columns, widths, strict=False):
        column.width = Pt(chars * L.CHAR_PITCH)  # w:gridCol, which LibreOffice/WPS read
    nhead = len(table.header_rows)
    for r, row in enumerate(rows):
        if r < nhead:
            trpr = t.rows[r]._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
        for c in range(ncols):
            cell = t.cell(r, c)
            cell.width = Pt(widths[c] * L.CHAR_PITCH)
            p = cell.paragraphs[0]
            _no_indent(p)
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if (c == 2 and r >= nhead) \
                else WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(row[c] if c < len(row) else "")
            run.font.size = Pt(L.TABLE_SIZE)
            set_fonts(run._r, names["hei"] if r < nhead else names["fangsong"])
    if ncols == 4:  # merge each 类别 group into one cell
        start = None
        for r in range(nhead, len(rows) + 1):
            if r == len(rows) or rows[r][1]:
                if start is not None and r - 1 > start:
                    merged = t.cell(start, 1).merge(t.cell(r - 1, 1))
                    for extra in merged.paragraphs[1:]:
                        extra._p.getparent().remove(extra._p)
                start = r


def _properties(d: DocxDocument, doc: Document) -> None:
    """File properties name the unit and the real time of writing, not python-docx's
    template (author "python-docx", created 2013)."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = d.core_properties
    props.title = doc.title
    props.subject = "法治政府建设年度报告"
    props.author = doc.signature_unit
    props.last_modified_by = doc.signature_unit
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.created = now
    props.modified = now
    props.revision = 1
    package = d.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # python-docx's sample page picture
            del package.rels[rid]
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML  # type: ignore[attr-defined]


# docProps/app.xml: the program that wrote the file (python-docx's says "Microsoft Macintosh
# Word" with its own template's counts).
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>法治建设台账 LawGov Desktop</Application><DocSecurity>0</DocSecurity>"
    "</Properties>"
).encode()


def render_docx(doc: Document, path: Path | str,
                font_names: Mapping[str, str] | None = None) -> None:
    """Write ``doc`` as a .docx with GB/T 9704 page setup and styles."""
    names = {**DEFAULT_FONT_NAMES, **(font_names or {})}
    d = docx.Document()
    _setup(d, names)
    _properties(d, doc)
    too_wide = title_too_wide(doc.title, L.BLOCK_WIDTH / L.TITLE_SIZE)
    for line in title_lines(doc.title, doc.signature_unit, too_wide):
        _add(d, line, TITLE_STYLE)
    _add(d, "")
    if doc.addressee:
        _no_indent(_add(d, doc.addressee))
    for block in doc.blocks:
        if isinstance(block, Heading):
            _add(d, block.label, HEADING_STYLES[block.level])
        elif isinstance(block, Paragraph):
            _add(d, block.text)
        else:
            _table(d, block, names)
    # The signature never stands alone on a page: chain the last body lines to it.
    if d.paragraphs:
        d.paragraphs[-1].paragraph_format.keep_with_next = True
    note = attachment_note(doc.attachments)
    if note:
        _add(d, "").paragraph_format.keep_with_next = True
        for i, line in enumerate(note):
            p = _add(d, line)
            p.paragraph_format.keep_with_next = True
            if i:
                _set_indent_chars(p._p, first_line=L.INDENT_CHARS + 3)
    _signature(d, doc)
    for n, table in enumerate(doc.attachments, start=1):
        label = table.label if len(doc.attachments) == 1 else f"{table.label}{n}"
        p = _add(d, label)
        p.paragraph_format.page_break_before = True
        _no_indent(p)
        set_fonts(p.runs[0]._r, names["hei"])
        _add(d, "")
        _add(d, table.caption, TITLE_STYLE)
        _add(d, "")
        _table(d, table, names)
    from ..storage.atomic import atomic_output

    with atomic_output(Path(path), "导出年度报告") as tmp:
        d.save(str(tmp))
