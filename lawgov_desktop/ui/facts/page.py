"""年度情况: the facts of the year (DOMAIN.md §10) as one form, for the year the window shows.

The form is generated from forms/facts.toml with the record forms' editors. A fact is saved
when its field is left (Tab, a click elsewhere, another page, another year, closing the
window) or Enter is pressed (which also moves on, as in a spreadsheet); a yes/no is saved when
chosen. What cannot be saved (a date that is not one, a part larger than its whole) stays
typed in its field with the reason under it, also when the year is switched and back: no
keystroke is lost. Ctrl+Z undoes typing inside a field as everywhere, and with nothing left
to undo there, the last saved change (also the 撤销 button).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.facts import FactDef, load_facts, show_fact
from ...storage import Database, LedgerError
from ...storage.facts import read_facts, set_facts
from ..ledgers.field_editors import FieldEditor, make_editor

INTRO = ("这些情况没有台账记录，按年度填写。离开栏目或按 Enter 即保存；"
         "填写的项目写入年度报告和统计表，未填写的项目不会出现在报告中。")


class FactsPage(QWidget):
    """The 年度情况 page: `set_year(year)` shows that year's facts."""

    changed = Signal()  # a fact was saved: the report and its figures are out of date
    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("factsPage")
        self.db = db
        self.form = load_facts()
        self.year = dt.date.today().year
        self.editors: dict[str, FieldEditor] = {}
        self.problems: dict[str, QLabel] = {}
        self.shown: dict[str, str] = {}  # key → the text shown for the stored value
        self.pending: dict[int, dict[str, str]] = {}  # year → texts that could not be saved
        self.undo_steps: list[tuple[int, str, Any]] = []  # (year, key, value before)
        self._loading = False
        self._build()
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)  # type: ignore[attr-defined]

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("pageTitle")
        top.addWidget(self.heading, 1)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("hint")
        top.addWidget(self.state_label)
        self.undo_button = QPushButton("撤销", self)
        self.undo_button.setToolTip(
            "撤销上一次保存的修改（在栏目中没有可撤销的输入时，Ctrl+Z 同样有效）")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        top.addWidget(self.undo_button)
        outer.addLayout(top)
        intro = QLabel(INTRO, self)
        intro.setObjectName("pageIntro")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(scroll)
        column = QVBoxLayout(holder)
        self.labels: list[QLabel] = []
        for group, facts in self.form.groups():
            box = QGroupBox(group, holder)
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(2)
            grid.setColumnStretch(2, 1)
            for i, fact in enumerate(facts):
                self._add_row(box, grid, 2 * i, fact)
            column.addWidget(box)
        column.addStretch(1)
        width = max(label.sizeHint().width() for label in self.labels)
        for label in self.labels:  # one label column across the groups, as one form
            label.setMinimumWidth(width)
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)

    def _add_row(self, box: QWidget, grid: QGridLayout, row: int, fact: FactDef) -> None:
        editor = make_editor(fact.field, [], box)
        editor.setMinimumWidth(220)
        editor.setMaximumWidth(420)
        editor.setToolTip(fact.help)
        label = QLabel(fact.label, box)
        label.setBuddy(editor.focus_widget())
        self.labels.append(label)
        help_text = QLabel(fact.help, box)
        help_text.setObjectName("hint")
        problem = QLabel(box)
        problem.setObjectName("problem")
        problem.setWordWrap(True)
        problem.hide()
        grid.addWidget(label, row, 0)
        grid.addWidget(editor, row, 1)
        grid.addWidget(help_text, row, 2)
        grid.addWidget(problem, row + 1, 1, 1, 2)
        self.editors[fact.key] = editor
        self.problems[fact.key] = problem
        for widget in (editor.focus_widget(), *editor.findChildren(QLineEdit)):
            widget.installEventFilter(self)
        if fact.type == "bool":  # a choice is made at once: nothing half-typed to wait for
            editor.changed.connect(lambda key=fact.key: self._chosen(key))

    # -- year -----------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        """Show `year`'s facts; what the previous year's fields hold is saved (or kept) first."""
        if self.editors and year != self.year:
            self.flush()
            self.undo_steps.clear()  # undo follows the year shown (the toolbar's year)
            self.undo_button.setEnabled(False)
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        unit = self.db.get_setting("unit_name") or "本单位"
        self.heading.setText(f"{unit}{self.year}年度情况")
        stored = read_facts(self.db, self.year)
        waiting = self.pending.get(self.year, {})
        self._loading = True
        try:
            for key, editor in self.editors.items():
                editor.set_stored(stored.get(key))
                self.shown[key] = editor.value()
                self._show_problem(key, None)
                if key in waiting:
                    editor.set_input(waiting[key])
        finally:
            self._loading = False
        self.state_label.setText("")
        for key in list(waiting):
            self.commit(key, retry=True)  # says again why not saved (or saves it, if now valid)

    # -- saving ---------------------------------------------------------------------------

    def commit(self, key: str, retry: bool = False) -> bool:
        """Save the field `key` if it changed; False when it cannot be (reason shown).
        Text already refused is tried again only when `retry` (the other facts may have
        changed since) or when it was edited."""
        editor = self.editors[key]
        text = editor.value()
        waiting = self.pending.get(self.year, {})
        if text == self.shown.get(key) and key not in waiting:
            return True
        if not retry and waiting.get(key) == text:
            return False
        fact = self.form.get(key)
        before = read_facts(self.db, self.year).get(key)
        try:
            set_facts(self.db, self.year, {key: text})
        except LedgerError as exc:
            waiting[key] = text
            self.pending[self.year] = waiting
            self._show_problem(key, str(exc))
            self.state_label.setText(f"“{fact.label}”未保存")
            return False
        waiting.pop(key, None)
        if not waiting:
            self.pending.pop(self.year, None)
        after = read_facts(self.db, self.year).get(key)
        self._loading = True
        try:
            editor.set_stored(after)  # as stored: 2025/6/3 → 2025-06-03
        finally:
            self._loading = False
        self.shown[key] = editor.value()
        self._show_problem(key, None)
        if after != before:
            self.undo_steps.append((self.year, key, before))
            self.undo_button.setEnabled(True)
            self._saved(fact, after, "已保存")
            for other in list(self.pending.get(self.year, {})):
                self.commit(other, retry=True)  # e.g. a part that now fits its raised whole
        return True

    def flush(self) -> bool:
        """Save every changed field of the year shown; False if any could not be saved."""
        return all([self.commit(key) for key in self.editors])

    def _saved(self, fact: FactDef, stored: Any, verb: str) -> None:
        shown = show_fact(fact, stored) or "（空）"
        stamp = dt.datetime.now().strftime("%H:%M")
        self.state_label.setText(f"{verb}（{stamp}）")
        self.status_changed.emit(f"{verb}{self.year}年“{fact.label}”：{shown}")
        self.changed.emit()

    def _chosen(self, key: str) -> None:
        if not self._loading:
            self.commit(key)

    def _show_problem(self, key: str, message: str | None) -> None:
        label = self.problems[key]
        label.setText(message or "")
        label.setVisible(bool(message))
        self.editors[key].set_problem("error" if message else None)

    def undo(self) -> None:
        """Take back the last saved change (a new change in the log, like any other)."""
        if not self.undo_steps:
            return
        year, key, before = self.undo_steps.pop()
        fact = self.form.get(key)
        try:
            set_facts(self.db, year, {key: show_fact(fact, before)})
        except LedgerError as exc:  # the other facts changed since: say why, keep the step
            self.undo_steps.append((year, key, before))
            self.status_changed.emit(f"无法撤销：{exc}")
            return
        self.undo_button.setEnabled(bool(self.undo_steps))
        self.pending.get(year, {}).pop(key, None)
        self.refresh()
        self._saved(fact, before, "已撤销")

    # -- events ---------------------------------------------------------------------------

    def _key_of(self, widget: QWidget | None) -> str | None:
        while widget is not None:
            if isinstance(widget, FieldEditor) and widget.fdef.key in self.editors:
                return widget.fdef.key
            widget = widget.parentWidget()
        return None

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        left = self._key_of(old)
        if left is not None and left != self._key_of(new) and self.isVisible():
            self.commit(left)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Undo):
            event.accept()  # Ctrl+Z is this form's, not the window's 撤销 (records)
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = self._key_of(watched if isinstance(watched, QWidget) else None)
            if key is None:
                return False
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.commit(key):
                    self.focusNextChild()
                return True
            if event.matches(QKeySequence.StandardKey.Undo):
                line = watched if isinstance(watched, QLineEdit) else None
                if line is None or not line.isUndoAvailable():
                    self.undo()
                    return True
        return False

    def hideEvent(self, event: Any) -> None:
        """Another page, or the window closing: what the fields hold is saved first (not
        once the session has closed the ledger, e.g. while the program ends)."""
        if not getattr(self.db, "_closed", False):
            self.flush()
        super().hideEvent(event)
