#!/usr/bin/env bash
# Screenshots of the input method's candidate window over the note editor (编辑批注)
# while composing (issue 16): scripts/ime_check.py types the pinyin "zhongguo"
# without committing, saves the whole Xvfb screen with ImageMagick's `import`, then
# finishes its check (space, OK, filter box, project file) as usual.
#   bash scripts/screenshot_ime.sh [OUT_DIR] [--frozen dist/ReviewDesk/ReviewDesk]
# Writes OUT_DIR/ime-fcitx5.png and OUT_DIR/ime-ibus.png (default OUT_DIR: out) for
# each framework installed (fcitx5 + fcitx5-chinese-addons; ibus + ibus-libpinyin).
# Exit status as scripts/ime_check.sh: 0 pass, 1 fail, 77 nothing could run.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-out}"; shift || true
command -v import >/dev/null || { echo "screenshot-ime: SKIP: ImageMagick's import is not installed"; exit 77; }
mkdir -p "$OUT"
status=77
for im in fcitx5 ibus; do
  python3 scripts/ime_check.py --im "$im" --screenshot "$OUT/ime-$im.png" "$@"
  rc=$?
  if [ $rc -eq 1 ] || { [ $rc -eq 0 ] && [ $status -eq 77 ]; }; then status=$rc; fi
done
ls -l "$OUT"/ime-*.png 2>/dev/null
exit $status
