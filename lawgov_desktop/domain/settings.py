"""The settings a user can change, with labels, defaults and checks (`lawgov config`)."""

from __future__ import annotations

from dataclasses import dataclass

from .deadlines import RULES


@dataclass(frozen=True)
class SettingDef:
    key: str
    label: str
    default: str
    integer_range: tuple[int, int] | None = None  # None: free text

    def parse(self, value: str) -> str:
        """The stored text of `value`, or ValueError with a Chinese reason."""
        value = value.strip()
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
                (1, 365),
            )
            for r in RULES
        ),
    )
}
