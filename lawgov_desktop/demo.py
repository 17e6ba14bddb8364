"""Realistic demo ledgers of a county emergency-management bureau (`lawgov demo`).

Deterministic for a given year and size. Every record passes validation; dates never pass
today, so the newest cases are still open and produce deadline reminders like a live ledger.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from . import demo_inspections, demo_reviews
from .domain.idcodes import USCC_ALPHABET, id_check_char, uscc_check_char
from .domain.workdays import WorkCalendar
from .storage import Database

UNIT = "示例县应急管理局"
SIZES = {
    # records per year for small; totals over three years for large
    "small": {"cases": 120, "appeals": 6, "trainings": 24, "publicity": 18},
    "large": {
        "cases": 20000 // 3,
        "appeals": 2000 // 3,
        "trainings": 2000 // 3,
        "publicity": 2000 // 3,
    },
}
YEARS = 3

TOWNS = ["城关镇", "河口镇", "青山镇", "柳林乡", "白石镇", "新塘乡", "东关街道", "西湖街道"]
TRADES = [
    ("化工", "危险化学品"),
    ("加油站", "危险化学品"),
    ("燃气", "危险化学品"),
    ("石材", "非煤矿山"),
    ("砂石", "非煤矿山"),
    ("建材", "非煤矿山"),
    ("机械制造", "工贸"),
    ("木业", "工贸"),
    ("食品", "工贸"),
    ("纺织", "工贸"),
    ("冶金", "工贸"),
    ("烟花爆竹", "烟花爆竹"),
    ("物流", "其他"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华红建国志文"
CAUSES = {
    "危险化学品": [
        "危险化学品未按规定储存",
        "未按规定对重大危险源登记建档",
        "危险化学品经营场所不符合安全要求",
        "特种作业人员未持证上岗",
    ],
    "非煤矿山": [
        "未按规定进行安全设施竣工验收",
        "未按规定排查治理事故隐患",
        "露天采场边坡不符合安全要求",
    ],
    "工贸": [
        "未按规定对从业人员进行安全生产教育和培训",
        "未如实记录安全生产教育和培训情况",
        "未在有较大危险因素的设备上设置安全警示标志",
        "粉尘防爆安全措施不落实",
        "有限空间作业未执行审批制度",
    ],
    "烟花爆竹": ["超许可范围经营烟花爆竹", "烟花爆竹储存不符合安全要求"],
    "其他": ["未按规定制定生产安全事故应急救援预案", "未建立事故隐患排查治理制度"],
}
HANDLERS = ["张明 李华", "王强 赵静", "刘洋 陈杰", "周涛 吴敏", "孙磊 郑芳"]
KINDS_HEAVY = ["吊销许可证件", "责令停产停业、责令关闭、限制从业", "暂扣许可证件、降低资质等级"]


@dataclass
class Plan:
    year: int
    size: str
    today: dt.date


def random_uscc(rng: random.Random) -> str:
    body = (
        "91"
        + "".join(rng.choice("0123456789") for _ in range(6))
        + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    )
    return body + uscc_check_char(body)


def random_id_number(rng: random.Random) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
    body = f"4201{rng.randrange(10, 99)}{birth:%Y%m%d}{rng.randrange(100, 999)}"
    return body + id_check_char(body)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class Generator:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.rng = random.Random(f"{plan.year}-{plan.size}")
        self.calendar = WorkCalendar()
        self.case_refs: list[tuple[str, str, str]] = []  # (案号, 当事人, 决定日期)

    def clip(self, day: dt.date | None) -> str | None:
        """A step dated after today has not happened yet."""
        return day.isoformat() if day and day <= self.plan.today else None

    def day_in(self, year: int) -> dt.date:
        end = min(dt.date(year, 12, 31), self.plan.today)
        return dt.date(year, 1, 2) + dt.timedelta(
            days=self.rng.randrange((end - dt.date(year, 1, 2)).days + 1)
        )

    def years(self) -> list[int]:
        return [self.plan.year - i for i in range(YEARS - 1, -1, -1)]

    def count(self, ledger: str) -> int:
        return SIZES[self.plan.size][ledger]

    # -- cases ----------------------------------------------------------------------------

    def cases(self) -> Iterator[dict[str, Any]]:
        for year in self.years():
            days = sorted(self.day_in(year) for _ in range(self.count("cases")))
            for n, filed in enumerate(days, start=1):
                yield self.case(year, n, filed)

    def case(self, year: int, n: int, filed: dt.date) -> dict[str, Any]:
        r = self.rng
        trade, domain = r.choice(TRADES)
        is_person = r.random() < 0.12
        party = person(r) if is_person else f"示例县{r.choice(TOWNS)[:2]}{trade}有限公司"
        simple = r.random() < 0.15
        rec: dict[str, Any] = {
            "case_no": f"示应急罚〔{year}〕{n}号",
            "cause": r.choice(CAUSES[domain]),
            "party": party,
            "party_type": "个人" if is_person else "单位",
            "id_number": random_id_number(r) if is_person else random_uscc(r),
            "domain": domain,
            "source": r.choices(
                ["检查发现", "投诉举报", "移送", "事故调查", "其他"], [70, 12, 8, 6, 4]
            )[0],
            "procedure": "简易程序" if simple else "普通程序",
            "filed_on": filed.isoformat(),
            "handler": r.choice(HANDLERS),
        }
        if simple:
            decided = filed
            rec.update(decision_type="给予处罚", penalty_kinds=r.choice(["警告、通报批评", "罚款"]))
        else:
            review = filed + dt.timedelta(days=r.randint(15, 40))
            notified = review + dt.timedelta(days=r.randint(1, 5))
            decided = notified + dt.timedelta(days=r.randint(5, 20 if r.random() < 0.95 else 60))
            rec.update(legal_review_on=self.clip(review), notified_on=self.clip(notified))
            if r.random() < 0.3:
                rec["statement_on"] = self.clip(notified + dt.timedelta(days=r.randint(1, 3)))
            if r.random() < 0.04:
                rec["hearing_on"] = self.clip(notified + dt.timedelta(days=r.randint(4, 5)))
            if r.random() < 0.25:
                rec["collective_review_on"] = self.clip(decided - dt.timedelta(days=1))
            rec["decision_type"] = r.choices(
                ["给予处罚", "不予处罚", "撤销案件", "移送处理"], [90, 4, 3, 3]
            )[0]
        rec["decided_on"] = self.clip(decided)
        if rec["decided_on"] is None:
            rec["decision_type"] = None
            return self.tidy(rec)
        if rec["decision_type"] == "给予处罚":
            kinds = {rec.get("penalty_kinds") or "罚款"}
            if r.random() < 0.06:
                kinds.add("没收违法所得、没收非法财物")
                rec["confiscation_amount"] = r.randint(2, 60) * 50000
            if r.random() < 0.04:
                kinds.add(r.choice(KINDS_HEAVY))
            rec["penalty_kinds"] = "；".join(sorted(kinds))
            if "罚款" in kinds:
                rec["fine_amount"] = 100 * (
                    r.choice([200, 500, 1000])
                    if simple
                    else r.choices(
                        [10000, 20000, 30000, 50000, 80000, 100000, 200000, 500000],
                        [25, 25, 18, 14, 8, 6, 3, 1],
                    )[0]
                )
            publish = self.calendar.add_workdays(decided, r.randint(1, 9))
            rec["published_on"] = self.clip(publish) if r.random() < 0.97 else None
            if r.random() < 0.02:
                rec["enforcement_applied_on"] = self.clip(
                    decided + dt.timedelta(days=r.randint(95, 120))
                )
        else:
            rec["penalty_kinds"] = None
        if rec["decision_type"] == "移送处理":
            rec["transferred_on"] = rec["decided_on"]
        closed = decided + dt.timedelta(days=r.randint(5, 45))
        rec["closed_on"] = self.clip(closed) if not rec.get("enforcement_applied_on") else None
        self.case_refs.append((rec["case_no"], party, rec["decided_on"]))
        return self.tidy(rec)

    @staticmethod
    def tidy(rec: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in rec.items() if v is not None}

    # -- appeals --------------------------------------------------------------------------

    def appeals(self) -> Iterator[dict[str, Any]]:
        yield from self.under_2023_law(list(self.appeals_before_2023_law()))

    def appeals_before_2023_law(self) -> Iterator[dict[str, Any]]:
        r = self.rng
        decided = [c for c in self.case_refs if c[2]]
        for year in self.years():
            pool = [c for c in decided if c[2][:4] in (str(year), str(year - 1))] or decided
            for n in range(1, self.count("appeals") + 1):
                case_no, party, decided_on = r.choice(pool)
                received = max(self.day_in(year), dt.date.fromisoformat(decided_on))
                litigation = r.random() < 0.35
                rec: dict[str, Any] = {
                    "kind": "行政诉讼" if litigation else "行政复议",
                    "case_no": (
                        f"（{year}）示行初{n}号" if litigation else f"示政复〔{year}〕{n}号"
                    ),
                    "related_case_no": case_no,
                    "applicant": party,
                    "reviewing_body": "示例县人民法院" if litigation else "示例县人民政府",
                    "received_on": self.clip(received),
                    "replied_on": self.clip(received + dt.timedelta(days=r.randint(3, 9))),
                }
                if litigation:
                    rec["instance"] = r.choices(["一审", "二审"], [85, 15])[0]
                    rec["head_appeared"] = int(r.random() < 0.8)
                    results, weights = (
                        ["驳回诉讼请求", "撤诉", "撤销", "确认违法", "调解"],
                        [65, 18, 6, 4, 7],
                    )
                else:
                    results, weights = (
                        ["维持", "驳回申请", "终止（撤回）", "撤销", "确认违法", "调解"],
                        [60, 14, 12, 6, 3, 5],
                    )
                closed = received + dt.timedelta(days=r.randint(40, 150))
                if closed <= self.plan.today:
                    rec["result"] = r.choices(results, weights)[0]
                    rec["closed_on"] = closed.isoformat()
                yield self.tidy(rec)

    def under_2023_law(self, recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What the 2023 行政复议法 added (DOMAIN.md §9): 复议程序 (a few 简易程序 cases from
        2024, answered within its 5 working days), 和解, and 行政复议意见书 — one answered by
        its 整改报告, one whose 60 days have passed without it. A separate random stream,
        so the other ledgers' demo records stay as they were."""
        r = random.Random(f"{self.plan.year}-{self.plan.size}-2023")
        today = self.plan.today
        recon = [x for x in recs if x["kind"] == "行政复议"]
        for x in recon:
            x["procedure"] = "普通程序"
        simple = [x for x in recon if (x.get("received_on") or "") >= "2024-01-01"]
        for n, x in enumerate(simple):
            if n % 8 == 0 or r.random() < 0.1:  # about a fifth, the first one surely
                x["procedure"] = "简易程序"
                received = dt.date.fromisoformat(x["received_on"])
                x["replied_on"] = self.clip(received + dt.timedelta(days=r.randint(1, 4)))
        closed = sorted((x for x in recon if x.get("result") and x["result"] != "终止（撤回）"),
                        key=lambda x: x["closed_on"])
        settled = [x for x in closed if x["result"] in ("维持", "驳回申请")]
        if settled:  # the newest case to settle ends by 和解 (a few more when large)
            settled[-1]["result"] = "和解"
            for x in settled[:-1]:
                if r.random() < 0.03:
                    x["result"] = "和解"
        # 意见书 arrive with the decision; the newest one whose 60 days have passed is still
        # unanswered (a reminder), the one before it was answered in time.
        due = [x for x in closed if dt.date.fromisoformat(x["closed_on"])
               <= today - dt.timedelta(days=75)]
        if due:
            due[-1]["opinion_on"] = due[-1]["closed_on"]
        if len(due) > 1:
            answered = due[-2]
            answered["opinion_on"] = answered["closed_on"]
            opinion = dt.date.fromisoformat(answered["closed_on"])
            answered["rectification_reported_on"] = self.clip(
                opinion + dt.timedelta(days=r.randint(20, 55)))
        return recs

    # -- trainings and publicity ----------------------------------------------------------

    def trainings(self) -> Iterator[dict[str, Any]]:
        r = self.rng
        topics = [
            "《安全生产法》",
            "《行政处罚法》",
            "《行政复议法》",
            "习近平法治思想",
            "《突发事件应对法》",
            "《消防法》",
            "行政执法“三项制度”",
            "《民法典》",
        ]
        categories = [
            ("党委理论学习中心组学法", "局党委", "局党委班子成员", (8, 15)),
            ("领导干部学法", "局机关", "局领导干部", (10, 30)),
            ("执法人员业务培训", "政策法规股", "全局行政执法人员", (20, 60)),
            ("企业负责人培训", "示例县应急管理局", "重点企业主要负责人", (50, 300)),
            ("以案释法以案代训", "执法大队", "执法人员", (15, 40)),
            ("网上学法考试", "县司法局", "全局干部职工", (40, 80)),
        ]
        for year in self.years():
            for _ in range(self.count("trainings")):
                cat, org, audience, (lo, hi) = r.choice(categories)
                topic = r.choice(topics)
                rec = {
                    "date": self.day_in(year).isoformat(),
                    "name": f"{topic}{cat}",
                    "category": cat,
                    "organizer": org,
                    "lecturer": person(r) if cat != "网上学法考试" else None,
                    "audience": audience,
                    "participants": r.randint(lo, hi),
                    "hours": r.choice([1, 1.5, 2, 3, 4, 8]),
                    "form": "线上"
                    if cat == "网上学法考试"
                    else r.choices(["线下", "线上", "线上线下"], [75, 10, 15])[0],
                }
                if cat == "网上学法考试":
                    rec["exam_rate"] = 1.0 if r.random() < 0.7 else round(r.uniform(0.92, 0.99), 3)
                    rec["pass_rate"] = 1.0 if r.random() < 0.8 else round(r.uniform(0.95, 0.99), 3)
                yield self.tidy(rec)

    def publicity(self) -> Iterator[dict[str, Any]]:
        r = self.rng
        events = [
            ("安全生产月", "宣传咨询日", 6, "“安全生产月”宣传咨询日活动"),
            ("防灾减灾日", "展览展示", 5, "防灾减灾日主题宣传"),
            ("宪法宣传周", "专题讲座", 12, "宪法宣传周法治讲座"),
            ("全民国家安全教育日", "宣传咨询日", 4, "国家安全教育日宣传"),
            ("消防宣传月", "应急演练", 11, "消防宣传月应急疏散演练"),
            ("民法典宣传月", "知识竞赛", 5, "民法典知识竞赛"),
            ("日常宣传", "“五进”活动", 0, "安全生产“五进”宣传"),
            ("日常宣传", "新媒体推送", 0, "安全生产法律法规新媒体宣传"),
        ]
        for year in self.years():
            for _ in range(self.count("publicity")):
                theme, form, month, name = r.choice(events)
                start = self.day_in(year)
                if month and dt.date(year, month, 10) <= self.plan.today:
                    start = min(dt.date(year, month, r.randint(1, 28)), self.plan.today)
                onsite = form not in ("新媒体推送",)
                rec = {
                    "start_on": start.isoformat(),
                    "name": f"{year}年{name}",
                    "end_on": (start + dt.timedelta(days=r.choice([0, 0, 1, 6]))).isoformat(),
                    "theme": theme,
                    "form": form,
                    "place": f"{r.choice(TOWNS)}" if onsite else "县应急管理局微信公众号",
                }
                if rec["end_on"] > self.plan.today.isoformat():
                    rec["end_on"] = None
                if onsite:
                    rec.update(
                        units=r.randint(1, 30),
                        booths=r.randint(0, 30),
                        boards=r.randint(5, 200),
                        banners=r.randint(2, 30),
                        materials=r.randint(200, 10000),
                        onsite_audience=r.randint(100, 5000),
                    )
                else:
                    rec.update(
                        articles=r.randint(1, 12),
                        reads=r.randint(500, 50000),
                        online_audience=r.randint(500, 50000),
                    )
                yield self.tidy(rec)


