"""Create, validate, edit, delete, undo and restore a record in each ledger, through the real
list views and forms."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_helpers import fill, type_text

from lawgov_desktop.domain.idcodes import uscc_check_char
from lawgov_desktop.storage import Query
from lawgov_desktop.ui.ledgers.ledger_view import LedgerView
from lawgov_desktop.ui.ledgers.record_form import RecordDialog

pytest_plugins = ["ui_fixtures"]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

USCC = "9142010012345678" + "0"
USCC += uscc_check_char(USCC)

# ledger → (valid input, invalid input with the fields that must show a problem, edit)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], set[str], dict[str, Any]]] = {
    "cases": (
        {"case_no": "示应急罚〔2024〕1号", "cause": "未按规定开展安全生产教育和培训",
         "party": "示例化工有限公司", "party_type": "单位", "id_number": USCC,
         "filed_on": "2024-03-05", "notified_on": "2024-03-20", "decided_on": "2024-04-01",
         "decision_type": "给予处罚", "penalty_kinds": ["罚款"], "fine_amount": "20000"},
        {"id_number": "91420100ABCDEFGH12", "notified_on": "2024-03-01"},
        {"id_number", "notified_on"},
        {"cause": "有限空间作业未执行审批制度"},
    ),
    "appeals": (
        {"kind": "行政诉讼", "case_no": "（2024）示行初1号", "applicant": "示例化工有限公司",
         "received_on": "2024-05-06", "replied_on": "2024-05-15", "instance": "一审",
         "head_appeared": "是"},
        {"replied_on": "2024-05-01"},
        {"replied_on"},
        {"applicant": "示例建材有限公司"},
    ),
    "trainings": (
        {"date": "2024-06-12", "name": "《行政处罚法》执法人员业务培训",
         "category": "执法人员业务培训", "participants": "45", "hours": "3"},
        {"date": "2024-02-30"},
        {"date"},
        {"name": "《安全生产法》专题学法"},
    ),
    "publicity": (
        {"start_on": "2024-06-16", "end_on": "2024-06-16", "name": "安全生产月宣传咨询日",
         "theme": "安全生产月", "form": "宣传咨询日", "materials": "1200",
         "onsite_audience": "800"},
        {"end_on": "2024-06-01"},
        {"end_on"},
        {"name": "防灾减灾日主题宣传"},
    ),
}


@pytest.mark.parametrize("ledger", list(CASES))
def test_record_lifecycle(ledger: str, window: Any, qtbot: Any, drive_form: Any,
                          answer: list[str]) -> None:
    valid, invalid, bad_fields, edit = CASES[ledger]
    table = window.db.ledger(ledger)
    title_key = table.definition.title_field
    window.set_year(2024)
    window.nav.setCurrentRow(list(CASES).index(ledger) + 1)
    view = window.page(ledger)
    assert isinstance(view, LedgerView) and window.stack.currentWidget() is view

    # 1. invalid input: every problem shown next to its field, in Chinese; nothing stored
    def invalid_then_valid(dialog: RecordDialog) -> None:
        fill(dialog, {**valid, **invalid}, qtbot)
        qtbot.keyClick(dialog.editors[title_key].focus_widget(), Qt.Key.Key_Return)
        assert dialog.isVisible(), "an invalid record must not close the form"
        shown = {k for k, label in dialog.problem_labels.items() if label.isVisible()}
        assert shown == bad_fields
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in dialog.problem_labels[k].text())
                   for k in shown)
        assert dialog.summary.isVisible() and "处需要修改" in dialog.summary.text()
        assert table.count(Query()) == 0
        fill(dialog, {k: valid.get(k, "") for k in invalid}, qtbot)
        qtbot.keyClick(dialog.editors[title_key].focus_widget(), Qt.Key.Key_Return)

    forms = drive_form(invalid_then_valid)
    view.new_record()
    assert len(forms) == 1 and not forms[0].isVisible()
    records = table.list(Query())
    assert len(records) == 1
    record = records[0]
    assert record[title_key] == valid[title_key]
    assert view.model.rowCount() == 1 and view.current_id() == record["id"]
    if ledger == "cases":
        assert record["fine_amount"] == 2_000_000  # 20000 yuan stored in fen
        assert record["penalty_kinds"] == "罚款"

    # 2. edit through the form, then undo the edit
    def change(dialog: RecordDialog) -> None:
        assert dialog.editors[title_key].value() == str(valid[title_key])
        fill(dialog, edit, qtbot)
        dialog.save_button.click()

    drive_form(change)
    view.edit_current()
    key, new_value = next(iter(edit.items()))
    assert table.get(record["id"])[key] == new_value
    window.undo_action.trigger()
    assert table.get(record["id"])[key] == valid[key]

    # 3. delete, undo with Ctrl+Z, delete again and restore from the 回收站
    view.view.setFocus()
    view.delete_current()
    assert answer and "回收站" in answer[-1]
    assert table.count(Query()) == 0 and view.model.rowCount() == 0
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table.count(Query()) == 1
    assert view.model.rowCount() == 1
    view.select(record["id"])
    view.delete_current()
    view.bin_button.click()
    assert view.model.rowCount() == 1 and view.model.query.deleted
    view.view.selectRow(0)
    view.restore_current()
    assert view.model.rowCount() == 0
    assert table.count(Query()) == 1
    actions = [h["action"] for h in table.history(record["id"])]
    assert actions == ["insert", "update", "update", "delete", "restore", "delete", "restore"]


def test_escape_asks_before_discarding(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    from lawgov_desktop.ui.shell import prompts

    asked: list[str] = []
    replies = iter([False, True])
    monkeypatch.setattr(prompts, "confirm",
                        lambda parent, title, text, **kw: asked.append(text) or next(replies))
    dialog = RecordDialog(window.db, "cases", None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.editors["case_no"].focus_widget(), "示应急罚〔2024〕9号")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()  # "继续编辑"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and window.db.ledger("cases").count() == 0


def test_untouched_form_closes_without_question(window: Any, qtbot: Any, answer: list) -> None:
    dialog = RecordDialog(window.db, "trainings", None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and answer == []


def test_duplicate_case_number_is_shown_at_the_field(window: Any, qtbot: Any, answer: list
                                                    ) -> None:
    valid = CASES["cases"][0]
    window.db.ledger("cases").insert({k: v for k, v in valid.items()})
    dialog = RecordDialog(window.db, "cases", None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, valid, qtbot)
    dialog.save()
    assert dialog.problem_labels["case_no"].isVisible()
    assert "已存在" in dialog.problem_labels["case_no"].text()
    assert window.db.ledger("cases").count() == 1


def test_case_form_shows_timeline_and_deadlines(window: Any, qtbot: Any, answer: list) -> None:
    dialog = RecordDialog(window.db, "cases", None, window)
    qtbot.addWidget(dialog)
    fill(dialog, {"filed_on": "2024-03-05", "notified_on": "2024-03-20",
                  "decided_on": "2024-04-01", "decision_type": "给予处罚"}, qtbot)
    steps = dialog.panel.timeline.step_texts()
    assert steps[0] == "立案 2024-03-05" and steps[2] == "告知 2024-03-20"
    assert steps[4] == "决定 2024-04-01" and steps[-1] == "结案 —"
    text = dialog.panel.deadlines.text()
    assert "作出处罚决定" in text and "已完成" in text
    assert "处罚决定公示" in text and "到期" in text


def test_appeal_form_links_to_its_case(window: Any, qtbot: Any, answer: list) -> None:
    valid = CASES["cases"][0]
    case = window.db.ledger("cases").insert(valid)
    dialog = RecordDialog(window.db, "appeals", None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    line = dialog.editors["related_case_no"].focus_widget()
    type_text(qtbot, line, valid["case_no"])
    line.editingFinished.emit()
    assert dialog.panel.case_id == case["id"]
    assert "未按规定开展安全生产教育和培训" in dialog.panel.summary.text()
    assert dialog.editors["applicant"].value() == valid["party"]  # filled from the case
    opened: list[tuple[str, str]] = []
    dialog.open_record.connect(lambda led, rid: opened.append((led, rid)))
    dialog.panel.button.click()
    assert opened == [("cases", case["id"])]
    # litigation-only fields are off for 行政复议, and 结果 offers only its results
    dialog.editors["kind"].combo.setCurrentText("行政复议")
    assert not dialog.editors["instance"].isEnabled()
    results = [dialog.editors["result"].combo.itemText(i)
               for i in range(dialog.editors["result"].combo.count())]
    assert "维持" in results and "驳回诉讼请求" not in results
