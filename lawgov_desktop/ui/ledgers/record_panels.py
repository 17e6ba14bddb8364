"""Side panels of the record form: a case's procedural timeline and deadlines, and the
执法案件 an appeal refers to (by 案号). Both follow the form's values as they are typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.deadlines import RULES, DeadlineOutOfRange, deadline_for
from ...domain.workdays import WorkCalendar
from ...storage import Database

# (step, date fields; the first one recorded dates the step)
CASE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("立案", ("filed_on",)),
    ("审核", ("legal_review_on", "collective_review_on")),
    ("告知", ("notified_on",)),
    ("陈述申辩/听证", ("statement_on", "hearing_on")),
    ("决定", ("decided_on",)),
    ("公示", ("published_on",)),
    ("执行", ("enforcement_applied_on", "transferred_on")),
    ("结案", ("closed_on",)),
)
DONE = QColor("#1f7a4d")
TODO = QColor("#b8bec6")
LATE = QColor("#c0392b")
SOON = QColor("#b7791f")


class Timeline(QWidget):
    """立案 → 审核 → 告知 → 陈述申辩/听证 → 决定 → 公示 → 执行 → 结案, drawn top to bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps: list[tuple[str, str | None]] = [(s, None) for s, _ in CASE_STEPS]
        self.setMinimumWidth(190)

    def set_dates(self, dates: Mapping[str, str | None]) -> None:
        self.steps = [(label, next((dates[k] for k in keys if dates.get(k)), None))
                      for label, keys in CASE_STEPS]
        self.update()

    def step_texts(self) -> list[str]:
        return [f"{label} {day or '—'}" for label, day in self.steps]

    def sizeHint(self) -> QSize:
        return QSize(210, self._pitch() * len(self.steps) + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _pitch(self) -> int:
        return self.fontMetrics().lineSpacing() + 12

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pitch, radius, x = self._pitch(), 6.0, 12.0
        for i, (label, day) in enumerate(self.steps):
            y = 4 + pitch * i + pitch / 2
            colour = DONE if day else TODO
            if i + 1 < len(self.steps):
                nxt = self.steps[i + 1][1]
                painter.setPen(QPen(DONE if day and nxt else TODO, 2))
                painter.drawLine(QPointF(x, y + radius), QPointF(x, y + pitch - radius))
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour if day else Qt.GlobalColor.white)
            painter.drawEllipse(QPointF(x, y), radius, radius)
            painter.setPen(self.palette().text().color() if day else TODO.darker(130))
            rect = QRectF(x + 14, y - pitch / 2, self.width() - x - 14, pitch)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, label)
            painter.drawText(rect.adjusted(0, 0, -4, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             day or "—")
        painter.end()


class CasePanel(QWidget):
    """Timeline plus the case's open legal deadlines, computed like the dashboard's."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = db.calendar()
        self.limits = db.deadline_limits()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("办案流程", self)
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        self.timeline = Timeline(self)
        layout.addWidget(self.timeline)
        heading = QLabel("办案期限", self)
        heading.setObjectName("panelTitle")
        layout.addWidget(heading)
        self.deadlines = QLabel(self)
        self.deadlines.setObjectName("deadlines")
        self.deadlines.setWordWrap(True)
        self.deadlines.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.deadlines)
        layout.addStretch(1)

    def update_from(self, values: Mapping[str, Any], today: dt.date | None = None) -> None:
        self.timeline.set_dates(values)
        self.deadlines.setText(self.deadline_html(values, today or dt.date.today()))

    def deadline_html(self, values: Mapping[str, Any], today: dt.date) -> str:
        return deadline_html("cases", values, self.limits, self.calendar, today,
                             "填写立案日期后显示期限")


def deadline_html(ledger: str, values: Mapping[str, Any], limits: Mapping[str, int],
                  calendar: WorkCalendar, today: dt.date, hint: str) -> str:
    """The record's legal deadlines as the dashboard computes them: each rule of `ledger`
    that applies to the form's values, with its due date, or when and whether it was met.
    `hint` says what to fill in while no rule applies yet."""
    # DOMAIN.md §12: history gets no reminders (the form's yes/no editor says 是 or 否)
    if values.get("is_history") in (True, 1, "是"):
        return "历史记录：不提醒办理期限。"
    lines = []
    calendar.fallback_years.clear()  # this record's dates only
    for rule in RULES:
        if rule.ledger != ledger or not rule.applies_to(values):
            continue
        record = {"id": "", rule.start_field: values[rule.start_field]}
        try:
            due = deadline_for(rule, record, "", limits, calendar, today)
        except DeadlineOutOfRange:  # a stored date too far out to compute (9999-12-31)
            continue
        unit = "个工作日" if rule.working_days else "日"
        head = f"<b>{rule.label}</b>（{limits[rule.setting_key]}{unit}）"
        done = values.get(rule.done_field)
        if done:
            late = dt.date.fromisoformat(done) > due.due_on
            state = (f"<span style='color:{LATE.name()}'>{done} 完成，超期</span>" if late
                     else f"<span style='color:{DONE.name()}'>{done} 已完成</span>")
        elif rule.ends_at_close and values.get("closed_on"):
            state = "已结案"
        else:
            colour = LATE if due.overdue else SOON if due.days_left <= 3 else DONE
            state = (f"{due.due_on} 到期，"
                     f"<span style='color:{colour.name()}'>{due.status}</span>")
        lines.append(f"{head}<br>{state}")
    warning = calendar.warning()
    if lines and warning:  # a 7-working-day limit across an unknown 春节 (trial s4, F1.4)
        lines.append(f"<span style='color:{SOON.name()}'>{warning}</span>")
    return "<br><br>".join(lines) or f"<span style='color:#667'>{hint}</span>"


class AppealLink(QWidget):
    """The enforcement case an appeal is about, found by its 案号."""

    open_case = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cases = db.ledger("cases")
        self.case_id: str | None = None
        self.case: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("关联执法案件", self)
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(200)
        layout.addWidget(self.summary)
        self.button = QPushButton("打开该案件", self)
        self.button.setObjectName("openLinkedCase")
        self.button.clicked.connect(lambda: self.case_id and self.open_case.emit(self.case_id))
        layout.addWidget(self.button)
        # 答复/答辩 and, for a 意见书, the 整改报告 (DOMAIN.md §5, §9), as the case panel shows
        self.calendar = db.calendar()
        self.limits = db.deadline_limits()
        heading = QLabel("办理期限", self)
        heading.setObjectName("panelTitle")
        layout.addSpacing(12)
        layout.addWidget(heading)
        self.deadlines = QLabel(self)
        self.deadlines.setObjectName("deadlines")
        self.deadlines.setWordWrap(True)
        self.deadlines.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.deadlines)
        layout.addStretch(1)
        self.lookup("")
        self.update_from({})

    def update_from(self, values: Mapping[str, Any], today: dt.date | None = None) -> None:
        self.deadlines.setText(deadline_html(
            "appeals", values, self.limits, self.calendar, today or dt.date.today(),
            "选择类型并填写收到日期后显示期限"))

    def lookup(self, case_no: str) -> None:
        case_no = case_no.strip()
        found = self.cases.find("case_no", case_no) if case_no else []
        self.case = found[0] if found else None
        self.case_id = self.case["id"] if self.case else None
        self.button.setEnabled(self.case is not None)
        if not case_no:
            self.summary.setText("在“关联执法案号”中填写原执法案件的案号，即可在此查看该案件。")
        elif self.case is None:
            self.summary.setText(f"执法案件台账中没有案号为“{case_no}”的案件，请核对。")
        else:
            c = self.case
            self.summary.setText(
                f"案由：{c['cause']}\n当事人：{c['party']}\n立案：{c['filed_on']}\n"
                f"决定：{c['decided_on'] or '尚未决定'}（{c['decision_type'] or '—'}）")

    def suggestions(self, prefix: str, limit: int = 12) -> list[str]:
        from ...storage import Query

        if len(prefix.strip()) < 2:
            return []
        rows = self.cases.list(Query(search=prefix.strip()), limit=limit)
        return [r["case_no"] for r in rows if prefix.strip() in r["case_no"]]


def connect_changes(editors: Mapping[str, Any], keys: tuple[str, ...],
                    slot: Callable[[], None]) -> None:
    for key in keys:
        if key in editors:
            editors[key].changed.connect(slot)
