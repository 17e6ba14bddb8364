"""Demo 行政检查 of the county bureau (demo.py calls it after the cases).

Consistent with the cases: every case found by inspection (案件来源 检查发现) of an enterprise
has the inspection that led to it, on or before its 立案日期, with 处理结果 立案查处, the
case's party, code and 执法领域, and its 案号 as 关联案号. The other checks visit a fixed pool
of enterprises, a few of them often enough to pass the demo caps (DEMO_CAPS). Deterministic
for a year and size; nothing dated after today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from typing import Any

from .domain.inspections import CAP_KEY, cap_key

# checks per year (small) / per year of three (large), and the enterprise pool
SIZES = {"small": (240, 80), "large": (15000 // 3, 3000)}
# The demo sets these caps (yearly counted checks per enterprise) when none is set.
DEMO_CAPS = {CAP_KEY: "4", cap_key("危险化学品"): "3", cap_key("烟花爆竹"): "3"}
BRANDS = ("兴旺", "鑫源", "华泰", "永盛", "宏达", "金诚", "恒通", "瑞丰", "长青", "明珠",
          "顺发", "天宇", "富民", "利民", "新华", "东方", "远航", "安泰", "聚力", "祥和",
          "博远", "众鑫", "佳美", "康达", "嘉禾", "广源", "泰和", "德隆", "盛世", "润达")
ITEMS = {
    "危险化学品": ["重大危险源管理", "危险化学品储存", "特殊作业管理", "安全风险分级管控"],
    "非煤矿山": ["边坡管理", "安全设施运行", "爆破作业管理", "隐患排查治理"],
    "工贸": ["粉尘防爆", "有限空间作业", "安全教育培训", "设备安全警示标志"],
    "烟花爆竹": ["仓储安全", "经营许可范围", "防火防爆措施"],
    "其他": ["应急预案", "隐患排查制度", "安全生产责任制"],
}


def _uscc(rng: random.Random) -> str:
    from .demo import random_uscc

    return random_uscc(rng)


def _pool(rng: random.Random, size: int, towns: Sequence[str],
          trades: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(name, code, 执法领域) of `size` distinct enterprises."""
    seen: set[str] = set()
    out = []
    while len(out) < size:
        trade, domain = rng.choice(trades)
        name = f"示例县{rng.choice(towns)[:2]}{rng.choice(BRANDS)}{trade}有限公司"
        if name in seen:
            continue
        seen.add(name)
        out.append((name, _uscc(rng), domain))
    return out


def crews(officers: Sequence[dict[str, Any]]) -> list[str]:
    """Two-person crews of the demo officers (in register order), as the cases pair them."""
    names = [o["name"] for o in officers]
    return [f"{a} {b}" for a, b in zip(names[::2], names[1::2], strict=False)]


def generate(year: int, size: str, today: dt.date, years: Sequence[int],
             cases: Sequence[dict[str, Any]], towns: Sequence[str],
             trades: Sequence[tuple[str, str]], inspectors: Sequence[str]
             ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"inspections-{year}-{size}")
    per_year, pool_size = SIZES[size]
    pool = _pool(rng, pool_size, towns, trades)
    # a few enterprises draw many checks: weights fall off like a county's risk list
    weights = [1.0 / (1 + i) ** 0.3 for i in range(len(pool))]
    crews = [" ".join(c.split()) for c in inspectors]
    for y in years:
        last = min(dt.date(y, 12, 31), today)
        span = (last - dt.date(y, 1, 2)).days
        if span < 0:
            continue
        for _ in range(per_year):
            day = dt.date(y, 1, 2) + dt.timedelta(days=rng.randrange(span + 1))
            name, code, domain = rng.choices(pool, weights)[0]
            yield _check(rng, day, today, name, code, domain, crews)
    for case in cases:
        if case.get("source") != "检查发现" or case.get("party_type") != "单位":
            continue
        filed = dt.date.fromisoformat(case["filed_on"])
        day = max(filed - dt.timedelta(days=rng.randint(0, 10)), dt.date(filed.year, 1, 1))
        rec = _check(rng, day, today, case["party"], case.get("id_number") or "",
                     case.get("domain") or "其他", crews)
        rec.update(outcome="立案查处", related_case_no=case["case_no"],
                   problems_found=max(rec.get("problems_found") or 0, 1))
        rec.pop("rectify_by", None)
        rec.pop("recheck_on", None)
        yield rec


def _check(rng: random.Random, day: dt.date, today: dt.date, name: str, code: str,
           domain: str, crews: Sequence[str]) -> dict[str, Any]:
    kind = rng.choices(["日常检查", "专项检查", "个案检查"], [70, 22, 8])[0]
    approved = day - dt.timedelta(days=rng.randint(1, 6))
    roll = rng.random()
    if roll < 0.03:
        approved_on: str | None = None
    elif roll < 0.04:
        approved_on = min(day + dt.timedelta(days=2), today).isoformat()
    else:
        approved_on = approved.isoformat()
    crew = rng.choice(crews).split()
    if rng.random() < 0.02:
        crew = crew[:1]
    problems = 0 if rng.random() < 0.4 else rng.randint(1, 8)
    rec: dict[str, Any] = {
        "inspected_on": day.isoformat(),
        "target": name,
        # some sections leave the code out now and then: matched by name (DOMAIN.md §9)
        "credit_code": code if rng.random() < 0.9 else None,
        "domain": domain,
        "kind": kind,
        "random": int(kind == "日常检查" and rng.random() < 0.45),
        "joint": int(rng.random() < 0.1),
        "items": rng.choice(ITEMS.get(domain, ITEMS["其他"])),
        "approved_on": approved_on,
        "inspectors": "、".join(crew),
        "scan_entry": int(rng.random() < 0.8),
        "problems_found": problems,
    }
    if not problems:
        rec["outcome"] = "未发现问题"
    else:
        rec["outcome"] = rng.choices(["当场整改", "责令限期整改", "移送处理"], [45, 52, 3])[0]
    if rec["outcome"] == "责令限期整改":
        due = day + dt.timedelta(days=rng.choice([7, 15, 15, 30]))
        rec["rectify_by"] = due.isoformat()
        recheck = due + dt.timedelta(days=rng.randint(0, 10))
        # a few recent ones not yet rechecked: 到期事项 shows them, not years-old ones
        recent = due >= today - dt.timedelta(days=45)
        if recheck <= today and (rng.random() < 0.8 or not recent):
            rec["recheck_on"] = recheck.isoformat()
    return {k: v for k, v in rec.items() if v is not None}
