#!/usr/bin/env bash
# Build, install and smoke-test the Linux package the way an office PC gets it.
#
#   bash packaging/linux/ci-package.sh          (as root; .ci/run calls it after the tests)
#
# 1. PyInstaller onedir bundle (dist/lawgov-desktop) and the .deb (dist/*.deb)
# 2. apt-get install of the .deb, then checks of what it installed: the launcher, the icon,
#    every shared library the bundle loads comes from its Depends (check_depends.py)
# 3. a fresh user account with no Python packages of the project runs the smoke test
#    (packaging/smoke.py: lawgov demo/stats/export/check and lawgov-desktop --smoke-test under
#    Xvfb) and the start-up time to the window shown is measured, cold and warm
# 4. apt-get remove and purge: the program is gone, the user's ledger is still there
# 5. the Windows installer script compiles with makensis against a stand-in payload
# Figures go to dist/package-figures.txt. The last line is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PY="${LAWGOV_VENV:-$ROOT/.venv}/bin/python"  # LAWGOV_VENV: another venv with the project
TESTUSER=lgsmoke
FIGURES="$ROOT/dist/package-figures.txt"
passed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { echo "FAILED: $*" >&2; echo "$passed passed, 1 failed"; exit 1; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

[ "$(id -u)" -eq 0 ] || { echo "ci-package.sh needs root: it installs the .deb and adds a test user" >&2; exit 2; }

apt_install() {  # install packages, refreshing the package lists only when needed
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
}

echo "== tools"
TOOLS=(binutils xvfb xauth desktop-file-utils nsis)
missing=()
for p in "${TOOLS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
[ -x "$PY" ] || bash scripts/dev.sh setup  # the .venv the tests use
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q -e ".[package]"

echo "== build the bundle"
rm -rf dist/lawgov-desktop build/pyinstaller
t0="$(now)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
  --workpath build/pyinstaller packaging/lawgov-desktop.spec
build_s="$(since "$t0")"
bundle_mb="$(du -sm dist/lawgov-desktop | cut -f1)"
ok "bundle built in ${build_s} s: dist/lawgov-desktop, ${bundle_mb} MB"

echo "== build the .deb"
t0="$(now)"
rm -f dist/lawgov-desktop_*_amd64.deb
DEB="$(realpath "$(bash packaging/linux/build-deb.sh dist/lawgov-desktop dist)")"
deb_s="$(since "$t0")"
deb_mb="$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 2**20:.1f}')" "$DEB")"
ok "$DEB built in ${deb_s} s, ${deb_mb} MiB"

echo "== install it"
dpkg-query -W lawgov-desktop >/dev/null 2>&1 && dpkg --purge lawgov-desktop >/dev/null
t0="$(now)"
apt_install "$DEB"
install_s="$(since "$t0")"
[ -x /opt/lawgov-desktop/lawgov-desktop ] && [ -x /usr/bin/lawgov ] && [ -x /usr/bin/lawgov-desktop ] \
  || fail "installed files missing"
desktop-file-validate /usr/share/applications/lawgov-desktop.desktop || fail "launcher invalid"
grep -qx 'Name\[zh_CN\]=法治建设台账' /usr/share/applications/lawgov-desktop.desktop \
  || fail "launcher has no Chinese name"
[ -f /usr/share/icons/hicolor/256x256/apps/lawgov-desktop.png ] || fail "no icon"
ok "installed in ${install_s} s; launcher and icon in place"
python3 packaging/linux/check_depends.py /opt/lawgov-desktop || fail "libraries outside the Depends"
ok "every system library comes from the Depends"

echo "== a fresh user runs it"
. packaging/linux/smoke-user.sh  # smoke_user_create, as_user, smoke_installed (shared with
                                 # the compat build, build-compat.sh)
smoke_user_create "$TESTUSER"
trap smoke_user_delete EXIT
home="$TESTHOME"
smoke_installed packaging/smoke.py "$home/timings.json" || fail "smoke test of the installed program"
ok "smoke test of the installed program as a clean account (temp data folder)"
as_user lawgov demo >/dev/null && as_user lawgov check || fail "lawgov on the default data folder"
LEDGER="$home/.local/share/LawGovDesktop/ledger.sqlite3"
[ -f "$LEDGER" ] || fail "no ledger in the user's data folder"
ok "lawgov demo/check on the user's data folder: $LEDGER"

# Cold start: the page cache dropped (where the machine allows it), then started once.
sync; cold_note="cold"
echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || cold_note="first (page cache not droppable here)"
startup() {
  as_user xvfb-run -a -s "-screen 0 1366x768x24" python3 -c '
import subprocess, sys, time
runs = []
for _ in range(int(sys.argv[1])):
    t = time.perf_counter()
    subprocess.run(["lawgov-desktop", "--quit-after-show"], check=True, capture_output=True)
    runs.append(time.perf_counter() - t)
print(f"{sorted(runs)[len(runs) // 2]:.2f}")' "$1"
}
cold_s="$(startup 1)" || fail "lawgov-desktop --quit-after-show"
warm_s="$(startup 5)" || fail "lawgov-desktop --quit-after-show"
ok "start to window shown: ${cold_note} ${cold_s} s, warm median ${warm_s} s"

echo "== remove it; the ledger stays"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq lawgov-desktop >/dev/null
[ ! -e /opt/lawgov-desktop ] && [ ! -e /usr/bin/lawgov ] \
  && [ ! -e /usr/share/applications/lawgov-desktop.desktop ] || fail "files left after remove"
[ -f "$LEDGER" ] || fail "remove deleted the user's ledger"
dpkg --purge lawgov-desktop >/dev/null 2>&1 || true
[ -f "$LEDGER" ] || fail "purge deleted the user's ledger"
ok "removed and purged; $LEDGER kept"

echo "== Windows installer script"
stub="$(mktemp -d)"
mkdir -p "$stub/payload/_internal"
printf 'stand-in\n' > "$stub/payload/lawgov-desktop.exe"
printf 'stand-in\n' > "$stub/payload/lawgov.exe"
printf 'stand-in\n' > "$stub/payload/_internal/base_library.zip"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' lawgov_desktop/__init__.py)"
makensis -V2 -DPAYLOAD="$stub/payload" -DVERSION="$VERSION" -DOUTFILE="$stub/LawGovDesktop-setup.exe" \
  packaging/windows/installer.nsi || fail "makensis"
[ -s "$stub/LawGovDesktop-setup.exe" ] || fail "makensis wrote no installer"
rm -rf "$stub"
ok "packaging/windows/installer.nsi compiles (stand-in payload)"

cat > "$FIGURES" <<FIG
build (PyInstaller, --clean):  ${build_s} s
onedir bundle:                 ${bundle_mb} MB
.deb build:                    ${deb_s} s
.deb size:                     ${deb_mb} MiB
apt-get install:               ${install_s} s
start to window shown:         ${cold_note} ${cold_s} s, warm median ${warm_s} s
FIG
echo "== figures ($FIGURES)"
cat "$FIGURES"
echo "$passed passed, 0 failed"
