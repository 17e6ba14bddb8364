"""Drafts of unsaved forms, so a crash (or a power cut) does not lose what was typed.

A form writes what its fields hold, as typed, to `<data_dir>/drafts/<ledger>-<id|new>.json`
a moment after an edit (temporary file, then an atomic rename, so a draft is whole or absent)
and deletes it when the record is saved or the changes are discarded. A draft still there
when the form is next opened is what a crash left behind, and the form offers it back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...storage.atomic import private_mkdir

DRAFTS_DIRNAME = "drafts"


@dataclass(frozen=True)
class Draft:
    path: Path
    ledger: str
    record_id: str | None
    saved_at: dt.datetime
    title: str
    values: dict[str, Any]

    def when(self) -> str:
        today = dt.date.today()
        fmt = "%H:%M" if self.saved_at.date() == today else "%Y-%m-%d %H:%M"
        return self.saved_at.strftime(fmt)


def drafts_folder(data_dir: Path) -> Path:
    return Path(data_dir) / DRAFTS_DIRNAME


def draft_path(data_dir: Path, ledger: str, record_id: str | None) -> Path:
    name = "".join(c for c in (record_id or "new") if c.isalnum() or c in "-_")
    return drafts_folder(data_dir) / f"{ledger}-{name}.json"


def save_draft(data_dir: Path, ledger: str, record_id: str | None, title: str,
               values: dict[str, Any]) -> Path:
    """Write the draft atomically; raises OSError (the caller decides how loud to be)."""
    path = draft_path(data_dir, ledger, record_id)
    private_mkdir(path.parent)  # drafts hold what was typed: names, ID numbers
    data = {"ledger": ledger, "record_id": record_id, "title": title,
            "saved_at": dt.datetime.now().isoformat(timespec="seconds"), "values": values}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return path


def _read(path: Path) -> Draft | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Draft(path, str(data["ledger"]), data.get("record_id") or None,
                     dt.datetime.fromisoformat(data["saved_at"]), str(data.get("title") or ""),
                     dict(data["values"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_draft(data_dir: Path, ledger: str, record_id: str | None) -> Draft | None:
    """The draft a crash left for this form, or None (an unreadable one counts as none)."""
    return _read(draft_path(data_dir, ledger, record_id))


def pending_drafts(data_dir: Path) -> list[Draft]:
    """Every readable draft in the data folder, oldest first."""
    try:
        paths = sorted(drafts_folder(data_dir).glob("*.json"))
    except OSError:
        return []
    found = [d for p in paths if (d := _read(p))]
    return sorted(found, key=lambda d: d.saved_at)


def delete_draft(data_dir: Path, ledger: str, record_id: str | None) -> None:
    with contextlib.suppress(OSError):
        draft_path(data_dir, ledger, record_id).unlink()
