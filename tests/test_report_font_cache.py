"""Parsed fonts kept on disk between exports: the same PDF, byte for byte, whether a font
was parsed or came from the cache; a damaged or stale cache is parsed past, never fatal."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lawgov_desktop.reports import font_cache
from lawgov_desktop.reports.fonts import NoCjkFontError, resolve_fonts

try:
    FONTS = resolve_fonts()
except NoCjkFontError:  # pragma: no cover - machines without any CJK TrueType font
    pytest.skip("no CJK TrueType font installed", allow_module_level=True)

EXPORT = textwrap.dedent("""
    import datetime as dt, sys
    sys.path.insert(0, {tests!r})
    from test_report_text import FIGURES, UNIT
    from lawgov_desktop.reports import default_sections, export_report
    export_report(FIGURES, default_sections(2024, UNIT), UNIT, 2024, sys.argv[1],
                  formats=("pdf",), date=dt.date(2025, 1, 5))
""").format(tests=str(Path(__file__).parent))


def _export(out: Path, cache: Path) -> bytes:
    env = {**os.environ, "LAWGOV_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", EXPORT, str(out)], check=True, env=env)
    (pdf,) = out.glob("*.pdf")
    return pdf.read_bytes()


def test_a_cached_font_makes_the_same_pdf(tmp_path):
    cache = tmp_path / "cache"
    parsed = _export(tmp_path / "a", cache)
    stored = sorted((cache / "fonts").glob("*.marshal"))
    assert stored, "the first export keeps the parsed fonts"
    assert _export(tmp_path / "b", cache) == parsed
    for f in stored:  # damaged cache files: parsed again, the same PDF
        f.write_bytes(f.read_bytes()[: len(f.read_bytes()) // 2])
    assert _export(tmp_path / "c", cache) == parsed


def _stat(path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return str(path), info.st_mtime_ns, info.st_size


def test_loaded_font_equals_a_fresh_parse(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    monkeypatch.setenv("LAWGOV_CACHE_DIR", str(tmp_path))
    name, mtime, size = _stat(FONTS["fangsong"].path)
    fresh = TTFont("fresh", name)
    assert font_cache.load(name, 0, mtime, size) is None
    font_cache.store(fresh, name, 0, mtime, size)
    loaded = font_cache.load(name, 0, mtime, size)
    assert loaded is not None
    plain = {k: v for k, v in fresh.face.__dict__.items() if k != "_pdfScale"}
    again = {k: v for k, v in loaded.face.__dict__.items() if k != "_pdfScale"}
    assert again == plain
    assert loaded.face.familyName.ustr == fresh.face.familyName.ustr
    assert loaded.stringWidth("中国年，。abc", 16) == fresh.stringWidth("中国年，。abc", 16)
    # another version of the file (size or time changed) is not taken from the cache
    assert font_cache.load(name, 0, mtime + 1, size) is None


def test_a_font_with_something_marshal_cannot_keep_is_not_cached(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    monkeypatch.setenv("LAWGOV_CACHE_DIR", str(tmp_path))
    name, mtime, size = _stat(FONTS["fangsong"].path)
    font = TTFont("odd", name)
    font.face.extra = object()
    font_cache.store(font, name, 0, mtime, size)
    assert font_cache.load(name, 0, mtime, size) is None


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LAWGOV_CACHE_DIR", str(blocker))
    name, mtime, size = _stat(FONTS["fangsong"].path)
    font_cache.store(TTFont("x", name), name, 0, mtime, size)  # no exception
    assert font_cache.load(name, 0, mtime, size) is None
