#!/usr/bin/env bash
# Render the Excel score sheets to PNG pages so a person can look at them.
#
#   scripts/render_sheets.sh OUTDIR
#
# Builds a sample round from seeds/ (the five seeds imported, two reviewers
# scoring each report with the default rubric, quotes linked as evidence, two
# reports tied, one left unscored), exports the .xlsx and .csv score sheets,
# converts the .xlsx to PDF with LibreOffice headless (every sheet, as
# printed: landscape, one page wide) and the PDF to PNG pages with pdftoppm.
# Also converts the .csv back to .xlsx with LibreOffice's CSV import (zh-CN,
# special numbers detected) and prints any cell it read as a number or date.
# Needs soffice with Calc (libreoffice-calc-nogui) and pdftoppm (poppler-utils).
# (scripts/render_exports.sh renders the Word exports.)
set -euo pipefail

OUT="${1:?usage: scripts/render_sheets.sh OUTDIR}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
PROJECT="$OUT/sheets.rdproj"
rm -f "$PROJECT"

cd "$HERE"
"$PY" - "$PROJECT" <<'PYEOF'
import sys
from pathlib import Path

from desktop.importers import import_file
from desktop.store import Project

PICKS = [("measure", "健全", "有制度支撑"), ("measure", "培训", ""), ("figure", "万元", "请核实金额"),
         ("figure", "件", ""), ("weakness", "不足", "原因分析不够"), ("weakness", "有待", "")]

with Project(sys.argv[1]) as p:
    p.set_round("2024年度乡镇法治政府建设年度报告评审（样例）", 2024)
    criteria = p.criteria()
    seeds = sorted(Path("seeds").glob("*.txt"))
    for n, seed in enumerate(seeds):
        doc_id = p.import_document(import_file(seed)).doc_id
        p.apply_detected_metadata(doc_id)
        if n == len(seeds) - 1:
            continue  # left unscored: 未评, last
        text = p.document_text(doc_id)
        anns = []
        for k, (tag, word, note) in enumerate(PICKS):
            pos = text.find(word, len(text) // 10)
            if pos < 0:
                continue
            start = max(text.rfind("\n", 0, pos) + 1, text.rfind("。", 0, pos) + 1)
            end = min(x for x in (text.find("。", pos), text.find("\n", pos), len(text)) if x >= 0)
            if any(a.start < end and start < a.end for a in anns):
                continue
            anns.append(p.add_annotation(doc_id, start, end, tag, note=note,
                                         reviewer="王评审" if k % 2 == 0 else "李评审"))
        for j, reviewer in enumerate(("王评审", "李评审")):
            for i, c in enumerate(criteria):
                # reports 0 and 1 tie (same points); the others differ
                shift = 0 if n < 2 else n
                points = round(c.max_points * (0.95 - 0.05 * ((i + shift + j) % 4)), 1)
                p.set_score(doc_id, c.id, reviewer, points=points,
                            comment="内容具体，有数据支撑" if (i + j) % 3 == 0 else "")
                fits = [a for a in anns if (a.tag == "weakness") == ("weak" in c.id)]
                if fits and j == 0:
                    p.add_evidence(doc_id, c.id, fits[i % len(fits)].id, reviewer)
    print(f"sample round: {len(p.documents())} reports")
PYEOF

"$PY" -m desktop export "$PROJECT" --format xlsx --out "$OUT/scores.xlsx"
"$PY" -m desktop export "$PROJECT" --format csv --out "$OUT/scores.csv"

SOFFICE="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$SOFFICE" ]; then
    echo "soffice not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui" >&2
    exit 1
fi
# A private LibreOffice profile, so a running office or a first-start dialog cannot interfere.
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
"$SOFFICE" -env:UserInstallation=file://"$PROFILE" --headless --convert-to pdf \
    --outdir "$OUT" "$OUT/scores.xlsx" >/dev/null
rm -f "$OUT"/scores-*.png
pdftoppm -png -r 80 "$OUT/scores.pdf" "$OUT/scores"
pdfinfo "$OUT/scores.pdf" 2>/dev/null | grep -E "^(Pages|Page size)" || true

# The CSV as LibreOffice reads it: comma, '"', UTF-8, from line 1, zh-CN,
# quoted fields not forced to text, special numbers (dates) detected, formulas evaluated.
mkdir -p "$OUT/csv-import"
"$SOFFICE" -env:UserInstallation=file://"$PROFILE" --headless \
    --infilter="CSV:44,34,76,1,,2052,false,true,false,false,false,-1,true" \
    --convert-to xlsx --outdir "$OUT/csv-import" "$OUT/scores.csv" >/dev/null
"$PY" - "$OUT/csv-import/scores.xlsx" <<'PYEOF'
import sys
from datetime import date, datetime, time

import openpyxl

ws = openpyxl.load_workbook(sys.argv[1], data_only=True).active
dates = [c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, (date, datetime, time))]
print("CSV read back by LibreOffice:", "cells read as dates: " + ", ".join(dates) if dates else "no date cells")
PYEOF
ls -1 "$OUT"/scores*.png
