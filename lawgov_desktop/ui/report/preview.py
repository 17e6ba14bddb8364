"""Report text as the editor shows it: the insert-figure menu, placeholder highlighting and
the read-only preview (one section, or the whole report as it will be exported)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...reports.document import Document, Heading, Paragraph, Sentence, Table
from ...reports.evidence import section_blocks
from ...reports.figures import BY_ID, INDICATORS, PLACEHOLDERS, Figures, Kind, formatted
from ...reports.generated import DESCRIPTIONS, GENERATED
from ...reports.template import (
    CONTEXT_NAMES,
    MISSING_TEXT,
    PLACE_NAMES,
    ReportSection,
    as_year_data,
    render_text,
)
from ...reports.yeardata import YearData

# Groups of the insert menu: the indicator that starts each group (DOMAIN.md §3 order).
GROUP_STARTS = {"cases_filed": "行政执法", "reconsiderations_total": "行政复议",
                "lawsuits_total": "行政诉讼", "trainings": "学法培训",
                "publicity_events": "普法宣传"}
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]{1,30})\}")
_TODO = re.compile(r"【待补充[^】]*】")


def figure_text(figures: Figures, figure_id: str) -> str:
    """The value as the report prints it, with its unit: "152宗", "36.5万元", "无数据"."""
    value = formatted(figures, figure_id)
    if value is None:
        return "无数据"
    fdef = BY_ID[figure_id]
    return value + fdef.unit if fdef.kind in (Kind.COUNT, Kind.DECIMAL) else value


def menu_groups(figures: Figures, context: Mapping[str, str]
                ) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group title, [(placeholder name, menu text)]) in menu order."""
    groups: list[tuple[str, list[tuple[str, str]]]] = [
        ("单位和年度", [(n, f"{n}（{context.get(n, '')}）")
                        for n in (*CONTEXT_NAMES, *PLACE_NAMES)])]
    for fdef in INDICATORS:
        if fdef.id in GROUP_STARTS:
            groups.append((GROUP_STARTS[fdef.id], []))
        groups[-1][1].append((fdef.label, f"{fdef.label}（{figure_text(figures, fdef.id)}）"))
        if fdef.id == "confiscations_yuan":
            label = BY_ID["penalty_money_yuan"].label
            groups[-1][1].append(
                (label, f"{label}（{figure_text(figures, 'penalty_money_yuan')}）"))
    groups.append(("整段文字（按台账记录自动生成，没有数据时不输出）",
                   [(n, f"{n}（{DESCRIPTIONS[n]}）") for n in GENERATED]))
    return groups


def build_insert_menu(parent: QWidget, figures: Figures, context: Mapping[str, str],
                      insert: Callable[[str], None]) -> QMenu:
    """A menu of submenus; choosing an entry calls ``insert("{名称}")``."""
    menu = QMenu(parent)
    menu.setObjectName("insertFigureMenu")
    menu.setToolTipsVisible(True)
    note = menu.addAction("插入占位符，导出时换成本年度数字；数量的单位写在其后，如“{立案}宗”")
    note.setEnabled(False)
    menu.addSeparator()
    for number, (title, entries) in enumerate(menu_groups(figures, context), start=1):
        sub = menu.addMenu(f"{title}(&{number})")
        for name, text in entries:
            action = sub.addAction(text)
            action.setData(name)
            if name in GENERATED:
                action.setToolTip(f"插入“{{{name}}}”：单独成行时按台账记录生成段落，"
                                  "每句都有台账依据；本年度没有相关记录时不输出")
            elif name in PLACEHOLDERS:
                fid = PLACEHOLDERS[name]
                shown = formatted(figures, fid) or "（无数据）"
                unit = f"，其后写单位“{BY_ID[fid].unit}”" if BY_ID[fid].kind is Kind.COUNT \
                    and BY_ID[fid].unit else ""
                action.setToolTip(f"插入“{{{name}}}”，导出时为“{shown}”{unit}")
            action.triggered.connect(lambda _=False, n=name: insert("{" + n + "}"))
        sub.setToolTipsVisible(True)
    return menu


