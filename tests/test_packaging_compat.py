"""The compat build (packaging/linux/build-compat.sh): the pieces that need no chroot.

The build itself (a Debian 11 chroot, CPython built there, the bundle, the .deb installed and
smoke-tested in the chroot) takes minutes to tens of minutes and runs by hand; these tests keep
its parts honest: the glibc floor check, the .deb file name, the scripts' syntax and traps.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
sys.path.insert(0, str(LINUX))
import glibc_floor  # noqa: E402
import system_libs  # noqa: E402

# `objdump -T` lines: binutils 2.40 (version in brackets) and 2.31 (bare), a defined symbol,
# libstdc++'s and a private version, which are not glibc releases.
OBJDUMP = """
/usr/lib/libexample.so:     file format elf64-x86-64

DYNAMIC SYMBOL TABLE:
0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.14) memcpy
0000000000000000      DF *UND*\t0000000000000000  GLIBC_2.2.5 malloc
0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.28) statx
0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.3.4) __memcpy_chk
0000000000000000      DF *UND*\t0000000000000000 (GLIBCXX_3.4.29) _ZSt4cout
0000000000000000      DF *UND*\t0000000000000000 (GLIBC_PRIVATE) __libc_secure_getenv
0000000000001130 g    DF .text\t0000000000000020 (GLIBC_2.34) exported_function
0000000000000000  w   D  *UND*\t0000000000000000  Base        __gmon_start__
"""


def test_parse_objdump_reads_the_glibc_versions_of_undefined_symbols():
    needs = glibc_floor.parse_objdump(OBJDUMP)
    assert needs == {"memcpy": "2.14", "malloc": "2.2.5", "statx": "2.28",
                     "__memcpy_chk": "2.3.4"}


def test_versions_compare_as_numbers_not_strings():
    ordered = sorted(["2.31", "2.3.4", "2.17", "2.2.5", "2.4", "2.36"], key=glibc_floor.version_key)
    assert ordered == ["2.2.5", "2.3.4", "2.4", "2.17", "2.31", "2.36"]


@pytest.mark.skipif(shutil.which("objdump") is None, reason="needs objdump (binutils)")
def test_floor_of_a_real_binary_is_at_most_this_systems_glibc(tmp_path: Path, capsys):
    binary = Path(shutil.which("ls") or "/bin/ls").resolve()
    (tmp_path / "bin").mkdir()
    shutil.copy2(binary, tmp_path / "bin" / "ls")
    (tmp_path / "README").write_text("not an ELF file")
    found = glibc_floor.scan(tmp_path)
    assert found and all(rel == "bin/ls" for _, rel, _ in found)
    floor = found[0][0]
    here = os.confstr("CS_GNU_LIBC_VERSION").split()[-1]  # "glibc 2.36"
    assert (2, 2) <= glibc_floor.version_key(floor) <= glibc_floor.version_key(here)

    assert glibc_floor.main([str(tmp_path), "--max", "99.0"]) == 0
    assert capsys.readouterr().out.strip() == floor
    assert glibc_floor.main([str(tmp_path), "--max", "2.0"]) == 1
    assert "need a glibc newer than 2.0" in capsys.readouterr().err


def test_floor_of_a_folder_without_elf_files_is_empty(tmp_path: Path, capsys):
    (tmp_path / "lawgov").write_text("#!/bin/sh\necho stand-in\n")
    if shutil.which("objdump") is None:
        pytest.skip("needs objdump (binutils)")
    assert glibc_floor.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.skipif(shutil.which("dpkg-deb") is None or shutil.which("objdump") is None,
                    reason="needs dpkg-deb and objdump (Debian)")
def test_deb_name_carries_the_compat_suffix(tmp_path: Path):
    bundle = tmp_path / "lawgov-desktop"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("lawgov", "lawgov-desktop"):
        (bundle / name).write_text("#!/bin/sh\necho stand-in\n")
        (bundle / name).chmod(0o755)
    env = dict(os.environ, LAWGOV_DEB_SUFFIX="-glibc2.31")
    proc = subprocess.run(["bash", str(LINUX / "build-deb.sh"), str(bundle), str(tmp_path)],
                          capture_output=True, text=True, env=env, check=True)
    deb = Path(proc.stdout.strip().splitlines()[-1])
    assert re.fullmatch(r"lawgov-desktop_[0-9.]+_amd64-glibc2\.31\.deb", deb.name), deb.name
    version = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert "glibc" not in version  # the same package, only the file name differs


def test_compat_build_bundles_what_debian_10_lacks(monkeypatch):
    lib = "/usr/lib/x86_64-linux-gnu/libxcb-util.so.1"
    monkeypatch.delenv("LAWGOV_COMPAT_LIBS", raising=False)
    assert not system_libs.keep_binary("libxcb-util.so.1", lib)
    assert "libxcb-util1" in system_libs.depends_field("2.36").split(", ")
    monkeypatch.setenv("LAWGOV_COMPAT_LIBS", "1")
    assert system_libs.keep_binary("libxcb-util.so.1", lib)
    assert not system_libs.keep_binary("libxcb.so.1", "/usr/lib/x86_64-linux-gnu/libxcb.so.1")
    depends = system_libs.depends_field("2.28").split(", ")
    assert depends[0] == "libc6 (>= 2.28)" and "libxcb-util1" not in depends
    assert "libxcb-cursor0" in depends


def test_packages_for_the_chroot_are_the_depends_first_choices():
    out = subprocess.run([sys.executable, str(LINUX / "system_libs.py"), "--packages"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [item.split("|")[0].strip() for item in system_libs.DEPENDS]
    assert "libglib2.0-0" in out and "libglib2.0-0t64" not in out  # bullseye has no t64


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("script", ["build-compat.sh", "compat-chroot.sh", "smoke-user.sh",
                                    "build-deb.sh", "ci-package.sh"])
def test_shell_scripts_parse(script: str):
    subprocess.run(["bash", "-n", str(LINUX / script)], check=True)


def test_compat_build_unmounts_and_checks_the_floor():
    text = (LINUX / "build-compat.sh").read_text(encoding="utf-8")
    assert "trap unmount_all EXIT" in text  # never leaves /proc or /dev mounted in the chroot
    target = re.search(r"^TARGET_GLIBC=(\S+)", text, re.M)
    assert target and target.group(1) == "2.28"  # 统信UOS V20; 麒麟 Kylin V10 has 2.31
    assert 'glibc_floor.py" "$BUNDLE" --max "$TARGET_GLIBC"' in text
    assert "smoke" in (LINUX / "compat-chroot.sh").read_text(encoding="utf-8")
    # the fresh-user smoke test is one piece of code for the host CI and the chroot
    assert ". packaging/linux/smoke-user.sh" in (LINUX / "ci-package.sh").read_text("utf-8")
