"""One editor widget per field type, generated from a FieldDef (forms/).

Every editor offers the same small interface: `value()` gives what the user entered in the
form `LedgerTable.validate` accepts (text, or a list for multi-choice), `set_stored(value)`
shows a stored value, `set_input(value)` puts back what `value()` gave (a draft), and
`changed` fires on any edit. Parsing and checking stay in the
domain layer; editors only collect input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ...domain.ledgers import FieldDef
from ...domain.values import (
    ValueProblem,
    display_value,
    format_money,
    parse_date,
    parse_money,
    split_multi,
)

NUMBER_RE = {
    "integer": r"[0-9,，]*",
    "decimal": r"[0-9,，]*\.?[0-9]{0,2}",
    "money": r"[0-9,，]*\.?[0-9]{0,2}\s*万?元?",
    "percent": r"[0-9]{0,3}(\.[0-9]{0,2})?",
}
PLACEHOLDERS = {
    "date": "如 2024-03-05",
    "integer": "整数",
    "decimal": "数字",
    "money": "0.00",
    "percent": "0–100",
}


class FieldEditor(QWidget):
    """Base class: a labelled input for one field."""

    changed = Signal()

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fdef = fdef
        self.setObjectName(f"editor_{fdef.key}")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def value(self) -> Any:
        raise NotImplementedError

    def set_stored(self, stored: Any) -> None:
        raise NotImplementedError

    def set_input(self, value: Any) -> None:
        """Show an earlier `value()` again, exactly as it was typed."""
        self.set_stored(value)

    def focus_widget(self) -> QWidget:
        return self.focusProxy() or self

    def set_problem(self, severity: str | None) -> None:
        """Colour the input by the worst problem found for it (None: no problem)."""
        self.focus_widget().setProperty("problem", severity or "")
        widget = self.focus_widget()
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class TextEditor(FieldEditor):
    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        if fdef.multiline:
            self.edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(self)
            self.edit.setTabChangesFocus(True)
            self.edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
            self.edit.textChanged.connect(self.changed)
        else:
            self.edit = QLineEdit(self)
            self.edit.textEdited.connect(self.changed)
        self._layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        if isinstance(self.edit, QPlainTextEdit):
            return self.edit.toPlainText()
        return self.edit.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.edit, QPlainTextEdit):
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)

    def set_stored(self, stored: Any) -> None:
        self.set_text("" if stored is None else str(stored))


class NumberEditor(FieldEditor):
    """Integers, decimals, money (yuan) and percentages, typed as text and parsed by the domain."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.edit = QLineEdit(self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setPlaceholderText(PLACEHOLDERS[fdef.type])
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(NUMBER_RE[fdef.type]), self.edit))
        self.edit.textEdited.connect(self.changed)
        if fdef.type == "money":
            self.edit.editingFinished.connect(self._format_money)
        self._layout.addWidget(self.edit, 1)
        suffix = {"money": "元", "percent": "%"}.get(fdef.type)
        if suffix:
            self._layout.addWidget(QLabel(suffix, self))
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        text = self.edit.text().strip()
        if text and self.fdef.type == "percent":
            return text + "%"
        return text

    def set_input(self, value: Any) -> None:
        self.edit.setText(str(value or "").removesuffix("%"))

    def _format_money(self) -> None:
        """On leaving the field, show the amount as a clerk reads it: 1,234.50 (and what
        "1.2万" was taken for). Text that does not parse stays as typed for the check."""
        try:
            text = format_money(parse_money(self.edit.text())) if self.edit.text().strip() else ""
        except ValueProblem:
            return
        if text != self.edit.text():
            self.edit.setText(text)  # the same value: not an edit, the form stays unchanged

    def set_stored(self, stored: Any) -> None:
        if stored is None:
            text = ""
        elif self.fdef.type == "money":
            text = format_money(stored)
        elif self.fdef.type == "percent":
            text = f"{round(stored * 100, 2):g}"
        else:
            text = display_value(self.fdef, stored)
        self.edit.setText(text)


