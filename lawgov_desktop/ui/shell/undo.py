"""Ctrl+Z: undo the last insert, edit, delete, restore or import made in this window.

Each step is undone through the same validated storage calls as any edit (an edit is undone
by writing the previous values back), so the change log records the undo too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...storage import Database
from ...storage.records import to_input

ACTIONS = {"insert": "新建", "update": "修改", "delete": "删除", "restore": "恢复",
           "import": "导入"}
LIMIT = 50


@dataclass(frozen=True)
class Step:
    ledger: str
    action: str  # insert, update, delete, restore, import
    record_id: str  # "" for an import
    title: str
    before: dict[str, Any] | None = None  # stored values before an update
    record_ids: tuple[str, ...] = ()  # the records an import stored

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

    def push(self, step: Step) -> None:
        self.steps.append(step)
        del self.steps[:-LIMIT]
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self.steps)

    def text(self) -> str:
        return f"撤销{self.steps[-1].text}" if self.steps else "撤销"

    def undo(self) -> Step | None:
        """Undo the newest step; LedgerError propagates (e.g. the 案号 was reused meanwhile)."""
        if not self.steps:
            return None
        step = self.steps[-1]
        table = self.db.ledger(step.ledger)
        if step.action == "import":  # to the 回收站, from where they can come back
            table.delete_many(step.record_ids)
        elif step.action == "insert" or step.action == "restore":
            table.delete(step.record_id)
        elif step.action == "delete":
            table.restore(step.record_id)
        elif step.action == "update" and step.before is not None:
            table.update(step.record_id, {f.key: to_input(f, step.before[f.key])
                                          for f in table.definition.fields})
        self.steps.pop()
        self.changed.emit()
        self.undone.emit(step.ledger, step.record_id)
        return step
