"""帮助 → 使用说明 (F1): the clerk's guide, the same text as the README's first section
(resources/help/guide.md; a test keeps the two equal)."""

from __future__ import annotations

import re
from importlib import resources

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def guide_text() -> str:
    return resources.files("lawgov_desktop.resources").joinpath("help", "guide.md").read_text(
        encoding="utf-8")


def joined(text: str) -> str:
    """Markdown turns a wrapped line into a space, which Chinese text does not have: join a
    continuation line (indented, or plain text after text) straight onto the line before."""
    text = re.sub(r"(?<=[^\x00-\x7f])\n[ \t]+(?=\S)", "", text)  # an indented continuation
    return re.sub(r"(?<=[^\x00-\x7f])\n(?=[^\s|#>*\-\d])", "", text)  # a plain one


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle("使用说明")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(joined(guide_text()))
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 640)
