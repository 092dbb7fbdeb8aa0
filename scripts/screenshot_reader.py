"""Screenshot of the reader: notes marked in the text, touching same-tag spans told apart, a selection.

Run under Xvfb (issue 11's check that a note's flag shows, that three 举措
sentences side by side read as three, and that the selection is not a tag):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_reader.py /tmp/reader.png

Uses a temporary project and temporary settings, never the user's.
"""

from __future__ import annotations

import sys

from shot_window import ROOT, isolated_window, save, settle, shown

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"
#: (quote to search in the text, tag, note): 一是/二是/三是 touch end to start.
CLAIMS = [
    ("一是高度重视,把普法工作纳入年度工作计划", "measure", ""),
    ("二是结合重要节点做好普法工作", "measure", "需补充各主题活动的场次"),
    ("三是结合镇委、镇政府中心工作", "measure", ""),
    ("大型普法宣传活动16场", "figure", "可与上年对比"),
    ("普法人次达1300多人次", "figure", ""),
    ("普法教育工作做得不够细,群众领会能力低,法制观念淡薄", "weakness", "未分析原因"),
]
#: Selected in the picture: part of a tagged sentence and the untagged text after it.
SELECTED = "12月3日坡头司法所到坡头爱周中学开展"


def sentence_from(text: str, head: str) -> tuple[int, int]:
    """The span from ``head`` to the end of its sentence (the 。 included)."""
    start = text.find(head)
    if start < 0:
        raise SystemExit(f"quote not found: {head}")
    if not head.startswith(("一是", "二是", "三是")):
        return start, start + len(head)
    return start, text.index("。", start) + 1


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-reader-", "截图项目.rdproj")
    from desktop.importers import import_file
    from desktop.ui import commands

    project = context.project
    project.import_document(import_file(SEED))
    doc = next(d for d in project.documents() if d.source_name == SEED.name)
    context.set_current_document(doc.id)
    text = project.document(doc.id).text
    spans = []
    for head, tag, note in CLAIMS:
        start, end = sentence_from(text, head)
        ann_id = window.ops.add(doc.id, start, end, tag)
        if note:
            window.ops.run(commands.edit_note(context, ann_id, note))
        spans.append((start, end, tag, note))
    shown(app, window)
    view = window.document_view
    first = spans[0][0]
    context.reveal(doc.id, first, first)
    view._end_flash()  # noqa: SLF001 - a still picture needs no flash
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view.cursorRect().top() - 120)
    selected = text.find(SELECTED)
    view.select_span(selected - 12, selected + len(SELECTED))
    view.setFocus()
    view.refresh_highlights()
    settle(app)
    window.document_view.viewport().repaint()
    print("marks:", view.marks())
    print("alternate:", view.alternate_spans())
    ok = save(window, out)
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/screenshot_reader.png"))
