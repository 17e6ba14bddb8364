#!/usr/bin/env bash
# The steps of build-compat.sh that run inside its Debian 11 chroot (as root, from the
# project's source exported to /build/src). Not meant to be run on a build machine directly.
#
#   compat-chroot.sh python SRC_DIR   build CPython from a Debian python3.11 source package
#                                     (orig tarball + debian.tar.xz in SRC_DIR) into /opt/py311
#   compat-chroot.sh bundle           fresh venv /build/venv, pip install the project and
#                                     PyInstaller, build /build/dist/lawgov-desktop
#   compat-chroot.sh smoke DEB        apt-get install DEB, check its Depends, smoke-test it as a
#                                     fresh user (smoke-user.sh), apt-get purge, ledger kept
set -euo pipefail
PREFIX=/opt/py311
SRC=/build/src
VENV=/build/venv

build_python() {
  local dir="$1" orig debian series
  orig="$(ls "$dir"/python3.11_*.orig.tar.*)"
  debian="$(ls "$dir"/python3.11_*.debian.tar.*)"
  cd "$dir"
  rm -rf build debian && mkdir build
  tar -xf "$orig" -C build --strip-components=1
  tar -xf "$debian"
  # Debian's own patches come first in the series (install layout, multiarch, packaging);
  # from shutdown-deadlock.diff on they are upstream fixes, most of them security fixes
  # (CVE-...). Only those are applied: the build is a plain --prefix install.
  series="$(sed -n '/^shutdown-deadlock.diff$/,$p' debian/patches/series | grep -v '^#')"
  [ -n "$series" ] || { echo "no upstream fixes found in debian/patches/series" >&2; exit 1; }
  cd build
  for p in $series; do
    patch -p1 -s --no-backup-if-mismatch < "../debian/patches/$p"
  done
  echo "applied $(echo "$series" | wc -w) patches from $(basename "$debian")"
  # The CVE-2026-4224 fix makes pyexpat.c use an internal header; Debian builds pyexpat into
  # the core (Modules/Setup), setup.py builds it as a module: say so, as 3.12's pyexpat.c does.
  if grep -q pycore_ceval.h Modules/pyexpat.c && ! grep -q Py_BUILD_CORE_MODULE Modules/pyexpat.c; then
    sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c
  fi
  # --enable-shared: PyInstaller bundles libpython3.11.so; the rpath finds it at build time.
  # No PGO/LTO (time); the bundle's speed is the C libraries' and Qt's, not the interpreter's.
  ./configure --prefix="$PREFIX" --enable-shared --with-ensurepip=install \
    LDFLAGS="-Wl,-rpath,$PREFIX/lib" > ../configure.log
  make -j"$(nproc)" > ../make.log 2>&1 || { tail -40 ../make.log; exit 1; }
  if grep -A3 -E '^(Failed to build these modules|Following modules built successfully but were removed)' ../make.log; then
    echo "some standard modules did not build (../make.log)"; exit 1
  fi
  make install > ../install.log 2>&1 || { tail -40 ../install.log; exit 1; }
  cd .. && rm -rf build debian
  "$PREFIX/bin/python3.11" - <<'PY'
import bz2, ctypes, hashlib, lzma, pyexpat, sqlite3, ssl, sys, uuid, zlib  # noqa: F401
import xml.etree.ElementTree, _elementtree, _decimal, _uuid  # noqa: F401
print(sys.version.split()[0], ssl.OPENSSL_VERSION, "SQLite", sqlite3.sqlite_version)
con = sqlite3.connect(":memory:")
con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")  # the ledgers' search
PY
}

build_bundle() {
  rm -rf "$VENV" /build/dist /build/work
  "$PREFIX/bin/python3.11" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # The project with its `package` extra (PyInstaller), as pyproject.toml pins it. pip takes
  # the newest version of each package that has a wheel for this system (glibc 2.31).
  "$VENV/bin/python" -m pip install -q "$SRC[package]"
  "$VENV/bin/python" - <<'PY'
import sqlite3, sys
from importlib.metadata import version
print("versions: Python", sys.version.split()[0], "| SQLite", sqlite3.sqlite_version, "|",
      ", ".join(f"{p} {version(p)}" for p in ("PySide6-Essentials", "PyInstaller",
                                               "reportlab", "lxml", "pillow")))
PY
  cd "$SRC"
  "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath /build/dist \
    --workpath /build/work packaging/lawgov-desktop.spec
  du -sh /build/dist/lawgov-desktop
}

smoke() {
  local deb="$1" ledger
  cd /
  if dpkg-query -W lawgov-desktop >/dev/null 2>&1; then dpkg --purge lawgov-desktop >/dev/null; fi
  apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
  echo "ok: apt-get install $(basename "$deb") (Depends resolved from $(. /etc/os-release; echo "$PRETTY_NAME"))"
  [ -x /usr/bin/lawgov ] && [ -x /usr/bin/lawgov-desktop ] || { echo "installed files missing"; exit 1; }
  desktop-file-validate /usr/share/applications/lawgov-desktop.desktop
  python3 "$SRC/packaging/linux/check_depends.py" /opt/lawgov-desktop
  echo "ok: every system library comes from the Depends"
  # shellcheck source=smoke-user.sh
  . "$SRC/packaging/linux/smoke-user.sh"
  smoke_user_create lgsmoke
  trap smoke_user_delete EXIT
  smoke_installed "$SRC/packaging/smoke.py"
  echo "ok: smoke test of the installed program (xvfb, temp data folder)"
  as_user lawgov demo >/dev/null
  as_user lawgov check
  ledger="$TESTHOME/.local/share/LawGovDesktop/ledger.sqlite3"
  [ -f "$ledger" ] || { echo "no ledger in the user's data folder"; exit 1; }
  apt-get purge -y -qq lawgov-desktop >/dev/null
  [ ! -e /opt/lawgov-desktop ] && [ -f "$ledger" ] || { echo "purge: files left or ledger gone"; exit 1; }
  echo "ok: lawgov demo/check on the user's data folder; purged, ledger kept"
}

case "${1:-}" in
  python) build_python "$2" ;;
  bundle) build_bundle ;;
  smoke) smoke "$2" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
