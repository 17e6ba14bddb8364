"""The record form, generated from a ledger's forms/ definition.

Keyboard-first: Tab follows the definition's order, Enter (or Ctrl+Enter in a note) saves,
Esc cancels and asks before discarding changes. Every problem the domain finds is shown next
to its field at once; nothing is stored until the record is valid. Warnings (a date after
today) are shown too and need a second 保存 to confirm.

What is typed is kept as a draft (ui/safety/drafts.py) a moment after each edit, and when
the program quits; saving or discarding deletes it. A draft found when the form opens is
offered back.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.validation import Problem, Validated
from ...domain.values import ValueProblem, parse_date
from ...storage import Database, DuplicateError, LedgerError, ValidationError
from ..safety import drafts
from ..shell import prompts
from .field_editors import FieldEditor, make_editor
from .inspection_panel import CaseInspections, InspectionPanel
from .names_editor import NamesEditor
from .officer_panel import OfficerPanel, people
from .record_panels import CASE_STEPS, AppealLink, CasePanel, connect_changes
from .review_panel import PANEL_FIELDS, ReviewPanel

WIDE_TYPES = {"multi"}


class RecordDialog(QDialog):
    """New (`record_id=None`) or existing record of one ledger."""

    open_record = Signal(str, str)  # ledger, record id
    # ledger, prefilled values: a new record of another register started from this one
    # (立案 from an inspection); the opener answers with `linked_saved`.
    new_record = Signal(str, dict)
    DRAFT_DELAY_MS = 2000  # a draft is written at most this long after an edit

    def __init__(self, db: Database, ledger: str, record_id: str | None = None,
                 parent: QWidget | None = None, restore_draft: bool | None = None,
                 prefill: dict[str, Any] | None = None) -> None:
        """`restore_draft`: None asks whether to restore a draft found for this form, True
        restores it without asking (the user already chose to at start). `prefill`: stored
        values a new record starts with."""
        super().__init__(parent)
        self.db = db
        self.table = db.ledger(ledger)
        self.definition = self.table.definition
        self.record_id = record_id
        self.before: dict[str, Any] | None = self.table.get(record_id) if record_id else None
        self.saved: dict[str, Any] | None = None
        self.dirty = False
        self._confirmed_warnings: list[str] = []
        self.editors: dict[str, FieldEditor] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.setObjectName(f"form_{ledger}")
        label = self.definition.record_label
        if self.before:
            self.setWindowTitle(f"编辑{label} — {self.before[self.definition.title_field]}")
        else:
            self.setWindowTitle(f"新建{label}")
        self._build()
        if self.before:
            for key, editor in self.editors.items():
                editor.set_stored(self.before[key])
        for key, value in (prefill or {}).items():
            if key in self.editors and not self.before:
                self.editors[key].set_stored(value)
        self._apply_conditions()
        self._update_panel()
        self.dirty = False
        self.edited: set[str] = set()  # fields typed into since the form opened
        for key, editor in self.editors.items():
            editor.changed.connect(self._on_change)
            editor.changed.connect(functools.partial(self.edited.add, key))
        self.data_dir = db.path.parent
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(self.DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.write_draft)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.write_draft)
        self._offer_draft(restore_draft, parent)
        # Fields the user has typed into and left: their problems show from then on, and a
        # problem shown clears as soon as the field is fixed (not only at 保存). A required
        # field merely passed through is not called empty until 保存.
        self.visited: set[str] = set()
        self.shown: set[str] = set()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)
        first = next(iter(self.editors.values()))
        first.setFocus()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("formSummary")
        self.summary.setWordWrap(True)
        self.summary.hide()
        outer.addWidget(self.summary)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(scroll)
        grid = QGridLayout(holder)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row, col = 0, 0
        for fdef in self.definition.fields:
            choices = self.db.choices(self.definition.key, fdef.key) if fdef.has_choices else []
            if fdef.names_of:  # people of another register, picked by name
                editor: FieldEditor = NamesEditor(
                    fdef, functools.partial(people, self.db, fdef.names_of), holder)
            else:
                editor = make_editor(fdef, choices, holder)
            wide = fdef.multiline or fdef.type in WIDE_TYPES or bool(fdef.names_of)
            if wide and col:
                row, col = row + 2, 0
            mark = "<span style='color:#c0392b'>*</span>" if fdef.required else ""
            label = QLabel(f"{mark}{fdef.label}", holder)
            label.setBuddy(editor.focus_widget())
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 5, 0, 0)
            problem = QLabel(holder)
            problem.setObjectName("problem")
            problem.setWordWrap(True)
            problem.hide()
            span = 3 if wide else 1
            grid.addWidget(label, row, col * 2)
            grid.addWidget(editor, row, col * 2 + 1, 1, span)
            grid.addWidget(problem, row + 1, col * 2 + 1, 1, span)
            self.editors[fdef.key] = editor
            self.problem_labels[fdef.key] = problem
            if wide or col:
                row, col = row + 2, 0
            else:
                col = 1
        grid.setRowStretch(row + 2, 1)
        scroll.setWidget(holder)
        body.addWidget(scroll, 1)
        self.panel: (CasePanel | AppealLink | ReviewPanel | OfficerPanel | InspectionPanel
                     | None) = None
        self.case_inspections: CaseInspections | None = None
        if self.definition.key == "reviews":
            self.panel = ReviewPanel(self.db, self)
            connect_changes(self.editors, PANEL_FIELDS, self._update_panel)
        elif self.definition.key == "officers":
            self.panel = OfficerPanel(self.db, self)
            connect_changes(self.editors, ("name", "cert_issued_on", "cert_expires_on",
                                           "status", "status_changed_on"), self._update_panel)
        elif self.definition.key == "cases":
            self.panel = CasePanel(self.db, self)
            keys = tuple(k for _, ks in CASE_STEPS for k in ks) + ("decision_type", "procedure")
            connect_changes(self.editors, keys, self._update_panel)
            if "inspections" in self.db.ledgers:
                self.case_inspections = CaseInspections(self.db, self)
                self.case_inspections.open_record.connect(self.open_record)
                self.editors["case_no"].changed.connect(self._update_panel)
        elif self.definition.key == "inspections":
            self.panel = InspectionPanel(self.db, self.record_id, self)
            self.panel.open_record.connect(self.open_record)
            self.panel.file_case.connect(self.file_case)
            connect_changes(self.editors, ("inspected_on", "target", "credit_code", "domain",
                                           "kind", "outcome", "related_case_no"),
                            self._update_panel)
        elif self.definition.key == "appeals":
            self.panel = AppealLink(self.db, self)
            self.panel.open_case.connect(lambda cid: self.open_record.emit("cases", cid))
            self._setup_case_link()
            keys = ("kind", "procedure", "received_on", "replied_on", "closed_on",
                    "opinion_on", "rectification_reported_on", "is_history")
            connect_changes(self.editors, keys, self._update_panel)
        if self.panel:
            side = QFrame(self)
            side.setObjectName("sidePanel")
            side_layout = QVBoxLayout(side)
            side_layout.addWidget(self.panel)
            if self.case_inspections:
                side_layout.addWidget(self.case_inspections)
            body.addWidget(side)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("保存（Enter / Ctrl+Enter）")
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setToolTip("取消（Esc）")
        for button in (self.save_button, cancel):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        width = 980 if self.panel else 860
        self.resize(width, min(760, 140 + 58 * ((len(self.definition.fields) + 1) // 2)))

    def _setup_case_link(self) -> None:
        editor = self.editors["related_case_no"]
        completer_model = QStringListModel(self)
        completer = QCompleter(completer_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line = editor.focus_widget()
        line.setCompleter(completer)  # type: ignore[attr-defined]
        panel = self.panel
        assert isinstance(panel, AppealLink)

        def typed(text: str) -> None:
            completer_model.setStringList(panel.suggestions(text))

        def settle() -> None:
            panel.lookup(editor.value())
            applicant = self.editors["applicant"]
            if panel.case and not applicant.value().strip():
                applicant.set_stored(panel.case["party"])

        line.textEdited.connect(typed)  # type: ignore[attr-defined]
        line.editingFinished.connect(settle)  # type: ignore[attr-defined]
        completer.activated.connect(lambda _text: settle())
        if self.before:
            panel.lookup(self.before["related_case_no"] or "")

    # -- behaviour ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def _on_change(self) -> None:
        self.dirty = True
        self._apply_conditions()
        if not self.draft_timer.isActive():
            self.draft_timer.start()

    # -- drafts ---------------------------------------------------------------------------

    def _offer_draft(self, restore: bool | None, parent: QWidget | None) -> None:
        draft = drafts.load_draft(self.data_dir, self.definition.key, self.record_id)
        if draft is None:
            return
        what = f"“{draft.title}”" if draft.title else ""
        if restore is None:
            restore = prompts.confirm(
                parent or self, "恢复未保存的内容",
                f"发现上次未保存的内容{what}（{draft.when()} 自动保存），是否恢复？\n"
                "可能是程序上次没有正常关闭。选择“丢弃”将删除这份内容。",
                yes="恢复", no="丢弃", default_yes=True)
        if not restore:
            drafts.delete_draft(self.data_dir, self.definition.key, self.record_id)
            return
        self.restore_values(draft.values)

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put earlier `values()` back into the form (a draft): marks the form changed."""
        for key, editor in self.editors.items():
            if key in values:
                editor.blockSignals(True)
                editor.set_input(values[key])
                editor.blockSignals(False)
        self._apply_conditions()  # only once every field is back
        self._update_panel()
        self.dirty = True

    def write_draft(self) -> None:
        """Keep what is typed (best effort: a full disk must not break the form)."""
        self.draft_timer.stop()
        if not self.dirty:
            return
        title = str(self.values().get(self.definition.title_field) or "")
        with contextlib.suppress(OSError):
            drafts.save_draft(self.data_dir, self.definition.key, self.record_id, title,
                              self.values())

    def discard_draft(self) -> None:
        self.draft_timer.stop()
        drafts.delete_draft(self.data_dir, self.definition.key, self.record_id)

    def _apply_conditions(self) -> None:
        """Fields that apply only to one type (审级, 负责人出庭) and dependent choice lists."""
        for fdef in self.definition.fields:
            editor = self.editors[fdef.key]
            if fdef.only_when:
                on = self.editors[fdef.only_when.field].value() == fdef.only_when.value
                if not on and editor.isEnabled() and editor.value():
                    editor.set_stored(None)
                if on and not editor.isEnabled() and fdef.default and not editor.value():
                    editor.set_stored(fdef.default)  # coming into use: its usual choice
                editor.setEnabled(on)
            if fdef.choices_by_field:
                basis = self.editors[fdef.choices_by_field].value()
                allowed = list(fdef.choices_by.get(basis, fdef.choices))
                if getattr(editor, "allowed", None) != allowed:
                    editor.allowed = allowed  # type: ignore[attr-defined]
                    editor.set_choices(allowed)  # type: ignore[attr-defined]

    def _update_panel(self) -> None:
        if self.case_inspections:
            self.case_inspections.lookup(self.editors["case_no"].value())
        if isinstance(self.panel, InspectionPanel):
            self.panel.update_from(self.table.validate(self.values()).values)
            return
        if self.panel is None:
            return
        dates: dict[str, Any] = {}
        for key, editor in self.editors.items():
            value = editor.value()
            if editor.fdef.is_date:
                try:
                    value = parse_date(value) if value.strip() else None
                except ValueProblem:
                    value = None
            dates[key] = value or None
        self.panel.update_from(dates)

    def editor_of(self, widget: QWidget | None) -> str | None:
        """The key of the field whose editor holds `widget` (the focused input), if any."""
        while widget is not None and widget is not self:
            if isinstance(widget, FieldEditor) and self.editors.get(widget.fdef.key) is widget:
                return widget.fdef.key
            widget = widget.parentWidget()
        return None

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving a field checks the record as it stands: that field's problems show, and
        every problem shown elsewhere that the change fixed (a date order) clears."""
        if new is None or new.window() is not self or not self.isVisible():
            return
        left = self.editor_of(old)
        if left is None or left == self.editor_of(new):
            return
        if left in self.edited:
            self.visited.add(left)
        if self.visited or self.shown:
            self.check_fields()

    def validate(self, raw: dict[str, Any]) -> Validated:
        """The domain's checks of the values, plus the panel's warnings that need other
        records (an inspection's cap, its inspectors' certificates)."""
        result = self.table.validate(raw)
        if isinstance(self.panel, InspectionPanel):
            result.problems += self.panel.problems(result.values)
        return result

    def file_case(self) -> None:
        """立案 from this inspection: a new case with its party, code and 执法领域."""
        values = self.table.validate(self.values()).values
        note = f"由{values.get('inspected_on') or ''}行政检查立案"
        prefill = {"party": values.get("target"), "party_type": "单位",
                   "id_number": values.get("credit_code"), "domain": values.get("domain"),
                   "source": "检查发现", "note": note}
        self.new_record.emit("cases", {k: v for k, v in prefill.items() if v})

    def linked_saved(self, ledger: str, record: dict[str, Any] | None) -> None:
        """The record started by `new_record` was saved: an inspection keeps its 案号. A
        stored inspection is updated at once, so closing this form does not lose the link."""
        self.activateWindow()  # back from the case's form
        if record is None or ledger != "cases":
            return
        case_no = record["case_no"]
        self.editors["related_case_no"].set_stored(case_no)
        self.editors["related_case_no"].setFocus()
        if self.record_id:
            with contextlib.suppress(LedgerError):
                self.before = self.table.update(self.record_id, {"related_case_no": case_no})
        self._update_panel()

    def check_fields(self) -> None:
        """Show the problems of the fields visited or already marked, without moving focus."""
        result = self.validate(self.values())
        wanted = self.visited | self.shown
        self.show_problems([p for p in result.problems if p.field in wanted],
                           focus=False, summary=bool(self.summary.isVisible()))

    def show_problems(self, problems: list[Problem], focus: bool = True,
                      summary: bool = True) -> None:
        """Mark each problem under its field (and clear the others). `focus` moves to the
        first problem (at 保存); `summary` updates the line at the top."""
        by_field: dict[str, list[Problem]] = {}
        general: list[str] = []
        for p in problems:
            if p.field in self.editors:
                by_field.setdefault(p.field, []).append(p)
            else:
                general.append(str(p))
        self.shown = set(by_field)
        for key, label in self.problem_labels.items():
            found = by_field.get(key, [])
            errors = [p for p in found if p.severity == "error"]
            self.editors[key].set_problem("error" if errors else "warning" if found else None)
            label.setProperty("severity", "error" if errors else "warning")
            label.setText("；".join(p.message for p in found))
            label.setVisible(bool(found))
            label.style().unpolish(label)
            label.style().polish(label)
        if not summary:
            return
        n_errors = sum(p.severity == "error" for p in problems)
        if n_errors:
            text = f"有 {n_errors} 处需要修改，已在对应栏目下方标出，修改后再保存。"
        elif problems:
            text = "请核对黄色提示；确认无误后再按一次“保存”。"
        else:
            text = ""
        self.summary.setText("\n".join([text, *general]).strip())
        self.summary.setProperty("severity", "error" if n_errors else "warning")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        self.summary.setVisible(bool(text or general))
        first = next((k for k in self.editors if k in by_field), None)
        if first and focus:
            self.editors[first].setFocus()

    def save(self) -> None:
        raw = self.values()
        result = self.validate(raw)
        warnings = [str(p) for p in result.warnings]
        if not result.ok:
            self.show_problems(result.problems)
            return
        if warnings and warnings != self._confirmed_warnings:
            self._confirmed_warnings = warnings
            self.show_problems(result.problems)
            return
        try:
            if self.record_id:
                self.saved = self.table.update(self.record_id, raw)
            else:
                self.saved = self.table.insert(raw)
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        except DuplicateError as exc:
            unique = self.definition.unique_fields
            key = unique[0].key if unique else None
            self.show_problems([Problem(key, unique[0].label if unique else "", str(exc))])
            return
        except LedgerError as exc:
            self.write_draft()  # the form stays open with its data; keep it on disk too
            prompts.error(self, "未能保存", f"{exc}\n\n表单中的内容仍然保留，可处理后再按“保存”。")
            return
        self.dirty = False
        self.discard_draft()
        self.accept()

    def done(self, result: int) -> None:
        app = QApplication.instance()
        if app is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._on_focus_changed)
        super().done(result)

    def reject(self) -> None:
        if self.dirty and not prompts.confirm(
                self, "放弃修改", "表单中有尚未保存的修改，确定放弃吗？", yes="放弃修改",
                no="继续编辑"):
            return
        self.dirty = False
        self.discard_draft()
        super().reject()
