"""Font discovery: TrueType only, overrides, substitution warnings, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgov_desktop.reports.fonts import (
    ROLES,
    FontError,
    NoCjkFontError,
    inspect_font,
    resolve_fonts,
)

SONG = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
needs_song = pytest.mark.skipif(not SONG.is_file(), reason="fonts-arphic-gbsn00lp missing")


def test_every_role_gets_an_embeddable_truetype_font() -> None:
    try:
        fonts = resolve_fonts()
    except NoCjkFontError:
        pytest.skip("no CJK TrueType font on this machine")
    for role in ROLES:
        choice = fonts[role]
        assert choice.path.suffix.lower() in (".ttf", ".ttc")
        assert choice.path.read_bytes()[:4] != b"OTTO"
    substituted = [r for r in ROLES if fonts[r].substituted]
    assert len([w for w in fonts.warnings if w.startswith("未找到")]) == len(substituted)


def test_no_font_at_all_is_a_clear_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(NoCjkFontError, match="未找到可嵌入 PDF 的中文 TrueType 字体"):
        resolve_fonts(search_dirs=[tmp_path])


def test_cff_and_broken_fonts_are_refused(tmp_path: Path) -> None:
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    with pytest.raises(FontError, match="CFF"):
        inspect_font(otf)
    with pytest.raises(FontError, match="CFF"):
        resolve_fonts({"fangsong": otf}, search_dirs=[tmp_path])
    with pytest.raises(FontError, match="不存在"):
        resolve_fonts({"hei": tmp_path / "nope.ttf"}, search_dirs=[tmp_path])
    with pytest.raises(FontError, match="未知的字体用途"):
        resolve_fonts({"comic": otf}, search_dirs=[tmp_path])
    # a CFF file under a proper name is skipped during discovery, not used
    (tmp_path / "simfang.ttf").write_bytes(b"OTTO" + b"\0" * 64)
    with pytest.raises(NoCjkFontError):
        resolve_fonts(search_dirs=[tmp_path])


@needs_song
def test_proper_name_found_and_others_substituted_with_warnings(tmp_path: Path) -> None:
    (tmp_path / "simfang.ttf").symlink_to(SONG)
    fonts = resolve_fonts(search_dirs=[tmp_path])
    assert not fonts["fangsong"].substituted
    assert fonts["hei"].substituted and fonts["hei"].path == tmp_path / "simfang.ttf"
    assert not any("仿宋字体" in w for w in fonts.warnings)
    assert any(w.startswith("未找到黑体字体") for w in fonts.warnings)


@needs_song
def test_user_override_wins_and_is_not_a_substitute(tmp_path: Path) -> None:
    fonts = resolve_fonts({"xbs": SONG}, search_dirs=[tmp_path / "empty"])
    assert fonts["xbs"].user_chosen and not fonts["xbs"].substituted
    assert fonts["fangsong"].substituted  # filled from the one usable font
    assert not any(w.startswith("未找到小标宋") for w in fonts.warnings)
