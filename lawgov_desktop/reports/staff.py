"""The report on the enforcement staff (DOMAIN.md §9, §11): who was 在岗 and certified, the
法制审核人员, training hours per officer; and the 不足/安排 the register shows (officers short
of the hours target, certificates expired or never issued).

Only what the 执法人员 register holds: nothing when it has no officer on duty that year, and
no word on hours unless the year's trainings name officers (参训执法人员). Officers are not
named one by one (a report goes upward); the sentences carry their records as provenance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.officer_figures import StaffYear
from ..domain.officers import certificate_valid
from .document import Paragraph, Sentence
from .figures import count, format_count
from .narrative import Quoter, para
from .yeardata import YearData

SETTINGS = ("training_hours_target",)


def _staff(data: YearData) -> StaffYear | None:
    staff = data.staff
    return staff if isinstance(staff, StaffYear) and staff.on_duty else None


def _as_of(data: YearData, staff: StaffYear) -> str:
    d = staff.day
    return f"截至{d.year}年{d.month}月{d.day}日"


def _hours_known(data: YearData) -> bool:
    """Whether the year's trainings say who attended (else hours are not the register's)."""
    return bool(value(data.figures, "training_hours_total"))


def value(figures: Mapping[str, Any], fid: str) -> float:
    v = figures.get(fid)
    return float(v) if v else 0.0


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [str(o["id"]) for o in rows]


def staff(data: YearData, me: str = "我局") -> list[Paragraph]:
    """截至…，共有在岗执法人员X人，其中持有效执法证Y人（持证率Z），法制审核人员W人。
    全年执法人员参加培训H学时，人均M学时（N人未达到T学时）。"""
    found = _staff(data)
    if found is None:
        return []
    q = Quoter(data)
    text = f"{_as_of(data, found)}，{me}共有在岗执法人员{q('officers_total')}"
    text += f"，其中持有效执法证{q('certified_officers')}（持证率{q('certification_rate')}）"
    if count(data.figures, "legal_review_staff"):
        text += f"，法制审核人员{q('legal_review_staff')}"
    first = q.said(text + "。", _ids(found.on_duty))
    second = None
    if _hours_known(data):
        target = format_count(found.target)
        text = (f"全年执法人员参加学法培训共{q('training_hours_total')}，"
                f"人均{q('training_hours_per_officer')}")
        below = count(data.figures, "officers_below_hours")
        if below:
            text += f"，其中{q('officers_below_hours')}未达到每人每年{target}学时的要求"
        else:
            q.rests("officers_below_hours")
            text += f"，均达到每人每年{target}学时的要求"
        second = q.said(text + "。", _ids(found.on_duty), settings=SETTINGS)
    return para(first, second)


# -- 不足 and 下一年度安排 (registered in findings.FINDINGS) ----------------------------------


def hours_shortfall(data: YearData) -> Sentence | None:
    found = _staff(data)
    if found is None or not _hours_known(data) or not found.below_hours:
        return None
    q = Quoter(data)
    text = (f"执法人员学法培训还不够。全年有{q('officers_below_hours', unit=False)}名执法人员"
            "参训学时"
            f"未达到每人每年{format_count(found.target)}学时的要求。")
    return q.said(text, _ids(found.below_hours), settings=SETTINGS)


def hours_plan(data: YearData) -> Sentence:
    found = _staff(data)
    target = format_count(found.target) if found else "规定"
    below = _ids(found.below_hours) if found else []
    return Sentence(f"制定执法人员年度培训计划，对参训学时不足的人员补学补训，"
                    f"确保每人每年培训不少于{target}学时。",
                    indicators=("officers_below_hours",), records=tuple(below),
                    settings=SETTINGS)


def uncertified(found: StaffYear) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(certificate expired, never recorded) among the officers on duty on the day."""
    day = found.day.isoformat()
    bad = [o for o in found.on_duty if not certificate_valid(o, found.day)]
    expired = [o for o in bad if o.get("cert_expires_on") and str(o["cert_expires_on"]) < day]
    return expired, [o for o in bad if not o.get("cert_expires_on")]


def certificates_shortfall(data: YearData) -> Sentence | None:
    found = _staff(data)
    if found is None:
        return None
    expired, missing = uncertified(found)
    if not expired and not missing:
        return None
    parts = []
    if expired:
        parts.append(f"{len(expired)}名在岗执法人员的执法证已过有效期")
    if missing:
        parts.append(f"{len(missing)}名在岗执法人员尚未取得执法证")
    text = f"持证上岗还有差距。{_as_of(data, found)}，" + "，".join(parts) + "。"
    return Sentence(text, indicators=("officers_total", "certified_officers"),
                    records=tuple(_ids(expired + missing)))


def certificates_plan(data: YearData) -> Sentence:
    found = _staff(data)
    expired, missing = uncertified(found) if found else ([], [])
    parts = []
    if expired or not missing:
        parts.append("及时为执法证到期人员办理换证")
    if missing:
        parts.append("组织未取得执法证的人员参加执法资格考试")
    text = "，".join(parts) + "，未持有效执法证的人员不得从事行政执法活动。"
    return Sentence(text, indicators=("certified_officers",),
                    records=tuple(_ids(expired + missing)))


__all__ = ["certificates_plan", "certificates_shortfall", "hours_plan", "hours_shortfall",
           "staff"]