class DateEditor(FieldEditor):
    """A date typed in any usual Chinese form, or picked from a calendar (Alt+↓ or F4)."""

    def __init__(self, fdef: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(PLACEHOLDERS["date"])
        self.edit.setMaxLength(16)
        self.edit.textEdited.connect(self.changed)
        self.edit.editingFinished.connect(self._normalise)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("从日历中选择（Alt+↓）")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        self._layout.addWidget(self.edit, 1)
        self._layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        for keys in ("Alt+Down", "F4"):
            shortcut = QShortcut(QKeySequence(keys), self.edit)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_calendar)

    def value(self) -> str:
        return self.edit.text()

    def date(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(parse_date(self.edit.text())) if self.edit.text() else None
        except ValueProblem:
            return None

    def set_stored(self, stored: Any) -> None:
        self.edit.setText(stored or "")

    def _normalise(self) -> None:
        day = self.date()
        if day and day.isoformat() != self.edit.text():
            self.edit.setText(day.isoformat())
            self.changed.emit()

    def open_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        day = self.date() or dt.date.today()
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(qdate: QDate) -> None:
            self.edit.setText(qdate.toString("yyyy-MM-dd"))
            self.changed.emit()
            menu.close()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        calendar.setFocus()
        menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))


class ChoiceEditor(FieldEditor):
    """One choice (or 是/否), empty allowed; type-ahead works as in any combo box."""

    def __init__(self, fdef: FieldDef, choices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        self.combo = QComboBox(self)
        self.combo.currentIndexChanged.connect(self.changed)
        self._layout.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)
        self.set_choices(["是", "否"] if fdef.type == "bool" else choices)

    def set_choices(self, choices: list[str]) -> None:
        current = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("")
        self.combo.addItems(choices)
        index = self.combo.findText(current) if current else 0
        if index < 0:  # a stored value no longer in the list stays visible
            self.combo.addItem(current)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    def value(self) -> str:
        return self.combo.currentText()

    def set_stored(self, stored: Any) -> None:
        self.set_input(display_value(self.fdef, stored) if stored is not None else "")

    def set_input(self, value: Any) -> None:
        text = str(value or "")
        index = self.combo.findText(text)
        if index < 0:
            self.combo.addItem(text)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class MultiEditor(FieldEditor):
    """Several choices as check boxes, two to a row, and one Tab stop like a radio group:
    Tab enters at the box last used, arrow keys move between boxes, Space toggles, Tab
    leaves. Only the current box takes Tab focus; the others take clicks."""

    COLUMNS = 2

    def __init__(self, fdef: FieldDef, choices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(fdef, parent)
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for i, choice in enumerate(choices):
            check = QCheckBox(choice, box)
            check.toggled.connect(self.changed)
            check.installEventFilter(self)
            grid.addWidget(check, i // self.COLUMNS, i % self.COLUMNS)
            self.boxes[choice] = check
        self._layout.addWidget(box, 1)
        self._current = 0
        if self.boxes:
            self._make_current(0)

    def _make_current(self, index: int) -> None:
        boxes = list(self.boxes.values())
        self._current = index
        for i, check in enumerate(boxes):
            check.setFocusPolicy(Qt.FocusPolicy.StrongFocus if i == index
                                 else Qt.FocusPolicy.ClickFocus)
        self.setFocusProxy(boxes[index])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        boxes = list(self.boxes.values())
        if watched in boxes:
            index = boxes.index(watched)  # type: ignore[arg-type]
            if event.type() == QEvent.Type.FocusIn and index != self._current:
                self._make_current(index)  # clicked: Tab comes back here
            elif event.type() == QEvent.Type.KeyPress:
                step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                        Qt.Key.Key_Up: -self.COLUMNS, Qt.Key.Key_Down: self.COLUMNS
                        }.get(event.key())  # type: ignore[attr-defined]
                if step is not None:
                    target = min(max(index + step, 0), len(boxes) - 1)
                    self._make_current(target)
                    boxes[target].setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
        return super().eventFilter(watched, event)

    def value(self) -> list[str]:
        return [c for c, box in self.boxes.items() if box.isChecked()]

    def set_input(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set(split_multi(value))
        for choice, box in self.boxes.items():
            box.setChecked(choice in chosen)

    def set_stored(self, stored: Any) -> None:
        chosen = set(split_multi(stored))
        for choice, box in self.boxes.items():
            box.setChecked(choice in chosen)

    def set_problem(self, severity: str | None) -> None:
        for box in self.boxes.values():
            box.setProperty("problem", severity or "")
            box.style().unpolish(box)
            box.style().polish(box)


def make_editor(fdef: FieldDef, choices: list[str], parent: QWidget | None = None
                ) -> FieldEditor:
    match fdef.type:
        case "date":
            return DateEditor(fdef, parent)
        case "choice" | "bool":
            return ChoiceEditor(fdef, choices, parent)
        case "multi":
            return MultiEditor(fdef, choices, parent)
        case "integer" | "decimal" | "money" | "percent":
            return NumberEditor(fdef, parent)
    return TextEditor(fdef, parent)
