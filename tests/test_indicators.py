"""Indicators of DOMAIN.md §3 against a hand-counted ledger covering every rule."""

from __future__ import annotations

import pytest
from factories import case

from lawgov_desktop.domain.indicators import BY_ID, INDICATORS


def _appeal(kind, received, result=None, **extra):
    rec = {"kind": kind, "applicant": "示例化工有限公司", "received_on": received}
    if result:
        rec.update(
            result=result, closed_on=received.replace(received[:4], str(int(received[:4]) + 1))
        )
    rec.update(extra)
    return rec


@pytest.fixture
def ledger(db):
    cases = db.ledger("cases")
    cases.insert(
        case(
            case_no="A",
            filed_on="2024-01-10",
            legal_review_on="2024-02-01",
            notified_on="2024-02-05",
            statement_on="2024-02-07",
            decided_on="2024-02-20",
            decision_type="给予处罚",
            penalty_kinds="罚款",
            fine_amount="10000",
            published_on="2024-02-22",
            closed_on="2024-03-01",
        )
    )
    cases.insert(
        case(
            case_no="B",
            filed_on="2023-12-20",
            collective_review_on="2024-01-15",
            notified_on="2024-01-10",
            hearing_on="2024-01-20",
            decided_on="2024-01-25",
            decision_type="给予处罚",
            penalty_kinds="罚款；没收违法所得",
            fine_amount="20000",
            confiscation_amount="5000.50",
            enforcement_applied_on="2024-05-01",
            closed_on="2024-02-10",
        )
    )
    cases.insert(
        case(
            case_no="C",
            filed_on="2024-03-01",
            decided_on="2024-04-01",
            decision_type="不予处罚",
            closed_on="2025-01-05",
        )
    )
    cases.insert(
        case(
            case_no="D",
            filed_on="2024-06-01",
            decided_on="2025-01-10",
            decision_type="给予处罚",
            penalty_kinds="罚款",
            fine_amount="30000",
        )
    )
    cases.insert(
        case(
            case_no="E",
            filed_on="2024-07-01",
            decided_on="2024-07-20",
            decision_type="移送处理",
            transferred_on="2024-07-20",
            closed_on="2024-07-25",
        )
    )
    deleted = cases.insert(case(case_no="F", filed_on="2024-08-01"))
    cases.delete(deleted["id"])
    cases.insert(case(case_no="G", filed_on="2024-12-31"))

    appeals = db.ledger("appeals")
    for result in ("维持", "驳回申请", "撤销", "终止（撤回）", None, "调解", "和解"):
        appeals.insert(_appeal("行政复议", "2024-05-01", result))
    appeals.insert(_appeal("行政复议", "2023-05-01", "维持"))
    appeals.insert(_appeal("行政诉讼", "2024-03-01", "驳回诉讼请求", head_appeared="是"))
    appeals.insert(_appeal("行政诉讼", "2024-03-01", "撤诉", head_appeared="否"))
    appeals.insert(_appeal("行政诉讼", "2024-03-01", "确认违法", head_appeared="是"))
    appeals.insert(_appeal("行政诉讼", "2024-03-01", None, head_appeared="是"))
    appeals.insert(_appeal("行政诉讼", "2024-03-01", "调解", head_appeared="否"))
    appeals.insert(_appeal("行政诉讼", "2025-01-03", "驳回诉讼请求", head_appeared="是"))

    trainings = db.ledger("trainings")
    trainings.insert({"date": "2024-04-01", "name": "执法培训", "participants": 30})
    trainings.insert({"date": "2024-09-01", "name": "中心组学法"})
    trainings.insert({"date": "2023-09-01", "name": "去年的培训", "participants": 50})

    publicity = db.ledger("publicity")
    publicity.insert(
        {
            "start_on": "2024-06-16",
            "name": "咨询日",
            "onsite_audience": 100,
            "online_audience": 200,
            "materials": 500,
            "articles": 2,
        }
    )
    publicity.insert({"start_on": "2024-12-04", "name": "宪法宣传周", "online_audience": 50})
    publicity.insert({"start_on": "2023-06-16", "name": "去年的咨询日", "onsite_audience": 999})
    return db