def fill(
    db: Database,
    year: int,
    size: str = "small",
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill an empty ledger with demo records; returns how many were added per ledger."""
    from .storage.errors import LedgerError

    if not db.is_empty():
        raise LedgerError("台账中已有数据，演示数据只能载入空台账。")
    from . import demo_officers

    gen = Generator(Plan(year, size, today or dt.date.today()))
    staff = demo_officers.officers(year, size, gen.plan.today)
    counts: dict[str, int] = {}
    made: dict[str, list[dict[str, Any]]] = {}
    with db.transaction():
        for ledger, rows in (
            ("cases", gen.cases),
            ("appeals", gen.appeals),
            ("trainings",
             lambda: demo_officers.with_trainees(gen.trainings(), staff, year, size)),
            ("publicity", gen.publicity),
            ("inspections", lambda: demo_inspections.generate(
                year, size, gen.plan.today, gen.years(), made["cases"], TOWNS, TRADES,
                demo_inspections.crews(staff))),
            ("officers", lambda: iter(staff)),
            ("reviews", lambda: demo_reviews.reviews(gen.years(), size, gen.plan.today)),
        ):
            table = db.ledger(ledger)
            stored = made[ledger] = [_stored(table, rec) for rec in rows()]
            table.insert_valid(stored, user="演示数据")
            counts[ledger] = len(stored)
            if progress:
                progress(f"{table.definition.label}：{len(stored)} 条")
        if not db.get_setting("unit_name"):
            db.set_setting("unit_name", UNIT)
        for key, value in demo_inspections.DEMO_CAPS.items():
            if not db.get_setting(key):
                db.set_setting(key, value)
    db.analyze()
    return counts


def _stored(table: Any, rec: dict[str, Any]) -> dict[str, Any]:
    """Demo values are generated in stored form already: money in fen, dates ISO."""
    return {k: rec.get(k) for k in table.definition.keys}
