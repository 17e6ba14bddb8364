"""The main window: navigation (概览, the four ledgers, 年度报告, 设置), the year selector the
pages follow, menus and shortcuts, and the window state remembered between runs.

`attach(db)` builds the pages over an open ledger, `detach()` drops them all (the session does
so before a restore replaces the ledger file, then attaches the reopened one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QSettings, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ...domain.ledgers import get_ledger, ledger_keys

if TYPE_CHECKING:  # the pages (and storage beneath them) load after the window is shown
    from ...importing import ImportResult
    from ...storage import Database
    from ..ledgers.ledger_view import LedgerView
    from .actions import RecordActions

APP_TITLE = "法治建设台账"
def pages() -> tuple[str, ...]:
    """Page keys in 页面-menu order: 概览, every register in forms/ `order`, then the rest.
    年度情况 (facts) follows 年度报告 so the report keeps its Ctrl+number as registers come."""
    return ("dashboard", *ledger_keys(), "report", "facts", "settings")


def __getattr__(name: str) -> object:
    # PAGES is computed from forms/ when asked for, so a register added there is a page.
    if name == "PAGES":
        return pages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def dropped_workbook(mime: QMimeData) -> str | None:
    """The one local .xlsx file being dragged, if that is what it is."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) == 1 and urls[0].isLocalFile() and urls[0].toLocalFile().lower().endswith(
            ".xlsx"):
        return urls[0].toLocalFile()
    return None


def folder_id(folder: Path) -> str:
    """A short stable id of a data folder, for per-ledger window settings."""
    text = str(folder.expanduser().resolve())
    import hashlib  # (OpenSSL's module: ~5 ms, not needed before the window is shown)

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def page_shortcut(index: int) -> str | None:
    """Ctrl+1 … Ctrl+9 for the first nine pages in the 页面 menu; later pages have none."""
    return f"Ctrl+{index + 1}" if index < 9 else None


def window_title(unit: str) -> str:
    """The unit's name: the platform adds " — 法治建设台账" (the application's display name)
    itself, so the program's name once, not twice (trial s4, F1.2)."""
    return unit or APP_TITLE


def page_label(key: str) -> str:
    fixed = {"dashboard": "概览", "facts": "年度情况", "report": "年度报告", "settings": "设置"}
    return fixed.get(key) or get_ledger(key).label


