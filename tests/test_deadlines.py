"""Working days (official holidays, make-up days, fallback) and the legal deadlines."""

from __future__ import annotations

import datetime as dt

from factories import case

from lawgov_desktop.domain.workdays import WorkCalendar

D = dt.date


def test_official_holidays_and_make_up_workdays():
    cal = WorkCalendar()
    assert cal.add_workdays(D(2024, 9, 27), 1) == D(2024, 9, 29)  # Sunday make-up workday
    assert cal.add_workdays(D(2024, 9, 30), 1) == D(2024, 10, 8)  # across 国庆
    assert cal.add_days(D(2024, 9, 1), 30) == D(2024, 10, 8)  # period ending in a holiday
    assert cal.warning() is None


def test_fallback_past_the_packages_data_warns():
    cal = WorkCalendar()
    assert not cal.covers(D(2099, 1, 1))
    assert cal.add_workdays(D(2099, 1, 2), 1) == D(2099, 1, 5)  # Fri → Mon
    assert "2099" in cal.warning()


def test_user_holidays_override():
    cal = WorkCalendar({D(2099, 1, 5): False, D(2099, 1, 3): True})
    assert cal.add_workdays(D(2099, 1, 2), 1) == D(2099, 1, 3)
    assert cal.add_workdays(D(2099, 1, 3), 1) == D(2099, 1, 6)


def test_case_deadlines(db):
    cases = db.ledger("cases")
    cases.insert(case(case_no="待决定", filed_on="2024-09-01"))
    cases.insert(case(case_no="简易", filed_on="2024-09-01", procedure="简易程序"))
    cases.insert(
        case(
            case_no="待公示",
            filed_on="2024-09-01",
            decided_on="2024-09-30",
            decision_type="给予处罚",
            penalty_kinds="警告",
        )
    )
    cases.insert(
        case(
            case_no="已公示",
            filed_on="2024-09-01",
            decided_on="2024-09-30",
            decision_type="给予处罚",
            penalty_kinds="警告",
            published_on="2024-10-08",
        )
    )
    found = {d.title: d for d in db.deadlines(today=D(2024, 10, 10))}
    assert set(found) == {"待决定", "待公示"}  # 简易程序 has no 90-day limit
    decide = found["待决定"]
    assert decide.rule.label == "作出处罚决定" and decide.due_on == D(
        2024, 12, 2
    )  # 11-30 is a Saturday
    assert decide.days_left == 53 and decide.status == "还剩53天"
    publish = found["待公示"]
    assert publish.due_on == D(2024, 10, 15)  # 7 working days after 9-30, across 国庆
    assert publish.days_left == 5
    db.set_setting("publish_days", "3")
    publish = {d.title: d for d in db.deadlines(today=D(2024, 10, 20))}["待公示"]
    assert publish.due_on == D(2024, 10, 10) and publish.overdue
    assert publish.status == "已逾期10天"


def test_appeal_deadlines_and_within(db):
    appeals = db.ledger("appeals")
    appeals.insert({"kind": "行政复议", "applicant": "甲公司", "received_on": "2024-03-01"})
    appeals.insert({"kind": "行政诉讼", "applicant": "乙公司", "received_on": "2024-03-01"})
    appeals.insert(
        {
            "kind": "行政诉讼",
            "applicant": "丙公司",
            "received_on": "2024-03-01",
            "replied_on": "2024-03-10",
        }
    )
    found = db.deadlines(today=D(2024, 3, 5))
    assert [(d.rule.label, d.due_on) for d in found] == [
        ("行政复议答复", D(2024, 3, 15)),  # 10 working days
        ("行政诉讼答辩", D(2024, 3, 18)),  # 15 days ends Saturday 3-16 → Monday
    ]
    assert [d.rule.label for d in db.deadlines(within_days=10, today=D(2024, 3, 5))] == [
        "行政复议答复"
    ]
