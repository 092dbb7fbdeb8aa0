"""Screenshots of merging reviewers' projects (issue 14): the merge summary
and the 合并冲突 dialog.

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_merge.py /tmp/merge.png

Two reviewers' projects of the same two reports (other titles, other file
names), one annotation edited differently in both; the second one is merged
into the first in the window. Writes ``<out>`` (the window with the 合并冲突
dialog over it) and ``<out stem>-summary.txt`` (the summary's text). Uses a
temporary project and temporary settings, never the user's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from shot_window import ROOT, isolated_window, save, settle

os.environ.setdefault("REVIEWDESK_INSTALLATION_ID", "screenshot-pc-a")


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-merge-", "评阅人甲.rdproj", reviewer="李明")
    from desktop.importers import import_file
    from desktop.store import Project
    from desktop.store.merge import RegisterReviewer

    context.register_reviewer("李明")
    project = context.project
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    ids = [project.import_document(import_file(p)).doc_id for p in seeds[:2]]
    text = project.document_text(ids[0])
    needles = [line for line in text.split("\n") if len(line) > 60][2:5]
    anns = []
    for n in needles:
        start = text.index(n) + 2
        anns.append(project.add_annotation(ids[0], start, start + 24, "measure", reviewer=context.reviewer,
                                           note="已核实"))
    other = tmp / "评阅人乙.rdproj"
    project.save_copy(other)
    with Project(other) as p:
        key = p.run(RegisterReviewer("李明", "screenshot-pc-b")).result  # a namesake on another PC
        p.update_annotation(anns[0].id, note="数据与统计年鉴不一致，需要核对", tag="figure")
        p.update_annotation(anns[1].id, note="表述笼统")
        p.add_annotation(ids[1], 40, 70, "weakness", reviewer=key, note="原因分析不足")
        p.set_score(ids[1], "measures", key, points=12)
    project.update_annotation(anns[0].id, note="已核实，与附件一致")
    window.interaction.info = lambda parent, title, text, details="": Path(
        str(Path(out).with_suffix("")) + "-summary.txt").write_text(f"{title}\n{text}\n\n{details}\n", encoding="utf-8")
    window.merge_controller.merge([str(other)])
    context.set_current_document(ids[0])
    window.resize(1500, 950)
    window.show()
    dialog = window.conflicts_controller.show()
    dialog.resize(1100, 300)
    dialog.move(window.geometry().center() - dialog.rect().center())
    dialog.table.selectRow(0)
    settle(app, 10)
    ok = save(window, out)
    ok = dialog.grab().save(str(Path(out).with_suffix("")) + "-dialog.png") and ok
    print(Path(str(Path(out).with_suffix("")) + "-summary.txt").read_text(encoding="utf-8"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "merge.png"))
