"""The `lawgov` command as users' scripts call it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest
from openpyxl import Workbook

from lawgov_desktop.cli import main
from lawgov_desktop.domain.indicators import INDICATORS
from lawgov_desktop.storage import Database


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_config_read_set_and_list(capsys, data_dir):
    Database.open(data_dir).close()
    assert run(capsys, "config", "publish_days", "--data-dir", str(data_dir))[1] == "7\n"
    assert (
        run(capsys, "--data-dir", str(data_dir), "config", "unit_name", "示例县应急管理局")[0] == 0
    )
    assert run(capsys, "config", "unit_name")[1] == "示例县应急管理局\n"  # LAWGOV_DATA_DIR
    code, out, _ = run(capsys, "config")
    assert code == 0 and "upper_unit" in out and "单位名称" in out
    code, _, err = run(capsys, "config", "publish_days", "abc")
    assert code == 2 and "整数" in err
    assert run(capsys, "config", "nonsense")[0] == 2


def test_demo_stats_due_and_check(capsys, data_dir):
    year = dt.date.today().year
    code, out, _ = run(capsys, "demo", "--data-dir", str(data_dir))
    assert code == 0 and "已载入演示数据" in out
    code, out, _ = run(capsys, "stats", "--year", str(year - 1), "--json")
    figures = json.loads(out)
    assert code == 0 and list(figures) == [i.id for i in INDICATORS]
    assert figures["cases_filed"] > 50 and isinstance(figures["fines_yuan"], float)
    assert (
        figures["reconsideration_upheld_rate"] is None
        or 0 <= figures["reconsideration_upheld_rate"] <= 1
    )
    code, out, _ = run(capsys, "stats", "--year", str(year - 1))
    assert "复议维持率" in out and "cases_filed" in out
    code, out, _ = run(capsys, "due", "--within", "30")
    assert code == 0 and ("共" in out or "没有到期" in out)
    code, out, _ = run(capsys, "check")
    assert code == 0 and "台账完好" in out
    code, _, err = run(capsys, "demo")
    assert code == 2 and "已有数据" in err


def test_check_fails_on_a_damaged_ledger(capsys, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "ledger.sqlite3").write_bytes(b"garbage" * 100)
    code, out, _ = run(capsys, "check")
    assert code == 1 and "无法打开" in out


def test_import_all_or_nothing(capsys, data_dir, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "名称", "参训人数"])
    ws.append(["2024-05-01", "安全生产法学习", 30])
    ws.append(["2024-13-01", "坏日期", "三十"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    code, out, _ = run(capsys, "import", "trainings", str(path))
    assert code == 1
    assert "工作表“Sheet”第3行A列（日期）" in out and "第3行C列（参训人数）" in out
    assert "未导入任何数据" in out
    ws.delete_rows(3)
    wb.save(path)
    code, out, _ = run(capsys, "import", "trainings", str(path), "--dry-run")
    assert code == 0 and "检查通过" in out
    code, out, _ = run(capsys, "import", "trainings", str(path))
    assert code == 0 and "已导入 1 条学法培训" in out


def test_bad_arguments_are_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--year", "abcd"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["import", "nonsense", "x.xlsx"])


def test_the_console_script_runs(data_dir):
    Database.open(data_dir).close()
    exe = shutil.which("lawgov") or shutil.which(
        "lawgov", path=str(__import__("pathlib").Path(sys.executable).parent)
    )
    assert exe, "the lawgov entry point is installed"
    done = subprocess.run(
        [exe, "--data-dir", str(data_dir), "stats", "--year", "2024", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["cases_filed"] == 0


@pytest.mark.parametrize("formats", ["pdf,docx", "xlsx"])
def test_export_to_a_folder_that_cannot_be_made_says_so(capsys, data_dir, tmp_path, formats):
    """A mistyped --out (under a file, so no folder can be made there) is the user's to fix:
    a Chinese message and exit 2, not 程序内部错误."""
    Database.open(data_dir).close()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run(capsys, "export", "--year", "2025", "--format", formats,
                       "--out", str(blocker / "out"))
    assert code == 2 and "程序内部错误" not in err and "未能" in err
