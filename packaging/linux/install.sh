#!/usr/bin/env bash
# Install a built bundle system-wide on a Linux workstation (run as root):
#
#   sudo bash packaging/linux/install.sh [dist/detainer-desk] [/path/to/desk.toml]
#
# The program goes to /opt/detainer-desk, the Start-menu entry and the icons to the
# freedesktop places, and, if given, the department's settings file to
# /etc/xdg/detainer-desk/desk.toml (the system-wide file, read before each user's).
# That file names the database and may hold its credentials, so it is readable only by
# root and the desk group (DESK_GROUP, default "desk", created if missing): put the
# desk accounts in that group. Better still, keep no password in it at all (a
# ~/.pgpass / PGPASSFILE password file, or Kerberos): see docs/packaging.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bundle=${1:-$root/dist/detainer-desk}
settings=${2:-}
[ -x "$bundle/desk-app" ] || { echo "install: no bundle at $bundle; run 'make package'" >&2; exit 1; }

rm -rf /opt/detainer-desk
cp -a "$bundle" /opt/detainer-desk
install -Dm644 "$here/detainer-desk.desktop" /usr/share/applications/detainer-desk.desktop
install -Dm644 "$root/desk_app/resources/icons/detainer-desk.svg" \
  /usr/share/icons/hicolor/scalable/apps/detainer-desk.svg
install -Dm644 "$root/desk_app/resources/icons/detainer-desk.png" \
  /usr/share/icons/hicolor/256x256/apps/detainer-desk.png
install -Dm644 "$root/desk_app/resources/icons/detainer-desk-48.png" \
  /usr/share/icons/hicolor/48x48/apps/detainer-desk.png
if [ -n "$settings" ]; then
  group=${DESK_GROUP:-desk}
  getent group "$group" >/dev/null || groupadd --system "$group"
  install -d -m 0755 /etc/xdg/detainer-desk
  install -m 0640 -o root -g "$group" "$settings" /etc/xdg/detainer-desk/desk.toml
fi
command -v update-desktop-database >/dev/null && update-desktop-database -q || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
echo "installed /opt/detainer-desk; 'Detainer Desk' is in the applications menu"
