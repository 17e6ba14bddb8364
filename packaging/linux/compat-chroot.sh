#!/usr/bin/env bash
# The steps of build-compat.sh that run inside its Debian 11 chroot (as root, from the
# project's source exported to /build/src). Not meant to be run on a build machine directly.
#
#   compat-chroot.sh python SRC_DIR   build SQLite and CPython from Debian source packages
#                                     (SRC_DIR/sqlite3, SRC_DIR/python3.11) into /opt/py311
#   compat-chroot.sh bundle           fresh venv /build/venv, pip install the project and
#                                     PyInstaller, build /build/dist/lawgov-desktop
#   compat-chroot.sh smoke DEB        apt-get install DEB, check its Depends, smoke-test it as a
#                                     fresh user (smoke-user.sh), apt-get purge, ledger kept
set -euo pipefail
PREFIX=/opt/py311
SRC=/build/src
VENV=/build/venv

# --- recipe (build-compat.sh rebuilds the interpreter when this part changes) ---
# glibc 2.29 gave pow, exp, log, exp2 and log2 new symbol versions (faster code, same ABI).
# Every C file of the interpreter and of SQLite is compiled with this header, which binds them
# to the old versions, so the bundle needs no glibc newer than 2.28 for them (统信UOS V20).
COMPAT_H=/usr/src/glibc-compat.h
write_compat_header() {
  {
    echo "/* written by packaging/linux/compat-chroot.sh */"
    for f in pow exp log exp2 log2; do echo "__asm__(\".symver $f,$f@GLIBC_2.2.5\");"; done
  } > "$COMPAT_H"
}

# SQLite from bookworm's sqlite3 source package (the version the standard build bundles),
# with Debian's compile options and its fixes from 41-... on, as one shared library in
# $PREFIX/lib; the interpreter's _sqlite3 links it (rpath), PyInstaller bundles it.
build_sqlite() {
  local dir="$1" cflags
  cd "$dir"
  rm -rf build && mkdir build
  tar -xf "$(ls sqlite3_*.orig.tar.xz)" -C build --strip-components=1
  tar -xf "$(ls sqlite3_*.debian.tar.*)" -C build
  cd build
  for p in $(sed -n '/^41-/,$p' debian/patches/series | grep -v '^#'); do
    patch -p1 -s --no-backup-if-mismatch < "debian/patches/$p"
  done
  cflags="-O2 -fno-strict-aliasing -include $COMPAT_H -DSQLITE_SECURE_DELETE
    -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS
    -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1
    -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_OMIT_LOOKASIDE=1 -DSQLITE_ENABLE_DBSTAT_VTAB
    -DSQLITE_ALLOW_ROWID_IN_VIEW -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1
    -DSQLITE_ENABLE_LOAD_EXTENSION -DSQLITE_ENABLE_JSON1 -DSQLITE_LIKE_DOESNT_MATCH_BLOBS
    -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_FTS3_TOKENIZER=1 -DSQLITE_USE_URI=1
    -DSQLITE_MAX_SCHEMA_RETRY=25 -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_SESSION
    -DSQLITE_ENABLE_STMTVTAB -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_ENABLE_MATH_FUNCTIONS"
  ./configure --disable-tcl > ../configure.log
  make sqlite3.c > ../make.log 2>&1 || { tail -20 ../make.log; exit 1; }
  mkdir -p "$PREFIX/lib" "$PREFIX/include"
  # shellcheck disable=SC2086
  gcc $cflags -fPIC -shared -Wl,-soname,libsqlite3.so.0 sqlite3.c \
    -o "$PREFIX/lib/libsqlite3.so.0" -lm -ldl -lpthread
  ln -sf libsqlite3.so.0 "$PREFIX/lib/libsqlite3.so"
  cp sqlite3.h sqlite3ext.h "$PREFIX/include/"
  cd .. && rm -rf build
  echo "SQLite $(sed -n 's/^#define SQLITE_VERSION *"\(.*\)"/\1/p' "$PREFIX/include/sqlite3.h") built"
}

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
  # sem_clockwait (glibc 2.30) left out: Python then uses sem_timedwait, as on older systems.
  ./configure --prefix="$PREFIX" --enable-shared --with-ensurepip=install \
    CFLAGS="-include $COMPAT_H" LDFLAGS="-Wl,-rpath,$PREFIX/lib" ac_cv_func_sem_clockwait=no \
    LIBSQLITE3_CFLAGS="-I$PREFIX/include" LIBSQLITE3_LIBS="-L$PREFIX/lib -lsqlite3" \
    > ../configure.log
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
assert sqlite3.sqlite_version_info >= (3, 40), "not our SQLite"
PY
}
# --- end recipe ---

unhide() {  # files a killed smoke test left hidden (see smoke below)
  local f
  for f in /usr/lib/x86_64-linux-gnu/*.hidden; do [ -e "$f" ] && mv "$f" "${f%.hidden}"; done
  return 0
}

build_bundle() {
  unhide
  rm -rf "$VENV" /build/dist /build/work
  # The libraries the compat build bundles (system_libs.py COMPAT_BUNDLED) must be here to be
  # collected; the smoke test removes them to show the bundle does without them.
  export LAWGOV_COMPAT_LIBS=1
  # shellcheck disable=SC2046
  apt-get install -y -qq --no-install-recommends $(python3 "$SRC/packaging/linux/system_libs.py" --compat-bundled) >/dev/null
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
  local deb="$1" ledger bundled
  HIDDEN=""  # global: the EXIT trap puts these files back
  cd /
  # shellcheck source=smoke-user.sh
  . "$SRC/packaging/linux/smoke-user.sh"
  if dpkg-query -W lawgov-desktop >/dev/null 2>&1; then dpkg --purge lawgov-desktop >/dev/null; fi
  apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
  echo "ok: apt-get install $(basename "$deb") (Depends resolved from $(. /etc/os-release; echo "$PRETTY_NAME"))"
  # As on Debian 10 (统信UOS V20), which has no libxcb-util1: not in the Depends, and its
  # library hidden while the program runs (bullseye's libxcb-image0 needs the package itself),
  # so the bundled libxcb-util.so.1 has to be found.
  bundled="$(python3 "$SRC/packaging/linux/system_libs.py" --compat-bundled)"
  for p in $bundled; do
    case ", $(dpkg-query -W -f='${Depends}' lawgov-desktop), " in
      *", $p, "*|*"| $p"*|*"$p |"*) echo "the Depends name $p"; exit 1 ;;
    esac
  done
  HIDDEN="$(dpkg -L $bundled | grep -E '\.so(\.[0-9]+)*$' || true)"
  for f in $HIDDEN; do mv "$f" "$f.hidden"; done
  trap 'for f in $HIDDEN; do mv "$f.hidden" "$f"; done; smoke_user_delete' EXIT
  echo "ok: the Depends leave out $bundled; hidden while testing:" $HIDDEN
  [ -x /usr/bin/lawgov ] && [ -x /usr/bin/lawgov-desktop ] || { echo "installed files missing"; exit 1; }
  desktop-file-validate /usr/share/applications/lawgov-desktop.desktop
  python3 "$SRC/packaging/linux/check_depends.py" /opt/lawgov-desktop
  echo "ok: every system library comes from the Depends"
  smoke_user_create lgsmoke
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
  python) rm -rf "$PREFIX"; write_compat_header; build_sqlite "$2/sqlite3"; build_python "$2/python3.11" ;;
  bundle) build_bundle ;;
  smoke) smoke "$2" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
