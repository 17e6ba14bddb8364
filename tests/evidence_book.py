"""A ledger of known facts for the 依据 tests: late and missing 公示, a corrected 复议, a
decision after its 90 days, an imported history decision without a 公示日期."""

from __future__ import annotations

from factories import case, make_id_number


def fill_troubled(db):
    """Decisions published in time, late, never; a 复议 corrected (applicant a person);
    a case decided after its 90 days; an imported history decision with no 公示日期."""
    db.set_setting("unit_name", "某某县应急管理局")
    cases = db.ledger("cases")
    decided = dict(decided_on="2024-04-01", decision_type="给予处罚", penalty_kinds=["罚款"],
                   fine_amount="20000", party="李四", party_type="个人",
                   id_number=make_id_number())
    ok = cases.insert(case(case_no="某应急罚〔2024〕1号", filed_on="2024-03-01",
                           published_on="2024-04-03", **decided))
    late = cases.insert(case(case_no="某应急罚〔2024〕2号", filed_on="2024-03-02",
                             published_on="2024-05-20", **decided))
    never = cases.insert(case(case_no="某应急罚〔2024〕3号", filed_on="2024-03-03",
                              cause="未按规定设置安全警示标志", **decided))
    slow = cases.insert(case(case_no="某应急罚〔2024〕4号", filed_on="2024-01-02",
                             decided_on="2024-06-03", decision_type="给予处罚",
                             penalty_kinds=["警告"], published_on="2024-06-04"))
    history = cases.insert(case(case_no="某应急罚〔2024〕5号", filed_on="2024-03-04",
                                decided_on="2024-04-02", decision_type="给予处罚",
                                penalty_kinds=["警告"], is_history=True))
    appeal = db.ledger("appeals").insert({
        "kind": "行政复议", "case_no": "某复决字〔2024〕7号",
        "related_case_no": "某应急罚〔2024〕3号",
        "applicant": "张三丰", "reviewing_body": "某某县人民政府", "received_on": "2024-05-06",
        "replied_on": "2024-05-10", "result": "撤销", "closed_on": "2024-07-01"})
    return {"ok": ok["id"], "late": late["id"], "never": never["id"], "slow": slow["id"],
            "history": history["id"], "appeal": appeal["id"]}
