"""Smoke test of a built or installed LawGov Desktop, with nothing but the Python stdlib.

    python3 packaging/smoke.py --bin-dir dist/lawgov-desktop [--gui]
    python3 packaging/smoke.py --lawgov /usr/bin/lawgov --desktop /usr/bin/lawgov-desktop --gui

On a fresh temporary data folder (or --data-dir) it runs what a user's first day runs, so a
missing data file, hidden import or system library fails loudly:

1. `lawgov demo`                         the database: schema, migrations, forms/ definitions
2. `lawgov stats --year Y --json`        indicators, the working-day calendar (chinesecalendar)
3. `lawgov export --format pdf,docx,xlsx` PDF with embedded CJK TrueType fonts (reportlab),
                                          DOCX (python-docx templates), workbook (openpyxl)
4. `lawgov check`                        integrity check
5. `lawgov-desktop --smoke-test`         (with --gui) opens the ledger, shows the main window,
                                          renders every page once, exits 0; also timed with
                                          --quit-after-show as the start-up time.

Needs a display for --gui (xvfb-run on a server, or QT_QPA_PLATFORM=offscreen). Exits 1 on
the first failure. The last line is "N passed, N failed".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

EXE = ".exe" if os.name == "nt" else ""


class SmokeFailure(Exception):
    pass


def run(cmd: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=timeout)
    took = time.perf_counter() - started
    print(f"  $ {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}"
          f"  → {proc.returncode} ({took:.2f} s)")
    if proc.returncode != 0:
        raise SmokeFailure(f"exit {proc.returncode}\n--- stdout\n{proc.stdout[-3000:]}"
                           f"\n--- stderr\n{proc.stderr[-3000:]}")
    return proc


def check_pdf(path: Path) -> None:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise SmokeFailure(f"{path.name} is not a PDF")
    # reportlab embeds TrueType subsets as /FontFile2; a report without them would show
    # boxes (or nothing) on a PC that lacks the fonts.
    if b"/FontFile2" not in data:
        raise SmokeFailure(f"{path.name} embeds no TrueType font")
    if data.count(b"/Type /Page") < 2 and data.count(b"/Type/Page") < 2:
        raise SmokeFailure(f"{path.name} has fewer than 2 pages")


def check_zip(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as z:
        if member not in z.namelist():
            raise SmokeFailure(f"{path.name} lacks {member}")
        if z.testzip() is not None:
            raise SmokeFailure(f"{path.name} is damaged")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke test of a LawGov Desktop build")
    parser.add_argument("--bin-dir", type=Path, help="folder with lawgov and lawgov-desktop")
    parser.add_argument("--lawgov", help="the lawgov command (default: BIN_DIR/lawgov)")
    parser.add_argument("--desktop", help="the lawgov-desktop program")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: a new temp one)")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--gui", action="store_true", help="also run lawgov-desktop")
    parser.add_argument("--startup-runs", type=int, default=3,
                        help="how often to time the start to window shown (with --gui)")
    parser.add_argument("--json", type=Path, help="write the timings here")
    args = parser.parse_args(argv)

    def program(explicit: str | None, name: str) -> str:
        if explicit:
            return explicit
        if not args.bin_dir:
            parser.error(f"give --bin-dir or --{name.split('-')[-1]}")
        return str(args.bin_dir / f"{name}{EXE}")

    lawgov = program(args.lawgov, "lawgov")
    desktop = program(args.desktop, "lawgov-desktop") if args.gui else ""
    tmp = tempfile.TemporaryDirectory(prefix="lawgov-smoke-")
    data = args.data_dir or Path(tmp.name) / "data"
    out = Path(tmp.name) / "out"
    d = ["--data-dir", str(data)]
    y = str(args.year)
    timings: dict[str, float] = {}
    passed = failed = 0

    def step(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        nonlocal passed, failed
        print(f"- {name}")
        try:
            fn()
            passed += 1
        except (SmokeFailure, subprocess.TimeoutExpired, OSError, ValueError) as exc:
            failed += 1
            print(f"  FAILED: {exc}")

    def demo() -> None:
        run([lawgov, *d, "demo", "--year", y])
        if not (data / "ledger.sqlite3").is_file():
            raise SmokeFailure("no ledger.sqlite3 in the data folder")

    def stats() -> None:
        figures = json.loads(run([lawgov, *d, "stats", "--year", y, "--json"]).stdout)
        if not figures.get("cases_filed"):
            raise SmokeFailure(f"no cases counted: {str(figures)[:300]}")

    def export() -> None:
        started = time.perf_counter()
        proc = run([lawgov, *d, "export", "--year", y, "--out", str(out),
                    "--format", "pdf,docx,xlsx"])
        timings["export_s"] = round(time.perf_counter() - started, 2)
        if proc.stderr.strip():
            print("  " + proc.stderr.strip().replace("\n", "\n  "))
        files = {p.suffix: p for p in out.iterdir()}
        missing = {".pdf", ".docx", ".xlsx"} - files.keys()
        if missing:
            raise SmokeFailure(f"not written: {sorted(missing)}")
        check_pdf(files[".pdf"])
        check_zip(files[".docx"], "word/document.xml")
        check_zip(files[".xlsx"], "xl/workbook.xml")
        print("  " + ", ".join(f"{p.name} {p.stat().st_size // 1024} KB" for p in files.values()))

    def check() -> None:
        run([lawgov, *d, "check"])

    def gui() -> None:
        proc = run([desktop, *d, "--smoke-test"], timeout=120)
        if proc.stdout.strip():
            print("  " + proc.stdout.strip())
        runs = []
        for _ in range(max(0, args.startup_runs)):
            started = time.perf_counter()
            run([desktop, *d, "--quit-after-show"], timeout=120)
            runs.append(time.perf_counter() - started)
        if runs:
            timings["startup_first_s"] = round(runs[0], 2)
            timings["startup_median_s"] = round(sorted(runs)[len(runs) // 2], 2)
            print(f"  start to window shown: first {runs[0]:.2f} s, "
                  f"median {timings['startup_median_s']:.2f} s")

    step("lawgov demo", demo)
    if not failed:
        step("lawgov stats --json", stats)
        step("lawgov export pdf,docx,xlsx", export)
        step("lawgov check", check)
        if args.gui:
            step("lawgov-desktop --smoke-test", gui)
    if args.json:
        args.json.write_text(json.dumps(timings, indent=2), encoding="utf-8")
    tmp.cleanup()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
