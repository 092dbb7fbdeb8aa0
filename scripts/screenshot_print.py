"""Pages of File ▸ 导出为 PDF… for a seed report with annotations, as PNGs.

Issue 12's check by eye of the printout: Chinese in a real font (not boxes),
each tag's shading and underline (solid 举措, dashed 数据, wavy 不足, deeper
where they nest or overlap), the superscript note numbers, the end notes,
the running header and "第 N 页 共 M 页" in the footer:

    python scripts/screenshot_print.py /tmp/print        # writes /tmp/print.pdf, /tmp/print-1.png …

Renders with pdftoppm (poppler-utils). Uses a temporary project and settings, never the user's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shot_window import ROOT, isolated_window  # noqa: E402

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"
#: (quote, tag, note); a 数据 inside a 举措, a 不足 across two others, one noted span in another.
CLAIMS = [
    ("一是高度重视,把普法工作纳入年度工作计划", "measure", "需补充年度计划的文号"),
    ("大型普法宣传活动16场", "measure", ""),
    ("16场", "figure", "可与上年对比"),
    ("普法人次达1300多人次", "figure", ""),
    ("成立了以镇党委书记为组长", "measure", ""),
    ("镇党委书记为组长、镇长为副组长", "weakness", "分工未写明"),
    ("普法教育工作做得不够细,群众领会能力低,法制观念淡薄", "weakness", "未分析原因，\n也未提出整改时限"),
]


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-print-", "截图项目.rdproj")
    from desktop.importers import import_file
    from desktop.ui import commands

    project = context.project
    project.import_document(import_file(SEED))
    doc = next(d for d in project.documents() if d.source_name == SEED.name)
    context.set_current_document(doc.id)
    text = project.document(doc.id).text
    for quote, tag, note in CLAIMS:
        start = text.find(quote)
        if start < 0:
            raise SystemExit(f"quote not found: {quote}")
        ann_id = window.ops.add(doc.id, start, start + len(quote), tag)
        if note:
            window.ops.run(commands.edit_note(context, ann_id, note))
    pdf = Path(out + ".pdf")

    class Answer:  # the save dialog's answer
        def __getattr__(self, name):
            return getattr(window.interaction, name)

        def ask_pdf_path(self, parent, path):
            print("suggested:", path)
            return str(pdf)

    window.interaction = Answer()
    written = window.print_controller.export_pdf()
    context.close_project()
    if not written:
        print("FAILED: no PDF written")
        return 1
    print(f"saved {written} (mode {oct(pdf.stat().st_mode & 0o777)})")
    for old in Path(out).parent.glob(Path(out).name + "-*.png"):
        old.unlink()  # pages of an earlier, longer run
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), out], check=True)
    for png in sorted(Path(out).parent.glob(Path(out).name + "-*.png")):
        print("page:", png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/screenshot_print"))
