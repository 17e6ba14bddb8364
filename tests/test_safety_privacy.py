"""Privacy of what goes upward (issue #12.6): an ID number (18 and 15 digits), a mobile number
and a natural person's name typed into any free-text field (案由, 备注, names, the report's own
text) are masked in the 上报 package: workbook, PDF and Word alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import zipfile

import pytest
from factories import case, make_id_number
from openpyxl import load_workbook

from lawgov_desktop.domain.masking import mask_text, valid_id15
from lawgov_desktop.reports.year_report import load_sections as sections_of
from lawgov_desktop.reports.year_report import package_upward, save_sections

ID18 = make_id_number("19850307", "110101", "123")  # 110101198503071234-ish
ID15 = "110101850307123"
MOBILE = "13812345678"
PERSON = "王小明"
SECRET = f"联系人{PERSON}，身份证{ID18}，旧证{ID15}，手机{MOBILE}"
LEAKS = (ID18, ID15, MOBILE, "138-1234-5678", PERSON)
YEAR = 2024


def fill(db) -> None:
    cases = db.ledger("cases")
    cases.insert(case(case_no="P1", party=PERSON, party_type="个人", id_number=make_id_number(),
                      cause=f"未佩戴安全帽；{SECRET}", note=f"备注：{SECRET}；另 138-1234-5678",
                      handler=f"承办{MOBILE}"))
    cases.insert(case(case_no="P2", party="示例化工有限公司", cause="无证经营", note=SECRET))
    db.ledger("appeals").insert({"kind": "行政复议", "case_no": "复1", "related_case_no": "P1",
                                 "applicant": "某公司", "reviewing_body": "某县政府",
                                 "received_on": "2024-05-06", "note": SECRET})
    db.ledger("trainings").insert({"date": "2024-04-02", "name": f"培训（{PERSON}主讲）",
                                   "lecturer": PERSON, "note": SECRET})
    db.ledger("publicity").insert({"start_on": "2024-06-01", "end_on": "2024-06-01",
                                   "name": "安全生产月", "place": f"广场（{MOBILE}）",
                                   "note": SECRET})
    sections = sections_of(db, YEAR)
    sections[0] = dataclasses.replace(sections[0], body=f"{sections[0].body}\n{SECRET}。")
    save_sections(db, YEAR, sections)


def workbook_text(path) -> str:
    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


def docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_mask_text_rules():
    assert mask_text(f"证{ID18}。") == f"证{ID18[:3]}{'*' * 11}{ID18[-4:]}。"
    assert mask_text(f"证{ID18[:-1]}{'0' if ID18[-1] != '0' else '1'}") .endswith(ID18[-4:-1] + (
        "0" if ID18[-1] != "0" else "1"))  # wrong check digit: not an ID, left alone
    assert valid_id15(ID15) and mask_text(ID15) == "110********7123"
    assert mask_text("110101851307123") == "110101851307123"  # month 13: not an ID
    assert mask_text("电话13812345678，138 1234 5678") == "电话138****5678，138****5678"
    assert mask_text("12812345678") == "12812345678"  # 12x is no mobile prefix
    assert mask_text("单号913812345678") == "单号913812345678"  # part of a longer number
    assert mask_text("张三丰与张三", ["张三", "张三丰"]) == "张**与张*"


@pytest.mark.slow
def test_the_package_masks_free_text_everywhere(db, tmp_path):
    fill(db)
    folder, archive, files = package_upward(db, YEAR, tmp_path / "out", date=dt.date(2025, 1, 5))
    texts = {}
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path / "unzipped")
    for path in (tmp_path / "unzipped").rglob("*"):
        if path.suffix == ".xlsx":
            texts[path.name] = workbook_text(path)
        elif path.suffix == ".docx":
            texts[path.name] = docx_text(path)
        elif path.suffix == ".pdf":
            texts[path.name] = pdf_text(path)
    assert len(texts) == 3
    for name, text in texts.items():
        flat = "".join(text.split())  # PDF text may break a number across lines
        for leak in LEAKS:
            assert leak not in flat, f"{leak} in {name}"
    sheet = texts[next(n for n in texts if n.endswith(".xlsx"))]
    assert "138****5678" in sheet and "王**" in sheet and f"{ID18[:3]}{'*' * 11}" in sheet
    report = texts[next(n for n in texts if n.endswith(".docx"))]
    assert "138****5678" in report and "王**" in report
