"""One ledger as a list: search (Ctrl+F), filters, sortable columns, column chooser, export
to .xlsx, the 回收站 (recycle bin), and the buttons that open, add and delete records."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.status import statuses
from ...storage import Database, LedgerError, Query
from ..shell import prompts
from ..shell.actions import RecordActions
from ..shell.jobs import run_job
from .export import export_view
from .officer_panel import OfficerHours
from .search_cells import HighlightDelegate, TextArrowHeader
from .table_model import LedgerModel, hidden_match_text

SHORT_TERM_PAUSE_MS = 250
WIDTHS = {"date": 96, "money": 110, "integer": 80, "decimal": 70, "percent": 70, "bool": 80,
          "choice": 104, "multi": 180}


class LedgerView(QWidget):
    status_changed = Signal(str)
    year_requested = Signal(int)  # show another year (a record just saved belongs to it)
    import_requested = Signal(str)  # the 导入 button: open the wizard for this ledger

    def __init__(self, db: Database, ledger: str, actions: RecordActions, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ledger = ledger
        self.actions = actions
        self.settings = settings
        self.table = db.ledger(ledger)
        self.definition = self.table.definition
        self.year: int | None = None
        self.pending_select: str | None = None
        self.setObjectName(f"ledger_{ledger}")
        self.model = LedgerModel(self.table, self)
        self.hours: OfficerHours | None = None
        if ledger == "officers":  # 本年学时, from the trainings naming each officer
            self.hours = OfficerHours(db)
            self.model.computed["year_hours"] = ("本年学时", self.hours.text)
        if ledger == "reviews":  # a rushed 重大行政决策 is flagged in the list
            from .review_panel import row_flagger

            self.model.flagger = row_flagger(db)
        self._build()
        self._restore_columns()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        bar = QHBoxLayout()
        self.heading = QLabel(self.definition.label, self)
        self.heading.setObjectName("pageTitle")
        bar.addWidget(self.heading)
        bar.addStretch(1)
        self.new_button = self._button(bar, "新建", "新建记录（Ctrl+N）", self.new_record)
        self.edit_button = self._button(bar, "打开", "打开选中的记录（Enter）", self.edit_current)
        self.delete_button = self._button(bar, "删除", "删除选中的记录（Delete）",
                                          self.delete_current)
        self.restore_button = self._button(bar, "恢复", "恢复选中的记录", self.restore_current)
        self.restore_button.hide()
        self.import_button = self._button(
            bar, "导入", f"从 Excel 台账导入{self.definition.label}（Ctrl+I）",
            lambda: self.import_requested.emit(self.ledger))
        self.export_button = self._button(bar, "导出", "把当前列表（筛选、排序和显示的列）"
                                          "导出为 .xlsx 文件", self.export)
        self.columns_button = QPushButton("显示列", self)
        self.columns_button.setToolTip("选择列表中显示哪些列（也可右键单击表头）")
        self.columns_menu = QMenu(self)
        self.columns_button.setMenu(self.columns_menu)
        bar.addWidget(self.columns_button)
        self.bin_button = QPushButton("回收站", self)
        self.bin_button.setCheckable(True)
        self.bin_button.setToolTip("查看已删除的记录，可恢复")
        self.bin_button.toggled.connect(self._toggle_bin)
        bar.addWidget(self.bin_button)
        layout.addLayout(bar)

        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        names = "、".join(f.label for f in self.definition.search_fields[:3])
        self.search.setPlaceholderText(f"搜索{names}等（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_typed)
        self.search.returnPressed.connect(self._search_entered)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SHORT_TERM_PAUSE_MS)
        self.search_timer.timeout.connect(self.apply)
        filters.addWidget(self.search, 2)
        self.all_years = QCheckBox("全部年度", self)
        self.all_years.setToolTip(f"不按年度筛选（按{self.definition.field(self.definition.year_field).label}归属年度）")
        self.all_years.toggled.connect(self.apply)
        filters.addWidget(self.all_years)
        self.all_years.setVisible(self.definition.by_year)  # a roster lists everyone
        self.status_combo: QComboBox | None = None
        if statuses(self.ledger):
            # a register with a 状态 field of its own (officers) names this one apart
            label = "筛选" if any(f.label == "状态" for f in self.definition.fields) else "状态"
            self.status_combo = self._filter_combo(filters, label, statuses(self.ledger))
        self.choice_combos: dict[str, QComboBox] = {}
        for fdef in self.definition.fields:
            if fdef.type == "choice" and len(self.choice_combos) < 4:
                options = self.db.choices(self.ledger, fdef.key)
                self.choice_combos[fdef.key] = self._filter_combo(filters, fdef.label, options)
        if self.ledger == "reviews":  # on the filter row: the toolbar has no room to spare
            from .review_catalog import add_catalog_button

            self.catalog_button = add_catalog_button(
                self, filters, self.db, lambda rid: self.actions.open("reviews", rid))
        layout.addLayout(filters)

        self.view = QTableView(self)
        self.view.setObjectName("ledgerTable")
        self.view.setHorizontalHeader(TextArrowHeader(Qt.Orientation.Horizontal, self.view))
        self.view.setModel(self.model)
        self.highlighter = HighlightDelegate(self.view)
        self.view.setItemDelegate(self.highlighter)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vheader = self.view.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        vheader.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.columns_menu.exec(header.mapToGlobal(pos)))
        for i, fdef in enumerate(self.definition.fields):
            text_width = self.fontMetrics().horizontalAdvance(fdef.label) + 28
            width = WIDTHS.get(fdef.type, 180 if fdef.key == self.definition.title_field else 230)
            header.resizeSection(i, max(width, text_width))
        keys = self.definition.keys
        # newest first for a year's records; a roster (officers) reads A→Z by name
        header.setSortIndicator(keys.index(self.definition.default_sort),
                                Qt.SortOrder.DescendingOrder if self.definition.by_year
                                else Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # the model only records the order until loaded
        self.view.activated.connect(lambda index: self.edit_current())
        self.view.selectionModel().currentRowChanged.connect(self._explain_match)
        layout.addWidget(self.view, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        layout.addWidget(self.count_label)

        QShortcut(QKeySequence("Delete"), self.view, self.delete_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Escape"), self.search, lambda: self.search.clear()
                  or self.view.setFocus(), context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Down"), self.search, self.view.setFocus,
                  context=Qt.ShortcutContext.WidgetShortcut)

    def _button(self, bar: QHBoxLayout, text: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    def _filter_combo(self, bar: QHBoxLayout, label: str, options: list[str]) -> QComboBox:
        combo = QComboBox(self)
        # Narrow windows may squeeze the filters (the list shows each in full): four
        # "复议程序：全部" wide combos would otherwise set the page's least width.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(4)
        combo.addItem(f"{label}：全部", None)
        for option in options:
            combo.addItem(option, option)
        combo.setToolTip(f"按{label}筛选")
        combo.currentIndexChanged.connect(self.apply)
        bar.addWidget(combo, 1)
        return combo

    # -- columns --------------------------------------------------------------------------

    def _restore_columns(self) -> None:
        stored = self.settings.value(f"columns/{self.ledger}/hidden")
        hidden = set(stored) if isinstance(stored, list) else (
            {stored} if isinstance(stored, str) and stored else
            set() if stored is not None else set(self.definition.list_hidden))
        header = self.view.horizontalHeader()
        for i, fdef in enumerate(self.definition.fields):
            header.setSectionHidden(i, fdef.key in hidden)
            action = QAction(fdef.label, self.columns_menu)
            action.setCheckable(True)
            action.setChecked(fdef.key not in hidden)
            action.toggled.connect(lambda on, col=i: self.set_column_visible(col, on))
            self.columns_menu.addAction(action)
        state = self.settings.value(f"columns/{self.ledger}/order")
        if self.model.columnCount() > len(self.definition.fields):
            # the computed 状态 column, seen at a glance beside the title (trial s4, F1.5)
            status = len(self.definition.fields)
            header.resizeSection(status, self.fontMetrics().horizontalAdvance("已审结") + 28)
            header.moveSection(header.visualIndex(status), 1)
        if state:
            header.restoreState(state)
            for i, fdef in enumerate(self.definition.fields):
                header.setSectionHidden(i, fdef.key in hidden)

    def set_column_visible(self, column: int, visible: bool) -> None:
        self.view.horizontalHeader().setSectionHidden(column, not visible)
        self.save_columns()
        self._update_count()

    def visible_columns(self) -> list[str]:
        header = self.view.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [self.definition.fields[i].key for i in logical
                if i < len(self.definition.fields) and not header.isSectionHidden(i)]

    def save_columns(self) -> None:
        header = self.view.horizontalHeader()
        hidden = [f.key for i, f in enumerate(self.definition.fields) if header.isSectionHidden(i)]
        self.settings.setValue(f"columns/{self.ledger}/hidden", hidden)
        self.settings.setValue(f"columns/{self.ledger}/order", header.saveState())

    # -- query ----------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        self.year = year
        if self.hours is not None:
            self.hours.year = year
            self.model.computed["year_hours"] = (f"{year}年学时", self.hours.text)
        self.all_years.setText(f"全部年度（当前：{year}年）")
        self.apply()

    def current_query(self) -> Query:
        filters = {k: c.currentData() for k, c in self.choice_combos.items() if c.currentData()}
        status = self.status_combo.currentData() if self.status_combo else None
        every_year = self.all_years.isChecked() or not self.definition.by_year
        return Query(
            year=None if every_year else self.year, period=self.year, filters=filters,
            status=status, search=self.search.text().strip(), sort=self.model.query.sort,
            descending=self.model.query.descending, deleted=self.bin_button.isChecked())

    def _search_typed(self, text: str) -> None:
        """Terms of three or more characters use the full-text index and apply at once; a
        shorter term scans every row, so it waits for a pause in typing."""
        terms = text.split()
        if all(len(t) >= 3 for t in terms):
            self.search_timer.stop()
            self.apply()
        else:
            self.search_timer.start()

    def _search_entered(self) -> None:
        """Enter in the search box: search now; a single hit opens, several go to the list
        (as Down does), so the clerk need not reach for the mouse (trial s4, F3.4)."""
        if self.search_timer.isActive() or self.model.query.search != \
                self.search.text().strip():
            self.apply()
        if not self.search.text().strip():
            return
        if self.model.rowCount() == 1:
            self.view.selectRow(0)
            self.edit_current()
        elif self.model.rowCount() > 1:
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.selectRow(0)

    def apply(self) -> None:
        self.search_timer.stop()
        query = self.current_query()
        self.highlighter.terms = query.search.lower().split()
        if self.hours is not None:
            self.hours.reload()
        self.model.set_query(query)
        # Before the next paint: a header scrolled past the new end paints every section.
        self.view.scrollToTop()
        self._update_count()
        if self.pending_select:
            self.select(self.pending_select)
            self.pending_select = None

    def refresh(self, select_id: str | None = None) -> None:
        """Re-read the list after a change; a record just saved stays in view: if the year
        filter hides it, ask the window to show its year."""
        current = select_id or self.current_id()
        if self.hours is not None:
            self.hours.reload()
        self.model.reload()
        self._update_count()
        if not current:
            return
        if self.model.row_of(current) < 0 and select_id and not self.bin_button.isChecked():
            try:
                record = self.table.get(select_id)
            except LedgerError:
                return
            day = record.get(self.definition.year_field) or ""
            if record["deleted_at"] is None and day[:4].isdigit() and int(day[:4]) != self.year \
                    and self.definition.by_year:
                self.pending_select = select_id
                self.year_requested.emit(int(day[:4]))
                return
        self.select(current)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        where = "回收站中" if self.bin_button.isChecked() else (
            "" if not self.definition.by_year else
            "全部年度" if self.all_years.isChecked() or self.year is None else f"{self.year}年")
        text = f"{where}共 {n:,} 条" if not self.search.text().strip() else f"找到 {n:,} 条"
        hidden = self._hidden_matches_on_screen()
        if hidden:  # found, but the reason is in a column the user does not see
            text += f"（部分{hidden_match_text(hidden)}，可在“显示列”中显示）"
        self.count_label.setText(text)
        self.status_changed.emit(text)

    def _hidden_matches_on_screen(self) -> list[str]:
        """Hidden columns that explain the first page of search results (read anyway)."""
        header = self.view.horizontalHeader()
        self.model.hidden = {f.key for i, f in enumerate(self.definition.fields)
                             if header.isSectionHidden(i)}
        if not self.model.search_terms():
            return []
        labels: list[str] = []
        for row in range(min(self.model.rowCount(), 100)):
            record = self.model.record(row)
            for label in self.model.hidden_matches(record) if record else []:
                if label not in labels:
                    labels.append(label)
        return labels

    def _explain_match(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        hidden = self.model.hidden_matches(record) if record else []
        if hidden:
            self.status_changed.emit(f"第 {current.row() + 1} 行：{hidden_match_text(hidden)}")

    def select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _toggle_bin(self, on: bool) -> None:
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setVisible(not on)
        self.restore_button.setVisible(on)
        # the bin restores a multi-selection (Ctrl+A, Shift+click) in one go
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if on
                                   else QAbstractItemView.SelectionMode.SingleSelection)
        self.heading.setText(f"{self.definition.label} · 回收站" if on else self.definition.label)
        self.apply()

    # -- record actions -------------------------------------------------------------------

    def new_record(self) -> None:
        if self.bin_button.isChecked():
            self.bin_button.setChecked(False)
        self.actions.open(self.ledger)  # the window refreshes this view on `changed`

    def edit_current(self) -> None:
        record_id = self.current_id()
        if not record_id:
            return
        if self.bin_button.isChecked():
            self.restore_current()
            return
        self.actions.open(self.ledger, record_id)

    def delete_current(self) -> None:
        record_id = self.current_id()
        if record_id and not self.bin_button.isChecked():
            row = self.view.currentIndex().row()
            if self.actions.delete(self.ledger, record_id):
                self.view.selectRow(min(row, self.model.rowCount() - 1))

    def restore_current(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [rid for rid in (self.model.record_id(r) for r in rows) if rid]
        if len(ids) > 1:
            self.actions.restore_many(self.ledger, ids)
            return
        record_id = ids[0] if ids else self.current_id()
        if record_id:
            self.actions.restore(self.ledger, record_id)

    def export(self) -> None:
        year = "全部" if self.all_years.isChecked() or self.year is None else str(self.year)
        suggested = str(Path(prompts.default_folder()) / f"{self.definition.label}_{year}.xlsx")
        path = prompts.save_file(self, "导出 Excel", suggested, "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        query, columns = self.current_query(), self.visible_columns()
        self.export_button.setEnabled(False)

        def work(db: Database, progress: object) -> int:
            return export_view(db, self.ledger, query, columns, Path(path), progress)  # type: ignore[arg-type]

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.status_changed.emit(f"已导出 {count:,} 条到 {path}")

        def failed(message: str) -> None:
            self.export_button.setEnabled(True)
            if message:
                prompts.error(self, "导出失败", message)

        run_job(self, "正在导出 Excel", work, self.db.path.parent, done, failed)
