"""Pinyin sort keys: Chinese text in the order a WPS/Excel user expects (拼音), as a plain
string SQLite's default BINARY collation sorts correctly, so each sortable text column can
keep its key in a hidden `<key>__sort` column with an ordinary index.

Key of a text: NFKC-folded (full-width letters and digits become ASCII), lower-cased; every
Chinese character becomes MARK + its toneless-then-numbered syllable ("张" → MARK "zhang1"),
every other character stays itself. The tone digit ends the syllable and sorts below every
letter, so "zhan4" < "zhang1" as in a pinyin index; MARK sorts above ASCII and common
punctuation, so digits and Latin letters come before Chinese, as in WPS.

Readings are pypinyin's per-character data (its most common reading first: 单 → dan). The
table is read lazily from pypinyin's own data file, without importing the package (whose
phrase dictionary costs ~0.3 s), and keys are cached per distinct string, so a 10,000-row
import pays microseconds per value.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import unicodedata
from pathlib import Path

MARK = "\x7f"  # above printable ASCII: digits and Latin letters sort before Chinese
TONES = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
SUFFIX = "__sort"


def sort_column(key: str) -> str:
    """The hidden column holding the pinyin key of field `key`."""
    return key + SUFFIX


def _syllable(reading: str) -> str:
    """"zhāng" → "zhang1", "lǜ" → "lv4", "de" → "de5" (neutral tone)."""
    tone = "5"
    letters = []
    for ch in unicodedata.normalize("NFD", reading):
        if ch in TONES:
            tone = TONES[ch]
        elif ch == "\u0308":  # ü is written v, as in pinyin input methods
            letters[-1] = "v"
        elif ch.isascii():
            letters.append(ch)
    return "".join(letters) + tone


def _readings() -> dict[str, str]:
    """Code point (as decimal text, as the data file has it) → readings, "zhāng,zhǎng"."""
    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            data: dict[str, str] = json.loads(path.read_bytes())
            return data
    from pypinyin.pinyin_dict import pinyin_dict  # the public (slower) way to the same data

    return {str(code): text for code, text in pinyin_dict.items()}


class _Table(dict[int, str]):
    """A `str.translate` table filled on first sight of each character."""

    def __init__(self) -> None:
        super().__init__()
        self.readings: dict[str, str] | None = None

    def __missing__(self, code: int) -> str:
        if self.readings is None:
            self.readings = _readings()
        reading = self.readings.get(str(code))
        token = MARK + _syllable(reading.split(",")[0]) if reading else chr(code)
        self[code] = token
        return token


_TABLE = _Table()


@functools.lru_cache(maxsize=65536)
def pinyin_key(text: str) -> str:
    """The sort key of `text` (see the module doc)."""
    return unicodedata.normalize("NFKC", text).lower().translate(_TABLE)


def sort_value(value: object) -> str | None:
    """The key stored for a column value (None stays None: empty cells sort as empty)."""
    if value is None:
        return None
    return pinyin_key(str(value))
