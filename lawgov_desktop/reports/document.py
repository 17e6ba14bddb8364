"""A small, renderer-neutral model of an official report (公文-style document).

The model only says *what* is in the document; the PDF and DOCX renderers decide how it
looks (GB/T 9704). Heading numbers ("一、", "（一）", "1.", "（1）") are assigned by
:func:`number_headings` so that both renderers print the same labels.

A paragraph may carry its :class:`Sentence` s, each with what it rests on (indicator ids,
record ids, fact keys, settings): the report's own check (DOMAIN.md §11) and the share of
backed text are computed from them, never from the wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

_DIGITS = "零一二三四五六七八九"
TODO_OPEN = "【待补充"
_TODO = re.compile(r"【待补充[：:]?([^】]*)】")

# ledger: generated from records or indicators; fact: from the year's facts (DOMAIN.md §10);
# frame: wording from settings and the calendar (主送, 开头); user: the user's own text;
# todo: a visible 【待补充：…】 the user must fill in.
Origin = Literal["ledger", "fact", "frame", "user", "todo"]


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1..99)."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def heading_prefix(level: int, number: int) -> str:
    """The GB/T 9704 structural label of a heading: 一、 （一） 1. （1）."""
    if level == 1:
        return chinese_numeral(number) + "、"
    if level == 2:
        return "（" + chinese_numeral(number) + "）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    raise ValueError(f"heading level must be 1..4, not {level}")


@dataclass(frozen=True)
class Heading:
    """A structural heading; ``number`` is filled in by :func:`number_headings`."""

    level: int
    text: str
    number: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError(f"heading level must be 1..4, not {self.level}")

    @property
    def label(self) -> str:
        """The text as printed, with its structural prefix when numbered."""
        if self.number is None:
            return self.text
        return heading_prefix(self.level, self.number) + self.text


@dataclass(frozen=True)
class Sentence:
    """A piece of report text with what it rests on.

    ``quotes`` are the figures it prints, as (figure id, printed text), so a check can
    compare each with its indicator under the report's number rules.
    """

    text: str
    origin: Origin = "ledger"
    indicators: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    quotes: tuple[tuple[str, str], ...] = ()

    @property
    def rests_on_data(self) -> bool:
        """Whether it rests on the ledger or the year's facts (not only on wording)."""
        return bool(self.indicators or self.records or self.facts)


def todo(what: str) -> Sentence:
    """A visible gap: 【待补充：what】."""
    return Sentence(f"{TODO_OPEN}：{what}】", "todo")


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph, printed with a two-character first-line indent.

    ``sentences`` (optional) are its pieces with their provenance; their texts joined are
    ``text``. A paragraph built without them is plain text of unknown origin.
    """

    text: str
    sentences: tuple[Sentence, ...] = ()

    @classmethod
    def of(cls, sentences: Iterable[Sentence]) -> Paragraph:
        parts = tuple(s for s in sentences if s.text)
        return cls("".join(s.text for s in parts), parts)


@dataclass(frozen=True)
class Table:
    """A simple table, e.g. the 附表 of figures. ``header_rows`` repeat on each page."""

    caption: str
    header_rows: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    label: str = "附表"

    @property
    def columns(self) -> int:
        all_rows = self.header_rows + self.rows
        return max((len(r) for r in all_rows), default=0)


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Document:
    """Title, body blocks, the unsealed signature, and optional attachments (附表).

    Attachments are printed after the signature, each on a new page, and listed in an
    attachment note (附表：…) between the body and the signature.
    """

    title: str
    blocks: tuple[Block, ...]
    signature_unit: str
    signature_date: str
    attachments: tuple[Table, ...] = field(default=())
    addressee: str = ""  # 主送机关 line, e.g. "区委、区政府，某某市应急管理局："

    def text_lines(self) -> list[str]:
        """Every printed text, in order: useful for tests, previews and search."""
        out = [self.title]
        if self.addressee:
            out.append(self.addressee)
        for block in self.blocks:
            out.extend(_block_texts(block))
        out.extend([self.signature_unit, self.signature_date])
        for table in self.attachments:
            out.extend(_block_texts(table))
        return out

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def sentences(self) -> Iterator[Sentence]:
        """Every body sentence; a paragraph without provenance counts as one user sentence."""
        for p in self.paragraphs():
            yield from (p.sentences or (Sentence(p.text, "user"),))

    def masked(self, mask: Callable[[str], str]) -> Document:
        """The document with `mask` applied to every heading and paragraph (and their
        sentences): personal data in text that goes upward, generated text included."""
        def one(block: Block) -> Block:
            if isinstance(block, Heading):
                return replace(block, text=mask(block.text))
            if isinstance(block, Paragraph):
                return Paragraph(mask(block.text),
                                 tuple(replace(s, text=mask(s.text)) for s in block.sentences))
            return block
        return replace(self, blocks=tuple(one(b) for b in self.blocks))

    def todos(self) -> list[str]:
        """What each 【待补充：…】 left in the printed text asks for, in order."""
        return [m.group(1) or "待补充" for line in self.text_lines()
                for m in _TODO.finditer(line)]


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [block.label]
    if isinstance(block, Paragraph):
        return [block.text]
    cells = [c for row in block.header_rows + block.rows for c in row]
    return [block.caption, *cells]


def number_headings(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Number headings per level; a heading resets the counters of deeper levels."""
    counters = [0, 0, 0, 0, 0]
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            counters[block.level] += 1
            for deeper in range(block.level + 1, 5):
                counters[deeper] = 0
            block = replace(block, number=counters[block.level])
        out.append(block)
    return tuple(out)


def format_date_cn(year: int, month: int, day: int) -> str:
    """GB/T 9704 成文日期: Arabic digits, no leading zeros: 2025年1月5日."""
    return f"{year}年{month}月{day}日"


def attachment_note(attachments: Sequence[Table]) -> list[str]:
    """The 附表说明 lines: "附表：标题" or "附表：1.标题" / "2.标题" for several."""
    if not attachments:
        return []
    if len(attachments) == 1:
        return [f"{attachments[0].label}：{attachments[0].caption}"]
    label = attachments[0].label
    lines = [f"{label}：1.{attachments[0].caption}"]
    lines += [f"{i}.{t.caption}" for i, t in enumerate(attachments[1:], start=2)]
    return lines


def title_lines(title: str, unit: str, too_wide: bool) -> list[str]:
    """The title as printed: a title too wide for one line breaks after the unit's name
    (both renderers, so the PDF and the .docx break it alike)."""
    if too_wide and unit and title.startswith(unit) and len(title) > len(unit):
        return [unit, title[len(unit):]]
    return [title]


def title_too_wide(title: str, chars_per_line: float) -> bool:
    """Whether a 2号 title needs two lines: CJK one character each, ASCII half (the DOCX
    writer cannot measure the font)."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in title) > chars_per_line