class MainWindow(QMainWindow):
    restore_requested = Signal(str)  # 设置 → 备份与恢复 asks to replace the ledger by a file

    def __init__(self, db: Database | None, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        """With `db=None` the window is an empty frame until `attach(db)`: start-up shows it
        first and opens the ledger (and imports storage) right after."""
        super().__init__(parent)
        self.db: Database = None  # type: ignore[assignment]
        self.actions: RecordActions = None  # type: ignore[assignment]
        self.settings = settings
        self.setObjectName("mainWindow")
        self.pages: dict[str, QWidget] = {}
        self.stale: set[str] = set()
        self._build()
        self._build_menus()
        self._restore_geometry()
        self.setAcceptDrops(True)  # an .xlsx dropped on the window: 导入
        if db is not None:
            self.attach(db)

    def attach(self, db: Database) -> None:
        from .actions import RecordActions

        self.db = db
        self.actions = RecordActions(db, self)
        self.actions.changed.connect(self._on_changed)
        self.actions.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.actions.undo_stack.changed.connect(self._update_undo)
        unit = db.get_setting("unit_name")
        self.setWindowTitle(window_title(unit))
        self.path_label.setText(f"台账：{db.path}")
        self.fill_years()
        # The view is remembered per data folder: another ledger's year and page mean
        # nothing here, and a new (empty) ledger starts on this year's 概览.
        saved_year = self.settings.value(self._folder_key("year"))
        self.set_year(int(saved_year) if saved_year is not None else dt.date.today().year)
        page = self.settings.value(self._folder_key("page"), "dashboard")
        self.show_page(pages().index(page) if page in pages() else 0)

    def detach(self, message: str = "正在打开台账…") -> None:
        """Drop every page and the record actions: nothing uses the ledger any more."""
        if self.db is not None:
            self.save_state()
        for key, widget in list(self.pages.items()):
            self.stack.removeWidget(widget)
            self.stack.insertWidget(pages().index(key), QWidget(self.stack))
            widget.deleteLater()
        self.pages.clear()
        self.stale.clear()
        placeholder = self.stack.widget(0)
        label = QLabel(message, self.stack)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.removeWidget(placeholder)
        self.stack.insertWidget(0, label)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(0)
        if self.actions is not None:
            self.actions.deleteLater()
        self.actions = None  # type: ignore[assignment]
        self.db = None  # type: ignore[assignment]
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.path_label.setText("")

    def reload(self) -> None:
        """Rebuild every page over the same ledger (after a merge changed records under them)."""
        db, key = self.db, self.current_key()
        self.detach()
        self.attach(db)
        self.show_page(pages().index(key))
        if key == "settings":  # a merge is started from 设置 → 备份与恢复: stay there
            self.page("settings").show_backups()  # type: ignore[attr-defined]

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(APP_TITLE)
        toolbar = QToolBar("年度", self)
        toolbar.setObjectName("yearBar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" 年度 ", self))
        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("yearCombo")
        self.year_combo.setToolTip("概览、年度报告和各台账的年度筛选都按此年度显示")
        toolbar.addWidget(self.year_combo)
        self.addToolBar(toolbar)
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        for key in pages():
            QListWidgetItem(page_label(key), self.nav)
        self.nav.setFixedWidth(max(120, self.nav.sizeHintForColumn(0) + 40))
        self.stack = QStackedWidget(self)
        opening = QLabel("正在打开台账…", self.stack)
        opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(opening)
        for _ in pages()[1:]:
            self.stack.addWidget(QWidget(self.stack))  # replaced by the real page on first use
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.show_page)
        self.year_combo.currentIndexChanged.connect(self._on_year)
        self.path_label = QLabel(self)
        self.path_label.setObjectName("pathLabel")
        self.statusBar().addPermanentWidget(self.path_label)

    def _build_menus(self) -> None:
        def action(menu: object, text: str, keys: str | QKeySequence.StandardKey | None,
                   slot: Callable[[], object]) -> QAction:
            act = QAction(text, self)
            if keys is not None:
                act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            menu.addAction(act)  # type: ignore[attr-defined]
            return act

        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        action(file_menu, "新建记录", QKeySequence.StandardKey.New, self.new_record)
        action(file_menu, "从 Excel 导入台账…", "Ctrl+I", self.import_excel)
        action(file_menu, "导出当前列表为 Excel…", "Ctrl+E", self.export_current)
        file_menu.addSeparator()
        action(file_menu, "退出", QKeySequence.StandardKey.Quit, self.close)
        edit_menu = bar.addMenu("编辑(&E)")
        self.undo_action = action(edit_menu, "撤销", QKeySequence.StandardKey.Undo,
                                  lambda: self.actions and self.actions.undo())
        self.undo_action.setEnabled(False)
        self.redo_action = action(edit_menu, "重做", "Ctrl+Y",
                                  lambda: self.actions and self.actions.redo())
        # both spellings of redo: Ctrl+Y (Office, WPS) and Ctrl+Shift+Z
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setEnabled(False)
        action(edit_menu, "查找", QKeySequence.StandardKey.Find, self.find)
        view_menu = bar.addMenu("页面(&V)")
        for i, key in enumerate(pages()):
            # Ctrl+1…Ctrl+9 for the first nine pages, whatever pages the list holds.
            action(view_menu, page_label(key), page_shortcut(i), self._goto(i))
        help_menu = bar.addMenu("帮助(&H)")
        action(help_menu, "使用说明", QKeySequence.StandardKey.HelpContents, self.show_guide)
        action(help_menu, "关于", None, self.about)

    def _goto(self, index: int) -> Callable[[], None]:
        """A slot that shows page `index`. A closure, not `lambda i=i:`: QAction.triggered
        passes `checked`, which would land in the default argument (always page 0)."""
        def go() -> None:
            self.nav.setCurrentRow(index)

        return go

    def fill_years(self) -> None:
        current = self.year_combo.currentData()
        # the year on screen stays even when it has no record left (an import undone): the
        # box and the list's "当前：…年" must not part ways (trial s4, F3.3)
        kept = {current} if current is not None else set()
        years = sorted(set(self.db.years()) | {dt.date.today().year} | kept, reverse=True)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(f"{year}年", year)
        if current in years:
            self.year_combo.setCurrentIndex(years.index(current))
        self.year_combo.blockSignals(False)

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index < 0:
            years = sorted([*(self.year_combo.itemData(i) for i in range(self.year_combo.count())),
                            year], reverse=True)
            index = years.index(year)
            self.year_combo.blockSignals(True)
            self.year_combo.insertItem(index, f"{year}年", year)
            self.year_combo.blockSignals(False)
        self.year_combo.setCurrentIndex(index)

    # -- pages ----------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page widget, created on first use (start-up builds only what it shows)."""
        if key in self.pages:
            return self.pages[key]
        index = pages().index(key)
        widget: QWidget
        # Each page's module is imported when that page is first shown: start-up draws 概览
        # without loading the report (reportlab), the settings or the ledger views.
        if key == "dashboard":
            from ..dashboard.dashboard import Dashboard

            widget = Dashboard(self.db, self)
            widget.open_record.connect(self.open_record)
        elif key == "facts":
            from ..facts.page import FactsPage

            widget = FactsPage(self.db, self)
            widget.status_changed.connect(lambda t: self.statusBar().showMessage(t, 8000))
            widget.changed.connect(self._on_facts_changed)
        elif key == "report":
            from ..report.page import ReportPage

            widget = ReportPage(self.db, self)
            widget.status_changed.connect(lambda t: self.statusBar().showMessage(t, 8000))
            widget.open_record.connect(self.open_record)  # from the report's 依据
        elif key == "settings":
            from .settings_page import SettingsPage

            widget = SettingsPage(self.db, self)
            widget.changed.connect(self._on_settings_changed)
            widget.backups.restore_requested.connect(self.restore_requested)
            widget.backups.merged.connect(self.reload)
            widget.backups.status_changed.connect(
                lambda t: self.statusBar().showMessage(t, 8000))
        else:
            from ..ledgers.ledger_view import LedgerView

            widget = LedgerView(self.db, key, self.actions, self.settings, self)
            widget.status_changed.connect(lambda t: self.statusBar().showMessage(t, 8000))
            widget.year_requested.connect(self.set_year)
            widget.import_requested.connect(self.import_excel)
        old = self.stack.widget(index)
        self.stack.insertWidget(index, widget)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.pages[key] = widget
        self.stale.add(key)
        return widget

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(pages()) or self.db is None:
            return
        key = pages()[index]
        widget = self.page(key)
        if key in self.stale and hasattr(widget, "set_year"):
            widget.set_year(self.year)
        self.stale.discard(key)
        self.stack.setCurrentIndex(index)
        self.statusBar().clearMessage()
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)

    def current_key(self) -> str:
        return pages()[self.stack.currentIndex()]

    def ledger_view(self) -> LedgerView | None:
        return self._ledger_page(self.current_key())

    def _ledger_page(self, key: str) -> LedgerView | None:
        """The register page `key` if built. Told by key, not isinstance, so that asking
        (at exit, after a write) never imports the ledger views start-up left unloaded."""
        if key not in ledger_keys():
            return None
        return self.pages.get(key)  # type: ignore[return-value]

    def _on_year(self) -> None:
        self.stale.update(self.pages)
        self.show_page(self.stack.currentIndex())

    def _on_changed(self, ledger: str, record_id: str) -> None:
        """After any write: refresh the page on screen now, the others when next shown."""
        self.fill_years()
        for key in self.pages:
            if key in (ledger, "dashboard", "report"):
                self.stale.add(key)
        view = self._ledger_page(ledger)
        if view is not None and self.current_key() == ledger:
            self.stale.discard(ledger)
            view.refresh(record_id)
        elif self.current_key() in ("dashboard", "report"):
            self.show_page(self.stack.currentIndex())

    def _on_facts_changed(self) -> None:
        """A fact of the year was saved: the report and its figures follow when next shown."""
        self.stale.update(k for k in self.pages if k in ("dashboard", "report"))

    def _on_settings_changed(self) -> None:
        unit = self.db.get_setting("unit_name")
        self.setWindowTitle(window_title(unit))
        self.stale.update(k for k in self.pages if k != "settings")
        for key in ledger_keys():  # choice lists may have changed: rebuild the filters
            if key in self.pages and key != self.current_key():
                view = self.pages.pop(key)
                self.stack.removeWidget(view)
                self.stack.insertWidget(pages().index(key), QWidget(self.stack))
                view.deleteLater()
        self.statusBar().showMessage("设置已保存", 5000)

    # -- commands -------------------------------------------------------------------------

    def open_record(self, ledger: str, record_id: str) -> None:
        self.actions.open(ledger, record_id)

    def new_record(self) -> None:
        if self.db is None:
            return
        view = self.ledger_view()
        if view:
            view.new_record()
        else:
            self.actions.open("cases")

    def export_current(self) -> None:
        view = self.ledger_view()
        if view:
            view.export()
        else:
            self.statusBar().showMessage("请先打开一个台账页面，再导出其列表", 5000)

    def import_excel(self, ledger: str | None = None, path: str | None = None) -> None:
        if self.db is None:
            return
        from ..importer.wizard import ImportWizard

        view = self.ledger_view()
        wizard = ImportWizard(self.db, ledger or (view.ledger if view else None), self)
        wizard.imported.connect(self._on_imported)
        if path:
            wizard.start_with(path)
        wizard.exec()
        if not wizard.busy():  # a job still reading reports back to it; it goes with the window
            wizard.deleteLater()

    def _on_imported(self, ledger: str, result: ImportResult, year: int | None) -> None:
        """Show what came in: its ledger, in the year most of it belongs to; Ctrl+Z undoes it."""
        from .undo import Step

        count = result.stored
        self.actions.undo_stack.push(Step(ledger, "import", "", f"{result.sheet}（{count:,} 条）",
                                          record_ids=tuple(result.ids)))
        self.fill_years()
        self.stale.update(self.pages)
        if year:
            self.set_year(year)
        self.show_page(pages().index(ledger))
        view = self.ledger_view()
        if view is not None:  # an old search or filter must not hide what just came in
            view.search.clear()
            for combo in [*view.choice_combos.values(), view.status_combo]:
                if combo is not None:
                    combo.setCurrentIndex(0)
            view.bin_button.setChecked(False)
            years = {str(v.get(get_ledger(ledger).year_field) or "")[:4] for v in result.values}
            view.all_years.setChecked(len(years) > 1)
            view.apply()
        label = get_ledger(ledger).label
        self.statusBar().showMessage(f"已从 Excel 导入 {count:,} 条{label}", 10000)

    def find(self) -> None:
        view = self.ledger_view()
        if view:
            view.focus_search()

    def _update_undo(self) -> None:
        stack = self.actions.undo_stack
        self.undo_action.setEnabled(stack.can_undo())
        self.undo_action.setText(stack.text())
        self.redo_action.setEnabled(stack.can_redo())
        self.redo_action.setText(stack.redo_text())

    def show_guide(self) -> None:
        """The clerk's guide (F1); not modal, so it can stay open beside the form."""
        from .guide import GuideDialog

        if getattr(self, "guide", None) is None:
            self.guide = GuideDialog(self)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def about(self) -> None:
        from ... import __version__

        if self.db is None:
            return
        from . import prompts

        prompts.info(self, "关于", f"{APP_TITLE} {__version__}\n\n执法案件、复议诉讼、学法培训、"
                     f"普法宣传台账与年度统计。\n\n台账文件：{self.db.path}")

    # -- state ----------------------------------------------------------------------------

    def _folder_key(self, name: str) -> str:
        """A settings key for the open ledger's folder (its path hashed: QSettings keys
        cannot hold every character a path may have)."""
        return f"ledgers/{folder_id(self.db.path.parent)}/{name}"

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        else:  # the first run: the whole screen, as office programs open. The geometry too,
            # not only the state: with no window manager (or one ignoring the hint) the
            # state alone leaves a small window and the 概览 cards cut (trial s4, F1.1)
            screen = self.screen() or QGuiApplication.primaryScreen()
            area = screen.availableGeometry() if screen else None
            if area is not None and area.width() > 0:
                self.setGeometry(area)
            else:
                self.resize(QSize(1280, 800))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self.settings.value("window/state")
        if state:
            self.restoreState(state)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self.db is None:
            return
        self.settings.setValue(self._folder_key("year"), self.year)
        self.settings.setValue(self._folder_key("page"), self.current_key())
        for key in ledger_keys():
            view = self._ledger_page(key)
            if view is not None:
                view.save_columns()
        self.settings.sync()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.db is not None and dropped_workbook(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """An .xlsx dropped on the window opens the import wizard on it."""
        path = dropped_workbook(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.import_excel(path=path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    def render_all(self) -> list[str]:
        """Show and paint every page once (for --smoke-test); returns the page labels."""
        shown = []
        for i, key in enumerate(pages()):
            self.show_page(i)
            if self.stack.currentWidget().grab().isNull():
                raise RuntimeError(f"page {key} did not render")
            shown.append(page_label(key))
        self.show_page(0)
        return shown
