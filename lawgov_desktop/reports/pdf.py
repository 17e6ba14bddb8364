"""PDF renderer (reportlab) following GB/T 9704-2012 (DOMAIN.md §7).

Text is set by our own fixed-grid line breaker (:mod:`.linebreak`): 22 lines of 28
characters per page, a 16 pt face tracked to the 15.79 pt grid pitch, lines justified to
the text width, 禁则 respected. Fonts are TrueType files embedded as subsets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:  # platypus (~20 ms to import) only for the attached table, see _draw_table
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus.flowables import Flowable

from . import layout as L
from .document import Document, Heading, Paragraph, Table, attachment_note, title_lines
from .fonts import FontChoice, FontSet, resolve_fonts, truetype
from .linebreak import break_lines

PAGE_W, PAGE_H = A4
LEFT = L.MARGIN_LEFT_MM * L.MM
TOP_Y = PAGE_H - L.MARGIN_TOP_MM * L.MM          # y of the text block's top edge
BOTTOM_Y = L.MARGIN_BOTTOM_MM * L.MM              # y of the text block's bottom edge
RIGHT = LEFT + L.BLOCK_WIDTH
# Baseline offset inside a grid row: centres an ideographic em box (-0.12..0.88 em).
EM_CENTRE = 0.38


def _register(choice: FontChoice) -> str:
    """Register a font file with reportlab once; return its name. The font was parsed when
    it was chosen (fonts.truetype): registering does not read it again."""
    font = truetype(choice.path, choice.subfont_index)
    if font.fontName not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(font)
    return font.fontName


@dataclass
class _Row:
    """One grid row: text at an x offset (from the block's left edge), or blank."""

    text: str = ""
    font: str = ""
    size: float = L.BODY_SIZE
    x: float = 0.0
    char_space: float = 0.0
    embolden: bool = False
    keep_with_next: bool = False


class PdfRenderer:
    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.names = {role: _register(c) for role, c in fonts.choices.items()}
        self.missing: dict[str, set[str]] = {}
        self.canvas: Canvas | None = None
        self.page = 0

    # -- measuring ---------------------------------------------------------------------
    def _font(self, role: str) -> str:
        return self.names[role]

    def _base_space(self, size: float) -> float:
        """Tracking that puts a full-width character of ``size`` on the grid pitch."""
        return L.CHAR_PITCH - size if size == L.BODY_SIZE else 0.0

    def _width_fn(self, font: str, size: float, cs: float) -> Callable[[str], float]:
        cache: dict[str, float] = {}

        def width(ch: str) -> float:
            if ch not in cache:
                cache[ch] = pdfmetrics.stringWidth(ch, font, size) + cs
            return cache[ch]
        return width

    def _text_rows(self, text: str, role: str, size: float = L.BODY_SIZE,
                   indent_chars: int = L.INDENT_CHARS, keep: bool = False) -> list[_Row]:
        font = self._font(role)
        cs = self._base_space(size)
        self._check_glyphs(text, role)
        lines = break_lines(text, self._width_fn(font, size, cs), L.BLOCK_WIDTH,
                            indent_chars * L.CHAR_PITCH)
        rows = []
        for line in lines:
            space = cs
            slack = L.BLOCK_WIDTH - line.indent - line.width
            if not line.last and len(line.text) > 1 and slack > 0.01:
                space += slack / (len(line.text) - 1)
            rows.append(_Row(line.text, font, size, line.indent, space, keep_with_next=keep))
        return rows

    def _check_glyphs(self, text: str, role: str) -> None:
        face = pdfmetrics.getFont(self._font(role)).face  # type: ignore[attr-defined]
        lost = {c for c in text if not c.isspace() and ord(c) not in face.charToGlyph}
        if lost:
            self.missing.setdefault(role, set()).update(lost)

    # -- building rows -------------------------------------------------------------------
    def _title_rows(self, doc: Document) -> list[_Row]:
        xbs = self.fonts["xbs"]
        font, size = self._font("xbs"), L.TITLE_SIZE
        self._check_glyphs(doc.title, "xbs")
        pieces = title_lines(doc.title, doc.signature_unit,
                             pdfmetrics.stringWidth(doc.title, font, size) > L.BLOCK_WIDTH)
        rows = []
        for piece in pieces:
            measure = self._width_fn(font, size, 0.0)
            for line in break_lines(piece, measure, L.BLOCK_WIDTH):
                x = (L.BLOCK_WIDTH - line.width) / 2
                rows.append(_Row(line.text, font, size, x, 0.0, xbs.embolden, True))
        rows.append(_Row())  # one blank line between title and body
        return rows

    def _signature_rows(self, doc: Document) -> list[_Row]:
        font, cs = self._font("fangsong"), self._base_space(L.BODY_SIZE)
        self._check_glyphs(doc.signature_unit + doc.signature_date, "fangsong")

        def width(s: str) -> float:
            return pdfmetrics.stringWidth(s, font, L.BODY_SIZE) + cs * len(s)
        right = L.BLOCK_WIDTH - L.SIGNATURE_RIGHT_CHARS * L.CHAR_PITCH
        unit_x = right - width(doc.signature_unit)
        date_x = unit_x + L.DATE_SHIFT_CHARS * L.CHAR_PITCH
        if date_x + width(doc.signature_date) > right:
            date_x = right - width(doc.signature_date)
            unit_x = date_x - L.DATE_SHIFT_CHARS * L.CHAR_PITCH
        return [_Row(keep_with_next=True),
                _Row(doc.signature_unit, font, L.BODY_SIZE, unit_x, cs, keep_with_next=True),
                _Row(doc.signature_date, font, L.BODY_SIZE, date_x, cs)]

    def _body_rows(self, doc: Document) -> list[_Row | Table]:
        out: list[_Row | Table] = []
        if doc.addressee:  # 主送机关: flush left on the line after the title's blank line
            out += self._text_rows(doc.addressee, "fangsong", indent_chars=0)
        for block in doc.blocks:
            if isinstance(block, Heading):
                role = L.HEADING_ROLES[block.level]
                out += self._text_rows(block.label, role, keep=True)
            elif isinstance(block, Paragraph):
                out += self._text_rows(block.text, "fangsong")
            else:
                out.append(block)
        note = attachment_note(doc.attachments)
        if note:
            out.append(_Row(keep_with_next=True))
            for i, line in enumerate(note):
                indent = L.INDENT_CHARS if i == 0 else L.INDENT_CHARS + 3
                out += self._text_rows(line, "fangsong", indent_chars=indent, keep=True)
        # The signature never stands alone on a page: it takes the last body line along.
        if out and isinstance(out[-1], _Row):
            out[-1].keep_with_next = True
        return out + self._signature_rows(doc)

    # -- drawing ---------------------------------------------------------------------------
    def render(self, doc: Document, path: Path) -> None:
        self.canvas = Canvas(str(path), pagesize=A4, invariant=True, pageCompression=1,
                             initialFontName=self._font("fangsong"))
        self.canvas.setTitle(doc.title)
        self.canvas.setAuthor(doc.signature_unit)
        self.canvas.setCreator("法治建设台账 LawGov Desktop")
        self._start_page()
        self._flow([*self._title_rows(doc), *self._body_rows(doc)], 0)
        for n, table in enumerate(doc.attachments, start=1):
            self._finish_page()
            self._start_page()
            label = table.label if len(doc.attachments) == 1 else f"{table.label}{n}"
            title = self._title_rows(Document(table.caption, (), "", ""))[:-1]
            rows = self._text_rows(label, "hei", indent_chars=0, keep=True)
            self._flow([*rows, _Row(keep_with_next=True), *title, _Row(), table], 0)
        self._finish_page()
        self.canvas.save()

    def _start_page(self) -> None:
        self.page += 1

    def _finish_page(self) -> None:
        self._page_number()
        assert self.canvas is not None
        self.canvas.showPage()

    def _flow(self, items: list[_Row | Table], row: int) -> int:
        groups: list[list[_Row | Table]] = []
        for item in items:
            if groups and isinstance(groups[-1][-1], _Row) and groups[-1][-1].keep_with_next:
                groups[-1].append(item)
            else:
                groups.append([item])
        for group in groups:
            size = len(group)
            if row > 0 and row + size > L.LINES_PER_PAGE and size <= L.LINES_PER_PAGE:
                row = self._new_page()
            for item in group:
                if isinstance(item, Table):
                    row = self._draw_table(item, row)
                    continue
                if row >= L.LINES_PER_PAGE:
                    row = self._new_page()
                if row == 0 and not item.text and self.page > 1:
                    continue  # no blank line at the top of a page
                self._draw_row(item, row)
                row += 1
        return row

    def _new_page(self) -> int:
        self._finish_page()
        self._start_page()
        return 0

    def _draw_row(self, item: _Row, row: int) -> None:
        if not item.text:
            return
        assert self.canvas is not None
        centre = TOP_Y - (row + 0.5) * L.LINE_PITCH
        # Text state (Tc, Tr) outlives BT/ET in PDF: keep it inside save/restore.
        self.canvas.saveState()
        y = centre - EM_CENTRE * item.size
        t = self.canvas.beginText(LEFT + item.x, y)
        t.setFont(item.font, item.size)
        if item.embolden:  # a light substitute for 小标宋: fill and stroke the glyphs
            self.canvas.setLineWidth(item.size * 0.035)
            t.setTextRenderMode(2)
        # Every glyph is placed on its grid position explicitly rather than through the
        # Tc operator: text extractors (pdfminer) drop Tc where reportlab switches subset.
        x = LEFT + item.x
        for ch in item.text:
            t.setTextOrigin(x, y)
            t.textOut(ch)
            x += pdfmetrics.stringWidth(ch, item.font, item.size) + item.char_space
        self.canvas.drawText(t)
        self.canvas.restoreState()

    def _page_number(self) -> None:
        assert self.canvas is not None
        text = f"— {self.page} —"
        font, size = self._font("song"), L.PAGE_NUMBER_SIZE
        width = pdfmetrics.stringWidth(text, font, size)
        inset = L.PAGE_NUMBER_INSET_CHARS * L.CHAR_PITCH
        x = RIGHT - inset - width if self.page % 2 else LEFT + inset
        top = BOTTOM_Y - L.PAGE_NUMBER_GAP_MM * L.MM
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, top - 0.88 * size, text)

    def _draw_table(self, table: Table, row: int) -> int:
        from reportlab.platypus import Table as RLTable
        from reportlab.platypus import TableStyle

        flow: Flowable = self._table_flowable(table)
        while True:
            avail = (L.LINES_PER_PAGE - row) * L.LINE_PITCH
            parts = flow.split(L.BLOCK_WIDTH, avail)
            if not parts:
                row = self._new_page()
                continue
            part = parts[0]
            if isinstance(part, RLTable):  # close the box where a page cuts the table
                part.setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black)]))
            _, height = part.wrap(L.BLOCK_WIDTH, avail)
            assert self.canvas is not None
            part.drawOn(self.canvas, LEFT, TOP_Y - row * L.LINE_PITCH - height)
            row += -int(-height // L.LINE_PITCH)
            if len(parts) == 1:
                return row
            flow = parts[1]
            row = self._new_page()

    def _table_flowable(self, table: Table) -> RLTable:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph as RLParagraph
        from reportlab.platypus import Table as RLTable
        from reportlab.platypus import TableStyle

        body = ParagraphStyle("cell", fontName=self._font("fangsong"), fontSize=L.TABLE_SIZE,
                              leading=L.TABLE_SIZE * 1.3, wordWrap="CJK", alignment=1)
        head = ParagraphStyle("head", parent=body, fontName=self._font("hei"))
        left = ParagraphStyle("left", parent=body, alignment=0)
        ncols = table.columns
        for row in table.header_rows + table.rows:
            self._check_glyphs("".join(row), "fangsong")
        data = [[RLParagraph(c, head) for c in r] for r in table.header_rows]
        data += [[RLParagraph(c, left if i == 2 else body) for i, c in enumerate(r)]
                 for r in table.rows]
        widths = _column_widths(ncols)
        first = len(table.header_rows)
        style: list[tuple[object, ...]] = [
            ("FONT", (0, 0), (-1, -1), self._font("fangsong"), L.TABLE_SIZE),  # not Helvetica
            ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
            ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.black),
            ("LINEBELOW", (0, 0), (-1, first - 1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        for i, row in enumerate(table.rows[1:], start=first + 1):
            # An empty 类别 cell continues the group above: no rule across that column.
            if ncols == 4 and not row[1]:
                style += [("LINEABOVE", (0, i), (0, i), 0.5, colors.black),
                          ("LINEABOVE", (2, i), (-1, i), 0.5, colors.black)]
            else:
                style.append(("LINEABOVE", (0, i), (-1, i), 0.5, colors.black))
        return RLTable(data, colWidths=widths, repeatRows=len(table.header_rows),
                       style=TableStyle(style))

    def warnings(self) -> list[str]:
        out = list(self.fonts.warnings)
        for role, chars in sorted(self.missing.items()):
            c = self.fonts[role]
            lost = "".join(sorted(chars))
            out.append(f"字体“{c.family}”缺少以下字符，PDF 中将显示为空白：{lost}")
        return out


def _column_widths(ncols: int) -> list[float]:
    """序号 | 类别 | 项目 | 数据 for the figures table; equal widths otherwise."""
    if ncols == 4:
        fixed = [3.0, 5.0, 0.0, 7.0]
        rest = L.CHARS_PER_LINE - sum(fixed)
        return [(f or rest) * L.CHAR_PITCH for f in fixed]
    return [L.BLOCK_WIDTH / max(ncols, 1)] * ncols


def render_pdf(doc: Document, path: Path | str, fonts: FontSet | None = None) -> list[str]:
    """Write ``doc`` as a GB/T 9704 PDF; return warnings (font substitutes, missing glyphs)."""
    from ..storage.atomic import atomic_output

    renderer = PdfRenderer(fonts or resolve_fonts())
    with atomic_output(Path(path), "导出年度报告") as tmp:
        renderer.render(doc, tmp)
    return renderer.warnings()