def known_name(name: str) -> bool:
    return (name in CONTEXT_NAMES or name in PLACE_NAMES or name in PLACEHOLDERS
            or name in GENERATED)


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Known placeholders in blue, unknown ones in red with a wavy underline."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.known = QTextCharFormat()
        self.known.setForeground(QColor("#1d4f85"))
        self.known.setBackground(QColor("#e8f0fa"))
        self.unknown = QTextCharFormat()
        self.unknown.setForeground(QColor("#c0392b"))
        self.unknown.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.unknown.setUnderlineColor(QColor("#c0392b"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        for m in _TOKEN.finditer(text):
            if m.group(1) is None:
                continue
            fmt = self.known if known_name(m.group(1).strip()) else self.unknown
            self.setFormat(m.start(), m.end() - m.start(), fmt)


# -- preview HTML ------------------------------------------------------------------------

# The preview imitates the exported document (GB/T 9704): title in 小标宋, 一、 in 黑体,
# （一） in 楷体, body in 仿宋; each with fallbacks found on Windows and Linux.
SONG = ("'FZXiaoBiaoSong-B05S','方正小标宋简体','SimSun','宋体','AR PL SungtiL GB',"
        "'Noto Serif CJK SC'")
HEI = "'SimHei','黑体','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei'"
KAI = "'KaiTi','楷体','KaiTi_GB2312','楷体_GB2312','AR PL KaitiM GB'"
FANG = ["FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "AR PL SungtiL GB"]
_STYLE = ("<style>"
          f"h1{{font-family:{SONG};font-size:15pt;text-align:center;margin:6px 0 14px 0;}}"
          f"h2{{font-family:{HEI};font-size:13pt;font-weight:normal;margin:12px 0 4px 0;}}"
          f"h3{{font-family:{KAI};font-size:12pt;font-weight:normal;margin:10px 0 4px 0;}}"
          "h4{font-size:12pt;margin:8px 0 4px 0;}"
          "p{margin:0 0 6px 0;text-indent:2em;line-height:150%;}"
          "p.sign{text-align:right;text-indent:0;}p.note{color:#5f6b7a;text-indent:0;}"
          "td,th{border:1px solid #999;padding:2px 6px;}</style>")


def _marked(text: str) -> str:
    """Escaped text with unknown placeholders in red and missing figures in amber."""
    def mark(m: re.Match[str]) -> str:
        name = m.group(1)
        if name is None or known_name(name.strip()):
            return m.group(0)
        return f"<span style='color:#c0392b;text-decoration:underline'>{m.group(0)}</span>"
    out = _TOKEN.sub(mark, html.escape(text))
    out = _TODO.sub(lambda m: f"<span style='background:#fff2c6;color:#8a5a00'>{m.group(0)}</span>",
                    out)
    return out.replace(MISSING_TEXT, f"<span style='color:#8a5a00'>{MISSING_TEXT}</span>")


def _p(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{_marked(text)}</p>"


# A sentence is a link ("s<n>") when it has something to show in the 依据 panel; the link
# looks like the text around it (the preview imitates the printed page).
LINK_STYLE = "color:#1a1a1a;text-decoration:none"


def linkable(s: Sentence) -> bool:
    return s.origin != "user" or s.rests_on_data


def _paragraph(p: Paragraph, collect: list[Sentence] | None) -> str:
    if collect is None:
        return _p(p.text)
    out = []
    for s in p.sentences or (Sentence(p.text, "user"),):
        if linkable(s):
            out.append(f"<a href='s{len(collect)}' style='{LINK_STYLE}'>{_marked(s.text)}</a>")
            collect.append(s)
        else:
            out.append(_marked(s.text))
    return "<p>" + "".join(out) + "</p>"


def section_html(section: ReportSection, figures: Figures | YearData, context: Mapping[str, str],
                 heading: str | None = None, collect: list[Sentence] | None = None) -> str:
    """One section as it will read: its heading (``heading``, e.g. with its number, or the
    filled title), then its paragraphs; with `collect`, each sentence that rests on
    something is a link "s<n>" to ``collect[n]``."""
    parts = [_STYLE]
    title = heading if heading is not None else render_text(section.title.strip(), figures,
                                                            context)[0]
    if section.title.strip() and title:
        parts.append(f"<h3>{_marked(title)}</h3>")
    data = as_year_data(figures, context.get("单位", ""), int(context.get("年") or 0))
    blocks = section_blocks(section.body, data, context)
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"<h4>{_marked(block.text)}</h4>")
        elif isinstance(block, Paragraph):
            parts.append(_paragraph(block, collect))
    if not blocks:
        parts.append(_p("（本年度台账中没有本节的内容，导出时本节连同小标题不输出。）", "note"))
    return "".join(parts)


def _table_html(table: Table) -> str:
    rows = ["<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in r) + "</tr>"
            for r in table.header_rows]
    rows += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
             for r in table.rows]
    return (f"<h3>{html.escape(table.label)}　{html.escape(table.caption)}</h3>"
            f"<table cellspacing='0'>{''.join(rows)}</table>")


def document_html(doc: Document, problems: Sequence[str] = (),
                  collect: list[Sentence] | None = None) -> str:
    """The whole report: title, numbered headings, paragraphs, signature, attachments;
    with `collect`, sentences are links as in :func:`section_html`."""
    parts = [_STYLE, f"<h1>{html.escape(doc.title)}</h1>"]
    if doc.addressee:
        parts.append(f"<p class='note' style='color:black'>{html.escape(doc.addressee)}</p>")
    for block in doc.blocks:
        if isinstance(block, Heading):
            tag = {1: "h2", 2: "h3"}.get(block.level, "h4")
            parts.append(f"<{tag}>{_marked(block.label)}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(_paragraph(block, collect))
    parts += [_p(doc.signature_unit, "sign"), _p(doc.signature_date or "（成文日期）", "sign")]
    parts += [_table_html(t) for t in doc.attachments]
    if problems:
        parts.append("<p class='note'>——</p>")
        parts += [f"<p style='color:#c0392b;text-indent:0'>{html.escape(p)}</p>"
                  for p in problems]
    return "".join(parts)


class PreviewPanel(QWidget):
    """Read-only preview with a 本节 / 全文 switch; keeps its scroll position on updates.

    Sentences that rest on something are links: a click, or Tab to one and Enter, emits
    ``sentence_chosen(index, by_keyboard)`` for ``self.sentences[index]``."""

    mode_changed = Signal()
    sentence_chosen = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 0, 0, 0)
        row = QHBoxLayout()
        title = QLabel("预览（数字按台账自动填入）", self)
        title.setObjectName("sectionTitle")
        row.addWidget(title, 1)
        self.modes = QButtonGroup(self)
        for mode, (text, tip) in enumerate((("本节", "只看当前这一节"),
                                            ("全文", "整篇报告，编号与导出的文件一致"))):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setChecked(mode == 0)
            self.modes.addButton(button, mode)
            row.addWidget(button)
        self.modes.idClicked.connect(lambda _: self.mode_changed.emit())
        column.addLayout(row)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("reportPreview")
        self.browser.setOpenLinks(False)
        self.browser.setToolTip("点选一句（或按 Tab 移到一句后按 Enter）查看它的依据")
        self.browser.anchorClicked.connect(self._on_anchor)
        self.browser.installEventFilter(self)
        self.sentences: list[Sentence] = []
        self.chosen = -1
        self._by_key = False
        font = QFont(self.browser.font())
        font.setFamilies([*FANG, *font.families()])
        font.setPointSizeF(12)
        self.browser.setFont(font)
        column.addWidget(self.browser, 1)

    def full_text(self) -> bool:
        return self.modes.checkedId() == 1

    def set_full_text(self, full: bool) -> None:
        self.modes.button(1 if full else 0).setChecked(True)
        self.mode_changed.emit()

    def show_html(self, text: str, sentences: Sequence[Sentence] = ()) -> None:
        bar = self.browser.verticalScrollBar()
        scroll = bar.value()
        self.sentences = list(sentences)
        self.browser.setHtml(text)
        bar.setValue(scroll)
        self.mark(self.chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.browser and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._by_key = True  # the anchorClicked that follows came from the keyboard
        return super().eventFilter(watched, event)

    def _on_anchor(self, url: QUrl) -> None:
        by_key, self._by_key = self._by_key, False
        name = url.toString()
        if name.startswith("s") and name[1:].isdigit() and int(name[1:]) < len(self.sentences):
            self.choose(int(name[1:]), by_key)

    def choose(self, index: int, by_keyboard: bool = False) -> None:
        self.mark(index)
        self.sentence_chosen.emit(index, by_keyboard)

    def anchor_range(self, index: int) -> tuple[int, int] | None:
        """The document positions of sentence `index` (its link)."""
        href = f"s{index}"
        block = self.browser.document().begin()
        start = end = -1
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.isValid() and frag.charFormat().anchorHref() == href:
                    if start < 0:
                        start = frag.position()
                    end = frag.position() + frag.length()
                it += 1
            block = block.next()
        return (start, end) if start >= 0 else None

    def mark(self, index: int) -> None:
        """Shade the chosen sentence (-1: none)."""
        self.chosen = index
        span = self.anchor_range(index) if 0 <= index < len(self.sentences) else None
        if span is None:
            self.browser.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor("#dbe8f7"))
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        self.browser.setExtraSelections([selection])

    def focus_sentence(self) -> None:
        """Back to the chosen sentence from the 依据 list (Esc)."""
        self.browser.setFocus()
        span = self.anchor_range(self.chosen)
        if span is not None:
            cursor = self.browser.textCursor()
            cursor.setPosition(span[0])
            cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
            self.browser.setTextCursor(cursor)

    def text(self) -> str:
        return self.browser.toPlainText()
