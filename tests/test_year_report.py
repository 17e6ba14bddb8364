"""A year's report end to end: the user's sections are kept per year and exported with the
ledger's own figures."""

from __future__ import annotations

import datetime as dt
import re

import pdfplumber
import pytest
from factories import case

from lawgov_desktop.cli import main
from lawgov_desktop.reports.year_report import (
    default_section,
    export_year,
    load_sections,
    save_sections,
)
from lawgov_desktop.storage import report_store


def test_sections_default_then_saved_per_year(db):
    db.set_setting("unit_name", "示例县应急管理局")
    sections = load_sections(db, 2024)
    assert len(sections) >= 5 and report_store.load_sections(db, 2024) == []
    edited = [*sections]
    edited[1] = type(edited[1])(edited[1].key, edited[1].part, edited[1].title, "我们自己的文字。")
    save_sections(db, 2024, edited)
    assert load_sections(db, 2024)[1].body == "我们自己的文字。"
    assert load_sections(db, 2025)[1].body != "我们自己的文字。"  # other years untouched
    assert default_section(db, 2024, edited[1].key).body == sections[1].body
    report_store.clear_sections(db, 2024)
    assert load_sections(db, 2024)[1].body == sections[1].body


def test_export_quotes_the_ledgers_figures(db, tmp_path):
    db.set_setting("unit_name", "示例县应急管理局")
    cases = db.ledger("cases")
    for n in range(1, 4):
        cases.insert(
            case(
                case_no=f"N{n}",
                filed_on="2024-03-05",
                decided_on="2024-04-01",
                decision_type="给予处罚",
                penalty_kinds="罚款",
                fine_amount="20000",
                closed_on="2024-05-01",
            )
        )
    files = export_year(db, 2024, tmp_path, date=dt.date(2025, 1, 15))
    names = sorted(p.name for p in files)
    assert names == [
        "示例县应急管理局2024年法治建设统计表.xlsx",
        "示例县应急管理局2024年法治政府建设年度报告.docx",
        "示例县应急管理局2024年法治政府建设年度报告.pdf",
    ]
    with pdfplumber.open(files[0]) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert re.search(r"立案3宗", text) and "6万元" in text
    assert "2025年1月15日" in text


def test_cli_export(capsys, data_dir, tmp_path):
    assert main(["demo", "--data-dir", str(data_dir), "--year", "2025"]) == 0
    capsys.readouterr()
    out_dir = tmp_path / "out"
    assert main(["export", "--year", "2024", "--out", str(out_dir), "--format", "pdf,xlsx"]) == 0
    out = capsys.readouterr().out
    assert "年度报告" in out and "统计表" in out
    assert {p.suffix for p in out_dir.iterdir()} == {".pdf", ".xlsx"}


def test_package_upward_folder_and_zip(db, tmp_path):
    import zipfile

    from lawgov_desktop.reports.year_report import package_upward

    db.set_setting("unit_name", "示例县应急管理局")
    db.ledger("cases").insert(case(party="张三", party_type="个人", id_number=None))
    folder, archive, files = package_upward(db, 2024, tmp_path, date=dt.date(2025, 1, 15))
    assert folder.name == "示例县应急管理局2024年法治政府建设上报材料"
    assert archive == folder.with_suffix(".zip") and len(files) == 3
    with zipfile.ZipFile(archive) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(f"{folder.name}/{p.name}" for p in files)
        assert zf.testzip() is None
    from openpyxl import load_workbook

    wb = load_workbook(folder / "示例县应急管理局2024年法治建设统计表.xlsx")
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "张三" not in values  # sent upward: personal data masked


def test_cli_package(capsys, data_dir, tmp_path):
    assert main(["demo", "--data-dir", str(data_dir), "--year", "2025"]) == 0
    capsys.readouterr()
    assert main(["export", "--year", "2024", "--out", str(tmp_path / "up"), "--package"]) == 0
    assert "已生成上报材料" in capsys.readouterr().out
    assert len(list((tmp_path / "up").glob("*.zip"))) == 1


def test_cli_export_date_and_what_remains(capsys, data_dir, tmp_path):
    """`--date` is the report's date and is kept for that year; export with 【待补充】 left
    succeeds and says how many remain; an empty year is warned about before anything."""
    assert main(["demo", "--data-dir", str(data_dir), "--year", "2025"]) == 0
    capsys.readouterr()
    out_dir = tmp_path / "out"
    args = ["export", "--year", "2024", "--out", str(out_dir), "--format", "pdf"]
    assert main([*args, "--date", "2025/1/15"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"报告中还有 3 处【待补充】", out)  # 原因, 负责人履职, 其他
    with pdfplumber.open(next(out_dir.glob("*.pdf"))) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "示例县应急管理局2025年1月15日" in text
    assert main(args) == 0  # the date stays with the year's report
    assert "报告中还有 3 处" in capsys.readouterr().out
    assert main(["export", "--year", "2010", "--out", str(out_dir), "--format", "pdf"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "2010年的台账中没有任何记录" in lines[0] and "已导出" in lines[1]
    assert out.count("没有任何记录") == 1
    assert "成文日期" in out  # 2010's report has no date: a gap, not today's date
    with pytest.raises(SystemExit) as stop:
        main([*args, "--date", "明天"])
    assert stop.value.code == 2 and "无法识别的日期“明天”" in capsys.readouterr().err


def test_reports_before_this_release_keep_the_users_text(db):
    """Stored sections equal to the old template's text take the new template's; the
    user's own sections stay as they are."""
    from lawgov_desktop.reports.template import default_sections, previous_templates

    db.set_setting("unit_name", "示例县应急管理局")
    old = default_sections(2024, "示例县应急管理局", previous_templates()[0])
    mine = [s if s.key != "measures.training" else
            type(s)(s.key, s.part, s.title, "我们自己写的学法情况。") for s in old]
    save_sections(db, 2024, mine)
    sections = {s.key: s for s in load_sections(db, 2024)}
    assert sections["measures.training"].body == "我们自己写的学法情况。"
    assert "measures.organization" not in sections  # old boilerplate nothing backs
    assert sections["shortcomings.main"].body.startswith("{公示不足}")
    assert "plans.main" in sections
