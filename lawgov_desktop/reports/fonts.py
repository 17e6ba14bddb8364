"""Find the TrueType fonts a GB/T 9704 report needs, by role.

Roles: body 仿宋, 黑体 ("一、" headings), 楷体 ("（一）" headings), 小标宋 (title) and 宋体
(page numbers). Fonts are looked up by file name in the Windows Fonts folders, the user's
font folders and /usr/share/fonts; a user may pin any role to a file. When the proper font
is missing a substitute is used and reported in Chinese so the UI/CLI can warn.

Only TrueType outlines (.ttf, .ttc) are accepted: reportlab embeds them as subsets, but it
cannot embed CFF-outline OpenType fonts (Noto/Source Han .otf, "OTTO"), and its built-in
CID fonts (STSong-Light) are never embedded, so they are never used here.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import struct
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFError, TTFont

ROLES: tuple[str, ...] = ("fangsong", "hei", "kai", "xbs", "song")
ROLE_NAMES: dict[str, str] = {
    "fangsong": "仿宋", "hei": "黑体", "kai": "楷体", "xbs": "小标宋", "song": "宋体",
}
ROLE_USES: dict[str, str] = {
    "fangsong": "正文", "hei": "一级标题", "kai": "二级标题", "xbs": "标题", "song": "页码",
}

# The proper fonts per role (lower-case file name patterns), best first: Windows, 方正,
# and the CESI fonts shipped with 麒麟/统信.
PREFERRED: dict[str, tuple[str, ...]] = {
    "fangsong": ("仿宋_gb2312.ttf", "fangsong_gb2312.ttf", "fs_gb2312.ttf", "cesi_fs_gb*.ttf",
                 "simfang.ttf", "fzfsk.ttf", "fzfsjw.ttf", "方正仿宋*.ttf"),
    "hei": ("simhei.ttf", "cesi_ht_gb*.ttf", "fzhtk.ttf", "fzhtjw.ttf", "方正黑体*.ttf"),
    "kai": ("楷体_gb2312.ttf", "kaiti_gb2312.ttf", "cesi_kt_gb*.ttf", "simkai.ttf", "fzktk.ttf",
            "fzktjw.ttf", "方正楷体*.ttf"),
    "xbs": ("fzxbsjw.ttf", "fzxbsk.ttf", "方正小标宋*.ttf", "fzxiaobiaosong*.ttf",
            "cesi_xbs_gb*.ttf"),
    "song": ("simsun.ttc", "simsun.ttf", "cesi_ss_gb*.ttf", "fzssk.ttf", "fzssjw.ttf"),
}

_SONG = ("simsun.ttc", "stsong.ttf", "gbsn00lp.ttf", "uming.ttc")
_HEI = ("simhei.ttf", "msyh.ttc", "msyh.ttf", "wqy-microhei.ttc", "wqy-zenhei.ttc")
_KAI = ("simkai.ttf", "stkaiti.ttf", "gkai00mp.ttf", "ukai.ttc")
_LAST = ("droidsansfallbackfull.ttf", "droidsansfallback.ttf")

# Substitutes, best first. 仿宋 falls back to a 宋 face (closest in an official text);
# 小标宋 to 华文中宋, else a 宋 face made heavier (``EMBOLDEN``), else 黑体.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "fangsong": ("stfangso.ttf", *_SONG, *_KAI, *_HEI, *_LAST),
    "hei": (*_HEI, *_SONG, *_KAI, *_LAST),
    "kai": (*_KAI, *_SONG, *_HEI, *_LAST),
    "xbs": ("stzhongs.ttf", *_SONG, *_HEI, *_KAI, *_LAST),
    "song": (*_SONG, *_HEI, *_KAI, *_LAST),
}
# Substitute title fonts that are too light for 小标宋 and get a stroked outline.
EMBOLDEN: frozenset[str] = frozenset(_SONG)

# Characters every report font must have.
_REQUIRED = "中国年，。"


class FontError(ValueError):
    """A font problem a user can act on; the message is Chinese."""


class NoCjkFontError(FontError):
    pass


@dataclass(frozen=True)
class FontChoice:
    role: str
    path: Path
    subfont_index: int
    family: str
    substituted: bool
    embolden: bool = False
    user_chosen: bool = False

    @property
    def key(self) -> str:
        return f"{self.path}#{self.subfont_index}"


@dataclass(frozen=True)
class FontSet:
    choices: Mapping[str, FontChoice]
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, role: str) -> FontChoice:
        return self.choices[role]


def font_dirs() -> list[Path]:
    """Folders that may hold fonts on Windows, Linux (incl. 统信/麒麟) and macOS."""
    dirs: list[Path] = []
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        if local := os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [home / ".local" / "share" / "fonts", home / ".fonts",
             Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             home / "Library" / "Fonts", Path("/Library/Fonts")]
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=4)
def _index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """Lower-case file name → first path with that name."""
    found: dict[str, Path] = {}
    for top in dirs:
        for root, _subdirs, names in os.walk(top):
            for name in names:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def _outline_tag(path: Path, subfont_index: int) -> bytes:
    with path.open("rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            count = struct.unpack(">I", head[8:12])[0]
            if subfont_index >= count:
                raise FontError(f"字体集合 {path} 只有 {count} 个字体，没有第 {subfont_index} 个。")
            fh.seek(12 + 4 * subfont_index)
            fh.seek(struct.unpack(">I", fh.read(4))[0])
            return fh.read(4)
        return head[:4]


def font_name(path: Path | str, subfont_index: int = 0) -> str:
    """The name a font file is registered under with reportlab (stable per file and index)."""
    return "LG-" + hashlib.sha1(f"{path}#{subfont_index}".encode()).hexdigest()[:10]


def truetype(path: Path | str, subfont_index: int = 0) -> TTFont:
    """The parsed font, read once per process and file version. Parsing a CJK font's cmap is
    the slow part of a PDF export (~0.1 s per file); checking a font and embedding it share
    this one parse."""
    p = Path(path)
    stat = p.stat()
    return _truetype(str(p), subfont_index, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _truetype(path: str, subfont_index: int, mtime: int, size: int) -> TTFont:
    from . import font_cache  # parsed once per machine and file version, not per export

    font = font_cache.load(path, subfont_index, mtime, size)
    if font is None:
        font = TTFont(font_name(path, subfont_index), path, subfontIndex=subfont_index)
        font_cache.store(font, path, subfont_index, mtime, size)
    return font


def inspect_font(path: Path | str, subfont_index: int = 0) -> str:
    """Check that ``path`` is an embeddable TrueType CJK font; return its family name."""
    path = Path(path)
    if not path.is_file():
        raise FontError(f"字体文件不存在：{path}")
    try:
        tag = _outline_tag(path, subfont_index)
    except OSError as exc:
        raise FontError(f"无法读取字体文件 {path}：{exc}") from exc
    if tag == b"OTTO":
        raise FontError(f"字体 {path.name} 是 CFF（PostScript）轮廓的 OpenType 字体，无法嵌入 PDF，"
                        "请改用 TrueType 字体（.ttf 或 .ttc）。")
    if tag not in (b"\x00\x01\x00\x00", b"true"):
        raise FontError(f"{path.name} 不是 TrueType 字体文件。")
    try:
        face = truetype(path, subfont_index).face
    except TTFError as exc:
        raise FontError(f"字体 {path.name} 无法嵌入 PDF（{exc}）。") from exc
    missing = [c for c in _REQUIRED if ord(c) not in face.charToGlyph]
    if missing:
        raise FontError(f"字体 {path.name} 缺少中文字符（如“{''.join(missing)}”），不能用于报告。")
    family = face.familyName
    return family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)


def _first_usable(patterns: Iterable[str], index: Mapping[str, Path]
                  ) -> tuple[Path, str, str] | None:
    for pattern in patterns:
        for name in sorted(fnmatch.filter(index, pattern)):
            try:
                return index[name], inspect_font(index[name]), pattern
            except FontError:
                continue
    return None


def _override(value: str | Path | tuple[str | Path, int]) -> tuple[Path, int]:
    if isinstance(value, tuple):
        return Path(value[0]), int(value[1])
    return Path(value), 0


def resolve_fonts(overrides: Mapping[str, str | Path | tuple[str | Path, int]] | None = None,
                  search_dirs: Sequence[Path] | None = None) -> FontSet:
    """Choose a font file for every role; raise :class:`NoCjkFontError` if there is none.

    ``overrides`` maps a role to a file (or (file, index in a .ttc)); an unusable override
    raises :class:`FontError` rather than being silently replaced.
    """
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise FontError(f"未知的字体用途：{'、'.join(sorted(unknown))}")
    index = _index(tuple(search_dirs if search_dirs is not None else font_dirs()))
    choices: dict[str, FontChoice] = {}
    for role in ROLES:
        if role in overrides:
            path, sub = _override(overrides[role])
            family = inspect_font(path, sub)
            choices[role] = FontChoice(role, path, sub, family, False, user_chosen=True)
            continue
        hit = _first_usable(PREFERRED[role], index)
        if hit:
            choices[role] = FontChoice(role, hit[0], 0, hit[1], False)
            continue
        hit = _first_usable(FALLBACKS[role], index)
        if hit:
            embolden = role == "xbs" and hit[2] in EMBOLDEN
            choices[role] = FontChoice(role, hit[0], 0, hit[1], True, embolden)
    if not choices:
        raise NoCjkFontError(
            "未找到可嵌入 PDF 的中文 TrueType 字体。请安装仿宋、黑体、楷体等字体（Windows 自带"
            " simfang.ttf、simhei.ttf、simkai.ttf；统信/麒麟可安装 fonts-arphic-gbsn00lp、"
            "fonts-wqy-microhei），或在设置中指定字体文件（.ttf/.ttc）。")
    any_choice = choices.get("fangsong") or next(iter(choices.values()))
    for role in ROLES:
        if role not in choices:
            choices[role] = FontChoice(role, any_choice.path, any_choice.subfont_index,
                                       any_choice.family, True)
    return FontSet(choices, _warnings(choices))


def _warnings(choices: Mapping[str, FontChoice]) -> list[str]:
    out = []
    for role in ROLES:
        c = choices[role]
        if c.substituted:
            extra = "（加粗显示）" if c.embolden else ""
            out.append(f"未找到{ROLE_NAMES[role]}字体，{ROLE_USES[role]}改用“{c.family}”"
                       f"{extra}代替（{c.path}）。")
    if out:
        out.append("生成的文件字体与公文标准不一致，正式报送前请在装有仿宋、黑体、楷体、"
                   "方正小标宋等字体的电脑上生成，或在设置中指定字体文件。")
    return out
