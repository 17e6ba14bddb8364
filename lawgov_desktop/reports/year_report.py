"""A year's report from the ledger: its sections (edited or default) and its exported files.

The one path the CLI (`lawgov export`) and the GUI (年度报告 page) both take.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from ..domain.masking import NameMasker, mask_text
from ..storage import Database, report_store
from ..storage.atomic import atomic_output
from ..storage.errors import reads_ledger
from . import (
    ExportedFiles,
    ReportSection,
    default_sections,
    export_report,
    report_date,
    report_file_stem,
)
from .people import personal_parties
from .template import upgrade_sections
from .yeardata import YearData, load_year

FORMATS = ("pdf", "docx", "xlsx")


def load_sections(db: Database, year: int) -> list[ReportSection]:
    """The user's sections for `year`, or the template's when none were saved.

    Stored sections still holding an older template's text unchanged take the current
    template's text; every section the user edited stays the user's.
    """
    rows = report_store.load_sections(db, year)
    unit = db.get_setting("unit_name")
    if rows:
        stored = [ReportSection(r["key"], r["part"], r["title"], r["body"]) for r in rows]
        return upgrade_sections(stored, year, unit)
    return default_sections(year, unit)


def dated_year(db: Database, year: int, date: dt.date | None = None
               ) -> tuple[dt.date | str, YearData]:
    """The report's 成文日期 (`date`, else the year's stored date, else the rule of
    :func:`report_date`) and the year's data as of that date: 公示 and time limits are
    judged on the day the report is dated (never later than today)."""
    when = date or report_date(year, report_store.load_date(db, year))
    as_of = min(when, dt.date.today()) if isinstance(when, dt.date) else None
    return when, load_year(db, year, as_of=as_of)


def empty_year_warning(year: int) -> str:
    return (f"{year}年的台账中没有任何记录：报告只有开头和【待补充】，"
            "请先录入或导入本年度的案件、复议诉讼、培训和宣传记录。")


def personal_names(db: Database) -> list[str]:
    """Names of the natural persons in the ledger (当事人 of 个人 cases), for masking."""
    return sorted(personal_parties(db))


def masker(db: Database) -> Callable[[str], str]:
    """Masks IDs, mobile numbers and persons' names (domain/masking.py) in text that goes
    upward and to the public."""
    names = NameMasker(personal_names(db))
    return lambda text: mask_text(text, names)


def save_sections(db: Database, year: int, sections: Sequence[ReportSection]) -> None:
    report_store.save_sections(db, year, [asdict(s) for s in sections])


def default_section(db: Database, year: int, key: str) -> ReportSection:
    """The template's text of one section (for "reset to template")."""
    for section in default_sections(year, db.get_setting("unit_name")):
        if section.key == key:
            return section
    raise KeyError(key)


@reads_ledger  # a damaged page met while exporting: the damage report, not a traceback
def export_year(
    db: Database,
    year: int,
    out_dir: Path | str,
    formats: Sequence[str] = FORMATS,
    *,
    mask: bool = True,
    with_table: bool = False,
    date: dt.date | None = None,
    fonts: dict[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ExportedFiles:
    """Write the year's report (pdf, docx) and statistics workbook (xlsx) into `out_dir`.

    `mask` (the default) masks natural persons' names, ID numbers and mobile numbers in the
    workbook's detail sheets and in the report's text; `mask=False` is for the unit's own use.
    `date` is the report's 成文日期 for this export; without it, the year's stored date or
    the rule of :func:`report_date`.
    """
    out = Path(out_dir)
    unit = db.get_setting("unit_name")
    result = ExportedFiles()
    report_formats = [f for f in formats if f in ("pdf", "docx")]
    if report_formats:
        if progress:
            progress("正在生成年度报告…")
        when, data = dated_year(db, year, date)
        if data.empty:
            result.warnings.append(empty_year_warning(year))
        files = export_report(
            data,
            load_sections(db, year),
            unit,
            year,
            out,
            report_formats,
            fonts=fonts,
            date=when,
            with_table=with_table,
            # the composed body (generated paragraphs included), not only the user's text
            mask=masker(db) if mask else None,
        )
        result.extend_from(files)
    if "xlsx" in formats:
        from .workbook import write_workbook

        if progress:
            progress("正在生成统计表…")
        result.append(write_workbook(db, year, out, mask=mask))
    return result


def package_name(unit: str, year: int) -> str:
    """"{单位}{年}年法治政府建设上报材料", safe as a Windows folder name."""
    return report_file_stem(unit, year).replace("年度报告", "上报材料")


@reads_ledger
def package_upward(
    db: Database,
    year: int,
    out_dir: Path | str,
    *,
    date: dt.date | None = None,
    fonts: dict[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Path, Path, ExportedFiles]:
    """上报: a folder with the report PDF, the report .docx and the (masked) workbook, and a
    .zip of it beside, both named by unit and year. Returns (folder, zip, files)."""
    name = package_name(db.get_setting("unit_name"), year)
    folder = Path(out_dir) / name
    files = export_year(db, year, folder, FORMATS, mask=True, date=date, fonts=fonts,
                        progress=progress)
    if progress:
        progress("正在打包…")
    archive = folder.with_name(folder.name + ".zip")
    with atomic_output(archive, "打包上报材料") as part, \
            zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, f"{name}/{path.name}")  # UTF-8 names, flagged as such
    return folder, archive, files
