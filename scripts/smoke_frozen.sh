#!/usr/bin/env bash
# Smoke run of the frozen bundle (issue 6): what IT staff would try first.
#   bash scripts/smoke_frozen.sh [DIST_DIR]     (default: dist; the app is DIST_DIR/ReviewDesk/)
# 1. --version prints the package version;
# 2. extract of a seed gives byte-identical output to the source install;
# 3. --self-test drives the real main window offscreen (tags a claim, checks row + highlight);
# 4. with ../shared/corpus present: encrypted/corrupt/empty files exit 2 with one error line.
# Runs with an empty HOME so nothing of a user's settings is read or written.
set -uo pipefail
cd "$(dirname "$0")/.."
DIST="${1:-dist}"
APP="$DIST/ReviewDesk/ReviewDesk"
[ -x "$APP" ] || { echo "smoke: no executable at $APP (run scripts/build_bundle.sh)" >&2; exit 1; }
PY="${PYTHON:-python3}"
SEED=seeds/000_72cc8833663dde4f.txt
CORPUS=../shared/corpus/files
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_DATA_HOME="$TMP/home/.local/share"
mkdir -p "$HOME"
fails=0
ok()   { echo "smoke: ok   $*"; }
bad()  { echo "smoke: FAIL $*" >&2; fails=$((fails + 1)); }

want="ReviewDesk $("$PY" -c 'import desktop; print(desktop.__version__)')"
got=$("$APP" --version 2>&1) && [ "$got" = "$want" ] && ok "--version: $got" || bad "--version: got '$got', want '$want'"

if "$APP" extract "$SEED" >"$TMP/frozen.txt" 2>"$TMP/frozen.err" \
   && "$PY" -m desktop extract "$SEED" >"$TMP/source.txt" 2>/dev/null \
   && cmp -s "$TMP/frozen.txt" "$TMP/source.txt" && [ -s "$TMP/frozen.txt" ]; then
  ok "extract $SEED: $(wc -l <"$TMP/frozen.txt") lines, identical to python -m desktop extract"
else
  bad "extract $SEED differs from the source install or failed: $(head -c 300 "$TMP/frozen.err")"
fi

if out=$(QT_QPA_PLATFORM=offscreen timeout 120 "$APP" --self-test 2>&1); then
  ok "$(echo "$out" | grep 'self-test:')"
else
  bad "--self-test: $out"
fi

if [ -d "$CORPUS" ]; then
  for pair in A21_encrypted_user_pw.pdf:encrypted A22_truncated_40pct.pdf:corrupt \
              A27_malformed_xml.docx:corrupt A23_empty.docx:empty A20_scanned_002.pdf:scanned; do
    file=${pair%%:*}; kind=${pair##*:}
    [ -f "$CORPUS/$file" ] || continue
    "$APP" extract "$CORPUS/$file" >"$TMP/out.txt" 2>"$TMP/err.txt"; rc=$?
    lines=$(wc -l <"$TMP/err.txt")
    if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && grep -q "^error: $kind: " "$TMP/err.txt"; then
      ok "extract $file: exit 2, $(cat "$TMP/err.txt")"
    else
      bad "extract $file: exit $rc, stderr: $(head -c 300 "$TMP/err.txt")"
    fi
  done
  # A text PDF through the frozen app's spawned PDF workers gives the source's text.
  pdf="$CORPUS/A05_libreoffice_001.pdf"
  if [ -f "$pdf" ]; then
    "$APP" extract "$pdf" >"$TMP/f.txt" 2>&1; "$PY" -m desktop extract "$pdf" >"$TMP/s.txt" 2>&1
    cmp -s "$TMP/f.txt" "$TMP/s.txt" && ok "extract $(basename "$pdf"): identical to source" \
      || bad "extract $(basename "$pdf") differs from the source install"
  fi
else
  echo "smoke: (no $CORPUS: corpus checks skipped)"
fi

# Issue 9 in the frozen app: identity, locking, integrity, backups and bounded inputs.
P="$TMP/round.rdproj"
"$APP" import "$P" "$SEED" >"$TMP/i1.txt" 2>&1 && "$APP" import "$P" "$SEED" >"$TMP/i2.txt" 2>&1 \
  && grep -q "已在项目中" "$TMP/i2.txt" && ok "import twice: the same text is not added again" \
  || bad "import twice: $(cat "$TMP/i1.txt" "$TMP/i2.txt" | head -c 300)"
if "$APP" backups "$P" --json >"$TMP/b.json" 2>"$TMP/b.err" \
   && "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d and d[0]["documents"] == 1' "$TMP/b.json"; then
  ok "backups --json: $(head -c 120 "$TMP/b.json" | tr '\n' ' ')…"
else
  bad "backups --json: $(cat "$TMP/b.err" | head -c 300)"
fi
: >"$TMP/empty.rdproj"
"$APP" import "$TMP/empty.rdproj" "$SEED" >/dev/null 2>"$TMP/e.err"; rc=$?
[ $rc -eq 2 ] && grep -q "^error: corrupt_project: " "$TMP/e.err" && [ ! -s "$TMP/empty.rdproj" ] \
  && ok "zero-byte project: exit 2, $(head -c 80 "$TMP/e.err")" || bad "zero-byte project: exit $rc, $(head -c 300 "$TMP/e.err")"
mkfifo "$TMP/pipe.pdf"
timeout 20 "$APP" extract "$TMP/pipe.pdf" >/dev/null 2>"$TMP/f.err"; rc=$?
[ $rc -eq 2 ] && grep -q "^error: unsupported: " "$TMP/f.err" \
  && ok "FIFO named .pdf: refused at once" || bad "FIFO named .pdf: exit $rc, $(head -c 300 "$TMP/f.err")"

# Issue 11 in the frozen app: a saved web page (trafilatura and its data files) and,
# when LibreOffice is installed, a legacy .doc give the source install's text.
for page in "$CORPUS/../more/files/"C06_*.html "$CORPUS/../more/files/"C07_*.doc; do
  [ -f "$page" ] || continue
  "$APP" extract "$page" >"$TMP/f.txt" 2>"$TMP/f.err"; rc=$?
  "$PY" -m desktop extract "$page" >"$TMP/s.txt" 2>/dev/null
  [ $rc -eq 0 ] && cmp -s "$TMP/f.txt" "$TMP/s.txt" && ok "extract $(basename "$page"): identical to source" \
    || bad "extract $(basename "$page"): exit $rc, $(head -c 300 "$TMP/f.err")"
done

[ $fails -eq 0 ] && echo "smoke: all passed ($(du -sh "$DIST/ReviewDesk" | cut -f1) bundle)" || echo "smoke: $fails failed" >&2
exit $((fails > 0))
