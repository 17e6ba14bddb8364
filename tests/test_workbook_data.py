"""Hand-built ledgers for the workbook, 年报 and aggregate tests (builders, no tests).

The counts in EXPECTED are made by hand from the records below, not by the code under test.
"""

from __future__ import annotations

from factories import case, make_id_number, make_uscc

from lawgov_desktop.storage import Database

HYPERLINK = '=HYPERLINK("http://example.com","点我")'
PERSON = "张三丰"
PERSON_ID = make_id_number("19800101", "420102", "321")


def _punished(no: str, decided: str, kinds: str, **extra: object) -> dict:
    rec = case(case_no=no, filed_on=decided[:4] + "-01-05", decided_on=decided,
               decision_type="给予处罚", penalty_kinds=kinds,
               id_number=make_uscc(f"9142{ord(no):03d}"))
    rec.update(extra)
    return rec


def fill_cases(db: Database) -> None:
    """2024: seven punished decisions, one of each heaviest kind but 暂扣 and 行政拘留."""
    t = db.ledger("cases")
    # heaviest 罚款
    t.insert(_punished("A", "2024-02-20", "罚款", fine_amount="10000", closed_on="2024-03-01"))
    # 没收 outranks 罚款
    t.insert(_punished("B", "2024-03-10", "罚款；没收违法所得", fine_amount="20000",
                       confiscation_amount="5000.50", enforcement_applied_on="2024-06-01"))
    # a natural person, 警告 only
    t.insert(_punished("C", "2024-03-15", "警告", party=PERSON, party_type="个人",
                       id_number=PERSON_ID, closed_on="2024-04-01"))
    # 责令停产停业 outranks 暂扣, 罚款
    t.insert(_punished("D", "2024-05-20", "责令停产停业；罚款；暂扣许可证件",
                       fine_amount="50000", closed_on="2024-06-10"))
    # 吊销 outranks 责令停产停业
    t.insert(_punished("E", "2024-05-25", "吊销许可证件；责令关闭"))
    # only 其他; the party's name looks like a formula and must stay text
    t.insert(_punished("F", "2024-07-01", "其他", party=HYPERLINK, closed_on="2024-07-05"))
    # 限制开展生产经营活动 outranks 没收
    t.insert(_punished("J", "2024-11-30", "限制开展生产经营活动；没收非法财物",
                       confiscation_amount="1000", closed_on="2024-12-20"))
    # decided the next year: not a 2024 decision, but filed in 2024
    t.insert(_punished("G", "2025-01-10", "罚款", fine_amount="99999", filed_on="2024-10-01"))
    # not punished
    t.insert(case(case_no="H", filed_on="2024-08-01", decided_on="2024-08-20",
                  decision_type="不予处罚", closed_on="2024-08-25", id_number=make_uscc("9142072")))
    # deleted: never counted nor listed
    gone = t.insert(_punished("I", "2024-09-01", "吊销许可证件"))
    t.delete(gone["id"])
    # 2023 only: the previous year
    t.insert(_punished("K", "2023-06-01", "罚款", fine_amount="3000", closed_on="2023-07-01"))


def fill_others(db: Database) -> None:
    a = db.ledger("appeals")
    a.insert({"kind": "行政复议", "applicant": PERSON, "received_on": "2024-04-10",
              "result": "维持", "closed_on": "2024-06-01"})
    a.insert({"kind": "行政复议", "applicant": "示例化工有限公司", "received_on": "2024-04-20",
              "result": "撤销", "closed_on": "2024-06-20"})
    a.insert({"kind": "行政诉讼", "applicant": "李四", "received_on": "2024-09-02",
              "instance": "一审", "head_appeared": "是"})
    t = db.ledger("trainings")
    t.insert({"date": "2024-03-01", "name": "《行政处罚法》专题学法", "participants": 30})
    t.insert({"date": "2024-03-20", "name": "执法人员业务培训", "participants": 45,
              "note": "备注\x07含控制字符"})
    t.insert({"date": "2024-10-08", "name": "#N/A", "participants": 12})
    p = db.ledger("publicity")
    p.insert({"start_on": "2024-06-16", "name": "安全生产月咨询日", "onsite_audience": 800,
              "online_audience": 200, "materials": 1500})
    p.insert({"start_on": "2024-12-04", "name": "宪法宣传周", "onsite_audience": 300})
    r = db.ledger("reviews")
    r.insert({"review_type": "行政规范性文件", "name": "安全生产举报奖励办法",
              "doc_no": "示应急规〔2024〕1号", "reviewed_on": "2024-03-01",
              "published_on": "2024-03-10", "filed_on": "2024-03-25", "adviser": True,
              "validity": "现行有效"})
    r.insert({"review_type": "合同", "name": "应急物资采购合同", "reviewed_on": "2024-06-03",
              "contract_amount": "150000"})


def fill_inspections(db: Database) -> None:
    i = db.ledger("inspections")
    for day, kind in (("2024-03-01", "日常检查"), ("2024-06-01", "日常检查")):
        i.insert({"inspected_on": day, "target": "示例化工有限公司", "domain": "危险化学品",
                  "kind": kind, "random": "是", "approved_on": "2024-02-28",
                  "inspectors": "张明、李华", "problems_found": 2, "outcome": "当场整改"})
    i.insert({"inspected_on": "2024-09-01", "target": "示例木业厂", "kind": "专项检查",
              "inspectors": "张明", "outcome": "立案查处", "related_case_no": "H"})
    i.insert({"inspected_on": "2023-09-01", "target": "示例木业厂", "kind": "日常检查"})


def build(db: Database, unit: str = "示例县应急管理局") -> Database:
    db.set_setting("unit_name", unit)
    fill_cases(db)
    fill_others(db)
    fill_inspections(db)
    return db


# Counted by hand from the records above, for 2024.
EXPECTED_PENALTY = {
    "penalty_warning": 1, "penalty_fine": 1, "penalty_confiscation": 1,
    "penalty_suspension": 0, "penalty_revocation": 1, "penalty_restriction": 1,
    "penalty_closure": 1, "penalty_detention": 0, "penalty_other": 1, "penalty_total": 7,
}
EXPECTED_MONEY_YUAN = 10000 + 20000 + 5000.50 + 50000 + 1000  # 罚款 + 没收 of 2024 decisions
# Records with any date in 2024 (detail sheet rows): cases A B C D E F J G H; not I, K.
EXPECTED_ROWS = {"cases": 9, "appeals": 3, "trainings": 3, "publicity": 2, "inspections": 3,
                 "reviews": 2}
EXPECTED_MONTHLY = {  # series id → {month: value}, other months 0
    "cases_filed": {1: 7, 8: 1, 10: 1},
    "penalty_decisions": {2: 1, 3: 2, 5: 2, 7: 1, 11: 1},
    "cases_closed": {3: 1, 4: 1, 6: 1, 7: 1, 8: 1, 12: 1},
    "reconsiderations_total": {4: 2},
    "lawsuits_total": {9: 1},
    "trainings": {3: 2, 10: 1},
    "training_participants": {3: 75, 10: 12},
    "publicity_events": {6: 1, 12: 1},
    "publicity_audience": {6: 1000, 12: 300},
}
