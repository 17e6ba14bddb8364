"""Desktop figures of issue #3, measured on this machine (offscreen Qt), printed as markdown.

    python bench/bench_gui.py [--runs 7]

1. Start-up, whole process, on the large demo ledger (lawgov demo --size large: ~27,000
   records): `python -m lawgov_desktop --quit-after-show` (the main window is on screen; the
   ledger opens in the next event-loop turn) and `--quit-when-ready` (概览 drawn with the
   year's figures and deadlines), against a bare PySide6 program that shows one empty window;
   interleaved runs, medians.
2. 100,000 cases (fixed seed): in a child process, the real main window on the 执法案件 page
   with 全部年度 — scroll to the end, search-as-you-type keystrokes, opening a record form —
   and the process's peak memory.
The ledgers are built once in the temp folder and reused (delete them to rebuild).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
CACHE = Path(tempfile.gettempdir()) / "lawgov-bench"
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""
N_CASES = 100_000


def large_demo() -> Path:
    folder = CACHE / "large"
    if not (folder / "ledger.sqlite3").exists():
        subprocess.run([sys.executable, "-m", "lawgov_desktop.cli", "demo", "--size", "large",
                        "--year", "2025", "--data-dir", str(folder)], check=True, env=ENV,
                       stdout=subprocess.DEVNULL)
    return folder


def cases_100k() -> Path:
    folder = CACHE / "cases100k"
    if (folder / "ledger.sqlite3").exists():
        return folder
    from lawgov_desktop.demo import Generator, Plan
    from lawgov_desktop.storage import Database

    with Database.open(folder) as db:
        gen = Generator(Plan(2025, "large", dt.date(2025, 12, 31)))
        table = db.ledger("cases")
        keys = table.definition.keys
        rows = []
        for year in range(2016, 2026):
            days = sorted(gen.day_in(year) for _ in range(N_CASES // 10))
            for n, filed in enumerate(days, start=1):
                record = gen.case(year, n, filed)
                rows.append({k: record.get(k) for k in keys})
        with db.transaction():
            table.insert_valid(rows, user="bench")
        db.set_setting("unit_name", "示例县应急管理局")
    return folder


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=ENV, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(runs: int) -> tuple[float, float, float]:
    """Medians of: window shown; first page drawn with the ledger's figures; bare window."""
    folder = large_demo()
    app = [sys.executable, "-m", "lawgov_desktop", "--data-dir", str(folder)]
    shown, ready, bare = app + ["--quit-after-show"], app + ["--quit-when-ready"], \
        [sys.executable, "-c", BARE]
    wall(shown), wall(ready), wall(bare)  # warm the file cache
    times: dict[str, list[float]] = {"shown": [], "ready": [], "bare": []}
    for _ in range(runs):
        times["shown"].append(wall(shown))
        times["ready"].append(wall(ready))
        times["bare"].append(wall(bare))
    return tuple(statistics.median(times[k]) for k in ("shown", "ready", "bare"))  # type: ignore[return-value]


def child(folder: str) -> None:
    """Runs in its own process: measures the widgets on the 100,000-case ledger."""
    import resource

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from lawgov_desktop.storage import Database
    from lawgov_desktop.ui.ledgers.record_form import RecordDialog
    from lawgov_desktop.ui.shell.application import make_application
    from lawgov_desktop.ui.shell.main_window import MainWindow

    app = make_application()
    db = Database.open(folder)
    settings = QSettings(str(Path(folder) / "bench-state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    window.resize(1360, 820)
    window.show()
    window.nav.setCurrentRow(1)
    view = window.page("cases")
    start = time.perf_counter()
    view.all_years.setChecked(True)
    view.view.viewport().repaint()
    load = time.perf_counter() - start
    assert view.model.rowCount() == N_CASES, view.model.rowCount()
    app.processEvents()

    start = time.perf_counter()
    view.view.scrollToBottom()
    view.view.viewport().repaint()
    scroll = time.perf_counter() - start

    keystrokes = []
    for text in ("化", "工", "有", "限", "公", "司"):
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        start = time.perf_counter()
        QApplication.sendEvent(view.search, event)
        view.view.viewport().repaint()
        keystrokes.append(time.perf_counter() - start)
        app.processEvents()
    found = view.model.rowCount()
    short = []  # 1–2 character terms scan every row; they run after a pause in typing
    for text in ("化", "化工"):
        view.search.setText(text)
        start = time.perf_counter()
        view.search_timer.timeout.emit()
        view.view.viewport().repaint()
        short.append(time.perf_counter() - start)
    view.search.clear()
    app.processEvents()

    opens = []
    for row in (0, N_CASES // 2, N_CASES - 1):
        record_id = view.model.record_id(row)
        start = time.perf_counter()
        dialog = RecordDialog(db, "cases", record_id, window)
        dialog.show()
        dialog.repaint()
        opens.append(time.perf_counter() - start)
        dialog.dirty = False
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"load": load, "scroll": scroll, "keystrokes": keystrokes,
                      "found": found, "short": short, "opens": opens, "peak_mb": peak_kb / 1024}))


def big_ledger() -> dict[str, float]:
    folder = cases_100k()
    out = subprocess.run([sys.executable, str(HERE), "--child", str(folder)], check=True,
                         env=ENV, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    ours, ready, bare = startup(args.runs)
    big = big_ledger()
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    rows = [
        ("Start to main window shown, large demo ledger (whole process, median)", ms(ours),
         "< 1500 ms", ours < 1.5),
        ("Bare PySide6 program showing one empty window (same runs)", ms(bare), "—", True),
        ("Ratio app / bare", f"{ours / bare:.2f}×", "≤ 2×", ours / bare <= 2),
        ("Start to 概览 drawn with the year's figures, large demo ledger (whole process)",
         ms(ready), "< 1500 ms", ready < 1.5),
        ("Ratio ready / bare", f"{ready / bare:.2f}×", "—", True),
        ("100,000 cases: open list with 全部年度 (query + first paint)", ms(big["load"]),
         "—", True),
        ("100,000 cases: scroll to the end (incl. repaint)", ms(big["scroll"]), "< 100 ms",
         big["scroll"] < 0.1),
        (f"100,000 cases: search-as-you-type keystroke (window busy), worst of 6 (“化工有限公司”, "
         f"{big['found']:,} found)", ms(max(big["keystrokes"])), "< 100 ms",
         max(big["keystrokes"]) < 0.1),
        ("100,000 cases: search keystroke, median", ms(statistics.median(big["keystrokes"])),
         "< 100 ms", statistics.median(big["keystrokes"]) < 0.1),
        ("100,000 cases: 1–2 character term, query + repaint once typing pauses (250 ms)",
         ms(max(big["short"])), "—", True),
        ("100,000 cases: open a record form, worst of 3", ms(max(big["opens"])), "< 100 ms",
         max(big["opens"]) < 0.1),
        ("100,000 cases: peak memory of the process", f"{big['peak_mb']:.0f} MB", "< 300 MB",
         big["peak_mb"] < 300),
    ]
    print(f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"QT_QPA_PLATFORM=offscreen, {args.runs} runs\n")
    print("| Figure | Measured | Target | Met |")
    print("|---|---|---|---|")
    for name, value, target, ok in rows:
        print(f"| {name} | {value} | {target} | {'yes' if ok else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
