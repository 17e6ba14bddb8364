"""Crash safety (issue #7.4): a writer killed with SIGKILL at random moments loses nothing it
committed and leaves no half-written record.

A child process opens the ledger and writes: single inserts, updates that change two fields
together, and batch inserts of several records in one transaction. After each commit it prints
what it committed and flushes. The parent kills it at a seeded random moment, several times
over the same ledger, then checks that every reported write is there with its last reported
values (or, for the one write in flight, the next), that each record's two fields and its
change log agree (no partial write), that every batch is whole or absent, and that SQLite's
integrity check passes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lawgov_desktop.storage import Database
from lawgov_desktop.storage.records import to_input

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROUNDS = 6
WRITES_PER_CHILD = 2000
BATCH = 5

CHILD = r"""
import json, random, sys
from lawgov_desktop.storage import Database

data_dir, seed, writes, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
db = Database.open(data_dir)
cases = db.ledger("cases")

def base(no, v):
    return {"case_no": no, "cause": f"案由第{v}版", "party": "示例化工有限公司",
            "party_type": "单位", "filed_on": "2024-03-05", "note": f"v{v}"}

versions = {r["id"]: int(r["note"][1:]) for r in cases.list(limit=10**6)}
print("ready", flush=True)
for i in range(writes):
    roll = rng.random()
    if versions and roll < 0.45:
        rid = rng.choice(sorted(versions))
        v = versions[rid] + 1
        cases.update(rid, {"note": f"v{v}", "cause": f"案由第{v}版"})
        versions[rid] = v
        print(json.dumps({"op": "update", "id": rid, "v": v}), flush=True)
    elif roll < 0.55:
        rows = [cases.validate(base(f"B{seed}-{i}-{j}", 0)).values for j in range(batch)]
        ids = cases.insert_valid(rows)
        versions.update(dict.fromkeys(ids, 0))
        print(json.dumps({"op": "batch", "ids": ids, "prefix": f"B{seed}-{i}-"}), flush=True)
    else:
        rec = cases.insert(base(f"S{seed}-{i}", 0))
        versions[rec["id"]] = 0
        print(json.dumps({"op": "insert", "id": rec["id"], "v": 0}), flush=True)
print("done", flush=True)
"""


def run_child(data_dir: Path, seed: int, kill_at: int, jitter: float) -> tuple[list[dict], bool]:
    """Start a writer; once it has reported `kill_at` commits, wait `jitter` seconds (so the
    kill lands anywhere inside a write) and SIGKILL it. Returns its complete report lines."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), str(seed), str(WRITES_PER_CHILD), str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        ready = child.stdout.readline()
        assert ready == b"ready\n", child.stderr.read()
        lines: list[bytes] = []
        while len(lines) < kill_at:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line)
        time.sleep(jitter)
        child.send_signal(signal.SIGKILL)
        lines += child.stdout.read().splitlines(keepends=True)
    finally:
        child.kill()
        child.wait(10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    complete = [ln for ln in lines if ln.endswith(b"\n")]
    finished = complete[-1:] == [b"done\n"]
    return [json.loads(ln) for ln in complete if ln.startswith(b"{")], finished


def test_sigkill_during_writes_loses_nothing_committed(data_dir):
    started = time.monotonic()
    Database.open(data_dir).close()
    rng = random.Random(20261123)
    reported: dict[str, int] = {}  # record id → last version the child reported committed
    batches: list[str] = []
    reported_batch_ids: set[str] = set()
    writes = 0
    for round_no in range(ROUNDS):
        events, finished = run_child(
            data_dir, round_no, rng.randint(20, 120), rng.uniform(0, 0.005)
        )
        assert not finished, "the child finished before it was killed: raise WRITES_PER_CHILD"
        writes += len(events)
        for e in events:
            if e["op"] == "batch":
                batches.append(e["prefix"])
                reported_batch_ids.update(e["ids"])
                reported.update(dict.fromkeys(e["ids"], 0))
            else:
                reported[e["id"]] = e["v"]
    assert writes >= 200, f"only {writes} writes were made before the kills"
    print(f"{writes} writes in {ROUNDS} rounds")

    with Database.open(data_dir) as db:
        assert db.integrity_problems() == []
        cases = db.ledger("cases")
        stored = {r["id"]: r for r in cases.list(limit=10**6)}
        # Every committed write is there, at its last reported version or the one in flight.
        in_flight = 0
        for rid, version in reported.items():
            assert rid in stored, f"committed record {rid} is missing"
            stored_version = int(stored[rid]["note"][1:])
            assert stored_version in (version, version + 1)
            in_flight += stored_version == version + 1
        assert in_flight <= ROUNDS  # at most one update per kill was committed unreported
        unreported = [rid for rid in stored if rid not in reported]
        assert len(unreported) <= ROUNDS * BATCH
        # No record is partial: its fields agree with each other, with validation and with
        # its change log (the record and its log entry are one transaction).
        for rid, rec in stored.items():
            version = int(rec["note"][1:])
            assert rec["cause"] == f"案由第{version}版"
            raw = {f.key: to_input(f, rec[f.key]) for f in cases.definition.fields}
            assert cases.validate(raw).ok
            actions = [h["action"] for h in cases.history(rid)]
            assert actions == ["insert"] + ["update"] * version
        # A batch is all or nothing.
        for rec in stored.values():
            if rec["case_no"].startswith("B"):
                prefix = rec["case_no"].rsplit("-", 1)[0] + "-"
                members = [r for r in stored.values() if r["case_no"].startswith(prefix)]
                assert len(members) == BATCH
        for prefix in batches:
            assert sum(r["case_no"].startswith(prefix) for r in stored.values()) == BATCH
    assert time.monotonic() - started < 60
