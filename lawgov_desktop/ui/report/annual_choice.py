"""设置 → 统计报表: which 年报 template the statistics workbook uses (setting `annual_template`,
domain/annual_template.py), where a province's template file goes, and what is wrong with any
file dropped there (the loader's Chinese message, never a traceback)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ...domain.annual_template import (
    DEFAULT_ID,
    Template,
    TemplateError,
    available,
    load,
    write_examples,
)
from ...domain.annual_template import user_folder as template_folder
from ...storage import Database
from ..shell import prompts


class AnnualTemplateBox(QGroupBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("统计报表", parent)
        self.setObjectName("annualTemplateBox")
        self.db = db
        self.data_dir = db.path.parent
        self.folder = template_folder(self.data_dir)
        form = QFormLayout(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("annualTemplate")
        self.combo.setToolTip("统计表中“行政执法数据年报”按哪个模板的表格和栏目生成")
        self.description = QLabel(self)
        self.description.setObjectName("hint")
        self.description.setWordWrap(True)
        self.problems = QLabel(self)
        self.problems.setObjectName("warningNote")
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        path = QLabel(str(self.folder), self)
        path.setObjectName("pathLabel")
        path.setWordWrap(True)
        path.setToolTip("本省的年报模板文件（.toml）放在这个文件夹中，"
                        "格式见 docs/annual-template.md")
        open_folder = QPushButton("打开模板文件夹", self)
        open_folder.clicked.connect(self.open_folder)
        reload = QPushButton("重新读取", self)
        reload.setObjectName("reloadTemplates")
        reload.setToolTip("放入或修改模板文件后，重新读取模板列表")
        reload.clicked.connect(self.reload)
        folder_row = QHBoxLayout()
        folder_row.addWidget(path, 1)
        folder_row.addWidget(open_folder)
        folder_row.addWidget(reload)
        form.addRow("年报模板", self.combo)
        form.addRow("", self.description)
        form.addRow("模板文件夹", folder_row)
        form.addRow("", self.problems)
        self.templates: dict[str, Template] = {}
        self.combo.currentIndexChanged.connect(self._describe)
        self.reload()

    def reload(self) -> None:
        """List the shipped templates and the folder's usable ones; name every bad file."""
        chosen = self.combo.currentData() if self.combo.count() else None
        current = chosen or self.db.get_setting("annual_template").strip() or DEFAULT_ID
        templates, problems = available(self.data_dir)
        self.templates = {t.id: t for t in templates}
        self.combo.blockSignals(True)
        self.combo.clear()
        for t in templates:
            where = "程序自带" if t.builtin else "模板文件夹"
            self.combo.addItem(f"{t.display_name} · {t.id}（{where}）", t.id)
        if current not in self.templates:
            try:  # chosen earlier, now unusable: keep it visible with the reason
                load(current, self.data_dir)
            except TemplateError as exc:
                reason = str(exc)
                if reason not in problems:
                    problems.insert(0, reason)
            self.combo.addItem(f"{current}（无法使用）", current)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        self._describe()
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    def _describe(self) -> None:
        template = self.templates.get(self.combo.currentData())
        if template is None:
            self.description.setText("这个模板现在无法使用，导出统计表会失败：请改正模板文件或另选模板。")
            return
        tables = "、".join(t.title for t in template.drawn_tables())
        self.description.setText("\n".join((f"表格：{tables}", *template.warnings)))
        self.description.setToolTip(template.description)

    def value(self) -> str:
        return str(self.combo.currentData() or DEFAULT_ID)

    def open_folder(self) -> None:
        try:  # with copies of the shipped templates to start from
            folder = write_examples(self.data_dir)
        except OSError as exc:
            prompts.error(self, "无法打开模板文件夹",
                          f"无法创建模板文件夹“{self.folder}”：{exc.strerror or exc}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
