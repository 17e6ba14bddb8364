"""依据 in the 年度报告 editor and 查看 on 统计数据 (issue #15, trial finding G2): the clerk picks a
sentence of the draft and sees the figures and the records it rests on, opens a record from
there, and the draft follows the change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from evidence_book import fill_troubled
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import fill

from lawgov_desktop.storage import Database
from lawgov_desktop.ui.ledgers.record_form import RecordDialog
from lawgov_desktop.ui.report.editor import ReportEditor
from lawgov_desktop.ui.report.page import ReportFigures

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

YEAR = 2024


@pytest.fixture
def ledger(tmp_path: Path):
    db = Database.open(tmp_path / "ledger")
    ids = fill_troubled(db)
    yield db, ids
    db.close()


def make_editor(qtbot: Any, db: Database) -> ReportEditor:
    editor = ReportEditor(db, YEAR)
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    return editor


def choose_by_keyboard(qtbot: Any, editor: ReportEditor, starts: str) -> None:
    """Tab through the preview's sentences to the one starting with `starts`, then Enter."""
    browser = editor.preview.browser
    browser.setFocus()
    for _ in range(len(editor.preview.sentences) + 1):
        qtbot.keyClick(browser, Qt.Key.Key_Tab)
        picked = browser.textCursor().selectedText()
        if picked.startswith(starts):
            qtbot.keyClick(browser, Qt.Key.Key_Return)
            return
    raise AssertionError(f"no sentence starting with {starts!r} reached by Tab")


def test_the_publication_claim_shows_exactly_its_late_and_unpublished_cases(
        app: Any, qtbot: Any, ledger: Any, drive_form: Any) -> None:
    db, ids = ledger
    editor = make_editor(qtbot, db)
    editor.select_section([s.key for s in editor.sections].index("shortcomings.main"))
    opened: list[tuple[str, str]] = []
    editor.open_record.connect(lambda led, rid: opened.append((led, rid)))
    choose_by_keyboard(qtbot, editor, "行政执法公示不够及时")
    panel = editor.evidence_panel
    assert panel.evidence is not None and panel.evidence.text.startswith("行政执法公示不够及时")
    rows = panel.table.records.rows
    assert {r.record_id for r in rows} == {ids["late"], ids["never"]}
    assert [r.title for r in rows] == ["某应急罚〔2024〕2号", "某应急罚〔2024〕3号"]
    assert "决定日期 2024-04-01；公示日期 2024-05-20" in rows[0].fields_text
    summary = panel.summary.toPlainText()
    assert "作出处罚决定" in summary and "处罚决定公示期限" in summary
    assert "李四" not in summary + "".join(r.fields_text for r in rows)
    # Enter moved the keyboard to the records; Enter opens the first, Esc goes back
    assert QApplication.focusWidget() is panel.table
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened == [("cases", ids["late"])]
    qtbot.keyClick(panel.table, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is editor.preview.browser
    assert editor.preview.browser.textCursor().selectedText().startswith("行政执法公示不够及时")


def test_a_click_on_the_correction_and_a_todo(app: Any, qtbot: Any, ledger: Any) -> None:
    db, ids = ledger
    editor = make_editor(qtbot, db)
    editor.preview.set_full_text(True)
    texts = [s.text for s in editor.preview.sentences]
    corrected = next(i for i, t in enumerate(texts) if t.startswith("执法办案质量还有差距"))
    editor.preview.choose(corrected)  # as a click on its link does
    rows = editor.evidence_panel.table.records.rows
    assert [r.record_id for r in rows] == [ids["appeal"]]
    assert rows[0].note == "被纠错：撤销" and "张三丰" not in rows[0].fields_text
    todo = next(i for i, t in enumerate(texts) if "未登记公示日期" in t)
    editor.preview.choose(todo)
    assert "导出时会提示" in editor.evidence_panel.summary.toPlainText()
    assert [r.record_id for r in editor.evidence_panel.table.records.rows] == [ids["history"]]


def test_figures_tab_lists_what_the_shortcomings_rest_on(app: Any, qtbot: Any,
                                                         ledger: Any) -> None:
    db, ids = ledger
    figures = ReportFigures(db)
    qtbot.addWidget(figures)
    figures.set_year(YEAR)
    figures.show()
    labels = [figures.table.item(r, 0).text() for r in range(figures.table.rowCount())]
    for label in ("处罚决定按时公示", "处罚决定逾期公示", "处罚决定未公示", "超期作出处罚决定",
                  "行政复议被纠错", "复议答复、诉讼答辩逾期"):
        assert label in labels
    row = figures.row_of("unpublished")
    assert figures.table.item(row, 1).text() == "1宗"
    assert figures.table.item(row, 3).text() == "查看（1条）"
    figures.table.setFocus()
    figures.table.setCurrentCell(row, 0)
    qtbot.keyClick(figures.table, Qt.Key.Key_Return)
    dialog = figures.dialog
    assert dialog is not None and dialog.isVisible()
    assert [r.record_id for r in dialog.table.records.rows] == [ids["never"]]
    assert "公示日期 未登记" in dialog.table.records.rows[0].fields_text
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    # the copy still gives the indicator rows, written as the report writes them (trial G3)
    assert "作出处罚决定\t5宗" in figures.as_text()
    assert "罚款金额\t6万元\t" in figures.as_text()


def test_through_the_main_window(demo_window: Any, qtbot: Any, drive_form: Any) -> None:
    """页面 → 年度报告, pick the 公示 claim, see its cases, open one, give it a 公示日期: the
    draft and the figures follow."""
    window = demo_window
    db = window.db
    fill_troubled(db)
    window.set_year(YEAR)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("页面"))
    next(a for a in menu.actions() if a.text().startswith("年度报告")).trigger()
    page = window.page("report")
    editor = page.editor
    assert editor is not None
    editor.select_section([s.key for s in editor.sections].index("shortcomings.main"))
    choose_by_keyboard(qtbot, editor, "行政执法公示不够及时")
    rows = editor.evidence_panel.table.records.rows
    titles = [r.title for r in rows]
    assert "某应急罚〔2024〕3号" in titles
    before = len(rows)
    never = titles.index("某应急罚〔2024〕3号")

    def publish(dialog: RecordDialog) -> None:
        assert dialog.editors["case_no"].value() == "某应急罚〔2024〕3号"
        fill(dialog, {"published_on": "2024-04-05"}, qtbot)
        dialog.save_button.click()

    seen = drive_form(publish)
    table = editor.evidence_panel.table
    table.setFocus()
    table.selectRow(never)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(seen) == 1
    assert db.ledger("cases").get(rows[never].record_id)["published_on"] == "2024-04-05"
    # the draft was refreshed: the case is no longer among the claim's records
    rows = editor.evidence_panel.table.records.rows
    assert "某应急罚〔2024〕3号" not in [r.title for r in rows]
    assert len(rows) == before - 1
    # and 统计数据 follows: the case is now among those published late, no longer unpublished
    checks = page.figures.checks
    never_id = next(r for r in db.ledger("cases").list(limit=10000)
                    if r["case_no"] == "某应急罚〔2024〕3号")["id"]
    assert never_id not in checks["unpublished"].records
    assert never_id in checks["on_time"].records + checks["late_published"].records


