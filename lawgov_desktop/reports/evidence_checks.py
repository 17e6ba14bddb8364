"""The figures the report's 不足 and 安排 rest on, each with its records (统计数据 tab, issue
#15 / trial G2): the 公示 split that adds up to the year's decisions, late decisions and
replies, corrected appeals, and one row per finding a register adds to findings.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.indicators import BY_ID as INDICATORS
from ..domain.ledgers import ledger_keys
from .evidence import cn_date, figure_line
from .evidence_inspections import inspection_records
from .findings import FINDINGS
from .yeardata import CORRECTED, YearData

if TYPE_CHECKING:
    from ..storage import Database

# Findings whose figures have rows of their own below; any other gets a row of its own.
_KNOWN_FINDINGS = frozenset({"公示", "纠错", "超期", "出庭", "述法"})


@dataclass(frozen=True)
class Check:
    """A figure a 不足 or 安排 rests on, with its records (统计数据 tab)."""

    key: str
    label: str
    value: str
    rule: str
    records: tuple[str, ...] = ()
    note: str = ""  # what each record is listed as, when its dates do not say


def checks(db: Database, data: YearData) -> list[Check]:
    """Every figure the 不足 and 安排 rest on, with its records (empty lists included)."""
    if not data.detailed:
        return []
    days = data.publish_days
    ids = lambda xs: tuple(x.record_id for x in xs)  # noqa: E731
    unpublished = {r[0] for r in db.conn.execute(
        "SELECT id FROM cases WHERE deleted_at IS NULL AND decision_type = '给予处罚' "
        "AND decided_on >= ? AND decided_on < ? AND published_on IS NULL",
        [f"{data.year:04d}-01-01", f"{data.year + 1:04d}-01-01"])}
    out_of_time = set(ids(data.late_published)) | set(ids(data.unpublished))
    unknown = set(data.unrecorded_publication)
    pending = tuple(i for i in data.decisions
                    if i in unpublished and i not in out_of_time and i not in unknown)
    on_time = tuple(i for i in data.decisions
                    if i not in out_of_time and i not in unknown and i not in set(pending))
    recon = [a for a in data.appeals if a["kind"] == "行政复议"]
    suits = [a for a in data.appeals if a["kind"] == "行政诉讼"]
    absent = tuple(a["id"] for a in suits if not a["head_appeared"])
    rows = [
        Check("on_time", "处罚决定按时公示", f"{len(on_time)}宗",
              f"决定之日起{days}个工作日内公示", on_time),
        Check("late_published", "处罚决定逾期公示", f"{len(data.late_published)}宗",
              f"超过决定之日起{days}个工作日才公示", ids(data.late_published)),
        Check("unpublished", "处罚决定未公示", f"{len(data.unpublished)}宗",
              f"至{cn_date(data.as_of)}已超过公示期限仍未登记公示日期", ids(data.unpublished)),
        Check("pending", "尚在公示期限内", f"{len(pending)}宗",
              "未登记公示日期，公示期限尚未届满", pending),
        Check("unrecorded_publication", "历史记录未登记公示日期",
              f"{len(data.unrecorded_publication)}宗",
              "导入的历史记录，报告不认定未公示，留【待补充】请核实",
              tuple(data.unrecorded_publication)),
        Check("late_decisions", "超期作出处罚决定", f"{len(data.late_decisions)}宗",
              "普通程序案件未在立案之日起法定期限内作出决定（含至今未作出）",
              ids(data.late_decisions)),
        Check("late_replies", "复议答复、诉讼答辩逾期", f"{len(data.late_replies)}件",
              "未在法定期限内提交答复或答辩材料（含至今未提交）", ids(data.late_replies)),
        Check("late_rectifications", "意见书整改情况逾期报送",
              f"{len(data.late_rectifications)}份",
              f"收到行政复议意见书{data.rectification_days}日内未报送整改情况",
              ids(data.late_rectifications)),
        Check("reconsiderations_corrected", "行政复议被纠错",
              f"{sum(1 for a in recon if a['result'] in CORRECTED)}件",
              "复议结果为" + "、".join(CORRECTED),
              tuple(a["id"] for a in recon if a["result"] in CORRECTED)),
        Check("lawsuits_lost", "行政诉讼败诉",
              f"{sum(1 for a in suits if a['result'] in CORRECTED)}件",
              "诉讼结果为" + "、".join(CORRECTED),
              tuple(a["id"] for a in suits if a["result"] in CORRECTED)),
        Check("head_absent", "负责人未出庭应诉的诉讼", f"{len(absent)}件",
              "本年度收到的行政诉讼中未登记负责人出庭", absent),
        Check("unchecked_deadlines", "历史记录按台账日期超期（待核实）",
              f"{len(data.unchecked_deadlines)}条",
              "导入的历史记录，报告不认定超期，留【待补充】请核实",
              tuple(data.unchecked_deadlines)),
    ]
    known = set(_KNOWN_FINDINGS)
    if "inspections" in ledger_keys():
        rows += _inspections(db, data)
        known.add("检查")
    for finding in FINDINGS:  # the new registers' findings, as they land
        if finding.key in known:
            continue
        said = finding.shortcoming(data)
        records = said.records if said is not None else ()
        rows.append(Check(f"finding:{finding.key}", finding.label, f"{len(records)}条",
                          "报告“存在的不足”据此写出" if said is not None
                          else "本年度没有，报告不写此项不足", records,
                          f"列入不足：{finding.label}"))
    return rows


def _inspections(db: Database, data: YearData) -> list[Check]:
    """超频次, 未审批, 不足两人, 无有效执法证: the indicator as the report writes it, and the
    checks it counts (for 超频次, every check of the enterprises past their cap)."""
    found = inspection_records(db, data.year)
    out = []
    for fid, records in found.items():
        ind = INDICATORS[fid]
        rule = ind.rule + ("；查看列出这些企业本年度的全部检查" if fid == "over_cap_units" else "")
        out.append(Check(fid, ind.label, figure_line(fid, data.figures).value, rule, records,
                         f"列入：{ind.label}"))
    return out
