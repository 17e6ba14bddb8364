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
import re
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


# Surnames read otherwise than their most common reading (单 is dan, the surname shan), as
# name lists and 百家姓 sort them; compound surnames first (长孙 zhangsun, not changsun).
SURNAMES = {
    "长孙": "zhang3 sun1", "尉迟": "yu4 chi2", "单于": "chan2 yu2", "万俟": "mo4 qi2",
    "澹台": "tan2 tai2", "令狐": "ling2 hu2",
    "曾": "zeng1", "单": "shan4", "解": "xie4", "仇": "qiu2", "朴": "piao2", "区": "ou1",
    "查": "zha1", "尉": "yu4", "盖": "ge3", "乐": "yue4", "覃": "qin2", "缪": "miao4",
    "繁": "po2", "员": "yun4", "祭": "zhai4", "召": "shao4", "种": "chong2", "重": "chong2",
    "翟": "zhai2", "秘": "bi4", "宿": "su4", "褚": "chu3", "柏": "bai3", "燕": "yan1",
    "纪": "ji3", "过": "guo1", "句": "gou1", "阚": "kan4", "能": "nai4", "卜": "bu3",
    "牟": "mou2", "冼": "xian3", "洗": "xian3", "华": "hua4", "任": "ren2", "车": "che1",
    "隗": "wei3", "訾": "zi1", "贲": "ben1", "郇": "huan2", "莘": "shen1", "折": "she2",
}
_SURNAME_KEYS = {name: "".join(MARK + x for x in reading.split())
                 for name, reading in SURNAMES.items()}
_BY_LENGTH = sorted(_SURNAME_KEYS, key=len, reverse=True)
_NAME_SEPARATORS = re.compile(r"([\s、，,；;/]+)")  # "张明 李华", "张三、李四"


@functools.lru_cache(maxsize=65536)
def person_key(text: str) -> str:
    """The sort key of a person's name, or of several names: each name's surname by its
    surname reading (曾 zeng, 单 shan, 长孙 zhangsun), the rest as `pinyin_key`."""
    parts = []
    for part in _NAME_SEPARATORS.split(unicodedata.normalize("NFKC", text).strip()):
        surname = next((s for s in _BY_LENGTH if part.startswith(s)), None)
        if surname is None:
            parts.append(pinyin_key(part))
        else:
            parts.append(_SURNAME_KEYS[surname] + pinyin_key(part[len(surname):]))
    return "".join(parts)


def sort_value(value: object, person: bool = False) -> str | None:
    """The key stored for a column value (None stays None: empty cells sort as empty);
    `person`: a person-name field (forms/ `person_name = true`)."""
    if value is None:
        return None
    return person_key(str(value)) if person else pinyin_key(str(value))