EXPECTED_2024 = {
    "cases_filed": 5,  # A C D E G: B was filed in 2023, F is deleted
    "cases_closed": 3,  # A B E; C closed in 2025
    "penalty_decisions": 2,  # A B; C 不予处罚, D decided in 2025, E 移送处理
    "fines_yuan": 30000.0,
    "confiscations_yuan": 5000.5,
    "legal_reviews": 1,
    "collective_reviews": 1,
    "statements_heard": 1,
    "hearings_held": 1,
    "court_enforcement_applications": 1,
    "transfers_to_judiciary": 1,
    "reconsiderations_total": 7,
    "reconsiderations_upheld": 2,
    "reconsiderations_corrected": 1,
    "reconsiderations_terminated": 1,
    "reconsiderations_mediated": 2,  # 调解 and 和解
    "reconsiderations_pending": 1,
    "reconsideration_upheld_rate": 0.4,  # 2 / (7 − 1 pending − 1 terminated); 调解/和解 stay in
    "lawsuits_total": 5,
    "lawsuits_won": 1,
    "lawsuits_lost": 1,
    "lawsuits_withdrawn": 1,
    "lawsuits_mediated": 1,
    "lawsuits_pending": 1,
    "lawsuit_win_rate": 1 / 3,  # 1 / (5 − 1 pending − 1 withdrawn); 调解 stays in
    "head_appearances": 3,
    "trainings": 2,
    "training_participants": 30,
    "publicity_events": 2,
    "publicity_audience": 350,
    "publicity_materials": 500,
    "media_articles": 2,
    # 行政检查: no inspections in this ledger (tests/test_inspections.py counts them)
    "inspections_total": 0,
    "inspected_units": 0,
    "random_inspections": 0,
    "random_inspection_share": None,
    "joint_inspections": 0,
    "inspection_problems": 0,
    "inspections_to_cases": 0,
    "over_cap_units": 0,
    "inspections_unapproved": 0,
    "inspections_single_officer": 0,
    "inspections_uncertified": 0,
    # The inspection plan is a fact of the year (DOMAIN.md §10): none set, so none stated
    "plan_units": None,
    "plan_key_units": None,
    "plan_random_units": None,
    "plan_random_share": None,
    "plan_completion": None,
}


def test_every_indicator_for_the_year(ledger):
    figures = ledger.stats(2024)  # the new registers' indicators have tests of their own
    assert {k: figures[k] for k in EXPECTED_2024} == EXPECTED_2024


def test_ids_are_the_documented_contract():
    ids = [i.id for i in INDICATORS]  # the registers' own follow, in forms/ order
    assert [i for i in ids if i in EXPECTED_2024] == list(EXPECTED_2024)
    assert BY_ID["reconsideration_upheld_rate"].label == "复议维持率"
    assert BY_ID["lawsuit_win_rate"].label == "胜诉率"


def test_rates_are_null_without_a_denominator(ledger):
    figures = ledger.stats(2023)
    assert figures["reconsideration_upheld_rate"] == 1.0
    assert figures["lawsuit_win_rate"] is None
    assert figures["cases_filed"] == 1 and figures["training_participants"] == 50
    assert ledger.stats(2030)["reconsideration_upheld_rate"] is None


def test_only_terminated_means_no_rate(db):
    db.ledger("appeals").insert(_appeal("行政复议", "2024-05-01", "终止（撤回）"))
    assert db.stats(2024)["reconsideration_upheld_rate"] is None


def test_a_deleted_then_restored_record_counts_again(ledger):
    f = ledger.ledger("cases").find("case_no", "G")[0]
    ledger.ledger("cases").delete(f["id"])
    assert ledger.stats(2024)["cases_filed"] == 4
    ledger.ledger("cases").restore(f["id"])
    assert ledger.stats(2024)["cases_filed"] == 5


RECON_OUTCOMES = ("reconsiderations_upheld", "reconsiderations_corrected",
                  "reconsiderations_terminated", "reconsiderations_mediated",
                  "reconsiderations_pending")
SUIT_OUTCOMES = ("lawsuits_won", "lawsuits_lost", "lawsuits_withdrawn", "lawsuits_mediated",
                 "lawsuits_pending")


def outcomes_add_up(figures):
    return (sum(figures[i] for i in RECON_OUTCOMES) == figures["reconsiderations_total"]
            and sum(figures[i] for i in SUIT_OUTCOMES) == figures["lawsuits_total"])


def test_a_years_outcomes_add_up_to_its_total(ledger):
    """DOMAIN.md §9: with 调解/和解 counted, every appeal of the year has exactly one outcome."""
    for year in (2023, 2024, 2025):
        assert outcomes_add_up(ledger.stats(year)), year


@pytest.mark.parametrize("kind, result", [
    *(("行政复议", r) for r in ("维持", "驳回申请", "撤销", "变更", "确认违法", "责令履行",
                                "终止（撤回）", "调解", "和解", None)),
    *(("行政诉讼", r) for r in ("驳回诉讼请求", "撤销", "变更", "确认违法", "责令履行", "撤诉",
                                "调解", None)),
])
def test_every_result_falls_in_exactly_one_outcome(db, kind, result):
    db.ledger("appeals").insert(_appeal(kind, "2024-05-01", result))
    figures = db.stats(2024)
    outcomes = RECON_OUTCOMES if kind == "行政复议" else SUIT_OUTCOMES
    assert sum(figures[i] for i in outcomes) == 1


def test_every_result_choice_has_an_outcome():
    """A result added to forms/appeals.toml later must get an indicator too."""
    from lawgov_desktop.domain.ledgers import get_ledger

    result = get_ledger("appeals").field("result")
    listed = {r for rs in result.choices_by.values() for r in rs}
    assert listed == set(result.choices)
    assert "和解" in result.choices_by["行政复议"] and "和解" not in result.choices_by["行政诉讼"]


def test_demo_years_add_up(db):
    import datetime as dt

    from lawgov_desktop import demo

    demo.fill(db, 2025, "small", today=dt.date(2025, 11, 20))
    mediated = 0
    for year in db.years():
        figures = db.stats(year)
        assert outcomes_add_up(figures), year
        mediated += figures["reconsiderations_mediated"]
    assert mediated, "the demo has its 和解"
