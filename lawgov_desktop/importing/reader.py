"""One workbook reader for .xlsx, .xls and .ods (python-calamine), every row that is there.

openpyxl's read-only mode trusts a sheet's declared `<dimension>` and row numbers, so a sheet
declaring A1:E11 with 100 rows read as 10, and two rows numbered alike lost one. calamine reads
every cell whatever the sheet declares, is several times faster, and reads the .xls files of
Excel 2003 / WPS and LibreOffice's .ods too. What it does not do is said here:

- a cell's position comes from its reference, so rows numbered twice would overwrite each
  other: such a sheet's rows (and cell references) are renumbered in document order first;
- a formula without a cached result reads as nothing: the sheet XML is scanned for those and
  each is an error naming the cell (formulas are never evaluated).

Every file that cannot be read raises WorkbookError with a Chinese message naming the file;
nothing here hangs on a FIFO or a device (only regular files are opened).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import posixpath
import re
import stat
import struct
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NO_RESULT = "公式没有计算结果：请在 Excel 或 WPS 中打开、保存后再导入"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class WorkbookError(Exception):
    """The file cannot be read as a workbook at all (one problem for the whole file)."""


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell without a cached result (`ref` like "E12")."""

    row: int
    column: str

    @property
    def ref(self) -> str:
        return f"{self.column}{self.row}"


@dataclass
class Sheet:
    name: str
    visible: bool
    rows: list[tuple[Any, ...]]
    no_result: list[FormulaCell]


