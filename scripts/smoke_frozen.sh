#!/usr/bin/env bash
# Smoke run of the frozen bundle (issue 6): what IT staff would try first.
#   bash scripts/smoke_frozen.sh [DIST_DIR]     (default: dist; the app is DIST_DIR/ReviewDesk/)
# 1. --version prints the package version;
# 2. extract of a seed gives byte-identical output to the source install;
# 3. --self-test drives the real main window offscreen (tags a claim, checks row + highlight);
# 4. with ../shared/corpus present: encrypted/corrupt/empty files exit 2 with one error line;
# 5. project safety (issue 9) and saved web pages (issue 11);
# 6. every export format of desktop.export.FORMATS, each file opened with its library, and
#    the newest GLIBC symbol version the bundle needs (issue 12; GLIBC_MAX=2.28 to enforce);
# 7. with OCR in the bundle: a noisy scan read by the frozen app's OCR (issue 15).
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
    # --no-ocr: a scan keeps its old refusal (with OCR in the bundle it would be read)
    "$APP" extract --no-ocr "$CORPUS/$file" >"$TMP/out.txt" 2>"$TMP/err.txt"; rc=$?
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

# Issue 15: when the bundle carries OCR (resources/ocr), a one-page noisy scan made by the
# source install (skew, noise, a red seal) is read by the frozen app's OCR: page source
# "ocr", and at least 90 % of its characters; --no-ocr keeps the refusal.
if [ -d "$DIST/ReviewDesk/_internal/resources/ocr" ]; then
  if "$PY" - "$TMP/scan.pdf" <<'PYEOF' 2>"$TMP/mk.err"
import sys
sys.path.insert(0, "tests")
from fixtures.scans import scanned_report
pdf, paras = scanned_report("000", pages=1, dpi=150, noisy=True)
open(sys.argv[1], "wb").write(pdf)
open(sys.argv[1] + ".txt", "w", encoding="utf-8").write("\n".join(paras))
PYEOF
  then
    start=$(date +%s)
    timeout 300 "$APP" extract --json "$TMP/scan.pdf" >"$TMP/scan.json" 2>"$TMP/scan.err"; rc=$?
    secs=$(( $(date +%s) - start ))
    if [ $rc -eq 0 ] && said=$("$PY" - "$TMP/scan.json" "$TMP/scan.pdf.txt" <<'PYEOF' 2>&1
import json, sys
sys.path.insert(0, "tests")
from fixtures.scans import similarity
data = json.load(open(sys.argv[1], encoding="utf-8"))
want = open(sys.argv[2], encoding="utf-8").read()
assert [p["source"] for p in data["pages"]] == ["ocr"], data["pages"]
sim = similarity(want, data["text"])
assert sim >= 0.9, f"only {sim:.1%} of the characters"
print(f"{sim:.1%} of the characters, confidence {data['pages'][0]['confidence']}")
PYEOF
    ); then
      ok "OCR of a noisy one-page scan in ${secs} s: $said"
    else
      bad "OCR of a scan: exit $rc, $(head -c 300 "$TMP/scan.err") $(echo "${said:-}" | tail -2 | head -c 300)"
    fi
    "$APP" extract --no-ocr "$TMP/scan.pdf" >/dev/null 2>"$TMP/n.err"; rc=$?
    [ $rc -eq 2 ] && grep -q "^error: scanned: " "$TMP/n.err" && ok "extract --no-ocr of the scan: exit 2, refused" \
      || bad "extract --no-ocr of the scan: exit $rc, $(head -c 300 "$TMP/n.err")"
  else
    bad "making the test scan: $(head -c 300 "$TMP/mk.err")"
  fi
else
  echo "smoke: (bundle without OCR: OCR checks skipped)"
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

