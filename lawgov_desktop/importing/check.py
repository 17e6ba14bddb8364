"""Every row of a sheet checked as a form checks it, plus what only an import meets: values
inferred or given for a column the sheet lacks, rows already in the ledger (or twice in the
sheet), formula cells without a result, rows to mark 历史记录. Nothing is stored here."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from ..domain.ledgers import LedgerDef
from .columns import ColumnParser
from .history import HISTORY_FIELD
from .infer import WHOLE_COLUMN, prepare, source_of, why_not_inferred
from .matching import describe, match_key
from .reader import NO_RESULT
from .reader import column_letter as get_column_letter
from .xlsx import ImportProblem, ImportResult, SheetData

REQUIRED = "必填项，不能为空"
ON_DUPLICATE = ("skip", "stop")
HISTORY = ("auto", "yes", "no")


def check_rows(
    data: SheetData,
    ledger: LedgerDef,
    choices: Mapping[str, Sequence[str]] | None = None,
    existing: Collection[tuple[str, str]] | None = None,
    today: dt.date | None = None,
    *,
    fill: Mapping[str, Any] | None = None,
    per_row: Mapping[int, Mapping[str, Any]] | None = None,
    on_duplicate: str = "skip",
    overdue: Callable[[Mapping[str, Any]], bool] | None = None,
    history: str = "auto",
) -> ImportResult:
    """Validate every row. `existing` holds the match keys (matching.match_key) of the live
    records; `fill` is a value per field for the whole column, `per_row` values per Excel row;
    `overdue(values)` says whether a row's reminders are long overdue (history="auto" marks
    those rows 历史记录, "yes" marks every row, "no" none)."""
    if on_duplicate not in ON_DUPLICATE or history not in HISTORY:
        raise ValueError(f"on_duplicate={on_duplicate!r}, history={history!r}")
    result = ImportResult(ledger.key, data.sheet, ignored_columns=data.ignored,
                          skipped=list(data.skipped))
    letter = {key: get_column_letter(i + 1) for i, key in data.columns.items()}

    def problem(row: int, key: str | None, message: str, severity: str = "error") -> None:
        label = ledger.field(key).label if key else ""
        result.problems.append(ImportProblem(data.sheet, row, letter.get(key or "", ""), label,
                                             message, severity))

    seen_keys: dict[str, int] = {}
    for i, key in data.columns.items():
        if key in seen_keys:
            problem(data.header_row, None, f"“{ledger.field(key).label}”列出现了两次"
                    f"（{get_column_letter(seen_keys[key] + 1)}列和{get_column_letter(i + 1)}列）")
        seen_keys[key] = i
    if result.errors:
        return result
    if not data.rows:
        problem(0, None, f"工作表“{data.sheet}”表头下没有数据行")
        return result
    missing = [f.key for f in ledger.fields if f.required and f.key not in seen_keys]
    unfilled: dict[str, list[int]] = {key: [] for key in missing}
    no_result: dict[int, list[str]] = {}
    for cell in data.no_result:
        no_result.setdefault(cell.row, []).append(cell.column)
    field_of = {letter[k]: k for k in letter}
    inferred: Counter[tuple[str, str]] = Counter()
    came_from: dict[tuple[str, str], int] = {}  # (field key, how) → rows
    first_of: dict[tuple[str, str], int] = {}
    existing = existing or ()
    parser = ColumnParser(ledger, choices, today or dt.date.today())
    text_keys = [k for k in dict.fromkeys(data.columns.values()) if ledger.field(k).type == "text"]
    marks_history = overdue is not None and ledger.has_field(HISTORY_FIELD)
    own_values = per_row or {}
    # a date given for the whole column is no row's own date: those rows are history, so no
    # reminder or report claim rests on it (DOMAIN.md §11)
    made_up = {k for k, v in (fill or {}).items()
               if ledger.field(k).is_date and source_of(ledger, k, v) is None}
    made_up_rows: Counter[str] = Counter()
    mapped = set(seen_keys)
    for number, raw in data.rows:
        before = len(result.problems)
        for column in no_result.get(number, ()):
            if column in field_of:
                problem(number, field_of[column], NO_RESULT)
        for key in text_keys:
            value = raw.get(key)
            if isinstance(value, (int, float)) and abs(value) >= 1e15:
                problem(number, key, "该单元格是数字格式，超过15位的号码已被 Excel 截断，"
                                     "请把该列设为“文本”格式后重新录入")
        row, came = prepare(ledger, raw, fill, own_values.get(number))
        checked = parser.check(row)
        lacking = []
        for p in checked.problems:
            if p.field in unfilled and p.message == REQUIRED:
                lacking.append(p.field)
            else:
                cause = (why_not_inferred(ledger, p.field, mapped)
                         if p.field and p.field not in mapped and p.severity == "error" else "")
                problem(number, p.field, f"{p.message}（{cause}）" if cause else p.message,
                        p.severity)
        values = checked.values
        key = match_key(ledger, values)
        if key is not None and (key in first_of or key in existing):
            where = (f"与第{first_of[key]}行相同" if key in first_of else "已在台账中")
            text = f"{describe(ledger, values)}{where}"
            if on_duplicate == "stop":
                problem(number, ledger.title_field, f"{text}（已有的记录不重复导入）")
            else:
                del result.problems[before:]  # a row left out needs no fixing
                result.duplicates.append((number, text))
                continue
        if key is not None:
            first_of[key] = number
        for field_key in lacking:
            unfilled[field_key].append(number)
        for pair in came.items():
            came_from[pair] = came_from.get(pair, 0) + 1
            if pair[1] == WHOLE_COLUMN and pair[0] in made_up:
                made_up_rows[pair[0]] += 1
        if marks_history and values.get(HISTORY_FIELD) is None:
            late = overdue(values) or any(  # type: ignore[misc]
                came.get(k) == WHOLE_COLUMN for k in made_up)
            result.history_candidates += late
            if history == "yes" or (history == "auto" and late):
                values[HISTORY_FIELD] = 1
                result.history += 1
        result.values.append(values)
        result.rows.append(number)
    for key, rows in unfilled.items():
        if rows:
            label = ledger.field(key).label
            shown = "、".join(str(r) for r in rows[:8]) + ("等" if len(rows) > 8 else "")
            # the row is the sheet row when there is one; the wizard and the CLI each say
            # how to give the values (逐行指定 there, --set here)
            problem(rows[0] if len(rows) == 1 else 0, None,
                    f"缺少必填列“{label}”：第{shown}行（共 {len(rows)} 行）无法从其他列推断，"
                    "需要指定")
    for key in sorted(made_up):
        if made_up_rows[key]:
            label = ledger.field(key).label
            problem(0, key, f"表中没有“{label}”列，{made_up_rows[key]} 行都将使用同一日期"
                            f" {fill[key]}（整列使用同一值）：办案期限和按月统计都按这个日期计算。"
                            "这些行将作为历史记录导入，年度报告不据此认定超期；"
                            "如表中有其他日期列（如决定日期），可改为取自该列", "warning")
    for (field_key, reason), n in came_from.items():  # first-seen order, as before
        inferred[(ledger.field(field_key).label, reason)] += n
    result.inferred = dict(inferred)
    result.unfilled = {key: rows for key, rows in unfilled.items() if rows}
    return result
