#!/usr/bin/env bash
# Render the annotated copy (annotated-docx) of a seed to PNG pages, to look at.
#
#   scripts/render_annotated.sh OUTDIR [SEED]
#
# Imports one seed (default: the first in seeds/), marks quotes with nested,
# overlapping, identical, multi-paragraph and noted spans of every tag by two
# reviewers, orphans one by a new version, exports the annotated copy with
# `python -m desktop export --format annotated-docx`, converts it to PDF with
# LibreOffice headless (comments shown in the margin) and the PDF to PNG
# pages with pdftoppm. Needs soffice (libreoffice-writer) and pdftoppm
# (poppler-utils). Look for: comments in the margin with author, date and
# 「tag」+note; tints and underlines (举措 single, 数据 dashed, 不足 wavy);
# Chinese fonts, not boxes; the orphan listed at the end.
set -euo pipefail

OUT="${1:?usage: scripts/render_annotated.sh OUTDIR [SEED]}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
SEED="${2:-$(ls "$HERE"/seeds/*.txt | head -1)}"
PY="${PYTHON:-python}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SEED="$(cd "$(dirname "$SEED")" && pwd)/$(basename "$SEED")"
PROJECT="$OUT/annotated.rdproj"
rm -f "$PROJECT" "$OUT"/annotated*.png "$OUT/annotated.pdf"

cd "$HERE"
"$PY" - "$PROJECT" "$SEED" <<'PYEOF'
import sys
from dataclasses import replace
from pathlib import Path

from desktop.importers import import_file
from desktop.store import Project

project_path, seed = sys.argv[1], Path(sys.argv[2])
first = import_file(seed)
lost = "这一句只在旧版本里，新版本删去了。"
with Project(project_path) as p:
    doc = p.import_document(replace(first, text=first.text + "\n" + lost)).doc_id
    p.apply_detected_metadata(doc)
    old = p.document_text(doc)
    i = old.index(lost)
    p.add_annotation(doc, i, i + len(lost), "weakness", note="旧版本里的批注", reviewer="王评审")
    p.replace_document(doc, first)
    text = p.document_text(doc)
    lines = text.split("\n")
    body = [k for k, line in enumerate(lines) if len(line) > 60]

    def line_start(k: int) -> int:
        return sum(len(x) + 1 for x in lines[:k])

    def add(start: int, end: int, tag: str, note: str, who: str) -> None:
        p.add_annotation(doc, start, end, tag, note=note, reviewer=who)

    # a sentence, a phrase nested in it, a span overlapping its end, the same span twice
    k = line_start(body[0])
    add(k, k + 40, "measure", "举措具体，有依据", "王评审")
    add(k + 10, k + 18, "figure", "嵌套：请核实", "李评审")
    add(k + 30, k + 55, "weakness", "与上一条交叠", "李评审")
    add(k + 30, k + 55, "figure", "同一段文字的第二条批注", "王评审")
    # one span across two paragraphs, one in a later paragraph without a note
    k2 = line_start(body[1])
    add(k2 + len(lines[body[1]]) - 12, line_start(body[1] + 1) + 8, "measure", "跨两段", "王评审")
    k3 = line_start(body[2])
    add(k3 + 5, k3 + 25, "weakness", "", "李评审")
    # every tag on its own, further down
    for tag, label, n in (("measure", "举措", 3), ("figure", "数据", 4), ("weakness", "不足", 5)):
        if len(body) > n:
            k = line_start(body[n])
            add(k, k + 16, tag, f"单独一条{label}", "王评审")
    print(f"{seed.name}: {len(p.annotations(doc))} annotations, {len(p.orphans(doc))} orphaned")
PYEOF

"$PY" -m desktop export "$PROJECT" --format annotated-docx --doc 1 --out "$OUT/annotated.docx"

SOFFICE="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$SOFFICE" ]; then
    echo "soffice not found: apt-get install -y --no-install-recommends libreoffice-writer-nogui" >&2
    exit 1
fi
# A private LibreOffice profile, so a running office or a first-start dialog cannot interfere;
# ExportNotesInMargin prints the comments in the page margin, as Word shows them.
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
"$SOFFICE" -env:UserInstallation=file://"$PROFILE" --headless \
    --convert-to 'pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}' \
    --outdir "$OUT" "$OUT/annotated.docx" >/dev/null
pdftoppm -png -r 80 "$OUT/annotated.pdf" "$OUT/annotated"
ls -1 "$OUT"/annotated*.png
# LibreOffice before 7.5 cannot put comments in the PDF's margin (it draws a note icon at
# each anchor instead): list each comment with the words it is anchored on, to check by eye.
"$PY" - "$OUT/annotated.docx" <<'PYEOF'
import sys

import docx
from docx.oxml.ns import qn

d = docx.Document(sys.argv[1])
meta = {c.comment_id: c for c in d.comments}
open_, quoted = {}, {}
for el in d.element.body.iter():
    if el.tag == qn("w:commentRangeStart"):
        open_[int(el.get(qn("w:id")))] = []
    elif el.tag == qn("w:commentRangeEnd"):
        i = int(el.get(qn("w:id")))
        quoted[i] = "".join(open_.pop(i))
    elif el.tag == qn("w:t"):
        for parts in open_.values():
            parts.append(el.text or "")
for i, c in sorted(meta.items()):
    when = c._comment_elm.get(qn("w:date"))
    print(f"批注 {i}: {c.author} ({c.initials}) {when} {c.text!r} on {quoted.get(i, '?')[:60]!r}")
PYEOF
