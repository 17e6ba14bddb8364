"""A lazy table model over one ledger: row ids from one SQL query, rows fetched by page.

Like Anki's browser model: `LedgerTable.ids(query)` gives every matching id in display order
(search, filters and sort all run in SQL); rows are read 100 at a time with `get_many` when
the view asks for them and kept in a small LRU cache. 100,000 rows cost one id list.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.ledgers import FieldDef
from ...domain.status import STATUS_COLUMN, has_stages, status_of
from ...domain.values import display_value
from ...storage import LedgerTable, Query
from ...storage.schema import pinyin_sorted

PAGE = 100
MAX_PAGES = 40
NUMERIC = {"integer", "decimal", "money", "percent"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGGED = QColor("#c0392b")
Index = QModelIndex | QPersistentModelIndex


class LedgerModel(QAbstractTableModel):
    def __init__(self, table: LedgerTable, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.fields: tuple[FieldDef, ...] = table.definition.fields
        self.query = Query()
        self._ids: list[str] = []
        self._pages: OrderedDict[int, list[dict[str, Any] | None]] = OrderedDict()
        # (column, label) shown after the fields: 状态 (computed) where the ledger has one,
        # 删除时间 in the 回收站
        self._status = [(STATUS_COLUMN, "状态")] if has_stages(table.definition.key) else []
        self._extra: list[tuple[str, str]] = list(self._status)
        self.loaded = False
        self.hidden: set[str] = set()  # field keys the view hides (for "matched in hidden")
        # Columns computed from a record, after the fields (officers: 本年学时):
        # key → (header, record → text). Not sortable: SQL does not know them.
        self.computed: dict[str, tuple[str, Any]] = {}
        # A register's row flag (e.g. a rushed 重大行政决策): text for a record, or None.
        self.flagger: Callable[[dict[str, Any]], str | None] | None = None

    # -- loading --------------------------------------------------------------------------

    def set_query(self, query: Query) -> None:
        self.beginResetModel()
        self.loaded = True
        self.query = query
        self._extra = self._status + ([("deleted_at", "删除时间")] if query.deleted else [
            (key, header) for key, (header, _) in self.computed.items()])
        self._ids = self.table.ids(query)
        self._pages.clear()
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self.query)

    def refresh_record(self, record_id: str) -> None:
        """Re-read one record after an edit that did not change which rows match."""
        try:
            row = self._ids.index(record_id)
        except ValueError:
            return
        self._pages.pop(row // PAGE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _row(self, row: int) -> dict[str, Any] | None:
        page = row // PAGE
        records = self._pages.get(page)
        if records is None:
            ids = self._ids[page * PAGE:(page + 1) * PAGE]
            found = self.table.get_many(ids)
            records = [found.get(i) for i in ids]
            self._pages[page] = records
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return records[row - page * PAGE]

    # -- access for the view --------------------------------------------------------------

    def record_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def record(self, row: int) -> dict[str, Any] | None:
        return self._row(row) if 0 <= row < len(self._ids) else None

    def column_key(self, column: int) -> str:
        if column < len(self.fields):
            return self.fields[column].key
        return self._extra[column - len(self.fields)][0]

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + len(self._extra)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = index.column()
        if not 0 <= column < self.columnCount():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole):
            return None
        fdef = self.fields[column] if column < len(self.fields) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if fdef and fdef.type in NUMERIC or (
                    fdef is None and self.column_key(column) in self.computed):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        record = self._row(index.row())
        if record is None:  # deleted meanwhile by another program
            return "（已删除）" if role == Qt.ItemDataRole.DisplayRole and column == 0 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.query.deleted:
                return QBrush(QColor("#8a6d00"))
            return QBrush(FLAGGED) if self.flag(record) else None
        if fdef is None and self.column_key(column) == STATUS_COLUMN:
            text = status_of(self.table.definition.key, record)
        elif fdef is None and self.column_key(column) in self.computed:
            text = self.computed[self.column_key(column)][1](record)
        elif fdef is None:
            text = (record.get(self.column_key(column)) or "").replace("T", " ")[:19]
        else:
            text = display_value(fdef, record.get(fdef.key))
        if role == Qt.ItemDataRole.ToolTipRole:
            flag = self.flag(record)
            if flag:
                return flag + (f"\n{text}" if text else "")
            hidden = self.hidden_matches(record)
            if hidden:
                return hidden_match_text(hidden) + (f"\n{text}" if text else "")
            return text if fdef and (fdef.multiline or len(text) > 20) else None
        return text.replace("\n", " ") if fdef and fdef.multiline else text

    def flag(self, record: dict[str, Any]) -> str | None:
        return self.flagger(record) if self.flagger is not None else None

    def search_terms(self) -> list[str]:
        return self.query.search.lower().split()

    def hidden_matches(self, record: dict[str, Any]) -> list[str]:
        """Labels of hidden columns holding a search term that no shown column holds (the
        row was found "for no visible reason"); empty when the shown cells explain it."""
        terms = self.search_terms()
        if not terms or not self.hidden:
            return []
        found: list[str] = []
        fields = self.table.definition.search_fields
        for term in terms:
            shown = any(term in display_value(f, record.get(f.key)).lower()
                        for f in fields if f.key not in self.hidden)
            if not shown:
                found += [f.label for f in fields if f.key in self.hidden and f.label not in found
                          and term in display_value(f, record.get(f.key)).lower()]
        return found

    def sorted_column(self) -> int:
        key = self.query.sort or self.table.definition.default_sort
        keys = [f.key for f in self.fields] + [c for c, _ in self._extra]
        return keys.index(key) if key in keys else -1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return str(section + 1) if 0 <= section < len(self._ids) else None
        if not 0 <= section < self.columnCount():
            return None
        label = (self.fields[section].label if section < len(self.fields)
                 else self._extra[section - len(self.fields)][1])
        # The sort arrow is drawn in the text, ▲ 升序 / ▼ 降序, the same on every style
        # (Qt's styles disagree on which way "ascending" points).
        sorted_here = section == self.sorted_column()
        if role == Qt.ItemDataRole.DisplayRole:
            if sorted_here:
                return f"{label} {'▼' if self.query.descending else '▲'}"
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.column_key(section) == STATUS_COLUMN:
                return "由决定日期、结案日期得出；按状态筛选请用上方的“状态”"
            if sorted_here:
                order = "降序" if self.query.descending else "升序"
                how = "（中文按拼音）" if self._pinyin(section) else ""
                return f"按“{label}”{order}排列{how}；单击切换升序/降序"
            return f"单击按“{label}”排序"
        return None

    def _pinyin(self, section: int) -> bool:
        return section < len(self.fields) and pinyin_sorted(self.fields[section])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.columnCount() or self.column_key(column) == STATUS_COLUMN \
                or self.column_key(column) in self.computed:
            return  # computed columns: 状态 is selected by the 状态 filter
        query = replace(self.query, sort=self.column_key(column),
                        descending=order == Qt.SortOrder.DescendingOrder)
        if self.loaded:
            self.set_query(query)
        else:
            self.query = query
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)


def hidden_match_text(labels: list[str]) -> str:
    return "匹配在隐藏列" + "、".join(f"“{label}”" for label in labels)