def test_tab_from_the_text_reaches_the_preview_sentences(app: Any, qtbot: Any,
                                                          ledger: Any) -> None:
    db, _ = ledger
    editor = make_editor(qtbot, db)
    editor.select_section([s.key for s in editor.sections].index("shortcomings.main"))
    editor.body_edit.setFocus()
    for _ in range(10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is editor.preview.browser:
            break
    assert QApplication.focusWidget() is editor.preview.browser
    qtbot.keyClick(editor.preview.browser, Qt.Key.Key_Tab)
    assert editor.preview.browser.textCursor().selectedText().startswith("行政执法公示不够及时")


def test_the_cursor_on_a_findings_line_shows_its_basis(app: Any, qtbot: Any,
                                                         ledger: Any) -> None:
    """In the text, the line {超期不足} is that finding: moving onto it shows its 依据."""
    db, ids = ledger
    editor = make_editor(qtbot, db)
    editor.select_section([s.key for s in editor.sections].index("shortcomings.main"))
    editor.body_edit.setFocus()
    lines = editor.body_edit.toPlainText().split("\n")
    for _ in range(lines.index("{超期不足}")):
        qtbot.keyClick(editor.body_edit, Qt.Key.Key_Down)
    ev = editor.evidence_panel.evidence
    assert ev is not None and ev.text.startswith("部分案件办理超过法定期限")
    assert [r.record_id for r in editor.evidence_panel.table.records.rows] == [ids["slow"]]
    assert QApplication.focusWidget() is editor.body_edit  # typing goes on where it was
