"""Hostile and damaged workbooks (issue #11), generated with fixed seeds: hundreds of files
that are not what they say (text, random bytes, encrypted, cut short, flipped bytes, bad
shared-string indexes, odd XML, FIFOs, devices, amounts and dates past any range). Every one
imports without a traceback, every refusal says what in Chinese, and a refused import leaves
the ledger byte-for-byte as it was (its SQL dump)."""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from pathlib import Path

import pytest
from legacy_books import legacy_table, write_xls
from openpyxl import Workbook

from lawgov_desktop.cli import main as cli_main
from lawgov_desktop.importing import import_workbook, read_head

SEED = 20261129
FILES = int(os.environ.get("LAWGOV_HOSTILE_FILES", "300"))
HEADER = ["案号", "案由", "当事人", "当事人类型", "立案日期", "罚款金额（元）", "备注"]
HOSTILE_VALUES = [1e20, 1e300, -1e300, "99999999999999万元", "1e300", float("inf"), "9999-12-31",
                  "1900-01-01", 2958465, "x" * 501, "=1/0", "#REF!", -5, "", " ", "１２３",
                  "2023年2月30日", 10**30, "NaN", "‮evil", "\u3000合计"]


def good_book() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(HEADER)
    for i in range(1, 6):
        ws.append([f"G-{i}", "未按规定开展培训", f"第{i}有限公司", "单位", "2024-03-05", 1000,
                   "好"])
    raw = io.BytesIO()
    wb.save(raw)
    return raw.getvalue()


def hostile_values_book(rng: random.Random) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(rng.randint(1, 5)):
        row: list = [f"H-{i}", "x", "甲公司", "单位", "2024-03-05", 100, None]
        for _ in range(rng.randint(1, 3)):
            row[rng.randrange(len(row))] = rng.choice(HOSTILE_VALUES)
        try:
            ws.append(row)
        except Exception:  # openpyxl refuses some text itself; that is no workbook then
            ws.append([f"H-{i}", "x", "甲公司", "单位", "9999-12-31", 1e20, None])
    raw = io.BytesIO()
    wb.save(raw)
    return raw.getvalue()


def rezip(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info.filename)))
    return out.getvalue()


