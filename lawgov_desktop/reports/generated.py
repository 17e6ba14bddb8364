"""Placeholder name → paragraph generator: every generated text a section body may hold.

A body line that is only such a placeholder (e.g. ``{学法培训情况}``) becomes the
generator's paragraphs with their provenance; inside other text it is filled in as text.
"""

from __future__ import annotations

from . import findings, inspection_text, narrative, narrative_facts, review_text, staff
from .narrative import Generator

GENERATED: dict[str, Generator] = {
    "开篇": findings.opening,
    "执法办案情况": narrative.enforcement,
    "执法公示情况": narrative.publication,
    "行政检查情况": inspection_text.inspections,
    "复议诉讼情况": narrative.disputes,
    "纠错案件情况": narrative.corrections,
    "负责人出庭情况": narrative.appearances,
    "学法培训情况": narrative.trainings,
    "领导学法情况": narrative.leadership_learning,
    "普法宣传情况": narrative.publicity,
    "合法性审核情况": review_text.legality_review,
    "执法队伍情况": staff.staff,
    "执法保障情况": narrative_facts.enforcement_support,
    "典型案例情况": narrative_facts.typical_cases,
    "法律顾问情况": narrative_facts.legal_adviser,
    "述法情况": narrative_facts.law_report,
    **{f"{f.key}不足": findings._shortcoming(f) for f in findings.FINDINGS},
    "不足原因": findings.reasons,
    **{f"{f.key}整改安排": findings._plan(f) for f in findings.FINDINGS},
}

# What the editor's insert menu says about each generated placeholder.
DESCRIPTIONS: dict[str, str] = {
    "开篇": "开头一段（本级党委政府、上级单位、年度用语）",
    "执法办案情况": "立案、结案、处罚决定、罚没款及办案程序",
    "执法公示情况": "处罚决定按期公示情况",
    "行政检查情况": "涉企行政检查户次、企业、双随机占比、发现问题、检查后立案及年度计划",
    "复议诉讼情况": "复议诉讼数量、结果及维持率、胜诉率",
    "纠错案件情况": "被纠错案件的案号、案由和纠错结果",
    "负责人出庭情况": "负责人出庭应诉 X/Y",
    "学法培训情况": "培训场次、人次、类别及参训最多的培训",
    "领导学法情况": "中心组学法、领导干部学法、集体讨论",
    "普法宣传情况": "宣传活动、资料、受众及受众最多的活动",
    "合法性审核情况": "规范性文件、重大行政决策、合同审核，按期报备，法律顾问参与",
    "执法队伍情况": "在岗执法人员、持证率、法制审核人员、人均培训学时",
    "执法保障情况": "年度情况：权责清单更新、执法记录仪、案卷评查",
    "典型案例情况": "年度情况：发布典型案例",
    "法律顾问情况": "年度情况：法律顾问及其出具的法律意见",
    "述法情况": "年度情况：主要负责人述法（填“是”时）",
    **{f"{f.key}不足": f"不足：{f.label}" for f in findings.FINDINGS},
    "不足原因": "原因分析（待补充）",
    **{f"{f.key}整改安排": f"安排：针对{f.label}" for f in findings.FINDINGS},
}
