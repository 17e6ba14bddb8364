"""GB/T 9704-2012 page geometry shared by the PDF and DOCX renderers (DOMAIN.md §7)."""

from __future__ import annotations

MM = 72 / 25.4  # points per millimetre

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
MARGIN_TOP_MM = 37.0      # 天头
MARGIN_BOTTOM_MM = 35.0
MARGIN_LEFT_MM = 28.0     # 订口
MARGIN_RIGHT_MM = 26.0
BLOCK_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM     # 156 版心宽
BLOCK_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM   # 225 版心高

CHARS_PER_LINE = 28
LINES_PER_PAGE = 22

BODY_SIZE = 16.0          # 3号
TITLE_SIZE = 22.0         # 2号
PAGE_NUMBER_SIZE = 14.0   # 4号
TABLE_SIZE = 14.0         # 4号, tables may be smaller than the body
PAGE_NUMBER_GAP_MM = 7.0  # page number 7 mm below the text block

BLOCK_WIDTH = BLOCK_WIDTH_MM * MM
BLOCK_HEIGHT = BLOCK_HEIGHT_MM * MM
CHAR_PITCH = BLOCK_WIDTH / CHARS_PER_LINE    # 15.79 pt: a 16 pt face, tracking tightened
LINE_PITCH = BLOCK_HEIGHT / LINES_PER_PAGE   # 28.99 pt

# Body text indents and signature offsets are counted in characters of the body grid.
INDENT_CHARS = 2
SIGNATURE_RIGHT_CHARS = 2
DATE_SHIFT_CHARS = 2
PAGE_NUMBER_INSET_CHARS = 1

# Role of the font for each heading level (GB/T 9704 7.3.3): 黑体, 楷体, 仿宋, 仿宋.
HEADING_ROLES = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}
