#!/usr/bin/env bash
# Developer entry point. Sets up everything a fresh Debian 12 / UOS / Kylin machine needs
# (system packages when run as root or with sudo, a .venv with the project), then:
#   bash scripts/dev.sh app     start the desktop app (loads the demo ledger if it is empty)
#   bash scripts/dev.sh test    run the whole test suite
#   bash scripts/dev.sh bench   run the benchmarks (writes nothing; prints markdown tables)
#   bash scripts/dev.sh setup   only set up
set -euo pipefail
cd "$(dirname "$0")/.."

# TrueType CJK fonts for the PDF report and Qt, poppler for PDF checks, and the X11/xcb
# libraries Qt 6's xcb platform plugin loads (offscreen tests need only the first few).
APT_PACKAGES=(
  python3-venv
  fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-microhei fonts-wqy-zenhei
  fonts-droid-fallback fontconfig poppler-utils
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0
  libxcb-xkb1 libx11-xcb1 xvfb
)

setup_system() {
  command -v dpkg-query >/dev/null || return 0  # not a Debian-based system: nothing to do
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "缺少系统软件包（需要管理员安装）：${missing[*]}" >&2; return 0; fi
  fi
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

setup_python() {
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  # Reinstall only when pyproject.toml changed since the last install.
  if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test,dev]"
    touch .venv/.installed
  fi
}

setup() { setup_system; setup_python; }

case "${1:-app}" in
  setup) setup ;;
  app)
    setup
    shift || true
    # A first look should show a living ledger: fill it with demo data when it is empty.
    .venv/bin/lawgov "$@" demo >/dev/null 2>&1 || true
    exec .venv/bin/lawgov-desktop "$@"
    ;;
  test)
    setup
    shift || true
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    setup
    for b in bench/bench_*.py; do echo "## $b"; .venv/bin/python "$b"; done
    ;;
  *) echo "usage: bash scripts/dev.sh [app|test|bench|setup]" >&2; exit 2 ;;
esac
