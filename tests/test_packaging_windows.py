"""The Windows installer script (packaging/windows/installer.nsi) and its CI workflow.

The installer itself runs only on Windows (.github/workflows/windows.yml); here it is read
for its promises and compiled with Debian's makensis against a stand-in payload.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NSI = ROOT / "packaging" / "windows" / "installer.nsi"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def script() -> str:
    return NSI.read_text(encoding="utf-8-sig")


def section(name: str) -> str:
    text = script()
    start = text.index(f'Section "{name}"')
    return text[start:text.index("SectionEnd", start)]


def code(text: str) -> str:
    return "\n".join(line.split(";")[0] for line in text.splitlines() if line.strip())


def test_script_is_utf8_with_bom_and_chinese():
    assert NSI.read_bytes().startswith(b"\xef\xbb\xbf")  # makensis then reads it as UTF-8
    text = script()
    assert "Unicode true" in text
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in text
    assert re.findall(r'MUI_LANGUAGE "(\w+)"', text) == ["SimpChinese"]


def test_per_user_install_without_admin_by_default():
    text = script()
    assert "RequestExecutionLevel user" in text
    assert r'InstallDir "$LOCALAPPDATA\Programs\${APPID}"' in text
    assert '!define APPID "LawGovDesktop"' in text
    main = code(section("${APPNAME}"))
    assert r'CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk"' in main
    assert r'CreateShortcut "$DESKTOP\${APPNAME}.lnk"' in main
    assert "WriteUninstaller" in main


def test_uninstaller_keeps_the_ledger():
    uninstall = code(section("Uninstall"))
    # The data folder (%LOCALAPPDATA%\LawGovDesktop) is never named, and the install folder
    # is only removed when empty: no recursive delete of $INSTDIR itself.
    assert "LOCALAPPDATA" not in uninstall
    assert "APPDATA" not in uninstall
    assert not re.search(r'RMDir\s+/r\s+"\$INSTDIR"', uninstall)
    assert 'RMDir "$INSTDIR"' in uninstall
    assert r'RMDir /r "$INSTDIR\_internal"' in uninstall


@pytest.mark.skipif(shutil.which("makensis") is None, reason="needs makensis (apt nsis)")
def test_installer_compiles_against_a_stand_in_payload(tmp_path: Path):
    payload = tmp_path / "payload"
    (payload / "_internal" / "PySide6").mkdir(parents=True)
    (payload / "lawgov-desktop.exe").write_bytes(b"stand-in gui")
    (payload / "lawgov.exe").write_bytes(b"stand-in cli")
    (payload / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"stand-in dll")
    out = tmp_path / "LawGovDesktop-0.0.0-setup.exe"
    proc = subprocess.run(["makensis", "-V2", f"-DPAYLOAD={payload}", "-DVERSION=0.0.0",
                           f"-DOUTFILE={out}", str(NSI)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.read_bytes()[:2] == b"MZ"
    if shutil.which("7z"):  # 7-Zip reads NSIS installers: check what would be installed
        listing = subprocess.run(["7z", "l", str(out)], capture_output=True, text=True,
                                 check=True).stdout
        for name in ("lawgov-desktop.exe", "lawgov.exe", "_internal/PySide6/Qt6Core.dll",
                     "uninstall.exe"):
            assert name in listing.replace("\\", "/"), listing


def test_workflow_builds_installs_and_smoke_tests():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on: windows-" in text
    assert "packaging\\lawgov-desktop.spec" in text
    assert "packaging\\windows\\installer.nsi" in text
    assert text.count("packaging\\smoke.py") == 2  # the bundle, then the installed program
    assert "uninstall.exe" in text and "ledger.sqlite3" in text
