"""Ctrl+Z: undo the last insert, edit, delete, restore or import made in this window;
Ctrl+Y (or Ctrl+Shift+Z): redo what was undone, until a new change is made.

Each step is undone and redone through the same validated storage calls as any edit (an edit
is undone by writing the previous values back, redone by writing the later ones), so the
change log records both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...storage import Database
from ...storage.records import to_input

ACTIONS = {"insert": "新建", "update": "修改", "delete": "删除", "restore": "恢复",
           "import": "导入", "restore_many": "恢复"}
MANY = ("import", "restore_many")  # steps over many records (record_ids)
LIMIT = 50


@dataclass(frozen=True)
class Step:
    ledger: str
    action: str  # insert, update, delete, restore, import
    record_id: str  # "" for an import
    title: str
    before: dict[str, Any] | None = None  # stored values before an update
    record_ids: tuple[str, ...] = ()  # the records an import stored
    after: dict[str, Any] | None = None  # stored values an undone update had (for redo)

    @property
    def text(self) -> str:
        return f"{ACTIONS[self.action]}“{self.title}”"


class UndoStack(QObject):
    changed = Signal()
    undone = Signal(str, str)  # ledger, record id

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.steps: list[Step] = []
        self.redo_steps: list[Step] = []

    def push(self, step: Step) -> None:
        self.steps.append(step)
        del self.steps[:-LIMIT]
        self.redo_steps.clear()  # a new change: what was undone cannot come back in order
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self.steps)

    def can_redo(self) -> bool:
        return bool(self.redo_steps)

    def text(self) -> str:
        return f"撤销{self.steps[-1].text}" if self.steps else "撤销"

    def redo_text(self) -> str:
        return f"重做{self.redo_steps[-1].text}" if self.redo_steps else "重做"

    def peek(self) -> Step | None:
        return self.steps[-1] if self.steps else None

    def _write(self, table: Any, record_id: str, values: dict[str, Any]) -> None:
        table.update(record_id, {f.key: to_input(f, values[f.key])
                                 for f in table.definition.fields})

    def undo(self) -> Step | None:
        """Undo the newest step; LedgerError propagates (e.g. the 案号 was reused meanwhile)."""
        if not self.steps:
            return None
        step = self.steps[-1]
        table = self.db.ledger(step.ledger)
        if step.action in MANY:  # to the 回收站, from where they can come back
            table.delete_many(step.record_ids)
        elif step.action == "insert" or step.action == "restore":
            table.delete(step.record_id)
        elif step.action == "delete":
            table.restore(step.record_id)
        elif step.action == "update" and step.before is not None:
            step = replace(step, after=table.get(step.record_id))
            self._write(table, step.record_id, step.before)
        self.steps.pop()
        self.redo_steps.append(step)
        self.changed.emit()
        self.undone.emit(step.ledger, step.record_id)
        return step

    def redo(self) -> Step | None:
        """Do again the step undone last; LedgerError propagates as for undo."""
        if not self.redo_steps:
            return None
        step = self.redo_steps[-1]
        table = self.db.ledger(step.ledger)
        if step.action in MANY:
            table.restore_many(step.record_ids)
        elif step.action == "insert" or step.action == "restore":
            table.restore(step.record_id)
        elif step.action == "delete":
            table.delete(step.record_id)
        elif step.action == "update" and step.after is not None:
            self._write(table, step.record_id, step.after)
        self.redo_steps.pop()
        self.steps.append(step)
        self.changed.emit()
        self.undone.emit(step.ledger, step.record_id)
        return step
