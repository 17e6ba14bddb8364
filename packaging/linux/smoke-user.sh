# A fresh user account runs the installed program the way an office PC's user would.
# Sourced (as root) by ci-package.sh on the build machine and by compat-chroot.sh in the
# compat build's old-release chroot:
#
#   . packaging/linux/smoke-user.sh
#   smoke_user_create lgsmoke        # new account, empty home; sets TESTUSER, TESTHOME
#   smoke_installed packaging/smoke.py || ...   # clean-account check + smoke.py --gui
#   as_user lawgov check             # any command as that user, in a login-like environment
#   smoke_user_delete
#
# SMOKE_DISPLAY=xvfb (default: xvfb-run, the xcb platform plugin against the system's X
# libraries) or offscreen (QT_QPA_PLATFORM=offscreen, no X server needed).

smoke_user_create() {
  TESTUSER="$1"
  if id "$TESTUSER" >/dev/null 2>&1; then userdel -r "$TESTUSER" 2>/dev/null || true; fi
  useradd -m "$TESTUSER"
  TESTHOME="$(getent passwd "$TESTUSER" | cut -d: -f6)"
}

smoke_user_delete() {
  [ -n "${TESTUSER:-}" ] && userdel -r "$TESTUSER" >/dev/null 2>&1 || true
}

# A login-like clean environment in the user's home: no venv, no PYTHONPATH, and not the
# checkout as the working folder (python3 would import from it).
as_user() {
  ( cd "$TESTHOME" && runuser -u "$TESTUSER" -- env -i HOME="$TESTHOME" USER="$TESTUSER" \
      LOGNAME="$TESTUSER" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@" )
}

# SMOKE_DISPLAY_CMD: the command prefix that gives the program a display.
if [ "${SMOKE_DISPLAY:-xvfb}" = offscreen ]; then
  SMOKE_DISPLAY_CMD=(env QT_QPA_PLATFORM=offscreen)
else
  SMOKE_DISPLAY_CMD=(xvfb-run -a -s "-screen 0 1366x768x24")
fi

# smoke_installed SMOKE_PY [TIMINGS_JSON]: the account must not see the project's Python
# packages; then packaging/smoke.py runs the installed lawgov and lawgov-desktop on a
# temporary data folder. Prints what failed and returns 1 on a failure.
smoke_installed() {
  local smoke_py="$1" timings="${2:-}"
  cp "$smoke_py" "$TESTHOME/smoke.py" && chown "$TESTUSER" "$TESTHOME/smoke.py"
  if as_user python3 -c "import lawgov_desktop" 2>/dev/null \
      || as_user python3 -c "import PySide6" 2>/dev/null; then
    echo "the test user can import the project or PySide6: not a clean account" >&2
    return 1
  fi
  echo "ok: test user $TESTUSER has no lawgov_desktop or PySide6 for its python3"
  as_user "${SMOKE_DISPLAY_CMD[@]}" python3 "$TESTHOME/smoke.py" --lawgov lawgov --desktop lawgov-desktop \
    --gui ${timings:+--json "$timings"} || { echo "smoke test of the installed program" >&2; return 1; }
}
