#!/usr/bin/env bash
# Screenshots of the FROZEN app's main window under Xvfb, in Chinese and in English
# (issue 6's check that the bundle renders Chinese with the platform's fonts and
# that the English UI is complete). A seed report is opened and claims of each tag
# are annotated by the app's own --screenshot mode (temporary project and settings).
#   bash scripts/screenshot_frozen.sh [DIST_DIR] [OUT_DIR]   (defaults: dist, out)
# Writes OUT_DIR/frozen-zh_CN.png and OUT_DIR/frozen-en.png.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST="${1:-dist}"
OUT="${2:-out}"
APP="$DIST/ReviewDesk/ReviewDesk"
[ -x "$APP" ] || { echo "screenshot: no executable at $APP (run scripts/build_bundle.sh)" >&2; exit 1; }
mkdir -p "$OUT"
SEED=seeds/000_72cc8833663dde4f.txt
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP" XDG_CONFIG_HOME="$TMP/.config" XDG_DATA_HOME="$TMP/.local/share"
export QT_QPA_PLATFORM=xcb
# Chinese: a Chinese system locale, the shipped default.
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$APP" --screenshot "$OUT/frozen-zh_CN.png" "$SEED"
# English: an English system locale picks the English UI (no settings override).
LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$APP" --screenshot "$OUT/frozen-en.png" "$SEED"
ls -l "$OUT"/frozen-*.png
