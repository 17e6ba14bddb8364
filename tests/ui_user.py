"""Drive the real main window as a user does, for the GUI acceptance tests.

Widgets are found by what the user sees: a field by its label, a menu entry by its Chinese
text, a dialog by its window title. Input goes where the keyboard focus is, as key presses
(Tab, Enter, arrows, Ctrl+N) and typed text; Chinese arrives as an input method commits it.
A modal dialog (the record form) is handled from inside its own event loop: `in_dialog`
schedules the user's steps, then triggers what opens it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QWidget,
)
from ui_helpers import type_text

MNEMONIC = re.compile(r"\(&\w\)|&")
TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A label as read on screen: no mnemonic (&F), no rich-text tags, no required mark."""
    return TAG.sub("", MNEMONIC.sub("", text)).replace("*", "").strip()


def menu_action(window: QMainWindow, *path: str) -> Any:
    """The QAction at a menu path given by its visible texts, e.g. ("页面", "执法案件")."""
    actions = window.menuBar().actions()
    action = None
    for step in path:
        action = next((a for a in actions if plain(a.text()) == step), None)
        assert action is not None, f"no menu entry “{step}” in {[plain(a.text()) for a in actions]}"
        menu = action.menu()
        actions = menu.actions() if isinstance(menu, QMenu) else []
    return action


def menu_texts(window: QMainWindow, name: str) -> list[str]:
    menu = menu_action(window, name).menu()
    return [plain(a.text()) for a in menu.actions() if not a.isSeparator()]


def choose_menu(window: QMainWindow, *path: str) -> None:
    """Click a menu entry by its path of visible texts."""
    action = menu_action(window, *path)
    assert action.isEnabled(), f"menu entry {'→'.join(path)} is disabled"
    action.trigger()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          widget: QWidget | None = None) -> None:
    """A key press where the keyboard focus is (or on `widget`)."""
    qtbot.keyClick(widget or focused(), key, modifier)


def shortcut(qtbot: Any, window: QWidget, keys: str) -> None:
    """A shortcut such as "Ctrl+2" pressed while `window` is the active window."""
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def type_here(qtbot: Any, text: str) -> None:
    """Type into the focused widget (replacing a selection, as typing does)."""
    type_text(qtbot, focused(), text)


def label_for(root: QWidget, text: str) -> QLabel:
    labels = [lb for lb in root.findChildren(QLabel) if plain(lb.text()) == text and lb.buddy()]
    assert labels, f"no field labelled “{text}”"
    return labels[0]


def field(root: QWidget, text: str) -> QWidget:
    """The input a label names (its buddy), as a user finds a field by its label."""
    buddy = label_for(root, text).buddy()
    assert buddy is not None
    return buddy


def click_field(qtbot: Any, root: QWidget, text: str) -> QWidget:
    """Click into the field labelled `text`; returns the input now focused."""
    widget = field(root, text)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    assert QApplication.focusWidget() is widget, f"“{text}” did not take the focus"
    return widget


def pick(qtbot: Any, combo: QWidget, text: str) -> None:
    """Choose `text` in a drop-down list with the arrow keys, as from the keyboard."""
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    for _ in range(combo.count() + 1):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    items = [combo.itemText(i) for i in range(combo.count())]
    raise AssertionError(f"“{text}” is not in the list {items}")


def problem_under(root: QWidget, text: str) -> str:
    """The message shown right under the field labelled `text` ("" when none is shown)."""
    editor: QWidget | None = field(root, text)
    while editor is not None and not editor.objectName().startswith("editor_"):
        editor = editor.parentWidget()
    assert editor is not None and editor.parentWidget() is not None
    grid = editor.parentWidget().layout()
    assert isinstance(grid, QGridLayout)
    row, column, _, _ = grid.getItemPosition(grid.indexOf(editor))
    item = grid.itemAtPosition(row + 1, column)
    below = item.widget() if item is not None else None
    if isinstance(below, QLabel) and not below.isHidden():
        return below.text()
    return ""


def in_dialog(qtbot: Any, title: str, steps: Callable[[QDialog], None],
              opens: Callable[[], object], timeout_ms: int = 5000) -> None:
    """Run `opens()` (which shows a modal dialog titled `title` and waits for it) and, once
    the dialog is up, `steps(dialog)` inside it. A failing step closes the dialog and fails."""
    errors: list[BaseException] = []
    done: list[bool] = []

    def poll(waited: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible() and dialog.isActiveWindow():
            if dialog.windowTitle() != title:
                shown = dialog.windowTitle()
                errors.append(AssertionError(f"dialog “{shown}” instead of “{title}”"))
                _close(dialog)
                return
            try:
                steps(dialog)
            except BaseException as exc:  # re-raised below, after the loop has ended
                errors.append(exc)
                _close(dialog)
            done.append(True)
            return
        if waited > timeout_ms:
            errors.append(AssertionError(f"no dialog “{title}” appeared"))
            return
        QTimer.singleShot(20, lambda: poll(waited + 20))

    QTimer.singleShot(0, poll)
    opens()
    if errors:
        raise errors[0]
    assert done, f"the dialog “{title}” was never handled"


def _close(dialog: QDialog) -> None:
    dialog.dirty = False  # type: ignore[attr-defined]  # no "放弃修改？" question on the way out
    dialog.done(QDialog.DialogCode.Rejected)
