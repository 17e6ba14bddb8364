"""Year-end report (法治政府建设年度报告): document model, default texts and renderers.

Pure Python, no Qt. Typical use::

    sections = default_sections(2024, "某某县应急管理局")   # or the user's edited ones
    files = export_report(figures, sections, "某某县应急管理局", 2024, out_dir)
    for warning in files.warnings: ...                       # font substitutes, placeholders
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from .document import Document, Heading, Paragraph, Table
from .figures import Figures
from .fonts import FontError, FontSet, NoCjkFontError, resolve_fonts
from .template import (
    ReportSection,
    check_sections,
    compose,
    compose_checked,
    default_sections,
    render_text,
)
from .yeardata import YearData

FORMATS = ("pdf", "docx")

__all__ = [
    "Document", "ExportedFiles", "FontError", "FontSet", "Heading", "NoCjkFontError",
    "Paragraph", "ReportSection", "Table", "check_sections", "compose", "default_sections",
    "export_report", "render_text", "report_date", "report_file_stem", "resolve_fonts",
    "todo_warning",
]


class ExportedFiles(list[Path]):
    """The written files, plus ``warnings`` (Chinese) the UI/CLI should show and ``todos``,
    what each 【待补充：…】 left in the report asks for."""

    def __init__(self, paths: Iterable[Path] = (), warnings: Sequence[str] = ()) -> None:
        super().__init__(paths)
        self.warnings: list[str] = list(warnings)
        self.todos: list[str] = []
        # of `warnings`, the font substitutions: the machine's business, not the user's
        # (shown once per machine or behind 详细信息, trial s4 F4.7/F5.3)
        self.font_notes: list[str] = []

    def extend_from(self, other: ExportedFiles) -> None:
        self.extend(other)
        self.warnings.extend(other.warnings)
        self.todos.extend(other.todos)
        self.font_notes.extend(other.font_notes)

    @property
    def actionable(self) -> list[str]:
        """The warnings the user can act on (【待补充】 first), without the font notes."""
        fonts = set(self.font_notes)
        return [w for w in self.warnings if w not in fonts]


DATE_TODO = "【待补充：成文日期】"


def report_date(year: int, stored: dt.date | None, today: dt.date | None = None
                ) -> dt.date | str:
    """The report's 成文日期: the user's date for the year; else the day of export when that
    falls in the first quarter of the next year (when reports are written); else a gap."""
    if stored is not None:
        return stored
    today = today or dt.date.today()
    if dt.date(year + 1, 1, 1) <= today <= dt.date(year + 1, 3, 31):
        return today
    return DATE_TODO


def todo_warning(todos: Sequence[str]) -> str:
    """"报告中还有 N 处【待补充】…" for the CLI and the GUI."""
    listed = "；".join(todos)
    return f"报告中还有 {len(todos)} 处【待补充】需要填写后再报送：{listed}。"


def report_file_stem(unit_name: str, year: int) -> str:
    """"{单位}{年}年法治政府建设年度报告", with characters Windows forbids in names removed."""
    stem = f"{unit_name}{year}年法治政府建设年度报告"
    return "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in stem).strip(" .")


def export_report(figures: Figures | YearData, sections: Sequence[ReportSection], unit_name: str,
                  year: int, out_dir: Path | str, formats: Sequence[str] = FORMATS,
                  fonts: Mapping[str, str | Path | tuple[str | Path, int]] | FontSet | None = None,
                  date: dt.date | str | None = None, with_table: bool = False,
                  mask: Callable[[str], str] | None = None) -> ExportedFiles:
    """Write the report as "{单位}{年}年法治政府建设年度报告.pdf/.docx" into ``out_dir``.

    ``fonts`` is a role → font file mapping of user overrides (or a resolved FontSet);
    ``date`` defaults to :func:`report_date` with no date set. Returns the paths (a list)
    with ``.warnings``: the 【待补充】 left, font substitutions, missing glyphs and
    placeholder problems; ``.todos`` lists the 【待补充】. Raises FontError when the PDF
    cannot get a CJK TrueType font. ``mask`` (e.g. domain/masking.mask_text with the
    ledger's personal names) is applied to the composed body, generated text included.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format(s): {unknown}")
    doc, problems = compose_checked(sections, figures, unit_name, year,
                                    date or report_date(year, None), with_table)
    if mask is not None:
        doc = doc.masked(mask)
    out = Path(out_dir)  # created by atomic_output, which turns a bad folder into a message
    stem = report_file_stem(unit_name, year)
    result = ExportedFiles(warnings=problems)
    result.todos = doc.todos()
    if result.todos:
        result.warnings.insert(0, todo_warning(result.todos))
    if "pdf" in formats:
        from .pdf import render_pdf

        font_set = fonts if isinstance(fonts, FontSet) else resolve_fonts(fonts)
        path = out / f"{stem}.pdf"
        at = 1 if result.todos else 0  # the 【待补充】 count stays first
        result.warnings[at:at] = render_pdf(doc, path, font_set)
        result.font_notes = list(font_set.warnings)
        result.append(path)
    if "docx" in formats:
        from .docx import render_docx

        path = out / f"{stem}.docx"
        render_docx(doc, path)
        result.append(path)
    return result
