"""Merge a colleague's ledger file into this one, record by record (by UUID).

For sections whose staff keep the same ledgers on several PCs. The other file is copied and
checked first (damaged, foreign or newer files are refused; the file itself is only read),
the current ledger is backed up, then everything happens in one transaction:

- a record only on the other side is added (a deleted one goes to the recycle bin);
- a record on both sides with different values: the change logs tell who is ahead. When one
  side's history contains the other's, that side wins (no conflict). When both sides changed
  it since they parted, the newer `updated_at` wins and the pair is listed as a conflict with
  both values; the loser's values stay in the record's history (a "merge" change-log entry);
- deletions travel as soft deletes only (the record stays restorable); nothing is ever deleted
  for good, and a record whose 案号 is taken here by another record is listed, not merged;
- choice-list values the other side added are appended; a year's report text is taken from the
  side that edited it last; each fact of the year (year_facts) keeps the newer value, a newer
  clear included (storage/merge_facts.py). Settings and holidays stay as they are here;
- every incoming record is validated as a form would (domain.validation, with this ledger's
  choice lists plus the values the merge brings), before anything is written: a record with an
  invalid value (not a date, a negative fine, a choice that does not exist, a broken id or
  timestamp) is refused and listed with its reasons, the valid ones are merged.

The other side's change-log entries are copied along, so after merging both ways the two
ledgers agree and a later merge starts from the common history.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..domain.ledgers import FieldDef, LedgerDef, get_ledger, ledger_keys, load_ledgers
from ..domain.validation import validate
from ..domain.values import display_value
from .backup import backup_now, private_copy
from .database import Database
from .errors import LedgerError
from .lock import LedgerLock
from .merge_facts import FACTS_LABEL, LOG_NAME, merge_facts
from .records import current_user, now_stamp
from .schema import fill_sort_keys

MERGE_ACTION = "merge"
LogKey = tuple[str, str, str, str]  # at, user, action, changes (JSON text)


@dataclass(frozen=True)
class Conflict:
    """A record both sides changed; `fields`: key → (ours, theirs), stored values."""

    ledger: str
    record_id: str
    title: str
    fields: dict[str, tuple[Any, Any]]
    winner: str  # "ours" or "theirs"
    ours_updated: str
    theirs_updated: str

    def lines(self) -> list[str]:
        """Chinese lines for the CLI and the GUI: which side won and both values per field."""
        ledger = get_ledger(self.ledger)
        side = "对方" if self.winner == "theirs" else "本机"
        out = [
            f"{ledger.label}“{self.title}”：两边都修改过，采用{side}较新的修改"
            f"（本机 {self.ours_updated[:16].replace('T', ' ')}，"
            f"对方 {self.theirs_updated[:16].replace('T', ' ')}）"
        ]
        for key, (ours, theirs) in self.fields.items():
            if key == "deleted_at":
                label = "删除"
                o, t = ("已删除" if v else "未删除" for v in (ours, theirs))
            else:
                fdef = ledger.field(key)
                label, o, t = fdef.label, _shown(fdef, ours), _shown(fdef, theirs)
            out.append(f"    {label}：本机“{o or '（空）'}”，对方“{t or '（空）'}”")
        return out


def _shown(fdef: FieldDef, stored: Any) -> str:
    """display_value, but never a crash on a value of the wrong type (an old or odd file)."""
    try:
        return display_value(fdef, stored)
    except (TypeError, ValueError, ArithmeticError):
        return str(stored)


@dataclass(frozen=True)
class Skipped:
    ledger: str
    record_id: str
    title: str
    reason: str

    def line(self) -> str:
        label = FACTS_LABEL if self.ledger == LOG_NAME else get_ledger(self.ledger).label
        return f"{label}“{self.title}”未合并：{self.reason}"


@dataclass
class MergeReport:
    source: Path
    dry_run: bool = False
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ledger_keys(), 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ledger_keys(), 0))
    deleted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ledger_keys(), 0))
    kept: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ledger_keys(), 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ledger_keys(), 0))
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    refused: list[Skipped] = field(default_factory=list)  # invalid values: not merged
    choices_added: list[str] = field(default_factory=list)
    report_years: list[int] = field(default_factory=list)  # report text taken from theirs
    facts_taken: list[str] = field(default_factory=list)  # "2025年计划检查企业数" from theirs
    backup: Path | None = None  # the ledger as it was before the merge

    @property
    def changed(self) -> int:
        """Records added or updated here."""
        return sum(self.added.values()) + sum(self.updated.values())

    @property
    def changes_anything(self) -> bool:
        return bool(self.changed or self.conflicts or self.choices_added or self.report_years
                    or self.facts_taken)

    def summary_lines(self) -> list[str]:
        lines = []
        for key in ledger_keys():
            parts = [f"新增 {self.added[key]} 条", f"更新 {self.updated[key]} 条"]
            if self.deleted[key]:
                parts.append(f"其中移入回收站 {self.deleted[key]} 条")
            if self.kept[key]:
                parts.append(f"保留本机较新的 {self.kept[key]} 条")
            parts.append(f"相同 {self.unchanged[key]} 条")
            lines.append(f"{get_ledger(key).label}：{'，'.join(parts)}")
        if self.choices_added:
            lines.append(f"新增选项：{'、'.join(self.choices_added)}")
        if self.report_years:
            years = "、".join(f"{y}年" for y in self.report_years)
            lines.append(f"采用对方的年度报告文字：{years}")
        if self.facts_taken:
            lines.append(f"采用对方较新的{FACTS_LABEL}：{'、'.join(self.facts_taken)}")
        if self.refused:
            lines.append(f"内容不合规、未合并：{len(self.refused)} 条")
        return lines


class _DryRun(Exception):
    pass


def _parse_time(stamp: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return parsed if parsed.tzinfo else parsed.astimezone()


def _rank(row: Mapping[str, Any], keys: Iterable[str]) -> tuple[dt.datetime, str]:
    """Which version of a record is newer; equal times are broken by the values themselves,
    so both PCs pick the same winner and a merge back and forth converges."""
    values = json.dumps([row[k] for k in keys], ensure_ascii=False, default=str)
    return _parse_time(row["updated_at"]), values


def _logs(db: Database, ledger: str) -> dict[str, list[LogKey]]:
    out: dict[str, list[LogKey]] = defaultdict(list)
    rows = db.conn.execute(
        "SELECT record_id, at, COALESCE(user, ''), action, "
        "COALESCE(changes, '') FROM change_log WHERE ledger = ? ORDER BY id",
        [ledger],
    )
    for rid, at, user, action, changes in rows:
        out[rid].append((at, user, action, changes))
    return out


def _history(entries: Iterable[LogKey]) -> set[LogKey]:
    """The edits themselves: merge markers are bookkeeping, not changes of the record."""
    return {e for e in entries if e[2] != MERGE_ACTION}


def merge_ledger(
    db: Database, file: Path | str, dry_run: bool = False, user: str | None = None
) -> MergeReport:
    """Merge the ledger file `file` into `db` (see the module docstring); one transaction.

    `dry_run` reports what would happen and changes nothing. Takes the data folder's lock.
    """
    source = Path(file)
    if source.exists() and source.resolve() == db.path.resolve():
        raise LedgerError("不能把台账与它自己合并，请选择同事电脑上的台账或其备份文件。")
    user = user or current_user()
    with LedgerLock(db.path.parent), private_copy(source, db.path.parent, "merge") as copy:
        with Database(copy) as other:
            report = _run(db, other, source, user, dry=True)
            if dry_run or not report.changes_anything:
                report.dry_run = dry_run
                return report
            backup = backup_now(db, "before-merge").path
            report = _run(db, other, source, user, dry=False)
            report.backup = backup
    return report


def _run(db: Database, other: Database, source: Path, user: str, dry: bool) -> MergeReport:
    report = MergeReport(source, dry)
    merger = _Merger(db, other, report, user)
    try:
        with db.transaction():
            for key in ledger_keys():
                merger.ledger(get_ledger(key))
                fill_sort_keys(db.conn, get_ledger(key))  # pinyin keys of rows merged in
            merger.choices()
            merger.report_sections()
            merge_facts(db, other, report, user)
            if dry:
                raise _DryRun
    except _DryRun:
        pass
    return report


MAX_CHOICE_LENGTH = 100


def _plausible_choice(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= MAX_CHOICE_LENGTH


def _plausible_section(row: tuple[Any, ...]) -> bool:
    year, key, part, title, body, position, updated_at = row
    return (isinstance(year, int) and 1900 <= year <= 2100 and isinstance(position, int)
            and all(isinstance(v, str) for v in (key, part, title, body, updated_at)))


def _stamp_problem(value: Any, label: str, required: bool) -> str | None:
    if value is None:
        return f"缺少{label}" if required else None
    if not isinstance(value, str):
        return f"{label}“{value}”不是时间"
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return f"{label}“{value}”不是时间"
    return None


def _as_input(fdef: FieldDef, stored: Any) -> Any:
    """A stored value of the other file in the form `validate` takes; raises ValueError when
    it cannot be one of ours (money is integer fen)."""
    if stored is None:
        return None
    if fdef.type == "money":
        if isinstance(stored, bool) or not isinstance(stored, int):
            raise ValueError(f"“{stored}”不是金额")
        return Decimal(stored) / 100
    if isinstance(stored, bytes):
        raise ValueError("不是文字")
    return stored


class _Merger:
    def __init__(self, db: Database, other: Database, report: MergeReport, user: str) -> None:
        self.db, self.other, self.report, self.user = db, other, report, user
        self.conn = db.conn
        self._choices: dict[str, dict[str, list[str]]] = {}

    def _choice_map(self, ledger: LedgerDef) -> dict[str, list[str]]:
        """This ledger's choice lists plus the values the merge brings along (choices())."""
        if ledger.key not in self._choices:
            ours = self.db.choice_map(ledger.key)
            theirs = self.other.choice_map(ledger.key)
            self._choices[ledger.key] = {
                k: [*v, *(x for x in theirs.get(k, []) if x not in v and _plausible_choice(x))]
                for k, v in ours.items()
            }
        return self._choices[ledger.key]

    def checked(self, ledger: LedgerDef, row: dict[str, Any]) -> dict[str, Any] | None:
        """`row` with its values as a form would store them, or None when it is refused
        (listed in report.refused with every reason)."""
        reasons = []
        rid = row["id"]
        if not isinstance(rid, str) or not rid.strip() or len(rid) > 64:
            reasons.append("记录编号无效")
        for key, label, required in (("created_at", "创建时间", True),
                                     ("updated_at", "修改时间", True),
                                     ("deleted_at", "删除时间", False)):
            problem = _stamp_problem(row[key], label, required)
            if problem:
                reasons.append(problem)
        raw: dict[str, Any] = {}
        for f in ledger.fields:
            try:
                raw[f.key] = _as_input(f, row[f.key])
            except ValueError as exc:
                reasons.append(f"{f.label}：{exc}")
                raw[f.key] = None
        result = validate(ledger, raw, choices=self._choice_map(ledger))
        reasons += [str(p) for p in result.errors]
        if reasons:
            title = row.get(ledger.title_field)
            shown = str(title) if isinstance(title, str) and title else str(rid)
            self.report.refused.append(
                Skipped(ledger.key, str(rid), shown[:60], "；".join(dict.fromkeys(reasons)))
            )
            return None
        return {**row, **result.values}

    def ledger(self, ledger: LedgerDef) -> None:
        key = ledger.key
        cols = ("id", *ledger.keys, "created_at", "updated_at", "deleted_at")
        select = ", ".join(f"[{c}]" for c in cols)
        theirs = [
            dict(zip(cols, r, strict=True))
            for r in self.other.conn.execute(f"SELECT {select} FROM [{key}] ORDER BY seq")
        ]
        ours = self.db.ledger(key).get_many([r["id"] for r in theirs])
        their_logs, our_logs = _logs(self.other, key), _logs(self.db, key)
        compared = (*ledger.keys, "deleted_at")
        for raw_row in theirs:
            row = self.checked(ledger, raw_row)
            if row is None:
                continue
            rid = row["id"]
            mine = ours.get(rid)
            if mine is None:
                self._add(ledger, cols, row, their_logs.get(rid, []))
                continue
            diff = {k: (mine[k], row[k]) for k in compared if mine[k] != row[k]}
            if not diff:
                self.report.unchanged[key] += 1
                continue
            o_hist, t_hist = _history(our_logs.get(rid, [])), _history(their_logs.get(rid, []))
            if t_hist < o_hist:
                winner, conflict = "ours", False
            elif o_hist < t_hist:
                winner, conflict = "theirs", False
            else:
                winner, conflict = (
                    ("theirs" if _rank(row, compared) > _rank(mine, compared) else "ours"),
                    True,
                )
            if conflict:
                self.report.conflicts.append(
                    Conflict(
                        key,
                        rid,
                        self._title(ledger, mine),
                        diff,
                        winner,
                        mine["updated_at"],
                        row["updated_at"],
                    )
                )
            known = set(our_logs.get(rid, []))
            missing = [e for e in their_logs.get(rid, []) if e not in known]
            if winner == "theirs":
                self._update(ledger, mine, row, diff, missing)
                continue
            self.report.kept[key] += 1
            if conflict:  # keep the other side's edits in this record's history
                lost = {k: [o, t] for k, (o, t) in diff.items()}
                self._copy_logs(key, rid, missing, {"kept": "ours", "changes": lost})

    def _title(self, ledger: LedgerDef, row: Mapping[str, Any]) -> str:
        return str(row.get(ledger.title_field) or row["id"])

    def _taken(self, ledger: LedgerDef, row: Mapping[str, Any]) -> str | None:
        """Why `row` cannot be live here: a unique field's value used by another live record."""
        if row["deleted_at"] is not None:
            return None
        for f in ledger.unique_fields:
            value = row.get(f.key)
            if value is None:
                continue
            found = self.conn.execute(
                f"SELECT id FROM [{ledger.key}] WHERE [{f.key}] = ? AND deleted_at IS NULL "
                "AND id != ?",
                [value, row["id"]],
            ).fetchone()
            if found:
                return (
                    f"{f.label}“{value}”在本机已被另一条记录使用（可能是同一件事在两台电脑上"
                    "分别录入），请核对后手工处理"
                )
        return None

    def _copy_logs(
        self, ledger: str, rid: str, entries: Iterable[LogKey], marker: Mapping[str, Any]
    ) -> None:
        rows = [(at, user, ledger, rid, action, changes) for at, user, action, changes in entries]
        rows.append(
            (
                now_stamp(),
                self.user,
                ledger,
                rid,
                MERGE_ACTION,
                json.dumps(
                    {"source": self.report.source.name, **marker}, ensure_ascii=False, default=str
                ),
            )
        )
        self.conn.executemany(
            "INSERT INTO change_log (at, user, ledger, record_id, action, "
            "changes) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _add(
        self, ledger: LedgerDef, cols: tuple[str, ...], row: Mapping[str, Any], logs: list[LogKey]
    ) -> None:
        reason = self._taken(ledger, row)
        if reason:
            self.report.skipped.append(
                Skipped(ledger.key, row["id"], self._title(ledger, row), reason)
            )
            return
        names = ", ".join(f"[{c}]" for c in cols)
        marks = ", ".join("?" for _ in cols)
        try:
            with self.db.transaction():  # a savepoint: one record in or out, whole
                self.conn.execute(
                    f"INSERT INTO [{ledger.key}] ({names}) VALUES ({marks})", [row[c] for c in cols]
                )
                self._copy_logs(ledger.key, row["id"], logs, {"added": True})
        except sqlite3.IntegrityError as exc:
            self.report.skipped.append(
                Skipped(ledger.key, row["id"], self._title(ledger, row), f"与本机数据冲突（{exc}）")
            )
            return
        self.report.added[ledger.key] += 1

    def _update(
        self,
        ledger: LedgerDef,
        mine: Mapping[str, Any],
        row: Mapping[str, Any],
        diff: Mapping[str, tuple[Any, Any]],
        logs: list[LogKey],
    ) -> None:
        reason = self._taken(ledger, row)
        if reason:
            self.report.skipped.append(
                Skipped(ledger.key, row["id"], self._title(ledger, mine), reason)
            )
            return
        sets = ", ".join(f"[{k}] = ?" for k in diff)
        try:
            with self.db.transaction():
                self.conn.execute(
                    f"UPDATE [{ledger.key}] SET {sets}, updated_at = ? WHERE id = ?",
                    [*(v[1] for v in diff.values()), row["updated_at"], row["id"]],
                )
                changes = {k: [o, t] for k, (o, t) in diff.items()}
                self._copy_logs(ledger.key, row["id"], logs, {"changes": changes})
        except sqlite3.IntegrityError as exc:
            self.report.skipped.append(
                Skipped(
                    ledger.key, row["id"], self._title(ledger, mine), f"与本机数据冲突（{exc}）"
                )
            )
            return
        self.report.updated[ledger.key] += 1
        if mine["deleted_at"] is None and row["deleted_at"] is not None:
            self.report.deleted[ledger.key] += 1

    def choices(self) -> None:
        for ledger in load_ledgers().values():
            for f in ledger.fields:
                if not f.editable_choices or f.choices_from:  # merged with its source
                    continue
                ours = self.db.choices(ledger.key, f.key)
                new = [v for v in self.other.choices(ledger.key, f.key)
                       if v not in ours and _plausible_choice(v)]
                self.conn.executemany(
                    "INSERT INTO choice_lists (ledger, field, position, value) VALUES (?, ?, ?, ?)",
                    [(ledger.key, f.key, len(ours) + i, v) for i, v in enumerate(new)],
                )
                self.report.choices_added += [f"{f.label}“{v}”" for v in new]

    def report_sections(self) -> None:
        def by_year(conn: sqlite3.Connection) -> dict[int, list[tuple[Any, ...]]]:
            out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
            for row in conn.execute(
                "SELECT year, key, part, title, body, position, updated_at "
                "FROM report_sections ORDER BY year, position"
            ):
                if _plausible_section(row):  # another program's rows: only well-formed ones
                    out[row[0]].append(tuple(row))
            return out

        ours, theirs = by_year(self.conn), by_year(self.other.conn)
        for year, rows in sorted(theirs.items()):
            mine = ours.get(year, [])
            if [r[:6] for r in mine] == [r[:6] for r in rows]:
                continue
            if mine and max(r[6] for r in mine) >= max(r[6] for r in rows):
                continue  # ours was edited later
            self.conn.execute("DELETE FROM report_sections WHERE year = ?", [year])
            self.conn.executemany(
                "INSERT INTO report_sections (year, key, part, title, body, position, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self.report.report_years.append(year)
