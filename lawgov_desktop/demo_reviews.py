"""Demo 合法性审核 records of the county bureau (`lawgov demo`): the documents, decisions and
contracts a 应急管理局's legal section reviews in a year.

Its own random stream (seeded by year and size), so the other ledgers' demo data stays as it
was. Mostly in order: 规范性文件 filed within the limit, 重大行政决策 reviewed in 7+ working
days; a few are filed late, some recent ones not yet filed, and now and then a 重大行政决策 is
rushed through, so the reminders, the list's flag and the report's 不足 have something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from .domain.workdays import WorkCalendar

# Reviews per year (small) and over the three years (large, as the other ledgers count).
SIZES = {"small": 8, "large": 120 // 3}

DEPARTMENTS = ["办公室", "政策法规股", "安全生产基础股", "危险化学品安全监督管理股",
               "应急指挥中心", "防灾减灾股", "应急管理综合行政执法大队", "财务股"]
NORMATIVE = [
    "安全生产举报奖励办法",
    "安全生产行政处罚自由裁量权基准",
    "生产安全事故应急预案管理实施办法",
    "安全生产约谈实施办法",
    "危险化学品安全风险分级管控办法",
    "烟花爆竹经营许可实施细则",
    "安全生产“黑名单”管理办法",
    "涉企行政检查实施办法",
]
DECISIONS = [
    "安全生产治本攻坚三年行动实施方案",
    "县级应急物资储备库建设方案",
    "应急体系建设规划",
    "自然灾害综合风险普查成果应用方案",
    "城区人员密集场所消防安全整治方案",
]
CONTRACTS = [
    ("应急物资采购合同", (5, 80)),
    ("法律顾问服务合同", (3, 8)),
    ("安全生产技术服务合同", (5, 30)),
    ("应急广播系统维护合同", (2, 15)),
    ("执法记录仪采购合同", (2, 10)),
    ("安全生产责任保险服务协议", (10, 60)),
    ("应急演练技术服务合同", (3, 20)),
    ("危险化学品企业安全评估服务合同", (8, 40)),
]
OTHERS = [
    "关于安全生产执法协作机制的框架协议",
    "政府信息公开申请答复书",
    "信访事项处理意见书",
    "关于安全生产工作的对外复函",
]
TYPES = (("行政规范性文件", 25), ("重大行政决策", 10), ("合同", 50), ("其他", 15))


def reviews(year_list: list[int], size: str, today: dt.date) -> Iterator[dict[str, Any]]:
    """Stored-form records (dates ISO, money in fen) for every year of `year_list`."""
    calendar = WorkCalendar()
    records = []
    for year in year_list:
        rng = random.Random(f"{year}-{size}-reviews")
        records += list(_year(rng, year, SIZES[size], today, calendar))
    # A document issued again under the same name replaces the earlier one: only the newest
    # of a name stays 现行有效, so the 规范性文件目录 lists each once.
    newest: dict[str, dict[str, Any]] = {}
    for rec in records:
        if rec["review_type"] == "行政规范性文件":
            earlier = newest.get(rec["name"])
            if earlier is not None and earlier.get("validity") == "现行有效":
                earlier["validity"] = "已修改"
            newest[rec["name"]] = rec
    yield from records


def _clip(day: dt.date | None, today: dt.date) -> str | None:
    return day.isoformat() if day and day <= today else None


def _year(rng: random.Random, year: int, count: int, today: dt.date,
          calendar: WorkCalendar) -> Iterator[dict[str, Any]]:
    end = min(dt.date(year, 12, 31), today)
    start = dt.date(year, 1, 5)
    if end < start:
        return
    days = sorted(start + dt.timedelta(days=rng.randrange((end - start).days + 1))
                  for _ in range(count))
    kinds, weights = zip(*TYPES, strict=True)
    if count <= 8:  # a small year still shows every kind
        order = ["行政规范性文件"] * 3 + ["重大行政决策", "合同", "合同", "合同", "其他"]
        rng.shuffle(order)
    else:
        order = rng.choices(kinds, weights, k=count)
    names = {kind: _shuffled(rng, pool) for kind, pool in (
        ("行政规范性文件", NORMATIVE), ("重大行政决策", DECISIONS), ("合同", CONTRACTS),
        ("其他", OTHERS))}
    normative_no = 0
    for n, reviewed in enumerate(days, start=1):
        kind = order[n - 1]
        rec: dict[str, Any] = {
            "review_type": kind,
            "reviewed_on": reviewed.isoformat(),
            "department": rng.choice(DEPARTMENTS),
            "opinion": rng.choices(["同意", "修改后同意", "不同意"], [50, 45, 5])[0],
            "adviser": int(rng.random() < 0.6),
        }
        if kind == "重大行政决策":
            # 一般不少于7个工作日; about one in six is rushed through
            workdays = rng.randint(3, 6) if rng.random() < 0.17 else rng.randint(7, 20)
            submitted = _workdays_before(reviewed, workdays, calendar)
        else:
            submitted = reviewed - dt.timedelta(days=rng.randint(2, 15))
        rec["submitted_on"] = submitted.isoformat()
        if kind == "行政规范性文件":
            normative_no += 1
            rec["name"] = f"示例县{next(names[kind])}"
            rec["doc_no"] = f"示应急规〔{year}〕{normative_no}号"
            if rec["opinion"] == "不同意":
                rec["opinion"] = "修改后同意"  # a document not agreed is not published
            published = reviewed + dt.timedelta(days=rng.randint(3, 25))
            rec["published_on"] = _clip(published, today)
            late = rng.random() < 0.1
            filed = published + dt.timedelta(days=rng.randint(31, 60) if late
                                             else rng.randint(3, 28))
            if rec["published_on"]:
                # the newest ones are often not filed yet: a reminder on 概览
                recent = (today - published).days < 30
                rec["filed_on"] = None if recent else _clip(filed, today)
                rec["filing_body"] = "示例县人民政府" if rec["filed_on"] else None
            if rec["published_on"]:  # not in force before it is published
                rec["validity"] = ("现行有效" if year == today.year or rng.random() < 0.8
                                   else rng.choice(["已修改", "已废止"]))
        elif kind == "重大行政决策":
            rec["name"] = f"示例县{year}年{next(names[kind])}"
            if rec["opinion"] != "不同意":
                rec["published_on"] = _clip(reviewed + dt.timedelta(days=rng.randint(5, 30)),
                                            today)
        elif kind == "合同":
            name, (lo, hi) = next(names[kind])
            rec["name"] = f"{year}年度{name}"
            rec["doc_no"] = f"示应急合〔{year}〕{n}号"
            rec["contract_amount"] = rng.randint(lo, hi) * 1000000  # 万元 in fen
        else:
            rec["name"] = next(names[kind])
        yield {k: v for k, v in rec.items() if v is not None}


def _shuffled(rng: random.Random, pool: list[Any]) -> Iterator[Any]:
    """The pool's items in a random order, again and again (no name twice in a row)."""
    while True:
        items = list(pool)
        rng.shuffle(items)
        yield from items


def _workdays_before(day: dt.date, count: int, calendar: WorkCalendar) -> dt.date:
    """The day `count` working days before `day` (so review_workdays gives `count`)."""
    found = 0
    while found < count:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            found += 1
    # step back over days off before it: 送审 on a working day
    while not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day
