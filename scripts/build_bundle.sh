#!/usr/bin/env bash
# Builds the one-folder bundle dist/ReviewDesk/ from build.spec and prints its size.
#   bash scripts/build_bundle.sh [DIST_DIR]        (default: dist)
# Needs the build extra: python3 -m pip install -e ".[build]"
set -euo pipefail
cd "$(dirname "$0")/.."
DIST="${1:-dist}"
PY="${PYTHON:-python3}"
"$PY" scripts/update_translations.py --release-only
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath build/pyinstaller build.spec
APP="$DIST/ReviewDesk"
[ -x "$APP/ReviewDesk" ] || [ -f "$APP/ReviewDesk.exe" ] || { echo "build_bundle: no executable in $APP" >&2; exit 1; }
echo "bundle: $APP ($(du -sh "$APP" | cut -f1))"
# Linux: the oldest glibc the bundle can run on (README: Old Linux office PCs).
[ -x "$APP/ReviewDesk" ] && echo "bundle: $("$PY" scripts/glibc_needed.py "$APP" | head -1)"
exit 0
