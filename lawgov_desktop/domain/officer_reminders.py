"""执法证 expiry reminders (DOMAIN.md §9): for officers 在岗 today whose 证件有效期至 is within
certificate_warn_days (default 60) or has passed. They join the legal deadlines of §5 in
到期事项, `lawgov due` and the dashboard. Qt-free."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .deadlines import Deadline, DeadlineRule
from .officers import on_duty

DEFAULT_WARN_DAYS = 60
CERTIFICATE_RULE = DeadlineRule(
    "certificate",
    "执法证到期",
    "officers",
    "cert_expires_on",
    "cert_expires_on",
    DEFAULT_WARN_DAYS,
    False,
    "执法证有效期届满前应申请换证；国办发〔2024〕54号：行政检查须由持有效执法证件的人员实施",
)
# What the reminder reads from an officer row.
FIELDS = ("id", "name", "cert_no", "cert_issued_on", "cert_expires_on", "status",
          "status_changed_on")


@dataclass(frozen=True)
class CertificateDeadline(Deadline):
    @property
    def status(self) -> str:
        if self.days_left < 0:
            return f"已过期{-self.days_left}天"
        if self.days_left == 0:
            return "今天到期"
        return f"还剩{self.days_left}天"


def warn_days(text: str | None) -> int:
    """The certificate_warn_days setting as a number (the default when empty)."""
    try:
        value = int(str(text or "").strip())
    except ValueError:
        return DEFAULT_WARN_DAYS
    return value if value > 0 else DEFAULT_WARN_DAYS


def certificate_reminders(officers: Iterable[Mapping[str, Any]], today: dt.date,
                          warn: int, within_days: int | None = None) -> list[Deadline]:
    """A reminder per officer 在岗 today whose certificate expires within `warn` days or has
    expired; with `within_days`, only those due within it (as for the other deadlines)."""
    found: list[Deadline] = []
    for o in officers:
        try:
            expires = dt.date.fromisoformat(str(o.get("cert_expires_on") or ""))
        except ValueError:
            continue  # no certificate recorded: nothing to renew
        if not on_duty(o, today):
            continue
        left = (expires - today).days
        if left > warn or (within_days is not None and left > within_days):
            continue
        try:
            start = dt.date.fromisoformat(str(o.get("cert_issued_on") or ""))
        except ValueError:
            start = expires
        title = str(o.get("name") or "")
        if o.get("cert_no"):
            title += f"（{o['cert_no']}）"
        found.append(CertificateDeadline(CERTIFICATE_RULE, str(o["id"]), title, start,
                                         expires, left))
    return found


__all__ = ["CERTIFICATE_RULE", "FIELDS", "CertificateDeadline", "certificate_reminders",
           "warn_days"]