def check_file(path: Path) -> bytes:
    """The file's first bytes, after checking it is a regular, non-empty workbook file."""
    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError:
        raise WorkbookError(f"找不到文件“{path}”，请检查路径是否正确") from None
    except OSError as exc:
        raise WorkbookError(f"无法打开“{path}”：{exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookError(f"“{path}”是文件夹，请选择其中的 Excel 工作簿")
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the reader forever
        raise WorkbookError(f"“{name}”不是普通文件（可能是设备或管道），无法作为工作簿读取")
    if info.st_size == 0:
        raise WorkbookError(f"“{name}”是空文件（0 字节），不是 Excel 工作簿")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise WorkbookError(f"无法打开“{name}”：{exc.strerror or exc}") from None
    if head.startswith(OLE_MAGIC):
        if _encrypted(path):
            raise WorkbookError(f"“{name}”设有打开密码，无法读取：请在 Excel 或 WPS 中"
                                "取消密码（文件 → 信息 → 保护工作簿）并保存后再导入")
        return head
    if head.startswith(ZIP_MAGIC):
        return head
    suffix = path.suffix.lower()
    kind = "文本或 CSV 文件" if _looks_like_text(head) else "其他格式的文件"
    if suffix in SUFFIXES:
        raise WorkbookError(f"“{name}”虽以 {suffix} 结尾，但实际是{kind}，不是 Excel 工作簿："
                            "请在 Excel 或 WPS 中打开并“另存为” .xlsx 后再导入")
    raise WorkbookError(f"不支持“{name}”的格式（{suffix or '无扩展名'}）：只能导入 Excel 工作簿"
                        "（.xlsx、.xls）或 .ods，CSV 等文件请在 Excel 或 WPS 中“另存为” .xlsx")


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return b"\x00" not in head
        except UnicodeDecodeError:
            continue
    return False


def _encrypted(path: Path) -> bool:
    """An encrypted OOXML file is an OLE container holding an "EncryptedPackage" stream."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as fh:
        return marker in fh.read(1 << 20)


def _damaged(path: Path, exc: BaseException) -> WorkbookError:
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
    return WorkbookError(f"无法读取“{path.name}”：文件已损坏或不是有效的 Excel 工作簿（{detail}）。"
                         "请在 Excel 或 WPS 中打开并“另存为” .xlsx 后再导入")


_UNREADABLE = (calamine.CalamineError, zipfile.BadZipFile, zlib.error, EOFError, KeyError,
               OSError, ValueError, ElementTree.ParseError, IndexError, OverflowError,
               RuntimeError, UnicodeError)


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Rust's panic hook writes "thread panicked at …" (and a backtrace) straight to file
    descriptor 2 before the panic becomes an exception we turn into a Chinese message; in the
    main thread (the CLI) that descriptor is pointed at the null device meanwhile. Worker
    threads (the GUI's jobs) have no console to spoil and leave it alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        saved = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        sys.stderr.flush()
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


@contextmanager
def _errors(path: Path) -> Iterator[None]:
    try:
        yield
    except WorkbookError:
        raise
    except calamine.PasswordError:
        raise WorkbookError(f"“{path.name}”设有密码，无法读取：请在 Excel 或 WPS 中取消密码"
                            "后再导入") from None
    except _UNREADABLE as exc:
        raise _damaged(path, exc) from None
    except BaseException as exc:
        # calamine's Rust code panics on some damaged files (a shared-string index past the
        # table); pyo3 raises that as PanicException, a BaseException
        if type(exc).__name__ == "PanicException":
            raise _damaged(path, Exception("内部索引越界")) from None
        raise


def read_workbook(path: Path | str, max_rows: int | None = None,
                  only: str | None = None) -> list[Sheet]:
    """Every worksheet (or only the one named `only`), its rows as tuples (None for empty
    cells, trailing empty cells dropped). `max_rows` keeps the first rows only (a preview)."""
    path = Path(path)
    head = check_file(path)
    with _errors(path):
        data = path.read_bytes()
        repaired: dict[str, bytes] = {}
        formulas: dict[str, list[FormulaCell]] = {}
        if head.startswith(ZIP_MAGIC) and _is_ooxml(data):
            repaired, formulas = _scan_xlsx(data)
        elif head.startswith(OLE_MAGIC):
            _check_xls(path, data)
        source = io.BytesIO(_rezip(data, repaired) if repaired else data)
        with _quiet_stderr():
            sheets = _read(source, max_rows, only, formulas)
    if only not in (None, FIRST_VISIBLE) and not sheets:
        names = [s.name for s in read_workbook(path, max_rows=0)]
        raise WorkbookError(f"工作簿中没有工作表“{only}”，现有：{'、'.join(names)}")
    if not sheets:
        raise WorkbookError(f"“{path.name}”中没有工作表")
    return sheets


def _read(source: io.BytesIO, max_rows: int | None, only: str | None,
          formulas: dict[str, list[FormulaCell]]) -> list[Sheet]:
    book = calamine.CalamineWorkbook.from_filelike(source)
    try:
        sheets = []
        metas = [m for m in book.sheets_metadata  # chart sheets hold no rows
                 if str(m.typ).rsplit(".", 1)[-1] == "WorkSheet"]
        if only is FIRST_VISIBLE:
            visible = [m for m in metas if str(m.visible).rsplit(".", 1)[-1] == "Visible"]
            metas = (visible or metas)[:1]
        for meta in metas:
            if only not in (None, FIRST_VISIBLE) and meta.name != only:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = _rows(sheet.iter_rows(), max_rows)
            visible = str(meta.visible).rsplit(".", 1)[-1] == "Visible"
            sheets.append(Sheet(meta.name, visible, rows, formulas.get(meta.name, [])))
    finally:
        book.close()
    return sheets


FIRST_VISIBLE = "\x00first visible sheet"  # `only=` this reads just the default sheet


def default_sheet(sheets: list[Sheet]) -> Sheet:
    """The first visible sheet (a hidden one is never imported unless named)."""
    return next((s for s in sheets if s.visible), sheets[0])


def _rows(source: Iterator[list[Any]], max_rows: int | None) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for row in source:
        if max_rows is not None and len(out) >= max_rows:
            break
        cells = [v if v.__class__ is str and v else _cell(v) for v in row]  # text: as is
        while cells and cells[-1] is None:
            cells.pop()
        out.append(tuple(cells))
    return out


def _cell(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


# -- .xls: checked before calamine, which panics or allocates without bound on some damage ---

_CELL_RECORDS = {0x06, 0xFD, 0x203, 0x27E, 0x201, 0x204, 0x205, 0xBD, 0xBE}
_MULTI_RECORDS = {0xBD, 0xBE}  # MULRK, MULBLANK: a run of cells ending in its last column
_DIMENSIONS, _FILEPASS = 0x200, 0x2F
MAX_CELLS = 20_000_000  # rows × columns of one sheet; past it the file is damaged


def _check_xls(path: Path, data: bytes) -> None:
    """The OLE container must be sound (olefile) and every cell inside the 65,536 × 256 grid
    of Excel 97-2003: a flipped byte in a cell's column made calamine build a 344-million
    cell sheet for a minute. A FILEPASS record means an open password."""
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # olefile raises plain OSError and friends on damage
        raise _damaged(path, exc) from None
    try:
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if name is None:
            raise WorkbookError(f"“{path.name}”不是 Excel 工作簿（其中没有工作表数据）："
                                "请在 Excel 或 WPS 中打开并“另存为” .xlsx 后再导入")
        stream = ole.openstream(name).read()
    except WorkbookError:
        raise
    except Exception as exc:
        raise _damaged(path, exc) from None
    finally:
        ole.close()
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if kind == _FILEPASS:
            raise WorkbookError(f"“{path.name}”设有打开密码，无法读取：请在 Excel 或 WPS 中"
                                "取消密码并保存后再导入")
        if kind in _CELL_RECORDS and size >= 4 and body + size <= end:
            col = struct.unpack_from("<H", stream, body + 2)[0]
            last = struct.unpack_from("<H", stream, body + size - 2)[0] \
                if kind in _MULTI_RECORDS and size >= 6 else col
            if col > 255 or last > 255:
                raise _damaged(path, Exception(f"单元格列号 {max(col, last)} 超出 .xls 的 256 列"))
        elif kind == _DIMENSIONS and size >= 12 and body + size <= end:
            rows, cols = struct.unpack_from("<I", stream, body + 4)[0], \
                struct.unpack_from("<H", stream, body + 10)[0]
            if rows > 65536 or cols > 256:
                raise _damaged(path, Exception("工作表范围超出 .xls 的 65536 行 × 256 列"))
        pos = body + size


# -- .xlsx specifics: renumbering, formulas without a result --------------------------------

def _is_ooxml(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "xl/workbook.xml" in zf.namelist()


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        out[sheet.get("name", "")] = part
    return out


# A cell in column AAA (703) or past: `r="AAA…` found by its literal start (fast on a sheet of
# 100,000 cells), then kept only as a whole attribute (whitespace before it); only cells have
# an `r` attribute with letters.
_WIDE_COLUMN = re.compile(rb'r="([A-Z]{3})[0-9]')
_ROW_NUMBERS = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_ROW_NUMBER = re.compile(rb'(<row\b[^>]*?\br=")(\d+)(")')
_CELL_REF = re.compile(rb'(<c\b[^>]*?\br=")([A-Z]{1,3})(\d+)(")')


def _scan_xlsx(data: bytes) -> tuple[dict[str, bytes], dict[str, list[FormulaCell]]]:
    """Sheet parts to replace (rows renumbered) and the formula cells without a result."""
    repaired: dict[str, bytes] = {}
    formulas: dict[str, list[FormulaCell]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name, part in _sheet_paths(zf).items():
            try:
                xml = zf.read(part)
            except KeyError:
                continue
            numbers = list(map(int, _ROW_NUMBERS.findall(xml)))
            wide = [_index(m.group(1).decode()) for m in _WIDE_COLUMN.finditer(xml)
                    if xml[m.start() - 1:m.start()].isspace()]
            if numbers and wide and max(numbers) * (max(wide) + 1) > MAX_CELLS:
                raise WorkbookError(f"工作表“{name}”中有单元格远在表格之外（第{max(numbers)}行、"
                                    f"{_letter(max(wide))}列），文件可能已损坏：请在 Excel 或 WPS "
                                    "中删除多余的行列、保存后再导入")
            if any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)):
                xml = _renumber(xml)
                repaired[part] = xml
            found = _formulas_without_result(xml)  # one pass; [] for none
            if found:
                formulas[name] = found
    return repaired, formulas


def _renumber(xml: bytes) -> bytes:
    """Rows in document order, each numbered after the one before (duplicates kept apart)."""
    last = 0

    def row(m: re.Match[bytes]) -> bytes:
        nonlocal last
        found = _ROW_NUMBER.search(m.group(0))
        number = max(last + 1, int(found.group(2)) if found else last + 1)
        last = number
        text = _ROW_NUMBER.sub(lambda r: r.group(1) + str(number).encode() + r.group(3),
                               m.group(0), count=1)
        return _CELL_REF.sub(lambda c: c.group(1) + c.group(2) + str(number).encode()
                             + c.group(4), text)

    return _ROW.sub(row, xml)


_FORMULA = re.compile(rb"<f[\s>/]")
_CELL_START = re.compile(rb"<c[\s>]")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<v>\s*[^<\s]")


def _formulas_without_result(xml: bytes) -> list[FormulaCell]:
    """Formula cells with no cached value. Most sheets have few formulas (a 合计 row), so
    each is looked at where it is; cells without a reference take the full parse."""
    out = []
    for found in _FORMULA.finditer(xml):
        start = max(xml.rfind(b"<c ", 0, found.start()), xml.rfind(b"<c>", 0, found.start()))
        end = xml.find(b"</c>", found.start())
        if start < 0 or end < 0:
            return _parse_formulas(xml)
        cell = xml[start:end]
        if _VALUE.search(cell):
            continue
        ref = _REF.search(cell[:cell.find(b">") + 1])
        if ref is None:
            return _parse_formulas(xml)
        out.append(FormulaCell(int(ref.group(2)), ref.group(1).decode()))
    return out


def _parse_formulas(xml: bytes) -> list[FormulaCell]:
    out = []
    row_number, column = 0, 0
    for event, el in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = el.tag
        if tag == f"{_MAIN_NS}row" and event == "start":
            row_number = int(el.get("r") or row_number + 1)
            column = 0
        elif tag == f"{_MAIN_NS}c" and event == "end":
            m = re.fullmatch(r"([A-Z]{1,3})(\d+)", el.get("r") or "")
            f = el.find(f"{_MAIN_NS}f")
            v = el.find(f"{_MAIN_NS}v")
            if f is not None and (v is None or not (v.text or "").strip()):
                out.append(FormulaCell(int(m.group(2)), m.group(1)) if m
                           else FormulaCell(row_number, _letter(column)))
            column = (_index(m.group(1)) if m else column) + 1
            el.clear()
        elif tag == f"{_MAIN_NS}row" and event == "end":
            el.clear()
    return out


def _index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letter(number: int) -> str:
    """Excel's letters for a 1-based column number, any size (openpyxl's stop at XFD)."""
    return _letter(number - 1)


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _rezip(data: bytes, replaced: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, replaced.get(item.filename, zin.read(item.filename)))
    return out.getvalue()
