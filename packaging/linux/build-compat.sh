#!/usr/bin/env bash
# Build the bundle and the .deb on Debian 11 (bullseye) for systems older than the build
# machine's Debian 12 (glibc 2.36): 麒麟 Kylin V10 (Ubuntu 20.04 base, glibc 2.31), Debian 11,
# and by its symbols 统信UOS V20 (Debian 10 base, glibc 2.28), where it cannot be run here.
#
#   bash packaging/linux/build-compat.sh [--worktree]     (as root; ~4 min cold, ~1.5 min warm)
#   (--worktree: build the work tree's tracked and new files as they are, not HEAD)
#
# 1. a bullseye chroot (debootstrap --variant=minbase) in build/compat/bullseye, kept and
#    reused: its build tools, Qt's X libraries and the CJK fonts from bullseye's packages
# 2. SQLite and CPython 3.11 built there once, into /opt/py311 (bullseye has only Python 3.9):
#    from bookworm's sqlite3 and python3.11 source packages (with Debian's security fixes),
#    fetched with apt-get source, so apt checks them against the signed archive; compiled to
#    need no glibc newer than 2.28 (compat-chroot.sh)
# 3. a fresh venv with the project (`git archive HEAD`, or --worktree) and PyInstaller; pip
#    picks the newest wheels that run here (PySide6 6.9.3, manylinux_2_28); then the same spec
#    and the same build-deb.sh, with libxcb-util.so.1 bundled (Debian 10 lacks libxcb-util1)
# 4. checks: no file of the bundle needs a glibc newer than 2.28 (glibc_floor.py); the .deb
#    apt-get installs in the chroot, every library it loads comes from its Depends
#    (check_depends.py), a fresh user runs packaging/smoke.py under Xvfb (smoke-user.sh);
#    then apt-get purge, and the user's ledger stays
# Writes dist/lawgov-desktop_<version>_amd64-glibc2.28.deb and dist/compat-figures.txt.
# LAWGOV_COMPAT_CACHE moves the chroot (default build/compat); delete it for a cold build.
# LAWGOV_DEBIAN_MIRROR / LAWGOV_DEBIAN_SECURITY: the archives (default: the ones apt uses here).
# Mounts (/proc, /dev, /dev/pts, /dev/shm in the chroot) are unmounted on every exit.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SUITE=bullseye
# The Debian archive (and its security archive) this machine's apt uses, unless given.
apt_uri() { apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' 2>/dev/null \
  | grep -E "/$1/?\$" | head -n 1 | sed 's:/$::' || true; }
MIRROR="${LAWGOV_DEBIAN_MIRROR:-$(apt_uri debian)}"
SECURITY="${LAWGOV_DEBIAN_SECURITY:-$(apt_uri debian-security)}"
[ -n "$MIRROR" ] || { echo "no Debian archive in apt's sources: set LAWGOV_DEBIAN_MIRROR" >&2; exit 2; }
TARGET_GLIBC=2.28                 # 统信UOS V20 (Debian 10); the chroot itself has 2.31
PY_SUITE=bookworm                 # the release whose python3.11 and sqlite3 sources we build
CACHE="${LAWGOV_COMPAT_CACHE:-$ROOT/build/compat}"
R="$CACHE/$SUITE"                 # the chroot
OUT="$ROOT/dist"
SUFFIX="-glibc$TARGET_GLIBC"
STAMPS="$R/var/lib/lawgov-compat"
SOURCE=HEAD
[ "${1:-}" = --worktree ] && SOURCE=worktree

[ "$(id -u)" -eq 0 ] || { echo "build-compat.sh needs root (debootstrap, chroot, mount)" >&2; exit 2; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$1" "$(now)"; }
log() { echo "== $(date +%H:%M:%S) $*"; }
T_START="$(now)"
declare -A SECONDS_OF=()

# -- mounts: always undone on exit -------------------------------------------------------
MOUNTS=(proc dev dev/pts dev/shm)
unmount_all() {
  local i m
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    m="$R/${MOUNTS[$i]}"
    if mountpoint -q "$m" 2>/dev/null; then umount "$m" 2>/dev/null || umount -l "$m"; fi
  done
}
mount_all() {
  unmount_all  # left over from a killed run
  mount -t proc proc "$R/proc"
  mount --bind /dev "$R/dev"
  mount --bind /dev/pts "$R/dev/pts"
  mount -t tmpfs -o mode=1777 tmpfs "$R/dev/shm"
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

in_chroot() {  # a clean environment: nothing of the host's venv, pip config or locale;
               # pip trusts the chroot's CA store (which has the host's local CAs, see below)
  chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt ${http_proxy:+http_proxy=$http_proxy} \
    ${https_proxy:+https_proxy=$https_proxy} "$@"
}

# -- 1. the chroot --------------------------------------------------------------------------
command -v debootstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq debootstrap >/dev/null; }
if [ ! -f "$STAMPS/base" ]; then
  log "debootstrap $SUITE into $R"
  t0="$(now)"
  unmount_all
  rm -rf "$R" "$R.tmp"
  mkdir -p "$CACHE"
  debootstrap --variant=minbase --include=ca-certificates,passwd "$SUITE" "$R.tmp" "$MIRROR" \
    > "$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
  mv "$R.tmp" "$R"
  cat > "$R/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
EOF
  [ -z "$SECURITY" ] || echo "deb $SECURITY $SUITE-security main" >> "$R/etc/apt/sources.list"
  printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"
  mkdir -p "$STAMPS" && touch "$STAMPS/base"
  SECONDS_OF[debootstrap]="$(since "$t0")"
fi
# The host's name service and local certificate authorities (a proxy's, say), every run.
cp /etc/resolv.conf "$R/etc/resolv.conf"
cp /etc/hosts "$R/etc/hosts"
mount_all

# -- 2. packages: build tools, Python's build deps, the bundle's Depends, smoke-test tools ----
BUILD_PKGS="build-essential pkg-config binutils libssl-dev libsqlite3-dev libffi-dev zlib1g-dev
  libbz2-dev liblzma-dev libexpat1-dev uuid-dev libgdbm-dev libncursesw5-dev dpkg-dev fakeroot
  xz-utils patch tcl"
SMOKE_PKGS="python3 xvfb xauth desktop-file-utils"
PKGS="$BUILD_PKGS $SMOKE_PKGS $(python3 "$HERE/system_libs.py" --packages)"
pkgs_id="$(echo $PKGS | tr ' ' '\n' | sort | sha256sum | cut -c1-12)"
if [ ! -f "$STAMPS/packages-$pkgs_id" ]; then
  log "apt-get install in the chroot"
  t0="$(now)"
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$R/usr/local/share/ca-certificates/"
  fi
  in_chroot apt-get update -qq
  in_chroot apt-get install -y -qq --no-install-recommends $PKGS > "$CACHE/apt.log" 2>&1 \
    || { tail -20 "$CACHE/apt.log" >&2; exit 1; }
  in_chroot update-ca-certificates >/dev/null
  rm -f "$STAMPS"/packages-* && touch "$STAMPS/packages-$pkgs_id"
  SECONDS_OF[packages]="$(since "$t0")"
else
  cp /usr/local/share/ca-certificates/*.crt "$R/usr/local/share/ca-certificates/" 2>/dev/null \
    && in_chroot update-ca-certificates >/dev/null || true
fi

# -- the project's source, as committed (or the work tree's tracked files) -----------------
log "export the source ($SOURCE) to /build/src"
rm -rf "$R/build/src" "$R/build/dist" "$R/build/work"
mkdir -p "$R/build/src"
if [ "$SOURCE" = worktree ]; then  # tracked and new (not ignored) files, as they are now
  ( cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
      | xargs -0 -I{} sh -c '[ -f "$1" ] && printf "%s\0" "$1"' _ {} \
      | tar --null -T - -cf - ) | tar -x -C "$R/build/src"
else
  git -C "$ROOT" archive HEAD | tar -x -C "$R/build/src"
fi
commit="$(git -C "$ROOT" rev-parse --short HEAD)$([ "$SOURCE" = HEAD ] || echo +worktree)"

# -- 3. CPython 3.11 from bookworm's source package, once -----------------------------------
# Built again when the recipe in compat-chroot.sh changes (its hash is the stamp's name).
py_recipe="$(sed -n '/^# --- recipe/,/^# --- end recipe/p' "$HERE/compat-chroot.sh" | sha256sum | cut -c1-12)"
if [ ! -x "$R/opt/py311/bin/python3.11" ] || [ ! -f "$STAMPS/python-$py_recipe" ]; then
  log "fetch the python3.11 and sqlite3 sources ($PY_SUITE), build them in the chroot"
  t0="$(now)"
  apt_src="$CACHE/apt-src"
  mkdir -p "$apt_src/lists/partial" "$apt_src/cache"
  echo "deb-src $MIRROR $PY_SUITE main" > "$apt_src/sources.list"
  APT_SRC=(-o "Dir::Etc::SourceList=$apt_src/sources.list" -o Dir::Etc::SourceParts=/nonexistent
           -o "Dir::State::Lists=$apt_src/lists" -o "Dir::Cache=$apt_src/cache"
           -o APT::Sandbox::User=root -qq)
  apt-get "${APT_SRC[@]}" update
  for pkg in python3.11 sqlite3; do
    rm -rf "$R/usr/src/lawgov/$pkg" && mkdir -p "$R/usr/src/lawgov/$pkg"
    ( cd "$R/usr/src/lawgov/$pkg" && apt-get "${APT_SRC[@]}" source --download-only "$pkg/$PY_SUITE" )
  done
  in_chroot bash /build/src/packaging/linux/compat-chroot.sh python /usr/src/lawgov \
    > "$CACHE/python-build.log" 2>&1 || { tail -30 "$CACHE/python-build.log" >&2; exit 1; }
  tail -n 3 "$CACHE/python-build.log"
  rm -f "$STAMPS"/python* && touch "$STAMPS/python-$py_recipe"
  SECONDS_OF[python]="$(since "$t0")"
fi

# -- 4. the bundle, in a fresh venv --------------------------------------------------------
log "venv, pip install, PyInstaller (log: $CACHE/bundle.log)"
t0="$(now)"
in_chroot bash /build/src/packaging/linux/compat-chroot.sh bundle > "$CACHE/bundle.log" 2>&1 \
  || { tail -40 "$CACHE/bundle.log" >&2; exit 1; }
grep '^versions:' "$CACHE/bundle.log" || true
SECONDS_OF[bundle]="$(since "$t0")"
BUNDLE="$R/build/dist/lawgov-desktop"
bundle_mb="$(du -sm "$BUNDLE" | cut -f1)"

log "glibc floor of the bundle (must be <= $TARGET_GLIBC)"
floor="$(python3 "$HERE/glibc_floor.py" "$BUNDLE" --max "$TARGET_GLIBC" --top 5)" \
  || { echo "the bundle needs a glibc newer than $TARGET_GLIBC" >&2; exit 1; }
echo "GLIBC floor: $floor"

# -- 5. the .deb: the same build-deb.sh, from the exported source, on this machine's dpkg -----
log "build the .deb"
t0="$(now)"
mkdir -p "$OUT"
rm -f "$OUT"/lawgov-desktop_*_amd64"$SUFFIX".deb
DEB="$(LAWGOV_DEB_SUFFIX="$SUFFIX" LAWGOV_COMPAT_LIBS=1 bash "$R/build/src/packaging/linux/build-deb.sh" "$BUNDLE" "$OUT")"
SECONDS_OF[deb]="$(since "$t0")"
deb_mib="$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 2**20:.1f}')" "$DEB")"
depends="$(dpkg-deb -f "$DEB" Depends | cut -d, -f1)"
echo "$DEB: $deb_mib MiB, Depends: $depends, ..."

# -- 6. install it in the chroot and smoke-test it as a fresh user -------------------------
log "install and smoke-test in the $SUITE chroot (log: $CACHE/smoke.log)"
t0="$(now)"
cp "$DEB" "$R/build/"
in_chroot bash /build/src/packaging/linux/compat-chroot.sh smoke "/build/$(basename "$DEB")" \
  > "$CACHE/smoke.log" 2>&1 || { tail -40 "$CACHE/smoke.log" >&2; echo "smoke test FAILED" >&2; exit 1; }
grep -E '^(ok|  start to window)' "$CACHE/smoke.log" || true
rm -f "$R/build/$(basename "$DEB")"
SECONDS_OF[smoke]="$(since "$t0")"

total="$(since "$T_START")"
versions="$(sed -n 's/^versions: //p' "$CACHE/bundle.log")"
{
  echo "compat build ($SUITE chroot, source $commit), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "versions:        $versions"
  for step in debootstrap packages python bundle deb smoke; do
    [ -n "${SECONDS_OF[$step]:-}" ] && printf '%-16s %s s\n' "$step:" "${SECONDS_OF[$step]}"
  done
  echo "whole script:    $total s ($([ -n "${SECONDS_OF[python]:-}" ] && echo cold || echo warm: chroot and Python cached))"
  echo "onedir bundle:   $bundle_mb MB"
  echo ".deb:            $(basename "$DEB"), $deb_mib MiB"
  echo "GLIBC floor:     $floor ($depends)"
  echo "smoke test:      passed in the $SUITE chroot"
} > "$OUT/compat-figures.txt"
log "done"
cat "$OUT/compat-figures.txt"
