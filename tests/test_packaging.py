"""Packaging (issue #6): icon files, the spec's inputs, the .deb layout, the smoke script.

The real bundle, .deb install and fresh-user run are in packaging/linux/ci-package.sh (too
slow for the test suite); these tests keep the pieces honest on every run.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
sys.path.insert(0, str(PACKAGING / "linux"))
import system_libs  # noqa: E402


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size():
    assert png_size(ICONS / "lawgov-desktop.png") == (256, 256)
    for size in (16, 24, 32, 48, 64, 128):
        assert png_size(ICONS / f"lawgov-desktop-{size}.png") == (size, size)
    data = (ICONS / "lawgov-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes


def test_resources_are_read_only_from_the_folders_the_spec_collects():
    """The spec copies forms/ and resources/ into the bundle; anything read through
    importlib.resources from another package would be missing in the frozen program."""
    spec = (PACKAGING / "lawgov-desktop.spec").read_text(encoding="utf-8")
    assert 'tree(ROOT / "forms", "lawgov_desktop/forms")' in spec
    assert 'tree(ROOT / "resources", "lawgov_desktop/resources")' in spec
    used = set()
    for path in (ROOT / "lawgov_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                    node.func, "id", None)) == "files" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                used.add(node.args[0].value)
    assert used <= {"lawgov_desktop.forms", "lawgov_desktop.resources"}, used


def test_spec_is_valid_python_and_names_both_programs():
    source = (PACKAGING / "lawgov-desktop.spec").read_text(encoding="utf-8")
    compile(source, "lawgov-desktop.spec", "exec")
    assert 'exe(gui, "lawgov-desktop", console=False)' in source
    assert 'exe(cli, "lawgov", console=True)' in source
    for unused in ("PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore",
                   "PySide6.QtPdf", "PySide6.QtVirtualKeyboard"):
        assert f'"{unused}"' in source


def test_system_libraries_are_left_to_the_depends():
    keep = system_libs.keep_binary
    assert keep("libQt6Core.so.6", "/venv/site-packages/PySide6/Qt/lib/libQt6Core.so.6")
    assert keep("libsqlite3.so.0", "/lib/x86_64-linux-gnu/libsqlite3.so.0")  # FTS5 trigram
    assert keep("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0")
    assert not keep("libxcb-cursor.so.0", "/lib/x86_64-linux-gnu/libxcb-cursor.so.0")
    assert not keep("libfontconfig.so.1", "/usr/lib/x86_64-linux-gnu/libfontconfig.so.1")
    depends = system_libs.depends_field("2.36")
    assert depends.startswith("libc6 (>= 2.36), ")
    for package in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0",
                    "fonts-arphic-gbsn00lp", "fonts-arphic-gkai00mp"):
        assert package in depends


def test_depends_cover_the_qt_libraries_dev_sh_installs():
    """scripts/dev.sh lists what Qt's xcb plugin needs for development; the .deb needs it too."""
    dev = (ROOT / "scripts" / "dev.sh").read_text(encoding="utf-8")
    listed = set(re.findall(r"\b(lib(?:xcb|xkbcommon|x11)[\w.+-]*)", dev))
    qt5_only = {"libxcb-xinerama0"}  # Qt 6 no longer links it (check_depends.py shows this)
    assert listed and listed - qt5_only <= set(system_libs.DEPENDS)


@pytest.fixture
def stand_in_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "lawgov-desktop"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("lawgov", "lawgov-desktop"):
        exe = bundle / name
        exe.write_text("#!/bin/sh\necho stand-in\n")
        exe.chmod(0o755)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    return bundle


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb (Debian)")
def test_deb_layout(stand_in_bundle: Path, tmp_path: Path):
    out = tmp_path / "out"
    proc = subprocess.run(["bash", str(PACKAGING / "linux" / "build-deb.sh"),
                           str(stand_in_bundle), str(out)],
                          capture_output=True, text=True, check=True)
    deb = Path(proc.stdout.strip().splitlines()[-1])
    assert deb.name.startswith("lawgov-desktop_") and deb.name.endswith("_amd64.deb")

    def field(name: str) -> str:
        return subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True,
                              text=True, check=True).stdout.strip()

    assert field("Package") == "lawgov-desktop"
    assert field("Architecture") == "amd64"
    depends = field("Depends")
    assert "libxcb-cursor0" in depends and "fonts-arphic-gbsn00lp" in depends

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-R", str(deb), str(root)], check=True)
    # no maintainer scripts: nothing runs on install, nothing can touch users' ledgers
    assert sorted(p.name for p in (root / "DEBIAN").iterdir()) == ["control"]
    assert (root / "opt/lawgov-desktop/lawgov").stat().st_mode & stat.S_IXOTH
    assert (root / "opt/lawgov-desktop/_internal/base_library.zip").is_file()
    for name in ("lawgov", "lawgov-desktop"):
        wrapper = root / "usr/bin" / name
        assert wrapper.stat().st_mode & stat.S_IXOTH
        assert f'exec /opt/lawgov-desktop/{name} "$@"' in wrapper.read_text()
    desktop = (root / "usr/share/applications/lawgov-desktop.desktop").read_text("utf-8")
    assert "Name[zh_CN]=法治建设台账" in desktop.splitlines()
    assert "Exec=/usr/bin/lawgov-desktop" in desktop
    assert "Icon=lawgov-desktop" in desktop
    for size in (16, 32, 48, 64, 128, 256):
        icon = root / f"usr/share/icons/hicolor/{size}x{size}/apps/lawgov-desktop.png"
        assert png_size(icon) == (size, size)
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate",
                        str(root / "usr/share/applications/lawgov-desktop.desktop")], check=True)


def test_launcher_wrapper_runs_the_installed_program(tmp_path: Path):
    """The /usr/bin/lawgov-desktop wrapper passes arguments through and maps fcitx to IBus."""
    script = (PACKAGING / "linux" / "lawgov-desktop.sh").read_text()
    fake = tmp_path / "lawgov-desktop"
    fake.write_text('#!/bin/sh\necho "$QT_IM_MODULE|${IBUS_USE_PORTAL:-}|$*"\n')
    fake.chmod(0o755)
    wrapper = tmp_path / "wrapper.sh"
    wrapper.write_text(script.replace("/opt/lawgov-desktop/lawgov-desktop", str(fake)))
    env = dict(os.environ, QT_IM_MODULE="fcitx")
    out = subprocess.run(["sh", str(wrapper), "--data-dir", "a b"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "ibus|1|--data-dir a b"
    env["QT_IM_MODULE"] = "xim"
    out = subprocess.run(["sh", str(wrapper)], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().startswith("xim||")


@pytest.mark.slow
def test_smoke_script_against_the_installed_project(tmp_path: Path):
    """packaging/smoke.py runs the `lawgov` contract (demo, stats, export, check); here on the
    project's own console script, in the frozen build on the bundle."""
    lawgov = Path(sys.executable).parent / ("lawgov.exe" if os.name == "nt" else "lawgov")
    if not lawgov.exists():
        pytest.skip("lawgov console script not installed beside this Python")
    proc = subprocess.run([sys.executable, str(PACKAGING / "smoke.py"), "--lawgov", str(lawgov),
                           "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("4 passed, 0 failed")
