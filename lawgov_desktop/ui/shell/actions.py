"""What a user does to one record — open, save, delete, restore, undo — in one place, so the
ledger views, the dashboard and the menus behave the same and every change can be undone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ...storage import Database, LedgerError
from . import prompts
from .undo import Step, UndoStack

if TYPE_CHECKING:
    from ..ledgers.record_form import RecordDialog


class RecordActions(QObject):
    changed = Signal(str, str)  # ledger, record id: something was written
    message = Signal(str)  # a short note for the status bar

    def __init__(self, db: Database, window: QWidget) -> None:
        super().__init__(window)
        self.db = db
        self.window = window
        self.undo_stack = UndoStack(db, self)

    def title(self, ledger: str, record: dict) -> str:
        return str(record.get(self.db.ledger(ledger).definition.title_field) or "")

    def open(self, ledger: str, record_id: str | None = None,
             restore_draft: bool | None = None, prefill: dict | None = None,
             parent: QWidget | None = None) -> str | None:
        """Show the form; returns the saved record's id, or None when cancelled.
        `restore_draft=True` puts back a draft a crash left without asking again; `prefill`
        starts a new record with these stored values."""
        # The form's module (editors, panels) loads with the first form, not at start-up.
        from ..ledgers.record_form import RecordDialog

        try:
            dialog = RecordDialog(self.db, ledger, record_id, parent or self.window,
                                  restore_draft, prefill)
        except LedgerError as exc:
            prompts.error(self.window, "无法打开", str(exc))
            return None
        dialog.open_record.connect(lambda led, rid: self.open(led, rid))
        dialog.new_record.connect(lambda led, values: self._open_linked(dialog, led, values))
        if not dialog.exec() or dialog.saved is None:
            return None
        saved = dialog.saved
        title = self.title(ledger, saved)
        note = ""
        if record_id is None:
            self.undo_stack.push(Step(ledger, "insert", saved["id"], title))
            note = f"已新建“{title}”"
        elif dialog.before and any(dialog.before[f.key] != saved[f.key]
                                   for f in self.db.ledger(ledger).definition.fields):
            self.undo_stack.push(Step(ledger, "update", saved["id"], title, dialog.before))
            note = f"已保存“{title}”"
        self.changed.emit(ledger, saved["id"])  # first: the list may switch year and page
        if note:
            self.message.emit(note)
        return str(saved["id"])

    def _open_linked(self, dialog: RecordDialog, ledger: str, values: dict) -> None:
        """A new record started from `dialog` (立案 from an inspection); tells it when saved."""
        saved = self.open(ledger, prefill=values, parent=dialog)
        dialog.linked_saved(ledger, self.db.ledger(ledger).get(saved) if saved else None)

    def delete(self, ledger: str, record_id: str, ask: bool = True) -> bool:
        table = self.db.ledger(ledger)
        try:
            record = table.get(record_id)
        except LedgerError as exc:
            prompts.error(self.window, "无法删除", str(exc))
            return False
        title = self.title(ledger, record)
        label = table.definition.record_label
        if ask and not prompts.confirm(
                self.window, "删除记录",
                f"删除{label}“{title}”？\n删除后可在“回收站”中恢复，也可按 Ctrl+Z 撤销。",
                yes="删除"):
            return False
        try:
            table.delete(record_id)
        except LedgerError as exc:
            prompts.error(self.window, "无法删除", str(exc))
            return False
        self.undo_stack.push(Step(ledger, "delete", record_id, title))
        self.message.emit(f"已删除“{title}”（Ctrl+Z 撤销）")
        self.changed.emit(ledger, record_id)
        return True

    def restore(self, ledger: str, record_id: str) -> bool:
        table = self.db.ledger(ledger)
        try:
            record = table.restore(record_id)
        except LedgerError as exc:
            prompts.error(self.window, "无法恢复", str(exc))
            return False
        title = self.title(ledger, record)
        self.undo_stack.push(Step(ledger, "restore", record_id, title))
        self.message.emit(f"已恢复“{title}”")
        self.changed.emit(ledger, record_id)
        return True

    def restore_many(self, ledger: str, record_ids: list[str]) -> bool:
        """Put a multi-selection of the 回收站 back in one transaction (all or none)."""
        table = self.db.ledger(ledger)
        try:
            count = table.restore_many(record_ids)
        except LedgerError as exc:
            prompts.error(self.window, "无法恢复", str(exc))
            return False
        label = table.definition.record_label
        self.undo_stack.push(Step(ledger, "restore_many", "", f"{count} 条{label}",
                                  record_ids=tuple(record_ids)))
        self.changed.emit(ledger, record_ids[0] if record_ids else "")
        self.message.emit(f"已恢复 {count} 条{label}（Ctrl+Z 撤销）")
        return True

    def undo(self) -> None:
        step = self.undo_stack.peek()
        if step is None:
            self.message.emit("没有可以撤销的操作")
            return
        if step.action == "import" and not prompts.confirm(
                self.window, "撤销导入",
                f"撤销导入的 {len(step.record_ids):,} 条记录？\n这些记录将移入回收站；"
                "撤销后可按 Ctrl+Y 重做，或在“回收站”中恢复。", yes="撤销导入"):
            self.message.emit("未撤销导入")
            return
        try:
            step = self.undo_stack.undo()
        except LedgerError as exc:
            prompts.error(self.window, "无法撤销", str(exc))
            return
        if step:  # the list refreshes first, so its own note does not hide this one
            self.changed.emit(step.ledger, step.record_id)
            self.message.emit(f"已撤销：{step.text}（Ctrl+Y 重做）")

    def redo(self) -> None:
        if not self.undo_stack.can_redo():
            self.message.emit("没有可以重做的操作")
            return
        try:
            step = self.undo_stack.redo()
        except LedgerError as exc:
            prompts.error(self.window, "无法重做", str(exc))
            return
        if step:
            self.changed.emit(step.ledger, step.record_id)
            self.message.emit(f"已重做：{step.text}")
