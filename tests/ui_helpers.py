"""Helpers for the GUI tests: type into the real form widgets as a user would."""

from __future__ import annotations

from typing import Any

from lawgov_desktop.ui.ledgers.record_form import RecordDialog


def fill(dialog: RecordDialog, values: dict[str, Any], qtbot: Any) -> None:
    """Type `values` into the form as a user would (keys into text boxes, picks in lists)."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    for key, value in values.items():
        editor = dialog.editors[key]
        kind = editor.fdef.type
        if kind in ("choice", "bool"):
            editor.combo.setCurrentText(value)  # type: ignore[attr-defined]
        elif kind == "multi":
            for choice, box in editor.boxes.items():  # type: ignore[attr-defined]
                box.setChecked(choice in value)
        else:
            widget = editor.focus_widget()
            assert isinstance(widget, (QLineEdit, QPlainTextEdit))
            widget.clear() if isinstance(widget, QPlainTextEdit) else widget.selectAll()
            type_text(qtbot, widget, str(value))


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """ASCII as key presses; Chinese as an input method delivers it (a commit string), since
    QTest can only synthesise ASCII keys."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
