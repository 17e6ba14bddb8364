"""行政检查 benchmarks (issue #13 Figures): fixed sizes and seed, in-process medians.

    python bench/bench_inspections.py       # prints a markdown table; takes about half a minute

The ledger: 50,000 inspections over 5 years (2022–2026) of 3,000 enterprises (10 % of the
checks without their code, matched by name), a cap set for every 执法领域, 30 officers.
Measures:
- the form's cap warning: what the inspection form runs at 保存 and on each edit of the
  enterprise, date, 执法领域 or 检查类型 — the enterprise's checks of the year and its cap
  status (storage/inspections.check_cap) — for 200 enterprises, by code and by name;
- the form's warnings in full (validation + cap + approval + inspectors against the officers);
- the 超频次 list filter: the ids of the checks of enterprises past their cap, as the list
  view asks them (one year, and 全部年度);
- `db.stats(year)` with the register's Python-counted indicators.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lawgov_desktop.demo import random_uscc
from lawgov_desktop.domain.inspections import CAP_KEY, cap_key
from lawgov_desktop.domain.officers import split_names
from lawgov_desktop.storage import Database, Query
from lawgov_desktop.storage import inspections as store

YEARS = range(2022, 2027)
CHECKS = 50_000
ENTERPRISES = 3_000
DOMAINS = ("危险化学品", "非煤矿山", "工贸", "烟花爆竹", "其他")
CAPS = {"危险化学品": "4", "非煤矿山": "4", "工贸": "3", "烟花爆竹": "4", "其他": "2"}
NAMES = [a + b for a in "王李张刘陈杨黄赵吴周" for b in ("明", "华", "强")]


def timed(fn, repeat):  # type: ignore[no-untyped-def]
    """Median and slowest wall time, and the median CPU time (the machine's other load
    shows in the wall time only), in ms."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times) * 1000, max(times) * 1000, statistics.median(cpu) * 1000


def build(folder: Path) -> tuple[Database, list[tuple[str, str, str]]]:
    rng = random.Random(13)
    db = Database.open(folder)
    pool = [(f"示例县{i:04d}号{rng.choice('化工建材木业食品')}有限公司", random_uscc(rng),
             rng.choice(DOMAINS)) for i in range(ENTERPRISES)]
    weights = [1.0 / (1 + i) ** 0.3 for i in range(ENTERPRISES)]
    rows = []
    for _ in range(CHECKS):
        year = rng.choice(YEARS)
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300))
        name, code, domain = rng.choices(pool, weights)[0]
        rows.append({
            "inspected_on": day.isoformat(), "target": name,
            "credit_code": code if rng.random() < 0.9 else None, "domain": domain,
            "kind": rng.choices(["日常检查", "专项检查", "个案检查"], [70, 22, 8])[0],
            "random": int(rng.random() < 0.3), "joint": 0,
            "approved_on": (day - dt.timedelta(days=2)).isoformat(),
            "inspectors": "、".join(rng.sample(NAMES, 2)), "problems_found": rng.randint(0, 5),
            "outcome": "未发现问题"})
    table = db.ledger("inspections")
    keys = table.definition.keys
    with db.transaction():
        table.insert_valid([{k: r.get(k) for k in keys} for r in rows], user="bench")
        officers = db.ledger("officers")
        okeys = officers.definition.keys
        officers.insert_valid([{k: {"name": n, "cert_expires_on": "2025-06-30" if i % 7 == 0
                                    else "2030-12-31", "status": "在岗"}.get(k)
                                for k in okeys} for i, n in enumerate(NAMES)], user="bench")
    db.set_setting(CAP_KEY, "3")
    for domain, cap in CAPS.items():
        db.set_setting(cap_key(domain), cap)
    db.analyze()
    return db, pool


def touch(db: Database) -> None:
    """A write, as saving a record is: whatever storage remembered no longer holds."""
    db.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench_touch', ?)",
                    [str(time.perf_counter())])


def main() -> int:
    folder = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    db, pool = build(folder / "data")
    print(f"built {CHECKS:,} inspections in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    year = 2026
    sample = random.Random(7).sample(pool, 200)
    values = [{"inspected_on": f"{year}-11-20", "target": name,
               "credit_code": code if i % 2 == 0 else None, "domain": domain,
               "kind": "日常检查", "approved_on": f"{year}-11-19", "inspectors": "王明、李华"}
              for i, (name, code, domain) in enumerate(sample)]
    rules = store.cap_rules(db)
    status, others = store.check_cap(db, values[0], rules=rules)
    print(f"sample: {len(others)} other checks this year, count {status.count}, "
          f"cap {status.cap}", file=sys.stderr)
    staff = store.roster(db)
    table = db.ledger("inspections")
    it = iter(values * 10)
    rows = [("表单超频次提示（check_cap，一家企业）", *timed(lambda: store.check_cap(
        db, next(it), rules=rules), 400), "≤ 20 ms")]

    def full_warnings() -> None:
        raw = next(it)
        checked = table.validate(raw).values
        store.check_cap(db, checked)
        staff.check(split_names(checked["inspectors"]), checked["inspected_on"])

    rows.append(("表单全部提示（校验 + 频次 + 审批 + 执法证）", *timed(full_warnings, 400), ""))
    def after_a_change() -> None:  # a write since: nothing remembered
        touch(db)
        table.ids(Query(year=year, status="超频次"))

    rows.append((f"“超频次”筛选（{year}年，列表取 id，有改动后首次）",
                 *timed(after_a_change, 20), "≤ 50 ms"))
    rows.append((f"“超频次”筛选（{year}年，再次刷新：搜索、排序）", *timed(
        lambda: table.ids(Query(year=year, status="超频次")), 20), ""))
    rows.append(("“超频次”筛选（全部年度，有改动后首次）", *timed(
        lambda: (touch(db),
                 table.ids(Query(status="超频次"))), 10), ""))
    rows.append((f"db.stats({year})（含行政检查指标，有改动后首次）", *timed(
        lambda: (touch(db),
                 db.stats(year)), 10), ""))
    over = table.count(Query(year=year, status="超频次"))
    units = db.stats(year)
    print(f"{year}: {units['inspections_total']:,} checks of {units['inspected_units']:,} "
          f"enterprises; {units['over_cap_units']} over their cap ({over:,} checks listed)\n")
    print("| 操作 | 中位数 | 最慢 | CPU 中位数 | 目标 |")
    print("|---|---:|---:|---:|---|")
    for name, median, worst, cpu, goal in rows:
        print(f"| {name} | {median:.1f} ms | {worst:.1f} ms | {cpu:.1f} ms | {goal} |")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
