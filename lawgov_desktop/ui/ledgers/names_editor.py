"""The editor of a names field (forms/ `names_of`, e.g. trainings.参训执法人员): names
"、"-joined as people write them, picked from a register's people.

Keyboard first: typing after the last "、" pops up the people whose names contain what was
typed (Down/Up to choose, Enter or Tab to take one, which adds "、" for the next); F4 or
Alt+Down (or the 选择… button) opens a checklist of everyone, filtered by typing, Space to tick,
Enter to finish. Any other name may be typed: the form warns about names not in the register.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.ledgers import FieldDef
from ...domain.officers import NAME_SEPARATOR, join_names, split_names
from .field_editors import FieldEditor

_SEPARATORS = "、，,；; /／\u3000"


def current_token(text: str, cursor: int) -> tuple[int, str]:
    """(start, text) of the name being typed at `cursor`: after the last separator."""
    start = max(text.rfind(c, 0, cursor) for c in _SEPARATORS) + 1
    return start, text[start:cursor].strip()


class NamesLine(QLineEdit):
    """A line edit that completes the name at the cursor, not the whole text."""

    def __init__(self, names: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self.model = QStringListModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setWidget(self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.activated.connect(self.take)
        self.textEdited.connect(self._typed)

    def _typed(self, text: str) -> None:
        _, token = current_token(text, self.cursorPosition())
        if not token:
            self.completer_.popup().hide()
            return
        taken = set(split_names(text)) - {token}
        self.model.setStringList([n for n in self.names() if n not in taken])
        self.completer_.setCompletionPrefix(token)
        if self.completer_.completionCount() == 0:
            self.completer_.popup().hide()
            return
        self.completer_.popup().setCurrentIndex(self.completer_.completionModel().index(0, 0))
        self.completer_.complete()

    def take(self, name: str) -> None:
        """Put `name` in place of the name being typed, then "、" for the next one."""
        text, cursor = self.text(), self.cursorPosition()
        start, _ = current_token(text, cursor)
        end = cursor
        while end < len(text) and text[end] not in _SEPARATORS:
            end += 1
        before = text[:start].rstrip(_SEPARATORS)
        after = text[end:].lstrip(_SEPARATORS)
        head = f"{before}{NAME_SEPARATOR}{name}" if before else name
        self.setText(f"{head}{NAME_SEPARATOR}{after}")
        self.setCursorPosition(len(head) + 1)
        self.completer_.popup().hide()
        self.textEdited.emit(self.text())  # the editor's `changed`; the popup stays closed

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        popup = self.completer_.popup()
        if popup.isVisible() and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Return,
                                                 Qt.Key.Key_Enter):
            index = popup.currentIndex()
            if index.isValid():
                self.take(str(index.data()))
                return
        super().keyPressEvent(event)


class NamesDialog(QDialog):
    """Tick people from a list; typing filters it."""

    def __init__(self, title: str, names: list[str], chosen: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"选择{title}")
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("输入姓名筛选；↓ 进入列表，空格勾选，Enter 确定")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.list = QListWidget(self)
        for name in dict.fromkeys([*names, *chosen]):
            item = QListWidgetItem(name, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen
                               else Qt.CheckState.Unchecked)
            if name not in names:
                item.setToolTip("不在执法人员台账的在岗人员中")
        layout.addWidget(self.list, 1)
        self.count = QLabel(self)
        layout.addWidget(self.count)
        self.list.itemChanged.connect(lambda _item: self._update_count())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.installEventFilter(self)
        self.list.installEventFilter(self)
        self._update_count()
        self.resize(320, 420)

    def _filter(self, text: str) -> None:
        text = text.strip()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = bool(text) and text not in item.text()
            item.setHidden(hide)
            if not hide and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.filter and key == Qt.Key.Key_Down:
                self.list.setFocus()
                return True
            if watched is self.filter and key == Qt.Key.Key_Space and self.list.currentItem():
                self.toggle(self.list.currentItem())  # typing a name, space ticks it
                return True
            if watched is self.list and key == Qt.Key.Key_Space and self.list.currentItem():
                self.toggle(self.list.currentItem())
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def toggle(item: QListWidgetItem) -> None:
        on = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)

    def chosen(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _update_count(self) -> None:
        self.count.setText(f"已选 {len(self.chosen())} 人")


class NamesEditor(FieldEditor):
    """A names field: a completing line and a 选择… checklist (see the module docstring)."""

    def __init__(self, fdef: FieldDef, names: Callable[[], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.names = names
        self.edit = NamesLine(names, self)
        self.edit.setPlaceholderText("输入姓名（可筛选），多人以“、”分隔；F4 选择")
        self.edit.textEdited.connect(self.changed)
        self._layout.addWidget(self.edit, 1)
        self.pick_button = QToolButton(self)
        self.pick_button.setText("选择…")
        self.pick_button.setToolTip("从在岗执法人员中勾选（F4 / Alt+↓）")
        self.pick_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F4 from the line instead
        self.pick_button.clicked.connect(self.pick)
        self._layout.addWidget(self.pick_button)
        for keys in ("F4", "Alt+Down"):
            QShortcut(QKeySequence(keys), self.edit, self.pick,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.setFocusProxy(self.edit)
        self.dialog: NamesDialog | None = None

    def pick(self) -> None:
        chosen = split_names(self.edit.text())
        self.dialog = NamesDialog(self.fdef.label, self.names(), chosen, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            picked = self.dialog.chosen()
            # keep the order already typed, then the newly ticked in list order
            names = [n for n in chosen if n in picked] + [n for n in picked if n not in chosen]
            self.edit.setText(join_names(names))
            self.changed.emit()
        self.dialog = None
        self.edit.setFocus()

    def value(self) -> str:
        return self.edit.text()

    def set_stored(self, stored: Any) -> None:
        self.edit.setText("" if stored is None else str(stored))


__all__ = ["NamesDialog", "NamesEditor", "NamesLine", "current_token"]
