"""Font substitutions are told once per machine (trial s4, F4.7/F5.3): the first export on a
computer lists them; later ones stay quiet about the same fonts, so the 【待补充】 count and
other notes the user can act on are not buried. What was told is kept in the user's config
folder; if that cannot be written, the notes are simply told again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from ..storage.database import APP_NAME


def notice_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "font-notes.json"


def _told(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(x) for x in data} if isinstance(data, list) else set()


def first_time(notes: Sequence[str], path: Path | None = None) -> list[str]:
    """The notes not yet told on this machine; they count as told from now on."""
    path = path or notice_file()
    told = _told(path)
    new = [n for n in notes if n not in told]
    if new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(sorted(told | set(new)), ensure_ascii=False),
                            encoding="utf-8")
        except OSError:
            pass
    return new
