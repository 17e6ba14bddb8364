"""Import-wizard figures (issue #5), measured on this machine with offscreen Qt, as markdown.

    python bench/bench_import.py [--rows 10000] [--runs 5]

A legacy-style workbook of ROWS cases (fixed seed: merged title rows, the section's own
headers, a 序号 column, dates typed as text and as Excel serials) is written once. Then, in
this process, on the real wizard:
1. choosing the file: the first rows of every sheet read in a background job, then the sheet
   list, ledger guess, header and preview from memory; from the choice to the page ready, and
   the longest the GUI thread is busy (set_path, then the job's result handled);
2. changing one column's field in the mapping table (the preview re-checks its rows);
3. the dry run over every row and 4. the import itself (both in a background job; from the
   click to the result on screen).
Medians of RUNS; the import runs once per fresh ledger.

Then, as whole processes (what a user waits for at the command line): `lawgov import cases`
into an empty ledger and `lawgov import cases --dry-run`; and the workbook reader alone,
python-calamine (importing/reader.py) against openpyxl's read-only mode (the reader before
issue #11), both reading every row of the same file.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import Workbook  # noqa: E402

# A section's own words (DOMAIN.md §12); no 当事人类型, 决定类型 or 处罚种类 column: the import
# infers them from the name and the fine.
HEADER = ["序号", "处罚决定书文号", "违法行为", "被处罚单位", "立案时间", "处罚决定日期",
          "罚款(元)", "执法人员", "备注"]
CAUSES = ["未按规定开展安全培训", "未如实记录安全生产教育和培训情况", "未按规定设置安全警示标志",
          "特种作业人员未持证上岗", "未建立事故隐患排查治理制度", "危险化学品未按规定储存"]


def legacy_workbook(path: Path, rows: int) -> Path:
    rng = random.Random(20261123)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("2023年处罚台账")
    ws.append(["某某县应急管理局2023年行政处罚案件台账"])
    ws.append(["填报单位：法规科"])
    ws.append(HEADER)
    for i in range(1, rows + 1):
        month, day = rng.randint(1, 10), rng.randint(1, 28)
        filed = f"2023年{month}月{day}日" if i % 2 else 44927 + (month - 1) * 30 + day
        decided = f"2023-{month + 2:02d}-{day:02d}"
        fine = rng.choice([2000, 5000, 10000, 30000])
        ws.append([i, f"某应急罚〔2023〕{i}号", rng.choice(CAUSES), f"某某县第{i}号有限公司",
                   filed, decided, f"{fine:,}", "张三、李四", ""])
    ws.append(["合计", None, None, None, None, None, "=SUM(G4:G10003)"])
    wb.save(path)
    return path


# The program as installed runs from compiled bytecode (pip compiles a wheel's modules, the
# bundles ship .pyc); a development shell that sets PYTHONDONTWRITEBYTECODE would make every
# timed run compile the whole program first. The warm-up run writes the bytecode.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each whole-process run


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_process(*args: str, name: str = "") -> float:
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "lawgov_desktop.cli", *args], check=True,
                   stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    if name:
        CPU.setdefault(name, []).append(_children_cpu() - cpu)
    return wall


def read_with_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def read_with_calamine(path: Path) -> int:
    from lawgov_desktop.importing.reader import read_workbook

    return len(read_workbook(path)[0].rows)


def cli_figures(book: Path, folder: Path, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"cli": [], "dry": [], "openpyxl": [], "calamine": []}
    dry = ("--data-dir", str(folder / "cli-dry"), "import", "cases", str(book), "--dry-run")
    whole_process(*dry)  # warm-up: bytecode written, the dry run's ledger made
    for run in range(runs):
        target = folder / f"cli-{run}"
        out["cli"].append(whole_process("--data-dir", str(target), "import", "cases", str(book),
                                        name="cli"))
        shutil.rmtree(target)
        out["dry"].append(whole_process(*dry, name="dry"))
        for name, reader in (("openpyxl", read_with_openpyxl), ("calamine", read_with_calamine)):
            start = time.perf_counter()
            reader(book)
            out[name].append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from lawgov_desktop.storage import Database
    from lawgov_desktop.ui.importer.wizard import ImportWizard
    from lawgov_desktop.ui.shell.application import make_application

    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="lawgov-bench-import-"))
    book = legacy_workbook(folder / "legacy.xlsx", args.rows)
    size_mb = book.stat().st_size / 1e6

    def wait(done) -> None:  # type: ignore[no-untyped-def]
        while not done():
            app.processEvents()
            time.sleep(0.002)

    from lawgov_desktop.ui.importer.wizard import SourcePage

    times: dict[str, list[float]] = {k: [] for k in ("open", "frozen", "remap", "check",
                                                      "import")}
    handled = SourcePage._read

    def timed_read(self, head):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        handled(self, head)
        times["frozen"][-1] = max(times["frozen"][-1], time.perf_counter() - start)

    SourcePage._read = timed_read  # type: ignore[method-assign]
    for run in range(args.runs):
        db = Database.open(folder / f"ledger-{run}")
        wizard = ImportWizard(db, None)
        wizard.show()
        start = time.perf_counter()
        wizard.start_with(book)
        times["frozen"].append(time.perf_counter() - start)
        wait(wizard.source_page.isComplete)
        times["open"].append(time.perf_counter() - start)
        wizard.next()
        page = wizard.mapping_page
        cols = {text: col for col, text in wizard.plan.data.headers.items()}  # type: ignore[union-attr]
        start = time.perf_counter()
        page.combos[cols["备注"]].setCurrentIndex(0)
        times["remap"].append(time.perf_counter() - start)
        start = time.perf_counter()
        wizard.next()
        wait(lambda w=wizard: w.check_page.result is not None)
        times["check"].append(time.perf_counter() - start)
        assert wizard.check_page.result.ok, wizard.check_page.result.problems[:3]  # type: ignore[union-attr]
        start = time.perf_counter()
        wizard.next()
        wait(lambda w=wizard: w.import_page.done)
        times["import"].append(time.perf_counter() - start)
        stored = db.ledger("cases").count()
        assert stored == args.rows, stored
        wizard.close()
        db.close()

    times.update(cli_figures(book, folder, args.runs))

    def ms(key: str) -> str:
        text = f"{statistics.median(times[key]) * 1000:,.0f} ms (max {max(times[key]) * 1000:,.0f})"
        if key in CPU:
            text += f"; CPU {statistics.median(CPU[key]) * 1000:,.0f} ms"
        return text

    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"{args.rows:,}-row legacy workbook ({size_mb:.1f} MB), medians of {args.runs}\n")
    print("| wizard step | result | goal |\n|---|---|---|")
    print(f"| choose the file: first rows read (background), sheets, ledger guess, header, "
          f"preview | {ms('open')} | ≤ 300 ms |")
    print(f"| … of which the GUI thread is busy (longest stretch) | {ms('frozen')} "
          "| < 100 ms, the window stays usable |")
    print(f"| change one column's field: preview re-checked (GUI thread) | {ms('remap')} "
          "| < 100 ms |")
    print(f"| dry run over every row (background, click to list) | {ms('check')} | ≤ 0.5 s |")
    print(f"| import, all or nothing (background, click to result) | {ms('import')} "
          "| < 5 s (as `lawgov import`) |")
    print(f"| `lawgov import cases` (whole process, empty ledger) | {ms('cli')} | ≤ 1.5 s |")
    print(f"| `lawgov import cases --dry-run` (whole process) | {ms('dry')} | ≤ 0.5 s |")
    print(f"| reading every row: python-calamine (reader.py) | {ms('calamine')} | |")
    print(f"| reading every row: openpyxl read-only (before) | {ms('openpyxl')} | |")


if __name__ == "__main__":
    main()
