#!/usr/bin/env bash
# Render the Word exports to PNG pages so a person can look at them.
#
#   scripts/render_exports.sh OUTDIR
#
# Builds a sample round from seeds/ (imports the five seeds, tags a few
# quotes per tag, scores them with the default rubric), exports one report's
# summary and the round summary as .docx (plus the score sheets and the
# annotation file), converts the .docx to PDF with LibreOffice headless and
# the PDF to PNG pages with pdftoppm. Needs soffice (libreoffice-writer) and
# pdftoppm (poppler-utils).
set -euo pipefail

OUT="${1:?usage: scripts/render_exports.sh OUTDIR}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
PROJECT="$OUT/sample.rdproj"
rm -f "$PROJECT"

cd "$HERE"
"$PY" - "$PROJECT" <<'PYEOF'
import sys
from pathlib import Path

from desktop.importers import import_file
from desktop.store import Project

# (tag, quote to look for, note) — a few per tag; missing quotes are skipped.
PICKS = [
    ("measure", "健全", "有制度支撑"),
    ("measure", "培训", ""),
    ("measure", "普法", "形式较多"),
    ("figure", "万元", "请核实金额"),
    ("figure", "次", ""),
    ("figure", "件", ""),
    ("weakness", "不足", "原因分析不够"),
    ("weakness", "有待", ""),
    ("weakness", "薄弱", ""),
]

with Project(sys.argv[1]) as p:
    p.set_round("2024年度乡镇法治政府建设年度报告评审（样例）", 2024)
    criteria = p.criteria()
    for n, seed in enumerate(sorted(Path("seeds").glob("*.txt"))):
        doc_id = p.import_document(import_file(seed)).doc_id
        p.apply_detected_metadata(doc_id)
        text = p.document_text(doc_id)
        reviewer = "王评审" if n % 2 == 0 else "李评审"
        anns = []
        for tag, word, note in PICKS:
            pos = text.find(word, len(text) // 10)
            if pos < 0:
                continue
            start = max(text.rfind("\n", 0, pos) + 1, text.rfind("。", 0, pos) + 1)
            end = min(x for x in (text.find("。", pos), text.find("\n", pos), len(text)) if x >= 0)
            end = min(end + 1, len(text)) if text[end:end + 1] == "。" else end
            if any(a.start < end and start < a.end for a in anns):
                continue
            anns.append(p.add_annotation(doc_id, start, end, tag, note=note, reviewer=reviewer))
        for i, c in enumerate(criteria):
            points = round(c.max_points * (0.95 - 0.07 * ((i + n) % 5)), 1)
            p.set_score(doc_id, c.id, reviewer, points=points,
                        comment="内容具体，有数据支撑" if i % 2 == 0 else "")
            fits = [a for a in anns if (a.tag == "weakness") == ("weak" in c.id or "不足" in c.title)]
            if fits:
                p.add_evidence(doc_id, c.id, fits[i % len(fits)].id, reviewer)
        if n < 3:
            p.update_document(doc_id, status="done")
    print(f"sample round: {len(p.documents())} reports")
PYEOF

"$PY" -m desktop export "$PROJECT" --format docx --doc 1 --out "$OUT/report-1.docx"
"$PY" -m desktop export "$PROJECT" --format docx --out "$OUT/round.docx"
"$PY" -m desktop export "$PROJECT" --format xlsx --out "$OUT/scores.xlsx"
"$PY" -m desktop export "$PROJECT" --format csv --out "$OUT/scores.csv"
"$PY" -m desktop export "$PROJECT" --format json --out "$OUT/annotations.json"

SOFFICE="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$SOFFICE" ]; then
    echo "soffice not found: apt-get install -y --no-install-recommends libreoffice-writer-nogui" >&2
    exit 1
fi
# A private LibreOffice profile, so a running office or a first-start dialog cannot interfere.
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
for name in report-1 round; do
    "$SOFFICE" -env:UserInstallation=file://"$PROFILE" --headless --convert-to pdf \
        --outdir "$OUT" "$OUT/$name.docx" >/dev/null
    rm -f "$OUT/$name"-*.png
    pdftoppm -png -r 80 "$OUT/$name.pdf" "$OUT/$name"
done
ls -1 "$OUT"/*.png
