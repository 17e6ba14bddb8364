"""The settings a user can change, with labels, defaults and checks (`lawgov config`).

The report's place settings (DOMAIN.md §13) have defaults that depend on other settings:
admin_level follows unit_name, local_authority follows admin_level. They are stored empty
until the user sets them; :func:`report_place` resolves what the report uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .deadlines import RULES
from .inspections import CAP_KEY, CAP_PREFIX, CAP_TYPES_KEY, DEFAULT_COUNTED, KINDS

ADMIN_LEVELS = ("县", "区", "市")
PARTY_BODIES = ("党委", "党组")
# How a report names the 本级党委政府 of each level.
LOCAL_AUTHORITY = {"县": "县委、县人民政府", "区": "区委、区政府", "市": "市委、市人民政府"}


@dataclass(frozen=True)
class SettingDef:
    key: str
    label: str
    default: str
    integer_range: tuple[int, int] | None = None  # None: free text
    choices: tuple[str, ...] = ()  # non-empty: the value must be one of them (or empty)
    optional: bool = False  # an integer setting that may be empty (no cap)
    several: tuple[str, ...] = ()  # non-empty: any of these, "；"-joined in this order

    def parse(self, value: str) -> str:
        """The stored text of `value`, or ValueError with a Chinese reason."""
        value = value.strip()
        if self.several:
            given = [v for v in re.split(r"[；;、,，\s]+", value) if v]
            wrong = [v for v in given if v not in self.several]
            if wrong:
                raise ValueError(f"{self.label}只能是{'、'.join(self.several)}，"
                                 f"收到“{'、'.join(wrong)}”")
            return "；".join(v for v in self.several if v in given)
        if self.optional and not value:
            return ""
        if self.choices:
            if value and value not in self.choices:
                raise ValueError(f"{self.label}应为{'、'.join(self.choices)}之一，收到“{value}”")
            return value
        if self.integer_range is None:
            return value
        low, high = self.integer_range
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{self.label}应为整数，收到“{value}”") from None
        if not low <= number <= high:
            raise ValueError(f"{self.label}应在 {low} 到 {high} 之间，收到 {number}")
        return str(number)


SETTINGS: dict[str, SettingDef] = {
    s.key: s
    for s in (
        SettingDef("unit_name", "单位名称", ""),
        SettingDef("upper_unit", "上级单位", ""),
        SettingDef("backup_dir", "备份文件夹", ""),
        *(
            SettingDef(
                r.setting_key,
                f"{r.label}期限（{'工作日' if r.working_days else '日'}）",
                str(r.default_days),
                (0 if r.default_days == 0 else 1, 365),
            )
            for r in RULES
        ),
        # Empty = inferred (see report_place); the label says so in `lawgov config`.
        SettingDef("admin_level", "行政级别", "", choices=ADMIN_LEVELS),
        SettingDef("local_authority", "本级党委政府称谓", ""),
        SettingDef("party_body", "党委或党组", "党委", choices=PARTY_BODIES),
        SettingDef("section_name", "法制机构名称", "法规科"),
        # The 年报 template's id (domain/annual_template.py); checked against the template
        # files where the data folder is known (`lawgov config`, 设置).
        SettingDef("annual_template", "年报模板", "national"),
        # 执法人员 (DOMAIN.md §9, §13)
        SettingDef("certificate_warn_days", "执法证到期提醒（提前天数）", "60", (1, 365)),
        SettingDef("training_hours_target", "执法人员年度培训学时目标", "60", (1, 1000)),
        # DOMAIN.md §13: yearly checks per enterprise; empty = no cap. inspection_cap.<执法领域>
        # keys are resolved by setting_def.
        SettingDef(CAP_KEY, "企业年度检查频次上限（未单独设置的执法领域）", "", (1, 1000),
                   optional=True),
        SettingDef(CAP_TYPES_KEY, "计入检查频次的检查类型", "；".join(DEFAULT_COUNTED),
                   several=KINDS),
    )
}


def setting_def(key: str) -> SettingDef | None:
    """The definition of `key`, including the per-执法领域 caps (inspection_cap.危险化学品)."""
    if key in SETTINGS:
        return SETTINGS[key]
    if key.startswith(CAP_PREFIX) and len(key) > len(CAP_PREFIX):
        domain = key[len(CAP_PREFIX):]
        return SettingDef(key, f"{domain}企业年度检查频次上限", "", (1, 1000), optional=True)
    return None

# A 市 that is part of a word, not a division: 城市管理, 市场监督, 市政.
_LEVEL_MARK = re.compile(r"(县|区|(?<!城)市(?!场|政))")


def infer_admin_level(unit_name: str) -> str | None:
    """The level of the division a unit belongs to, from its name: 福田区应急管理局 → 区.

    The last division mark wins (深圳市福田区… → 区); None when the name has none.
    """
    marks = _LEVEL_MARK.findall(unit_name or "")
    return marks[-1] if marks else None


@dataclass(frozen=True)
class Place:
    """Who writes the report and to whom, as the report words it."""

    unit_name: str
    upper_unit: str
    admin_level: str
    local_authority: str
    party_body: str
    section_name: str
    level_inferred: bool  # admin_level came from the unit's name (or the 县 default)

    @property
    def addressee(self) -> str:
        """主送: the 本级党委政府 and, when known, the upper department."""
        return "，".join(p for p in (self.local_authority, self.upper_unit) if p) + "："


def report_place(get: Callable[[str], str]) -> Place:
    """Resolve the place settings with their dependent defaults; `get` reads a setting."""
    unit = get("unit_name").strip()
    stored = get("admin_level").strip()
    level = stored if stored in ADMIN_LEVELS else (infer_admin_level(unit) or "县")
    authority = get("local_authority").strip() or LOCAL_AUTHORITY[level]
    party = get("party_body").strip()
    return Place(
        unit_name=unit,
        upper_unit=get("upper_unit").strip(),
        admin_level=level,
        local_authority=authority,
        party_body=party if party in PARTY_BODIES else "党委",
        section_name=get("section_name").strip() or "法规科",
        level_inferred=stored not in ADMIN_LEVELS,
    )
