"""Damaged large ledgers through the real `lawgov` program (issue #12): fixed seeds.

    python bench/bench_damage.py          # prints a markdown table; takes a few minutes

The test suite (tests/test_safety_fuzz.py) runs 40 damaged copies of the small demo ledger
in-process. This script does the same to the large demo ledger (20,000 cases, ~54 MB) with
whole `lawgov` processes, as a user or a script meets it: 5 × 50 random bit flips, a
truncation and a zeroed page. For each file and each reading command it records the exit
code, whether a Python traceback reached the terminal, whether the ledger file changed and
whether a partial or temporary file was left in the output folder.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

YEAR = 2025
SEEDS = range(5)
FLIPS = 50
PAGE = 4096
_SCRIPT = Path(sys.executable).with_name("lawgov")
LAWGOV = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "lawgov_desktop.cli"]
COMMANDS = (
    ("stats", "--year", str(YEAR), "--json"),
    ("due",),
    ("check",),
    ("export", "--year", str(YEAR), "--format", "pdf,docx,xlsx", "--out", "{out}"),
    ("backup", "--out", "{out}/copy.sqlite3"),
)


def lawgov(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LAWGOV, *args], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=600)


def variants(good: bytes) -> dict[str, bytes]:
    out = {}
    for seed in SEEDS:
        rng = random.Random(seed)
        data = bytearray(good)
        for _ in range(FLIPS):
            pos = rng.randrange(len(data))
            data[pos] ^= 1 << rng.randrange(8)
        out[f"bitflip-{seed}"] = bytes(data)
    out["truncated-50%"] = good[: len(good) // 2]
    zeroed = bytearray(good)
    middle = len(good) // PAGE // 2
    zeroed[middle * PAGE:(middle + 1) * PAGE] = bytes(PAGE)
    out["zeroed-middle-page"] = bytes(zeroed)
    return out


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="lawgov-damage-"))
    try:
        source = work / "source"
        started = time.perf_counter()
        done = lawgov("--data-dir", str(source), "demo", "--size", "large", "--year", str(YEAR))
        assert done.returncode == 0, done.stderr
        made = time.perf_counter() - started
        backup = lawgov("--data-dir", str(source), "backup")
        assert backup.returncode == 0, backup.stderr
        good = (source / "ledger.sqlite3").read_bytes()
        backups = source / "backups"
        rows = []
        totals = {"runs": 0, "tracebacks": 0, "changed": 0, "partial": 0, "damage": 0, "ok": 0,
                  "other": 0}
        for name, content in variants(good).items():
            data = work / name / "data"
            shutil.copytree(backups, data / "backups")
            ledger = data / "ledger.sqlite3"
            ledger.write_bytes(content)
            before = hashlib.sha256(content).hexdigest()
            out = work / name / "out"
            codes, seconds = [], []
            for argv in COMMANDS:
                args = [a.replace("{out}", str(out)) for a in argv]
                t = time.perf_counter()
                result = lawgov("--data-dir", str(data), *args)
                seconds.append(time.perf_counter() - t)
                text = result.stdout + result.stderr
                totals["runs"] += 1
                totals["tracebacks"] += "Traceback" in text
                if result.returncode == 0:
                    totals["ok"] += 1
                elif result.returncode == 1 and "损坏" in text and "最近的完好备份" in text:
                    totals["damage"] += 1
                else:
                    totals["other"] += 1
                codes.append(str(result.returncode))
            changed = hashlib.sha256(ledger.read_bytes()).hexdigest() != before
            partial = [p.name for p in out.rglob("*") if p.is_file() and (
                p.name.startswith(".") or (p.suffix in (".xlsx", ".docx", ".zip")
                                           and not zipfile.is_zipfile(p)))] if out.exists() else []
            totals["changed"] += changed
            totals["partial"] += len(partial)
            rows.append(f"| {name} | {' / '.join(codes)} | {max(seconds):.2f} s | "
                        f"{'yes' if changed else 'no'} | {len(partial)} |")
        print(f"Large demo ledger: {len(good) / 1e6:.1f} MB, made in {made:.0f} s\n")
        print("| damaged file | exit codes (stats / due / check / export / backup) | slowest "
              "command | ledger changed | partial files |")
        print("|---|---|---|---|---|")
        print("\n".join(rows))
        print(f"\n{totals['runs']} runs: {totals['ok']} worked, {totals['damage']} reported "
              f"damage naming the newest good backup, {totals['other']} other; "
              f"{totals['tracebacks']} tracebacks, {totals['changed']} files changed, "
              f"{totals['partial']} partial files.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