def shared_strings_book(rng: random.Random) -> bytes:
    """Cells pointing past the shared-string table, or a table cut short."""
    data = good_book()
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["S-1", "x", "甲公司", "单位", "2024-03-05", 1, None])
    raw = io.BytesIO()
    wb.save(raw)
    data = raw.getvalue()

    def change(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            text = body.decode()
            # inline strings → shared-string references, some far out of range
            text = re.sub(r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>[^<]*</t></is></c>',
                          lambda m: f'<c r="{m.group(1)}" t="s"><v>'
                                    f'{rng.choice([0, 7, 99999, -1, 2**40])}</v></c>',
                          text)
            return text.encode()
        return body

    data = rezip(data, change)
    if rng.random() < 0.5:
        data = rezip(data, lambda name, body: body)  # no sharedStrings part at all
    return data


def xml_damage(rng: random.Random) -> bytes:
    """The sheet XML mangled: cut, unbalanced, entity bombs, wrong row numbers."""
    kind = rng.choice(["cut", "tag", "entity", "rows", "dimension", "namespace"])

    def change(name: str, body: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return body
        text = body.decode()
        if kind == "cut":
            return text[: rng.randrange(len(text))].encode()
        if kind == "tag":
            return text.replace("</row>", "</rowx>", 1).encode()
        if kind == "entity":
            bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
            return text.replace("?>", "?>" + bomb, 1).replace("<t>G-1</t>", "<t>&b;</t>").encode()
        if kind == "rows":
            return re.sub(r'<row r="\d+"', lambda m: f'<row r="{rng.randint(1, 3)}"',
                          text).encode()
        if kind == "dimension":
            return re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:A1"', text).encode()
        return text.replace("spreadsheetml/2006/main", "spreadsheetml/2099/main").encode()

    return rezip(good_book(), change)


def byte_damage(rng: random.Random) -> bytes:
    data = bytearray(good_book() if rng.random() < 0.7 else hostile_values_book(rng))
    kind = rng.choice(["truncate", "flip", "flips", "zero"])
    if kind == "truncate":
        return bytes(data[: rng.randrange(len(data))])
    if kind == "zero":
        start = rng.randrange(len(data))
        end = min(len(data), start + rng.randint(1, 200))
        data[start:end] = bytes(end - start)
        return bytes(data)
    for _ in range(1 if kind == "flip" else rng.randint(2, 30)):
        at = rng.randrange(len(data))
        data[at] ^= rng.randint(1, 255)
    return bytes(data)


def foreign(rng: random.Random) -> bytes:
    kind = rng.choice(["text", "csv", "random", "pk", "ole", "encrypted", "html", "empty-zip"])
    if kind == "text":
        return "这不是表格".encode("gb18030")
    if kind == "csv":
        return "案号,案由,当事人\nA-1,x,甲公司\n".encode()
    if kind == "random":
        return rng.randbytes(rng.randint(1, 5000))
    if kind == "pk":
        return b"PK\x03\x04" + rng.randbytes(rng.randint(0, 3000))
    if kind == "ole":
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(rng.randint(0, 3000))
    if kind == "encrypted":  # how Excel stores an .xlsx with an open password
        return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
                + "EncryptedPackage".encode("utf-16-le") + rng.randbytes(2000))
    if kind == "html":  # "Excel" exports that are web pages
        return b"<html><table><tr><td>\xe6\xa1\x88\xe5\x8f\xb7</td></tr></table></html>"
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    return out.getvalue()


def xls_damage(rng: random.Random, folder: Path) -> bytes:
    path = write_xls(folder / "src.xls", legacy_table())
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(data))
        data[at] ^= rng.randint(1, 255)
    return bytes(data[: rng.randint(len(data) // 2, len(data))]) if rng.random() < 0.3 \
        else bytes(data)


MAKERS = ["values", "shared", "xml", "bytes", "foreign", "xls"]


def hostile_files(folder: Path, count: int = FILES):  # type: ignore[no-untyped-def]
    rng = random.Random(SEED)
    for n in range(count):
        kind = MAKERS[n % len(MAKERS)]
        data = {"values": hostile_values_book, "shared": shared_strings_book, "xml": xml_damage,
                "bytes": byte_damage, "foreign": foreign}.get(kind, None)
        content = data(rng) if data else xls_damage(rng, folder)
        suffix = rng.choice([".xlsx", ".xlsx", ".xls", ".ods", ".csv", ".txt", ""])
        if kind == "xls":
            suffix = ".xls"
        path = folder / f"hostile{n}{suffix}"
        path.write_bytes(content)
        yield kind, path


def dump(db) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(db.conn.iterdump())


def test_hundreds_of_hostile_files_never_crash_and_refused_ones_change_nothing(db, tmp_path):
    seen = {k: 0 for k in MAKERS}
    refused = 0
    for kind, path in hostile_files(tmp_path):
        before = dump(db)
        for dry_run in (True, False):
            result = import_workbook(db, "cases", path, dry_run=dry_run)  # never raises
            assert not db.conn.in_transaction
            if not result.ok:
                assert all(str(p) and "Traceback" not in str(p) for p in result.errors)
                assert all(re.search(r"[\u4e00-\u9fff]", p.message) for p in result.errors)
            if dry_run or not result.ok or not result.values:
                assert dump(db) == before, (kind, path.name)
        refused += not result.ok
        seen[kind] += 1
        try:
            read_head(path)  # what the wizard does first: WorkbookError or a head
        except Exception as exc:  # noqa: BLE001 - only WorkbookError may come out
            assert type(exc).__name__ == "WorkbookError", (kind, path.name, exc)
    assert all(seen.values()) and refused >= FILES // 2


def test_hostile_values_are_field_errors(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["V-1", "x", "甲公司", "单位", "2024-03-05", 1e20, None])
    ws.append(["V-2", "x", "甲公司", "单位", "2024-03-05", "99999999999999万元", None])
    ws.append(["V-3", "x", "甲公司", "单位", "9999-12-31", 1e300, None])
    ws.append(["V-4", "x" * 501, "甲公司", "单位", "1948-12-31", 1, "y" * 5001])
    wb.save(tmp_path / "v.xlsx")
    before = dump(db)
    result = import_workbook(db, "cases", tmp_path / "v.xlsx")
    where = {(p.row, p.field) for p in result.errors}
    assert {(2, "罚款金额（元）"), (3, "罚款金额（元）"), (4, "立案日期"), (4, "罚款金额（元）"),
            (5, "案由"), (5, "立案日期"), (5, "备注")} <= where
    assert dump(db) == before


@pytest.mark.parametrize("target", ["fifo", "devnull", "folder"])
def test_special_files_named_xlsx(db, tmp_path, target, capsys):
    path = tmp_path / "ledger.xlsx"
    if target == "fifo":
        os.mkfifo(path)  # opening it for reading would wait forever
    elif target == "devnull":
        path.symlink_to(os.devnull)
    else:
        path.mkdir()
    result = import_workbook(db, "cases", path)
    assert not result.ok and ("不是普通文件" in result.errors[0].message
                              or "文件夹" in result.errors[0].message)
    code = cli_main(["--data-dir", str(tmp_path / "data"), "import", "cases", str(path)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err and "错误：" in out.out
