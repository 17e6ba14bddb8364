"""Parsed TrueType fonts kept on disk between exports.

reportlab parses a font's whole character map and metrics before it can embed a subset:
~0.1 s for each CJK font a report uses, every export, for files that never change. The
parsed tables are plain numbers and strings, so they are stored with `marshal` (no code is
ever loaded from the cache, unlike pickle) in the user's cache folder, keyed by the font
file's path, size and modification time, reportlab's version and Python's. The font's bytes
are read again on every use: only the parsing is saved.

Anything unexpected (no cache folder, a read-only home, a damaged or foreign cache file, a
reportlab whose parsed font holds something else) means parsing as before; the cache is
never a reason for an export to fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

FORMAT = 1  # bump when what is stored changes
_NOT_STORED = ("_ttf_data", "_pdfScale")  # the file's bytes (read again) and a function
_FONT_KEYS = ("fontName", "_asciiReadable", "_shapable")  # TTFont's own plain attributes


def cache_dir() -> Path:
    """`LAWGOV_CACHE_DIR`, else the platform's per-user cache folder."""
    env = os.environ.get("LAWGOV_CACHE_DIR")
    if env:
        return Path(env).expanduser() / "fonts"
    import platformdirs

    return Path(platformdirs.user_cache_dir("LawGovDesktop", appauthor=False)) / "fonts"


def _key(path: str, subfont_index: int, mtime_ns: int, size: int) -> str:
    return "|".join(map(str, (FORMAT, reportlab.Version, sys.version_info[:2], path,
                               subfont_index, mtime_ns, size)))


def _file(key: str) -> Path:
    return cache_dir() / (hashlib.sha1(key.encode()).hexdigest() + ".marshal")


def load(path: str, subfont_index: int, mtime_ns: int, size: int) -> TTFont | None:
    """The font as reportlab would parse it, from the cache; None when not cached."""
    key = _key(path, subfont_index, mtime_ns, size)
    try:
        stored = marshal.loads(_file(key).read_bytes())
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        data = Path(path).read_bytes()
        if len(data) != size:
            return None
        return _rebuild(stored, data)
    except Exception:  # absent, unreadable, damaged or from something else: parse instead
        return None


def store(font: TTFont, path: str, subfont_index: int, mtime_ns: int, size: int) -> None:
    """Keep `font`'s parsed tables for the next export, if they survive a round trip."""
    key = _key(path, subfont_index, mtime_ns, size)
    try:
        face = font.face.__dict__
        stored = {
            "key": key,
            "font": {k: font.__dict__[k] for k in _FONT_KEYS if k in font.__dict__},
            "face": {k: bytes(v) if isinstance(v, TTFNameBytes) else v
                     for k, v in face.items() if k not in _NOT_STORED},
            "names": [k for k, v in face.items() if isinstance(v, TTFNameBytes)],
        }
        blob = marshal.dumps(stored)
        again = _rebuild(marshal.loads(blob), font.face._ttf_data)
        if _plain(again.face.__dict__) != _plain(face) or not _same_scale(again, font):
            return  # something marshal does not keep as it was: do not cache this font
        target = _file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".font-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, target)  # whole or not at all
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except Exception:  # a read-only home, a full disk, an unexpected attribute: no cache
        return


def _rebuild(stored: dict, data: bytes) -> TTFont:
    face = TTFontFace.__new__(TTFontFace)
    attrs = dict(stored["face"])
    for name in stored["names"]:
        attrs[name] = TTFNameBytes(attrs[name])  # stored as its UTF-8 bytes, as it holds them
    face.__dict__.update(attrs)
    face._ttf_data = data
    units = face.unitsPerEm
    scale = 1000 / units
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(stored["font"])
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    return font


def _plain(attrs: dict) -> dict:
    return {k: (type(v), v) for k, v in attrs.items() if k not in _NOT_STORED}


def _same_scale(a: TTFont, b: TTFont) -> bool:
    return all(a.face._pdfScale(x) == b.face._pdfScale(x) for x in (0, 1, 7, 1000, 2048))
