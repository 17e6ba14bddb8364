"""Small modal questions in one place, so tests can answer them and texts stay consistent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def default_folder() -> str:
    """Where every file dialog starts: the user's 文档 folder, else the home folder (G4)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "确定",
            no: str = "取消", default_yes: bool = False) -> bool:
    """Ask yes or no. Enter means `no` unless `default_yes`: the button that deletes,
    discards or replaces something is never what a hurried Enter does. Pass `default_yes`
    only where `no` is the one that loses something (丢弃 a draft)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def save_file(parent: QWidget | None, title: str, suggested: str, filter_: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter_)
    return path


def choose_folder(parent: QWidget | None, title: str, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title, start)


def open_file(parent: QWidget | None, title: str, start: str, filter_: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start, filter_)
    return path


def show_text(parent: QWidget | None, title: str, intro: str, text: str) -> None:
    """A longer read-only text (a merge's conflicts) the user can scroll, select and copy."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    label = QLabel(intro, dialog)
    label.setWordWrap(True)
    layout.addWidget(label)
    if text:
        body = QPlainTextEdit(text, dialog)
        body.setReadOnly(True)
        layout.addWidget(body, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(720, 480 if text else dialog.sizeHint().height())
    dialog.exec()
