"""A synthetic register, 走访记录 (`visits`), and a copy of forms/ holding it, for the tests
that check a register is data (issue #13)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

VISITS = """\
ledger = "visits"
label = "走访记录"
record_label = "走访"
title_field = "subject"
year_field = "visited_on"
order = 10
sheet_title = "走访台账"
category = "走访"
list_hidden = ["note"]

[[cards]]
id = "visits_closed"
title = "走访结案"
indicators = ["cases_closed"]
note = "立案 {cases_filed} 件"

[[fields]]
key = "visited_on"
label = "走访日期"
type = "date"
required = true

[[fields]]
key = "subject"
label = "走访事项"
type = "text"
required = true
search = true

[[fields]]
key = "holder_type"
label = "对象类型"
type = "choice"
choices = ["个人", "单位"]

[[fields]]
key = "holder"
label = "走访对象"
type = "text"
search = true
personal_when = { field = "holder_type", value = "个人" }

[[fields]]
key = "note"
label = "备注"
type = "text"
"""

# A yearly form (facts.toml, coming later) is not a ledger and must not become one.
FACTS = 'form = "facts"\nlabel = "年度情况"\n'

VISIT = {"visited_on": "2024-05-06", "subject": "安全生产回访", "holder_type": "个人",
         "holder": "张三丰", "note": "无"}


def write_forms(folder: Path, extra: dict[str, str]) -> Path:
    shipped = resources.files("lawgov_desktop.forms")
    folder.mkdir()
    for entry in shipped.iterdir():
        if entry.name.endswith(".toml"):
            (folder / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
