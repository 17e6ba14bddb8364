"""Which shared libraries the Linux bundle takes from the system, and the .deb's Depends.

The PyInstaller spec bundles the Python runtime, Qt and the libraries a Debian-based office
PC may lack or have in an older version (SQLite with FTS5 trigram, OpenSSL 3, libffi 8,
libstdc++). Everything that must match the running desktop — X11/xcb and xkbcommon (keyboard
data), fontconfig/FreeType (the system's font configuration), D-Bus, GLib, EGL/GL — is left
out of the bundle and comes from the system packages below, which the .deb Depends on.
`check_depends.py` verifies after installation that every library the bundle loads from the
system belongs to one of these packages (or to one they pull in).

    python3 packaging/linux/system_libs.py --depends   # prints the Depends field
    python3 packaging/linux/system_libs.py --packages  # the packages to apt-get install
                                                       # (first of each `a | b`)
    python3 packaging/linux/system_libs.py --compat-bundled  # packages the compat build bundles
"""

from __future__ import annotations

import os
import sys

# Libraries found in the build machine's /lib or /usr/lib that the bundle keeps anyway
# (file-name prefixes). Everything else from the system is dropped from the bundle.
BUNDLED_SYSTEM_LIBS = (
    "libpython", "libsqlite3", "libssl", "libcrypto", "libffi", "libreadline", "libtinfo",
    "libncursesw", "libstdc++", "libgcc_s", "libuuid", "libbz2", "liblzma", "libmpdec",
    "libexpat", "libz.so",
)

SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")

# Debian package names (统信UOS and 麒麟 Kylin use the same names); `a | b` where a newer
# release renamed the package (the 64-bit time_t transition).
DEPENDS = (
    # Qt's xcb platform plugin (https://doc.qt.io/qt-6/linux-requirements.html)
    "libxcb1", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-render0", "libxcb-shape0", "libxcb-shm0",
    "libxcb-sync1", "libxcb-util1", "libxcb-xfixes0", "libxcb-xkb1", "libxcb-glx0",
    "libx11-6", "libx11-xcb1", "libxkbcommon0", "libxkbcommon-x11-0",
    # Wayland sessions
    "libwayland-client0", "libwayland-cursor0", "libwayland-egl1",
    # graphics, fonts, desktop bus
    "libegl1", "libgl1", "libfontconfig1", "libfreetype6", "fontconfig", "libdbus-1-3",
    "libglib2.0-0 | libglib2.0-0t64",
    # TrueType CJK fonts for the window and the PDF reports (宋/楷 faces, 黑体 fallback)
    "fonts-arphic-gbsn00lp", "fonts-arphic-gkai00mp", "fonts-wqy-microhei | fonts-wqy-zenhei",
)


# The compat build (build-compat.sh sets LAWGOV_COMPAT_LIBS=1) also bundles these libraries
# and leaves their packages out of the Depends: Debian 10 (统信UOS V20) has no libxcb-util1,
# only libxcb-util0 (libxcb-util.so.0), and Qt 6's xcb plugin needs libxcb-util.so.1.
COMPAT_BUNDLED = {"libxcb-util.so.1": "libxcb-util1"}


def compat_build() -> bool:
    return os.environ.get("LAWGOV_COMPAT_LIBS") == "1"


def keep_binary(dest: str, src: str) -> bool:
    """Whether a binary PyInstaller collected goes into the Linux bundle."""
    if not src.startswith(SYSTEM_DIRS):
        return True
    name = dest.rsplit("/", 1)[-1]
    if compat_build() and name.startswith(tuple(COMPAT_BUNDLED)):
        return True
    return name.startswith(BUNDLED_SYSTEM_LIBS)


def depends_field(min_glibc: str | None = None) -> str:
    left_out = set(COMPAT_BUNDLED.values()) if compat_build() else set()
    items = [item for item in DEPENDS if item not in left_out]
    if min_glibc:
        items.insert(0, f"libc6 (>= {min_glibc})")
    return ", ".join(items)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--depends"]:
        print(depends_field(sys.argv[2] if len(sys.argv) > 2 else None))
    elif sys.argv[1:2] == ["--packages"]:
        print(" ".join(item.split("|")[0].strip() for item in DEPENDS))
    elif sys.argv[1:2] == ["--compat-bundled"]:
        print(" ".join(COMPAT_BUNDLED.values()))
    else:
        print(__doc__)
