"""年度报告 editor: the report's parts and sections on the left, the selected section's title
and text in the middle, a live preview with the ledger's figures on the right.

Each section keeps its own QTextDocument, so its undo history survives switching sections.
Edits are kept in memory and stored (all sections of the year, one transaction) on Ctrl+S,
when switching section or year, when the page is hidden and before an export. A failed save
keeps the text in the editor and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.values import ValueProblem, parse_date
from ...reports import ExportedFiles, ReportSection, report_date
from ...reports.document import Sentence
from ...reports.evidence import evidence, section_blocks, sentences_of
from ...reports.template import compose_checked, context_for, render_text
from ...reports.year_report import (
    FORMATS,
    dated_year,
    default_section,
    empty_year_warning,
    load_sections,
    save_sections,
)
from ...reports.yeardata import YearData
from ...storage import Database, LedgerError, report_store
from ..shell import prompts
from ..shell.jobs import Job
from .evidence import EvidencePanel
from .export import (
    ExportDialog,
    ExportOptions,
    ExportResultDialog,
    default_folder,
    start_export,
)
from .preview import (
    PlaceholderHighlighter,
    PreviewPanel,
    build_insert_menu,
    document_html,
    linkable,
    section_html,
)
from .sections import SectionList


class ReportEditor(QWidget):
    saved = Signal()
    dirty_changed = Signal(bool)
    status_changed = Signal(str)
    exported = Signal(object)  # ExportedFiles, after the result dialog has opened
    export_failed = Signal(str)
    open_record = Signal(str, str)  # ledger, record id: from the 依据 list

    def __init__(self, db: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportEditor")
        self.db = db
        self.year = year
        self.sections: list[ReportSection] = []
        self.docs: list[QTextDocument] = []
        self.highlighters: list[PlaceholderHighlighter] = []
        self.current = -1
        self.figures: dict[str, object] = {}
        self.data: YearData | None = None
        self.context: dict[str, str] = {}
        self.last_folder = default_folder()
        self.job: Job | None = None
        self.result_dialog: ExportResultDialog | None = None
        self._dirty = False
        self._build()
        self._load(year)

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        head = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        head.addWidget(self.heading, 1)
        self.state_label = QLabel(self)
        head.addWidget(self.state_label)
        date_label = QLabel("成文日期(&D)", self)
        self.date_edit = QLineEdit(self)
        self.date_edit.setObjectName("reportDate")
        self.date_edit.setMaximumWidth(130)
        self.date_edit.setPlaceholderText("自动")
        self.date_edit.setToolTip(
            "本年度报告的成文日期，如 2026-01-15。留空：在次年1月1日至3月31日之间导出时"
            "用导出当天，其他时间导出留【待补充：成文日期】")
        self.date_edit.editingFinished.connect(self._on_date_edited)
        date_label.setBuddy(self.date_edit)
        head.addWidget(date_label)
        head.addWidget(self.date_edit)
        self.save_button = QPushButton("保存(&S)", self)
        self.save_button.setToolTip("保存本年度报告的全部修改（Ctrl+S）")
        self.save_button.clicked.connect(self.save)
        head.addWidget(self.save_button)
        self.export_button = QPushButton("导出(&E)…", self)
        self.export_button.setToolTip("导出 PDF、Word 年度报告和 Excel 统计表")
        self.export_button.clicked.connect(lambda: self.export())
        head.addWidget(self.export_button)
        layout.addLayout(head)
        save_action = QAction("保存", self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_action.triggered.connect(self.save)
        self.addAction(save_action)

        self.tree = SectionList(self)
        self.tree.currentItemChanged.connect(self._on_current_item)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._editor_panel())
        self.part_note = QLabel(self)
        self.part_note.setObjectName("hint")
        self.part_note.setWordWrap(True)
        self.part_note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(self.part_note)
        self.preview = PreviewPanel(self)
        self.preview.mode_changed.connect(self.update_preview)
        self.preview.sentence_chosen.connect(self.show_evidence)
        self.evidence_panel = EvidencePanel(self)
        self.evidence_panel.open_record.connect(self.open_record)
        self.evidence_panel.table.escape = self.preview.focus_sentence
        self.chosen: tuple[int, str] | None = None  # (index, start of its text)
        self.shown_sentence: Sentence | None = None
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("previewSplitter")
        right.addWidget(self.preview)
        right.addWidget(self.evidence_panel)
        right.setChildrenCollapsible(False)
        right.setSizes([420, 420])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.pages)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([260, 420, 680])
        self.splitter = splitter
        layout.addWidget(splitter, 1)

    def _editor_panel(self) -> QWidget:
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(6, 0, 6, 0)
        row = QHBoxLayout()
        label = QLabel("小标题(&T)", panel)
        self.title_edit = QLineEdit(panel)
        self.title_edit.setObjectName("sectionTitleEdit")
        self.title_edit.setPlaceholderText("（无小标题：正文直接接在上一级标题之后）")
        self.title_edit.textEdited.connect(self._on_title_edited)
        label.setBuddy(self.title_edit)
        row.addWidget(label)
        row.addWidget(self.title_edit, 1)
        column.addLayout(row)
        tools = QHBoxLayout()
        self.insert_button = QPushButton("插入数字(&N)", panel)
        self.insert_button.setToolTip("在光标处插入台账统计数字的占位符，导出时自动填入本年度数值")
        tools.addWidget(self.insert_button)
        self.reset_button = QPushButton("恢复模板文字(&R)", panel)
        self.reset_button.setToolTip("把本节的标题和正文恢复为模板文字（可用 Ctrl+Z 撤销）")
        self.reset_button.clicked.connect(lambda: self.reset_section())
        tools.addWidget(self.reset_button)
        self.expand_button = QPushButton("转为文字(&W)", panel)
        self.expand_button.setToolTip(
            "把本节的占位符换成本年度生成的文字，以便逐句改写或删去某一条"
            "（之后本节不再随台账更新；可用 Ctrl+Z 撤销）")
        self.expand_button.clicked.connect(lambda: self.expand_section())
        tools.addWidget(self.expand_button)
        tools.addStretch(1)
        column.addLayout(tools)
        # on a line of its own, wrapping, so the text column can narrow for the 依据
        hint = QLabel("每行一段；以“### ”开头的行为“1.”级标题", panel)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.body_edit = QPlainTextEdit(panel)
        self.body_edit.setObjectName("sectionBody")
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.cursorPositionChanged.connect(self._follow_line)
        self._line = -1
        font = self.body_edit.font()
        font.setPointSizeF(max(11.0, font.pointSizeF()))
        self.body_edit.setFont(font)
        column.addWidget(self.body_edit, 1)
        self.problem_label = QLabel(panel)
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        column.addWidget(self.problem_label)
        # Tab goes title → text; the buttons have Alt+N / Alt+R
        QWidget.setTabOrder(self.title_edit, self.body_edit)
        QWidget.setTabOrder(self.body_edit, self.insert_button)
        QWidget.setTabOrder(self.insert_button, self.reset_button)
        return panel

    # -- loading --------------------------------------------------------------------------

    def _load(self, year: int, key: str | None = None) -> None:
        self.year = year
        self.sections = load_sections(self.db, year)
        old_docs, self.docs, self.highlighters = self.docs, [], []
        for section in self.sections:
            doc = QTextDocument(self)
            doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
            doc.setDefaultFont(self.body_edit.font())
            doc.setPlainText(section.body)
            doc.contentsChanged.connect(self._on_body_changed)
            self.docs.append(doc)
            self.highlighters.append(PlaceholderHighlighter(doc))
        self.current = -1
        self.tree.fill([], {}, {})  # the old outline points at the old year's sections
        self.refresh()
        self.tree.fill(self.sections, self.figures, self.context)
        keys = [s.key for s in self.sections]
        self.tree.select(keys.index(key) if key in keys else 0)
        for doc in old_docs:
            doc.deleteLater()
        self._set_dirty(False)

    def refresh(self) -> None:
        """Re-read the year's figures and the unit name (after ledger or settings changes)."""
        unit = self.db.get_setting("unit_name")
        _, self.data = dated_year(self.db, self.year)
        self.shown_sentence: Sentence | None = None  # the records may have changed
        self.context = context_for(unit, self.year, self.data.place)
        self.figures = dict(self.data.figures)
        stored = report_store.load_date(self.db, self.year)
        self.date_edit.setText(stored.isoformat() if stored else "")
        self.heading.setText(f"{unit or '本单位'}{self.year}年法治政府建设年度报告")
        old = self.insert_button.menu()
        self.insert_button.setMenu(build_insert_menu(self, self.figures, self.context,
                                                     self.insert_placeholder))
        if old is not None:
            old.deleteLater()
        self.update_preview()

    # -- selection and editing ------------------------------------------------------------

    def select_section(self, index: int) -> None:
        self.tree.select(index)

    def current_section(self) -> ReportSection | None:
        return self.sections[self.current] if 0 <= self.current < len(self.sections) else None

    def _on_current_item(self, item: QListWidgetItem | None, _: object = None) -> None:
        if self._dirty:
            self.save()
        index = self.tree.index_of(item)
        if index is None:  # a part heading: show what it holds
            self.current = -1
            self.pages.setCurrentIndex(1)
            count = len(self.tree.children_of(item)) if item is not None else 0
            self.part_note.setText(f"“{self.tree.label(item)}”共 {count} 节。\n\n"
                                   "请在左侧选择一节进行编辑；右侧为本部分的预览。")
        else:
            self.current = index
            self.pages.setCurrentIndex(0)
            self.title_edit.setText(self.sections[self.current].title)
            self.body_edit.setDocument(self.docs[self.current])
        self.update_preview()
        self._line = -1  # the new text's first line move shows its 依据

    def _replace_current(self, **changes: str) -> None:
        section = self.current_section()
        if section is None:
            return
        updated = replace(section, **changes)
        if updated != section:
            self.sections[self.current] = updated
            self._set_dirty(True)
            self.update_preview()

    def _on_title_edited(self, text: str) -> None:
        self._replace_current(title=text)
        self.tree.relabel(self.sections, self.figures, self.context)

    def _on_body_changed(self) -> None:
        if 0 <= self.current < len(self.docs) and self.sender() is self.docs[self.current]:
            self._replace_current(body=self.docs[self.current].toPlainText())

    def insert_placeholder(self, token: str) -> None:
        """Insert e.g. "{立案}" at the cursor of the body (replacing a selection)."""
        if self.current < 0:
            return
        self.body_edit.insertPlainText(token)
        self.body_edit.setFocus()

    def reset_section(self, confirm: bool = True) -> bool:
        section = self.current_section()
        if section is None:
            return False
        try:
            default = default_section(self.db, self.year, section.key)
        except KeyError:
            prompts.error(self, "恢复模板文字", "本节不在当前模板中，没有可恢复的模板文字。")
            return False
        name = section.title or "本节"
        if confirm and not prompts.confirm(
                self, "恢复模板文字", f"把“{name}”的标题和正文恢复为模板文字吗？\n\n"
                "本节现有的文字将被替换（恢复后仍可按 Ctrl+Z 撤销正文的改动）。", yes="恢复"):
            return False
        self.title_edit.setText(default.title)
        self._on_title_edited(default.title)
        cursor = QTextCursor(self.docs[self.current])
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(default.body)  # one undoable step, unlike setPlainText
        self.status_changed.emit(f"已将“{default.title or '本节'}”恢复为模板文字")
        return True

    def expand_section(self) -> bool:
        """Replace the current section's placeholders by the text they give this year, so the
        user can reword or drop single sentences. One undoable step."""
        section = self.current_section()
        if section is None:
            return False
        text, _ = render_text(section.body, self._data(), self.context)
        lines = [line for line in text.splitlines() if line.strip()]
        cursor = QTextCursor(self.docs[self.current])
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText("\n".join(lines))
        self.status_changed.emit(f"已将“{section.title or '本节'}”的占位符转为文字，可直接修改")
        return True

    # -- preview and problems -------------------------------------------------------------

    def problems(self) -> list[str]:
        """Placeholder problems of the current section (title and body)."""
        section = self.current_section()
        if section is None:
            return []
        found = render_text(section.title, self._data(), self.context)[1]
        found += render_text(section.body, self._data(), self.context)[1]
        return list(dict.fromkeys(found))

    def update_preview(self) -> None:
        if not self.sections:
            return
        section, item = self.current_section(), self.tree.currentItem()
        shown: list[Sentence] = []
        if self.preview.full_text():
            doc, found = compose_checked(self.sections, self._data(),
                                         self.context.get("单位", ""), self.year,
                                         self.signature_date())
            text = document_html(doc, found, shown)
        elif section is not None:
            text = section_html(section, self._data(), self.context,
                                self.tree.label(item) if item else None, shown)
        else:  # a part: its sections one after another
            text = "".join(section_html(self.sections[i], self._data(), self.context,
                                        collect=shown)
                           for i in (self.tree.children_of(item) if item else []))
        self.preview.chosen = self._still_chosen(shown)
        self.preview.show_html(text, shown)
        if self.preview.chosen >= 0:
            self.show_evidence(self.preview.chosen)
        elif self.chosen is not None:
            self.chosen = self.shown_sentence = None
            self.evidence_panel.clear()
        found = self.problems()
        self.problem_label.setText("\n".join(f"⚠ {p}" for p in found))
        self.problem_label.setVisible(bool(found))

    def _still_chosen(self, shown: list[Sentence]) -> int:
        """The chosen sentence's index in a new preview: the same place, if the sentence
        there still starts alike (after a record was edited, its figures may change)."""
        if self.chosen is None:
            return -1
        index, start = self.chosen
        if index < len(shown) and shown[index].text.startswith(start):
            return index
        return -1

    def show_evidence(self, index: int, by_keyboard: bool = False) -> None:
        """Show what the preview's sentence `index` rests on; from the keyboard, move to its
        records (Enter opens one, Esc comes back)."""
        sentences = self.preview.sentences
        if not 0 <= index < len(sentences) or self.data is None:
            return
        sentence = sentences[index]
        self.chosen = (index, sentence.text[:8])
        if sentence != self.shown_sentence:  # not again on every keystroke in the text
            self.shown_sentence = sentence
            self.evidence_panel.show_evidence(evidence(self.db, self.data, sentence))
        if by_keyboard and self.evidence_panel.table.isVisible():
            self.evidence_panel.table.setFocus()

    def _follow_line(self) -> None:
        """The cursor moved to another line of the text: show the 依据 of its first sentence
        (a line such as {公示不足} is that finding's paragraph)."""
        line = self.body_edit.textCursor().blockNumber()
        if line == self._line or self.data is None or self.preview.full_text():
            self._line = line
            return
        self._line = line
        text = self.body_edit.textCursor().block().text().strip()
        if not text or text.startswith("#"):
            return
        mine = [s for s in sentences_of(section_blocks(text, self.data, self.context))
                if linkable(s)]
        shown = self.preview.sentences
        for s in mine:
            if s in shown:
                self.preview.choose(shown.index(s))
                return

    def _data(self) -> YearData | dict[str, object]:
        return self.data if self.data is not None else self.figures

    def signature_date(self) -> dt.date | str:
        return report_date(self.year, report_store.load_date(self.db, self.year))

    def _on_date_edited(self) -> None:
        """Store the typed 成文日期 for this year (empty: automatic), or say what is wrong."""
        text = self.date_edit.text().strip()
        try:
            date = dt.date.fromisoformat(parse_date(text)) if text else None
        except (ValueProblem, ValueError):
            prompts.error(self, "成文日期", f"无法识别的日期“{text}”，请写成 2026-01-15。")
            stored = report_store.load_date(self.db, self.year)
            self.date_edit.setText(stored.isoformat() if stored else "")
            return
        if date == report_store.load_date(self.db, self.year):
            return
        try:
            report_store.save_date(self.db, self.year, date)
        except LedgerError as exc:
            prompts.error(self, "成文日期未保存", str(exc))
            return
        self.date_edit.setText(date.isoformat() if date else "")
        _, self.data = dated_year(self.db, self.year)  # 公示 judged on the new date
        self.status_changed.emit(f"{self.year}年度报告的成文日期已"
                                 + (f"设为{date.year}年{date.month}月{date.day}日" if date
                                    else "改为自动"))
        self.update_preview()

    def preview_text(self) -> str:
        return self.preview.text()

    # -- saving ---------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        if dirty:
            self.state_label.setText("● 有未保存的修改（Ctrl+S 保存）")
            self.state_label.setObjectName("warningNote")
        else:
            stored = bool(report_store.load_sections(self.db, self.year))
            self.state_label.setText("已保存" if stored else "模板文字（尚未修改）")
            self.state_label.setObjectName("hint")
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
        if changed:
            self.dirty_changed.emit(dirty)

    def save(self) -> bool:
        """Store every section of the year in one transaction; False if that failed."""
        if not self._dirty:
            return True
        try:
            save_sections(self.db, self.year, self.sections)
        except LedgerError as exc:
            prompts.error(self, "保存失败", f"{exc}\n\n您输入的文字仍在编辑器中，请稍后再保存。")
            return False
        self._set_dirty(False)
        self.saved.emit()
        self.status_changed.emit(f"{self.year}年度报告已保存")
        return True

    def set_year(self, year: int) -> None:
        """Show another year's report (saving this one first); the same year: refresh."""
        if year == self.year and self.sections:
            self.refresh()
            self.tree.relabel(self.sections, self.figures, self.context)
            return
        if not self.save():
            self.status_changed.emit(f"未能保存{self.year}年度报告，仍显示该年度")
            return
        section = self.current_section()
        self._load(year, section.key if section else None)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        self.save()  # leaving the page, or closing the window (closing hides it)
        super().hideEvent(event)

    # -- export ---------------------------------------------------------------------------

    def export(self, folder: Path | str | None = None, formats: Sequence[str] = FORMATS, *,
               mask: bool = True, with_table: bool = False) -> Job | None:
        """Save, then write the files in the background. Without `folder`, ask in a dialog."""
        if not self.export_button.isEnabled() or not self.save():
            return None  # an export is already running, or the text could not be stored
        if folder is None:
            warning = empty_year_warning(self.year) if self.data and self.data.empty else ""
            dialog = ExportDialog(self.context.get("单位", ""), self.year, self.last_folder, self,
                                  warning=warning)
            if not dialog.exec():
                return None
            options = dialog.options()
        else:
            options = ExportOptions(Path(folder), tuple(formats), mask, with_table)
        self.last_folder = str(options.folder)
        self.export_button.setEnabled(False)
        self.job = start_export(self, self.db.path.parent, self.year, options,
                                lambda files: self._exported(files, options), self._export_failed)
        return self.job

    def _exported(self, files: ExportedFiles, options: ExportOptions) -> None:
        self.export_button.setEnabled(True)
        self.status_changed.emit(f"已导出 {len(files)} 个文件到 {options.folder}")
        self.result_dialog = ExportResultDialog(files, options.folder, self)
        self.result_dialog.open()
        if options.package:  # 上报: the folder with the .zip to e-mail, at once
            self.result_dialog.reveal()
        self.exported.emit(files)

    def _export_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        if message:
            prompts.error(self, "导出失败", message)
        else:
            self.status_changed.emit("已取消导出")
        self.export_failed.emit(message)
