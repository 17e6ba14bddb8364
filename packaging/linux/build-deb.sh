#!/usr/bin/env bash
# Build the .deb for 统信UOS / 麒麟 Kylin / Debian (amd64) from the PyInstaller onedir bundle.
#
#   bash packaging/linux/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# BUNDLE_DIR defaults to dist/lawgov-desktop (made by `pyinstaller packaging/lawgov-desktop.spec`),
# OUT_DIR to dist/. Writes OUT_DIR/lawgov-desktop_<version>_amd64<LAWGOV_DEB_SUFFIX>.deb and
# prints its path. LAWGOV_DEB_SUFFIX (default empty) tells builds apart that differ only in the
# systems they run on: build-compat.sh sets "-glibc2.31". The package itself is the same
# (name, version), only its `Depends: libc6 (>= x.y)` differs: the newest glibc the bundle needs.
#
# Layout: the bundle in /opt/lawgov-desktop/, `lawgov` and `lawgov-desktop` in /usr/bin
# (small wrapper scripts), the launcher in /usr/share/applications, the icon in the hicolor
# theme. There are no maintainer scripts: Debian's triggers refresh the menu and icon caches,
# and the users' ledgers (~/.local/share/LawGovDesktop) are never touched, not even on purge.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUNDLE="$(realpath "${1:-$ROOT/dist/lawgov-desktop}")"
OUT="${2:-$ROOT/dist}"
PACKAGE=lawgov-desktop
ARCH=amd64

[ -x "$BUNDLE/lawgov-desktop" ] && [ -x "$BUNDLE/lawgov" ] || {
  echo "no bundle in $BUNDLE: run pyinstaller packaging/lawgov-desktop.spec first" >&2; exit 2; }
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/lawgov_desktop/__init__.py")"
[ -n "$VERSION" ] || { echo "no __version__ in lawgov_desktop/__init__.py" >&2; exit 2; }

# The oldest glibc the bundle runs on: the newest GLIBC_x.y symbol version any file needs.
MIN_GLIBC="$(python3 "$HERE/glibc_floor.py" "$BUNDLE")"
DEPENDS="$(python3 "$HERE/system_libs.py" --depends "$MIN_GLIBC")"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
R="$STAGE/root"
mkdir -p "$R/DEBIAN" "$R/opt" "$R/usr/bin" "$R/usr/share/applications" \
  "$R/usr/share/doc/$PACKAGE"
cp -a "$BUNDLE" "$R/opt/$PACKAGE"
install -m 0755 "$HERE/lawgov-desktop.sh" "$R/usr/bin/lawgov-desktop"
install -m 0755 "$HERE/lawgov.sh" "$R/usr/bin/lawgov"
install -m 0644 "$HERE/lawgov-desktop.desktop" "$R/usr/share/applications/$PACKAGE.desktop"
ICONS="$ROOT/resources/icons"
for size in 16 24 32 48 64 128 256; do
  src="$ICONS/lawgov-desktop-$size.png"; [ "$size" = 256 ] && src="$ICONS/lawgov-desktop.png"
  install -D -m 0644 "$src" "$R/usr/share/icons/hicolor/${size}x${size}/apps/$PACKAGE.png"
done
cat > "$R/usr/share/doc/$PACKAGE/README.Debian" <<DOC
法治建设台账 (LawGov Desktop) $VERSION

程序安装在 /opt/$PACKAGE/，命令 lawgov 和 lawgov-desktop 在 /usr/bin/。
台账数据保存在每个用户自己的数据文件夹（~/.local/share/LawGovDesktop/），
卸载（apt remove 或 apt purge）不会删除台账数据。
DOC
# Everything readable by all, writable by root only (dpkg-deb --root-owner-group sets owners).
chmod -R u+rwX,go+rX,go-w "$R"

INSTALLED_KB="$(du -sk --apparent-size --exclude=DEBIAN "$R" | cut -f1)"
cat > "$R/DEBIAN/control" <<CONTROL
Package: $PACKAGE
Version: $VERSION
Architecture: $ARCH
Maintainer: LawGov Desktop maintainers <lawgov-desktop@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Section: misc
Priority: optional
Description: 法治建设台账 - ledgers and year-end reports for a legal section
 LawGov Desktop keeps a county bureau legal section's ledgers offline in one SQLite
 file: enforcement cases, administrative reconsiderations and lawsuits, trainings and
 publicity events; it reminds of legal deadlines, computes the year's statistics and
 writes the year-end 法治政府建设年度报告 (PDF, DOCX) and the statistics workbook.
 .
 执法案件、复议诉讼、学法培训、普法宣传台账；法定期限提醒；年度统计；年度报告。
 The program is self-contained (no Python needed) and never uses the network.
CONTROL

mkdir -p "$OUT"
DEB="$OUT/${PACKAGE}_${VERSION}_${ARCH}${LAWGOV_DEB_SUFFIX:-}.deb"
# xz (every dpkg reads it), on all cores: about 1 min for the 130 MB bundle on 2 cores.
# (dpkg-deb before 1.21.9, e.g. Debian 11's, has no --threads-max and compresses on one core.)
THREADS=(); case "$(dpkg-deb --help)" in *--threads-max*) THREADS=(--threads-max="$(nproc)") ;; esac
dpkg-deb --build --root-owner-group -Zxz "${THREADS[@]}" "$R" "$DEB" >/dev/null
echo "$DEB"
