"""Record validation: every problem at once, in Chinese, by field."""

from __future__ import annotations

import datetime as dt

from factories import case, make_id_number, make_uscc

from lawgov_desktop.domain.ledgers import load_ledgers
from lawgov_desktop.domain.validation import validate

L = load_ledgers()
TODAY = dt.date(2026, 11, 23)


def problems(ledger, raw):
    return {
        (p.field, p.severity): p.message for p in validate(L[ledger], raw, today=TODAY).problems
    }


def test_valid_case_has_no_problems():
    result = validate(L["cases"], case(), today=TODAY)
    assert result.ok and result.problems == []
    assert result.values["filed_on"] == "2024-03-05"


def test_every_problem_is_reported_at_once():
    result = validate(
        L["cases"],
        {"party_type": "单位", "id_number": "123", "filed_on": "昨天", "fine_amount": "-1"},
        today=TODAY,
    )
    fields = {p.field for p in result.errors}
    assert {"case_no", "cause", "party", "id_number", "filed_on", "fine_amount"} <= fields
    assert all(p.label for p in result.errors)


def test_party_id_follows_party_type():
    assert not problems("cases", case(party_type="个人", id_number=make_id_number()))
    msg = problems("cases", case(party_type="个人", id_number=make_uscc()))
    assert "身份证号" in msg[("id_number", "error")]
    good = make_uscc()
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    msg = problems("cases", case(party_type="单位", id_number=bad))
    assert "校验位" in msg[("id_number", "error")]


def test_procedural_dates_must_be_in_order():
    msg = problems("cases", case(filed_on="2024-03-05", notified_on="2024-03-01"))
    assert "早于立案日期" in msg[("notified_on", "error")]
    msg = problems(
        "cases",
        case(
            notified_on="2024-04-01",
            hearing_on="2024-03-20",
            decided_on="2024-04-20",
            decision_type="不予处罚",
        ),
    )
    assert "早于告知日期" in msg[("hearing_on", "error")]
    msg = problems(
        "cases",
        case(
            notified_on="2024-04-01",
            decided_on="2024-04-20",
            statement_on="2024-04-25",
            decision_type="不予处罚",
        ),
    )
    assert "晚于决定日期" in msg[("statement_on", "error")]


def test_decision_needs_type_and_penalty_kinds():
    msg = problems("cases", case(decided_on="2024-04-20"))
    assert ("decision_type", "error") in msg
    msg = problems("cases", case(decided_on="2024-04-20", decision_type="给予处罚"))
    assert ("penalty_kinds", "error") in msg
    msg = problems(
        "cases",
        case(
            decided_on="2024-04-20",
            decision_type="给予处罚",
            penalty_kinds="警告",
            fine_amount="5000",
        ),
    )
    assert "应包含“罚款”" in msg[("fine_amount", "error")]


def test_future_date_is_only_a_warning():
    result = validate(L["cases"], case(filed_on="2026-12-01"), today=TODAY)
    assert result.ok
    assert [p.field for p in result.warnings] == ["filed_on"]


def test_appeal_result_must_fit_its_kind():
    base = {
        "kind": "行政复议",
        "applicant": "示例公司",
        "received_on": "2024-05-01",
        "closed_on": "2024-07-01",
    }
    assert not problems("appeals", {**base, "result": "维持"})
    msg = problems("appeals", {**base, "result": "驳回诉讼请求"})
    assert "行政复议的结果不能是" in msg[("result", "error")]
    msg = problems("appeals", {**base, "result": "维持", "head_appeared": "是", "instance": "一审"})
    assert ("head_appeared", "error") in msg and ("instance", "error") in msg
    msg = problems("appeals", {**base})
    assert ("result", "error") in msg  # closed needs a result


def test_editable_choice_lists_are_used():
    raw = case(domain="交通运输")
    assert not validate(L["cases"], raw, today=TODAY).ok
    result = validate(L["cases"], raw, choices={"domain": ["交通运输", "其他"]}, today=TODAY)
    assert result.ok and result.values["domain"] == "交通运输"


def test_training_and_publicity_rules():
    assert not problems("trainings", {"date": "2024-06-01", "name": "学法", "participants": 30})
    msg = problems("publicity", {"start_on": "2024-06-05", "end_on": "2024-06-01", "name": "宣传"})
    assert ("end_on", "error") in msg


def test_a_date_out_of_order_in_several_chains_is_told_once():
    from lawgov_desktop.domain.ledgers import get_ledger
    from lawgov_desktop.domain.validation import validate

    checked = validate(get_ledger("cases"), {
        "case_no": "X-1", "cause": "违法储存", "party": "青山化工有限公司", "party_type": "单位",
        "filed_on": "2024-03-24", "decided_on": "2024-02-28", "decision_type": "不予处罚"})
    order = [p for p in checked.errors if "顺序不对" in p.message]
    assert len(order) == 1 and order[0].field == "decided_on"
