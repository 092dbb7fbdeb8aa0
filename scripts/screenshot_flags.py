"""Screenshot of the 问题 pane: a seed with planted problems and its quality flags listed.

Run under Xvfb (issue 13's check that the flags read and jump to their text):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_flags.py out.png

The seed 000 report gets a template placeholder, a blank unit name, a wrong
rule title and a paragraph that another 2019 report of the round (seed 002
with its year changed) holds word for word. Uses a temporary project and
temporary settings, never the user's.
"""

from __future__ import annotations

import sys
import time

from shot_window import ROOT, isolated_window, save, settle

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"
OTHER = ROOT / "seeds" / "002_9f1c9de503a19370.txt"
COPIED_START = "2、建立健全法律顾问机制"
PLANTS = [
    ("我镇大力夯实基层社会管理基础", "全年共开展普法宣传活动x次，覆盖XX镇各村。我镇大力夯实基层社会管理基础"),
    ("(一)党政主要负责人切实履行法治建设第一责任人职责。",
     "(一)党政主要负责人切实履行法治建设第一责任人职责。认真落实《党政主要负责人履行推进法治政府建设第一责任人职责规定》，"),
]


def _files(tmp):
    seed = SEED.read_text(encoding="utf-8")
    planted = seed
    for old, new in PLANTS:
        planted = planted.replace(old, new, 1)
    copied = next(p.strip() for p in seed.split("\n") if p.strip().startswith(COPIED_START))
    other = OTHER.read_text(encoding="utf-8").replace("2023", "2019")
    parts = other.split("\n\n")
    other = "\n\n".join(parts[:4] + [copied] + parts[4:])
    a, b = tmp / "坡头镇2019年法治政府建设报告.txt", tmp / "棣棠乡2019年法治政府建设报告.txt"
    a.write_text(planted, encoding="utf-8")
    b.write_text(other, encoding="utf-8")
    return a, b


def main(out: str) -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-flags-", "截图项目.rdproj")
    from desktop.importers import import_file

    project = context.project
    a, b = _files(tmp)
    project.import_document(import_file(b))
    doc_id = project.import_document(import_file(a)).doc_id
    context.set_current_document(doc_id)
    window.resize(1500, 950)
    window.show()
    window.flags_dock.show()
    window.flags_dock.raise_()
    settle(app)
    pane = window.flags_pane
    deadline = time.monotonic() + 30
    while (pane.doc_id != doc_id or pane.status.text() == pane.tr("正在检查…")) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    kinds = [f.kind for f in pane.shown_flags]
    print(f"{len(kinds)} flags: {kinds}")
    if "copied" in kinds:  # jump to the copied paragraph: the flash shows where it is
        pane.list.setCurrentIndex(pane.items.index(kinds.index("copied"), 0))
        pane.jump(pane.list.currentIndex())
    settle(app)
    ok = save(window, out)
    context.close_project()
    return 0 if ok and {"placeholder", "wrong_title", "copied"} <= set(kinds) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_flags.png"))
