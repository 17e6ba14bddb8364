"""The report's check of its own (issue #15, point 6): ledgers with known facts, and the draft
may claim nothing they contradict, quote every figure as its indicator under the number
rules, and keep every part the 督察工作规定 requires."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from factories import case

from lawgov_desktop.reports import DATE_TODO, report_date
from lawgov_desktop.reports.document import Document, Heading
from lawgov_desktop.reports.figures import value_of
from lawgov_desktop.reports.template import compose_checked
from lawgov_desktop.reports.year_report import load_sections
from lawgov_desktop.reports.yeardata import load_year

YEAR = 2024
AS_OF = dt.date(2025, 1, 20)
PARTS = ("主要举措和成效", "存在的不足和原因", "第一责任人职责", "主要安排", "其他需要报告的情况")


def expected_number(fid: str, value: float) -> str:
    """The number rules written out again, independently of reports/figures.py."""
    if fid.endswith("_rate"):
        pct = Decimal(str(value)) * 100
        if pct == pct.to_integral():
            return f"{int(pct)}%"
        rounding = "ROUND_DOWN" if pct > Decimal("99.9") else "ROUND_HALF_UP"
        return f"{pct.quantize(Decimal('0.1'), rounding=rounding):f}%"
    if fid.endswith("_yuan"):
        if value >= 10000:
            wan = (Decimal(str(value)) / 10000).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
            return f"{wan:f}".rstrip("0").rstrip(".") + "万元"
        return f"{Decimal(str(value)):f}".rstrip("0").rstrip(".") + "元" if "." in str(value) \
            else f"{int(value)}元"
    n = int(value)
    if n < 10000:
        return str(n)
    tenths, rest = divmod(n, 1000)
    text = f"{tenths // 10}" + (f".{tenths % 10}" if tenths % 10 else "")
    return text + "万" + ("余" if rest else "")


def report(db, year: int = YEAR) -> tuple[Document, object]:
    data = load_year(db, year, as_of=AS_OF)
    doc, problems = compose_checked(load_sections(db, year), data, db.get_setting("unit_name"),
                                    year, report_date(year, None, AS_OF))
    assert problems == []
    return doc, data


def body(doc: Document) -> str:
    return "".join(p.text for p in doc.paragraphs())


def check_own_rules(db, doc: Document, data) -> None:
    """What holds for every draft: the parts, the provenance, the quotes."""
    level1 = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert len(level1) == 5 and all(p in h for p, h in zip(PARTS, level1, strict=True))
    ids = {table: {r[0] for r in db.conn.execute(f"SELECT id FROM {table}")}
           for table in ("cases", "appeals", "trainings", "publicity")}
    known = set().union(*ids.values())
    for s in doc.sentences():
        assert s.origin in ("ledger", "frame", "todo"), s  # the template claims nothing itself
        if s.origin == "ledger":
            assert s.rests_on_data, s
        assert set(s.records) <= known, s
        for fid, printed in s.quotes:
            assert printed in s.text, (printed, s.text)
            if fid.startswith("yoy:"):
                continue
            value = value_of(data.figures, fid)
            assert printed == expected_number(fid, value), (fid, value, printed)
        if s.origin == "todo":
            assert s.text.startswith("【待补充：")


def test_a_year_of_zeros_claims_nothing(db) -> None:
    db.set_setting("unit_name", "福田区应急管理局")
    doc, data = report(db)
    check_own_rules(db, doc, data)
    assert data.empty
    assert not [s for s in doc.sentences() if s.origin == "ledger"]
    text = body(doc)
    for claim in ("未发生", "未立案", "公示", "集体讨论", "培训", "宣传"):
        assert claim not in text, claim
    # the required parts stay, each saying what is missing
    assert doc.todos()[:2] == ["本年度推进法治政府建设的主要举措和成效", "存在的不足和原因"]
    assert "下一年度推进法治政府建设的主要安排" in doc.todos()
    # place and time: a 区, and a date only the user can give in January 2025 … it is given
    assert doc.addressee == "区委、区政府："
    assert "区委、区政府的领导下" in text and "县委" not in text
    assert doc.signature_date == "2025年1月20日"
    assert report_date(YEAR, None, dt.date(2026, 11, 29)) == DATE_TODO


@pytest.mark.parametrize(("year", "present", "absent"), [
    (2016, [], ["习近平", "二十大"]),
    (2019, ["习近平新时代中国特色社会主义思想"], ["习近平法治思想", "二十大"]),
    (2021, ["习近平法治思想"], ["二十大"]),
    (2023, ["习近平法治思想", "党的二十大精神"], []),
])
def test_phrases_only_in_years_they_existed(db, year: int, present: list[str],
                                            absent: list[str]) -> None:
    db.set_setting("unit_name", "某某县应急管理局")
    text = body(report(db, year)[0])
    assert all(p in text for p in present) and not any(a in text for a in absent)


@pytest.fixture
def troubled(db):
    """Three decisions: one published in time, one late, one never; a 复议 the reviewing
    body corrected (applicant a person); no 集体讨论, no 不予处罚."""
    db.set_setting("unit_name", "某某县应急管理局")
    db.set_setting("party_body", "党组")
    cases = db.ledger("cases")
    decided = dict(decided_on="2024-04-01", decision_type="给予处罚", penalty_kinds=["罚款"],
                   fine_amount="20000")
    ok = cases.insert(case(case_no="某应急罚〔2024〕1号", filed_on="2024-03-01",
                           published_on="2024-04-03", **decided))
    late = cases.insert(case(case_no="某应急罚〔2024〕2号", filed_on="2024-03-02",
                             published_on="2024-05-20", **decided))
    never = cases.insert(case(case_no="某应急罚〔2024〕3号", filed_on="2024-03-03",
                              cause="未按规定设置安全警示标志", **decided))
    appeal = db.ledger("appeals").insert({
        "kind": "行政复议", "case_no": "某复决字〔2024〕7号",
        "related_case_no": "某应急罚〔2024〕3号",
        "applicant": "张三丰", "reviewing_body": "某某县人民政府", "received_on": "2024-05-06",
        "replied_on": "2024-05-10", "result": "撤销", "closed_on": "2024-07-01"})
    return {"ok": ok["id"], "late": late["id"], "never": never["id"], "appeal": appeal["id"]}


def test_late_publications_and_a_corrected_reconsideration(db, troubled) -> None:
    doc, data = report(db)
    check_own_rules(db, doc, data)
    text = body(doc)
    # nothing the ledger contradicts
    for claim in ("及时公开", "均在决定之日起", "集体讨论", "不予处罚", "均出庭"):
        assert claim not in text, claim
    assert "张三丰" not in "".join(doc.text_lines())  # never a person's name
    # 公示: counted from the dates, adding up to the decisions
    assert "全年作出的3宗行政处罚决定中，1宗在决定之日起7个工作日内公示，1宗逾期公示，" \
           "1宗至2025年1月20日尚未公示。" in text
    # the corrected case by 案号 and 案由, with what was corrected; outcomes add up
    assert "某应急罚〔2024〕3号（未按规定设置安全警示标志），复议机关决定撤销" in text
    assert "行政复议案件1件，其中被纠错1件，复议维持率0%" in text
    # 不足 found, each with its 安排
    shortcomings = [s for s in doc.sentences() if s.text.startswith(("行政执法公示不够及时",
                                                                     "执法办案质量还有差距"))]
    assert len(shortcomings) == 2
    late_one = next(s for s in shortcomings if s.text.startswith("行政执法公示"))
    assert set(late_one.records) == {troubled["late"], troubled["never"]}
    assert "对1宗尚未公示的行政处罚决定逐案补充公示" in text
    assert "对被纠错、败诉的案件逐案查找" in text
    assert "【待补充：上述不足的原因分析】" in text
    # 党组, not 党委（党组）
    assert "党委（党组）" not in text


def test_the_user_drops_and_rewords_findings(db, troubled) -> None:
    from lawgov_desktop.reports.year_report import save_sections

    sections = load_sections(db, YEAR)
    edited = []
    for s in sections:
        if s.key == "shortcomings.main":
            s = type(s)(s.key, s.part, s.title, s.body.replace("{纠错不足}\n", "")
                        .replace("{公示不足}", "公示工作还有短板：{执法公示情况}"))
        edited.append(s)
    save_sections(db, YEAR, edited)
    doc, _ = report(db)
    text = body(doc)
    assert "执法办案质量还有差距" not in text
    assert "公示工作还有短板：全年作出的3宗" in text
    assert load_sections(db, YEAR) == edited  # the user's text stays the user's


KINDS = ["执法人员业务培训", "企业负责人培训", "党委理论学习中心组学法"]


@pytest.fixture
def busy(db):
    db.set_setting("unit_name", "某某市应急管理局")
    db.set_setting("upper_unit", "某某省应急管理厅")
    t = db.ledger("trainings")
    for year, n in ((2023, 4), (2024, 5)):
        for i in range(n):
            t.insert({"date": f"{year}-0{i + 1}-10", "name": f"培训{year}-{i}",
                      "category": KINDS[i % 3],
                      "lecturer": f"讲师{i}", "participants": str(10 * (i + 1) + (year - 2023))})
    p = db.ledger("publicity")
    for i, audience in enumerate((60000, 30000, 4795)):  # 94,795 in all
        p.insert({"start_on": f"2024-0{i + 5}-01", "name": f"宣传{i}", "place": f"广场{i}",
                  "onsite_audience": str(audience), "materials": "1000"})
    p.insert({"start_on": "2023-06-01", "name": "上年宣传", "onsite_audience": "50000"})
    a = db.ledger("appeals")
    for i, appeared in enumerate((True, False)):
        a.insert({"kind": "行政诉讼", "case_no": f"（2024）某01行初{i}号", "applicant": "某公司",
                  "received_on": "2024-03-01", "replied_on": "2024-03-05",
                  "head_appeared": appeared, "result": "驳回诉讼请求", "closed_on": "2024-09-01"})


def test_a_busy_year(db, busy) -> None:
    doc, data = report(db)
    check_own_rules(db, doc, data)
    text = body(doc)
    assert doc.addressee == "市委、市人民政府，某某省应急管理厅："
    assert "全年组织学法培训5场次，同比增长25%，参训155人次" in text
    # by 类别, in the order of the form's list, adding up to the total
    assert ("按类别分，党委理论学习中心组学法1场次、执法人员业务培训2场次、"
            "企业负责人培训2场次") in text
    # the three largest by 参训人数, named with date, topic, speaker and reach
    assert ("参训人数较多的有：5月10日“培训2024-4”（企业负责人培训，讲师4授课，51人参加）；"
            "4月10日“培训2024-3”（执法人员业务培训，讲师3授课，41人参加）；"
            "3月10日“培训2024-2”") in text
    assert "现场和线上受众9.4万余人次" in text
    assert "同比增长200%" in text  # 3 events against 1
    assert "5月1日在广场0开展的“宣传0”（受众6万人次）" in text
    # 出庭 as X of Y, and the matching 不足 and 安排
    assert "全年2件行政诉讼案件中，某某市应急管理局" not in text
    assert "全年2件行政诉讼案件中，我局负责人出庭应诉1件" in text
    assert "行政机关负责人出庭应诉还不到位" in text and "负责人应出尽出" in text
    assert "胜诉2件，胜诉率100%" in text
    assert "上述案件均在法定期限内提交了书面答复、答辩材料" in text


def test_masking_reaches_generated_text(db, troubled, tmp_path) -> None:
    """The 上报 hook: a mask applied to the composed body reaches generated paragraphs too."""
    from lawgov_desktop.reports import export_report

    db.ledger("trainings").insert({"date": "2024-06-01", "name": "张三丰讲安全生产法",
                                   "participants": "30"})
    data = load_year(db, YEAR, as_of=AS_OF)
    files = export_report(data, load_sections(db, YEAR), "某某县应急管理局", YEAR, tmp_path,
                          ["docx"], date=AS_OF, mask=lambda t: t.replace("张三丰", "张**"))
    import docx

    text = "".join(p.text for p in docx.Document(str(files[0])).paragraphs)
    assert "张**讲安全生产法" in text and "张三丰" not in text