# Issue 12: the frozen app exports every format the source declares (desktop.export.FORMATS,
# so a new format is covered without touching this script), and each file opens with its
# library in the source install. The annotations come from a W3C file the source install
# exports from a project it tagged and scored, imported with the frozen app.
S="$TMP/source.rdproj" F="$TMP/frozen.rdproj" OUT="$TMP/exports"
mkdir -p "$OUT"
"$PY" -m desktop import "$S" "$SEED" >/dev/null 2>"$TMP/s.err" && "$PY" - "$S" >"$TMP/tagged.txt" 2>>"$TMP/s.err" <<'PYEOF'
import sys
from desktop.store import Project
with Project(sys.argv[1]) as p:
    doc = p.documents()[0].id
    text = p.document_text(doc)
    anns, pos = [], len(text) // 5
    for tag, note in (("measure", "冒烟测试：举措"), ("figure", ""), ("weakness", "冒烟测试：不足")):
        start = text.index("。", pos) + 1
        end = text.index("。", start) + 1
        anns.append(p.add_annotation(doc, start, end, tag, note=note, reviewer="冒烟测试"))
        pos = end
    crit = p.criteria()[0]
    p.set_score(doc, crit.id, "冒烟测试", points=crit.max_points / 2, comment="冒烟测试评语")
    p.add_evidence(doc, crit.id, anns[0].id, "冒烟测试")
    print(len(anns))
PYEOF
[ $? -eq 0 ] && "$PY" -m desktop export "$S" --format json --out "$TMP/source.json" >/dev/null 2>>"$TMP/s.err" \
  || bad "source project for the exports: $(head -c 300 "$TMP/s.err")"
nann=$(cat "$TMP/tagged.txt" 2>/dev/null)
doc=$("$APP" import "$F" "$SEED" 2>"$TMP/fi.err" | sed -n 's/.*文档 #\([0-9]*\).*/\1/p' | head -1)
if [ -n "$doc" ] && "$APP" import-annotations "$F" "$TMP/source.json" >"$TMP/ia.txt" 2>"$TMP/ia.err"; then
  ok "import + import-annotations: report #$doc, $(tr '\n' ' ' <"$TMP/ia.txt" | head -c 120)"
else
  bad "import + import-annotations: $(cat "$TMP/fi.err" "$TMP/ia.err" | head -c 300)"
