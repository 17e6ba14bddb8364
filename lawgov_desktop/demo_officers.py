"""Demo 执法人员 and the officers listed on the demo trainings (`lawgov demo`, DOMAIN.md §9).

A county 应急管理局 has 8 (small) to 30 (large) enforcement officers. The cases' 承办人 are
among them; a few certificates expire within the reminder window or have just expired, one
officer has moved to another bureau (调离). The year's officer trainings list them as
参训执法人员, so their yearly hours land on both sides of the 60-hour target.

Uses its own random stream: the other demo ledgers stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from typing import Any

from .demo import GIVEN, HANDLERS, SURNAMES, random_id_number
from .domain.officers import NAME_SEPARATOR, on_duty

OFFICERS = {"small": 8, "large": 30}
LEGAL_REVIEWERS = {"small": 2, "large": 4}
# Trainings whose audience includes the enforcement officers.
OFFICER_CATEGORIES = ("领导干部学法", "执法人员业务培训", "以案释法以案代训", "网上学法考试")
YEAR_HOURS = 75  # the hours of officer trainings a demo year offers (some miss a few)
DOMAINS = ["安全生产综合", "危险化学品", "非煤矿山", "工贸", "烟花爆竹"]
AUTHORITIES = ["示例省人民政府", "应急管理部"]
CERT_YEARS = 5


def handler_names() -> list[str]:
    """The cases' 承办人, one name each, in the order demo.HANDLERS gives them."""
    return [n for pair in HANDLERS for n in pair.split()]


def _names(rng: random.Random, count: int) -> list[str]:
    names = handler_names()[:count]
    while len(names) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in names:
            names.append(name)
    return names


def _cert_no(rng: random.Random, issued: dt.date) -> str:
    return f"420{rng.randint(100, 999)}{issued.year}{rng.randint(1, 9999):04d}"


def officers(year: int, size: str, today: dt.date) -> list[dict[str, Any]]:
    """The demo officers in stored form (dates ISO, 法制审核人员 1/0), fixed for a year and size."""
    rng = random.Random(f"{year}-{size}-officers")
    count = OFFICERS[size]
    names = _names(rng, count)
    expired = {1} if size == "small" else {1, 7}
    soon = {2, 5} if size == "small" else {2, 5, 11}
    moved = count - 1  # 调离 this year
    retired = count - 2 if size == "large" else None
    uncertified = count - 3 if size == "large" else None
    out = []
    for i, name in enumerate(names):
        if i in expired:
            expires = today - dt.timedelta(days=rng.randint(10, 90))
        elif i in soon:
            expires = today + dt.timedelta(days=rng.randint(5, 55))
        else:
            expires = today + dt.timedelta(days=rng.randint(120, 365 * 4))
        issued = expires - dt.timedelta(days=round(365.25 * CERT_YEARS) - 1)
        rec: dict[str, Any] = {
            "name": name,
            "id_number": random_id_number(rng),
            "cert_no": _cert_no(rng, issued),
            "cert_authority": rng.choice(AUTHORITIES),
            "cert_issued_on": issued.isoformat(),
            "cert_expires_on": expires.isoformat(),
            "domain": DOMAINS[0] if i < 3 else rng.choice(DOMAINS),
            "staffing": "行政编制" if rng.random() < 0.7 else "事业编制",
            "legal_reviewer": 1 if i < LEGAL_REVIEWERS[size] else 0,
            "status": "在岗",
        }
        if i in expired:
            rec["note"] = "换证申请已提交"
        if i == uncertified:
            for key in ("cert_no", "cert_authority", "cert_issued_on", "cert_expires_on"):
                rec[key] = None
            rec.update(staffing="事业编制", note="新录用，待参加执法资格考试")
        if i == moved:
            changed = max(dt.date(today.year, 1, 5),
                          today - dt.timedelta(days=rng.randint(40, 150)))
            rec.update(status="调离", status_changed_on=min(changed, today).isoformat(),
                       note="调县发展和改革局")
        if i == retired:
            rec.update(status="退休", status_changed_on=dt.date(year - 1, 9, 30).isoformat())
        out.append({k: v for k, v in rec.items() if v is not None})
    return out


def with_trainees(trainings: Iterable[dict[str, Any]], staff: list[dict[str, Any]],
                  year: int, size: str) -> Iterator[dict[str, Any]]:
    """The demo trainings, the officer ones naming the officers 在岗 that day who attended.

    Each year some officer trainings (about YEAR_HOURS hours) list the officers; each officer
    attends each with their own likelihood, so some end the year short of the target."""
    rng = random.Random(f"{year}-{size}-trainees")
    keen = {o["name"]: rng.uniform(0.55, 1.0) for o in staff}
    records = list(trainings)
    chosen: set[int] = set()
    by_year: dict[str, list[int]] = {}
    for n, rec in enumerate(records):
        if rec.get("category") in OFFICER_CATEGORIES:
            by_year.setdefault(rec["date"][:4], []).append(n)
    for picks in by_year.values():
        rng.shuffle(picks)
        hours = 0.0
        for n in picks:
            if hours >= YEAR_HOURS:
                break
            chosen.add(n)
            rec = records[n]
            if rec["category"] == "执法人员业务培训":  # a course of one to three days
                rec["hours"] = max(float(rec.get("hours") or 0), rng.choice([8, 16, 24]))
            hours += float(rec.get("hours") or 0)
    for n, rec in enumerate(records):
        if n in chosen:
            names = [o["name"] for o in staff
                     if on_duty(o, rec["date"]) and rng.random() < keen[o["name"]]]
            if names:
                rec["trainees"] = NAME_SEPARATOR.join(names)
                rec["participants"] = max(int(rec.get("participants") or 0), len(names))
        yield rec


__all__ = ["OFFICERS", "handler_names", "officers", "with_trainees"]
