"""Line breaking for Chinese text on a fixed character grid, with 禁则 (kinsoku).

Rules (GB/T 15834-2011 §5 and common typesetting practice):
- closing punctuation and sentence marks never start a line (，。、；：？！）》」 …);
- opening brackets and quotes never end a line (（《「“ …);
- a run of half-width letters/digits ("2024", "123.46") is not split;
- "——" and "……" are not split.
When the natural break is not allowed, characters are pushed to the next line (推出) and the
short line is justified by the renderer, so every line still fills the text width.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

NO_LINE_START = frozenset(
    "，。、；：？！）］｝〕〉》」』】〗’”%‰℃°·！？：；，．､,.;:?!)]}％"
)
NO_LINE_END = frozenset("（［｛〔〈《「『【〖‘“([{")
_PAIRED = frozenset("—…")


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".-/")


def can_break_before(text: str, i: int) -> bool:
    """May a line end between text[i-1] and text[i]?"""
    if i <= 0 or i >= len(text):
        return True
    prev, cur = text[i - 1], text[i]
    if cur in NO_LINE_START or prev in NO_LINE_END:
        return False
    if _is_word_char(prev) and _is_word_char(cur):
        return False
    return not (prev == cur and cur in _PAIRED)


@dataclass(frozen=True)
class Line:
    text: str
    width: float      # natural width, without justification
    indent: float     # left offset within the text block
    last: bool        # last line of its paragraph (not justified)


def break_lines(text: str, width_of: Callable[[str], float], line_width: float,
                first_indent: float = 0.0, eps: float = 0.01) -> list[Line]:
    """Greedy line breaking; ``width_of(ch)`` is the advance of one character."""
    widths = [width_of(ch) for ch in text]
    lines: list[Line] = []
    start = 0
    n = len(text)
    while start < n:
        indent = first_indent if not lines else 0.0
        room = line_width - indent
        end, used = start, 0.0
        while end < n and used + widths[end] <= room + eps:
            used += widths[end]
            end += 1
        if end == start:  # a single character wider than the line: place it anyway
            end = start + 1
        if end < n:
            brk = end
            while brk > start + 1 and not can_break_before(text, brk):
                brk -= 1
            if can_break_before(text, brk):
                end = brk
        chunk = text[start:end]
        lines.append(Line(chunk, sum(widths[start:end]), indent, end >= n))
        start = end
    return lines