fi
# Opens one exported file (or every file of an exported folder) with its library; prints what it holds.
open_export() {
  "$PY" - "$1" "$2" "${nann:-0}" <<'PYEOF'
import csv, json, sys
from pathlib import Path
path, key, nann = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
assert files, f"{path}: no file written"
said = []
for f in files:
    assert f.stat().st_size > 0, f"{f.name}: empty"
    if f.suffix == ".docx":
        import docx
        d = docx.Document(str(f))
        comments = len(list(d.comments)) if hasattr(d, "comments") else 0
        assert d.paragraphs, f"{f.name}: no paragraphs"
        if "annotated" in key and len(files) == 1:  # the seed report: one comment per annotation
            assert comments == nann, f"{f.name}: {comments} comments, {nann} annotations"
        said.append(f"{len(d.paragraphs)} paragraphs, {len(d.tables)} tables, {comments} comments")
    elif f.suffix == ".xlsx":
        import openpyxl
        wb = openpyxl.load_workbook(str(f))
        assert wb.active.max_row >= 2, f"{f.name}: no data row"
        said.append("sheets " + ", ".join(f"{ws.title}({ws.max_row}×{ws.max_column})" for ws in wb.worksheets))
    elif f.suffix == ".csv":
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert len(rows) >= 2 and len(rows[1]) == len(rows[0]), f"{f.name}: {len(rows)} rows"
        said.append(f"{len(rows)} rows × {len(rows[0])} columns")
    elif f.suffix in (".json", ".jsonld"):
        with open(f, encoding="utf-8") as fh:
            data = json.load(fh)
        items = data["first"]["items"]
        scores = [i for i in items if i.get("motivation") == "assessing"]  # the file carries scores too
        marks = [i for i in items if i.get("motivation") != "assessing"]
        assert len(marks) == nann, f"{f.name}: {len(marks)} annotations, {nann} imported"
        assert scores, f"{f.name}: no score in the file"
        said.append(f"{len(marks)} annotations, {len(scores)} scores")
    else:
        raise AssertionError(f"{f.name}: no reader for {f.suffix} in smoke_frozen.sh")
print(f"{len(files)} files, first: {said[0]}" if len(files) > 1 else said[0])
PYEOF
}
formats=$("$PY" -c 'from desktop.export import FORMATS
for k, f in FORMATS.items():
    print(k, f.suffix, int(getattr(f, "per_report", False)), int(getattr(f, "text", False)), sep=":")')
[ -n "$formats" ] || bad "cannot list desktop.export.FORMATS"
umask 022
APP_ABS="$(cd "$(dirname "$APP")" && pwd)/$(basename "$APP")"
for spec in $formats; do
  IFS=: read -r key suffix per_report text <<<"$spec"
  # One report (--doc), the whole round (a per-report format writes one file a report
  # into a folder), and for text formats --out - (standard output).
  for scope in doc round stdout; do
    out="$OUT/$scope-$key$suffix"; args=(--out "$out")
    [ $scope = doc ] && args+=(--doc "${doc:-1}")
    [ $scope = round ] && [ "$per_report" = 1 ] && { out="$OUT/round-$key"; mkdir -p "$out"; args=(--out "$out"); }
    [ $scope = stdout ] && { [ "$text" = 1 ] || continue; args=(--out -); }
    if [ $scope = stdout ]; then  # in $OUT, so an app that writes a file named "-" litters no checkout
      (cd "$OUT" && "$APP_ABS" export "$F" --format "$key" "${args[@]}" >"$out" 2>"$TMP/x.err"); rc=$?
    else
      "$APP" export "$F" --format "$key" "${args[@]}" >"$TMP/x.out" 2>"$TMP/x.err"; rc=$?
    fi
    modes=$( { [ -d "$out" ] && find "$out" -type f -exec stat -c %a {} + || stat -c %a "$out"; } 2>/dev/null | sort -u | tr '\n' ' ')
    if [ $rc -ne 0 ]; then
      bad "export $key ($scope): exit $rc, $(head -c 300 "$TMP/x.err")"
    elif ! said=$(open_export "$out" "$key" 2>&1); then
      bad "export $key ($scope) does not open: $(echo "$said" | tail -2 | head -c 300)"
    elif [ $scope != stdout ] && [ "$modes" != "644 " ]; then
      bad "export $key ($scope): file mode $modes under umask 022, want 644 (colleagues must read it)"
    else
      ok "export $key ($scope) → $(basename "$out"): $said"
    fi
  done
done
# The Word reference template(s) another file may name travel with the bundle.
for tpl in resources/templates/*; do
  [ -f "$tpl" ] || continue
  cmp -s "$tpl" "$DIST/ReviewDesk/_internal/$tpl" && ok "bundled $tpl" || bad "$tpl missing from the bundle"
done

# Which glibc an office PC needs: the newest GLIBC_ symbol version any ELF file in the
# bundle asks for (glibc is never bundled). GLIBC_MAX=2.28 makes a newer one a failure.
if glibc=$("$PY" scripts/glibc_needed.py "$DIST/ReviewDesk" ${GLIBC_MAX:+--max "$GLIBC_MAX"} 2>"$TMP/g.err"); then
  ok "$(echo "$glibc" | head -1)"
  echo "smoke:        $(echo "$glibc" | sed -n 2p)"
else
  bad "glibc: $(echo "$glibc" | head -1); $(head -c 600 "$TMP/g.err")"
fi

[ $fails -eq 0 ] && echo "smoke: all passed ($(du -sh "$DIST/ReviewDesk" | cut -f1) bundle)" || echo "smoke: $fails failed" >&2
exit $((fails > 0))
