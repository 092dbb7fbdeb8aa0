#!/usr/bin/env bash
# Adds ReviewDesk to the menu and makes *.rdproj open with it, for the current user
# (UOS, Kylin, Ubuntu…; no root). Run from the copied bundle folder's parent, e.g.
#   bash packaging/install-linux.sh /opt/ReviewDesk
# With root, pass --system to install for all users under /usr/share.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
APP_DIR="$(cd "${1:-/opt/ReviewDesk}" && pwd)"
[ -x "$APP_DIR/ReviewDesk" ] || { echo "no ReviewDesk executable in $APP_DIR" >&2; exit 1; }
if [ "${2:-}" = "--system" ]; then DATA=/usr/share; else DATA="${XDG_DATA_HOME:-$HOME/.local/share}"; fi
mkdir -p "$DATA/applications" "$DATA/mime/packages" "$DATA/icons/hicolor/256x256/apps"
ICON_SRC="$APP_DIR/_internal/resources/icons/reviewdesk.png"
[ -f "$ICON_SRC" ] || ICON_SRC="$HERE/../resources/icons/reviewdesk.png"
cp "$ICON_SRC" "$DATA/icons/hicolor/256x256/apps/reviewdesk.png"
cp "$HERE/reviewdesk-mime.xml" "$DATA/mime/packages/reviewdesk.xml"
sed "s#^Exec=.*#Exec=\"$APP_DIR/ReviewDesk\" %F#" "$HERE/reviewdesk.desktop" > "$DATA/applications/reviewdesk.desktop"
update-mime-database "$DATA/mime" 2>/dev/null || true
update-desktop-database "$DATA/applications" 2>/dev/null || true
gtk-update-icon-cache -q "$DATA/icons/hicolor" 2>/dev/null || true
xdg-mime default reviewdesk.desktop application/x-reviewdesk-project 2>/dev/null || true
echo "installed: $DATA/applications/reviewdesk.desktop (*.rdproj opens with $APP_DIR/ReviewDesk)"
