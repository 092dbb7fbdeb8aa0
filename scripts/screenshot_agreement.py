"""Screenshots of 工具 ▸ 评阅人一致性…: the 一致性 table and the 差异对照 side-by-side.

Run under Xvfb (issue 14's check that the figures and the differences read):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_agreement.py out.png

Writes ``out.png`` (the 一致性 tab: three reviewers) and ``out-differences.png``
(two reviewers side by side on one report, a row activated so the window behind
shows the stretch selected). Three seed reports are annotated by three
reviewers, 张三, 李四 and 王五, each following the suggestions of
desktop.analysis.suggest with their own omissions, extensions and tag changes,
so they agree on much and differ in places. Both reviewers score the first
report. Uses a temporary project and temporary settings, never the user's.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from shot_window import ROOT, isolated_window, save, settle

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))[:3]
REVIEWERS = {"张三": 0.1, "李四": 0.2, "王五": 0.3}  # how often each one strays


def _annotate(project, doc_id: int, rng: random.Random) -> None:
    from desktop.analysis.suggest import suggest
    from desktop.store import operations as ops

    text = project.document_text(doc_id)
    found = suggest(text, project.sections(doc_id))
    items = []
    for reviewer, stray in REVIEWERS.items():
        for s in found:
            if rng.random() < stray:
                continue  # missed
            tag = s.tag if rng.random() > stray / 2 else rng.choice(["measure", "figure", "weakness"])
            start = max(0, s.start - (rng.randint(0, 6) if rng.random() < stray else 0))
            end = min(len(text), s.end + (rng.randint(0, 12) if rng.random() < stray else 0))
            items.append(ops.NewAnnotation(doc_id, start, end, tag, "", reviewer))
    project.run(ops.AddAnnotations(tuple(items)))


def main(out: str) -> int:
    app, context, window, _tmp = isolated_window("reviewdesk-shot-agreement-", "截图项目.rdproj")
    from desktop.importers import import_file

    project = context.project
    rng = random.Random(14)
    ids = [project.import_document(import_file(p)).doc_id for p in SEEDS]
    for doc_id in ids:
        _annotate(project, doc_id, rng)
    for i, criterion in enumerate(project.criteria()):
        project.set_score(ids[0], criterion.id, "张三", points=round(criterion.max_points * 0.8))
        if i != 2:
            project.set_score(ids[0], criterion.id, "李四",
                              points=round(criterion.max_points * (0.8 if i % 2 else 0.6)))
    context.set_current_document(ids[0])
    window.resize(1500, 950)
    window.show()
    settle(app)
    dialog = window.agreement_action.open()
    dialog.resize(1200, 760)
    if dialog.task is not None:
        from PySide6.QtTest import QTest

        deadline = 100
        while dialog.result is None and deadline:
            QTest.qWait(50)
            deadline -= 1
    settle(app)
    result = dialog.result
    print(f"reviewers {result.reviewers if result else None}: "
          + ", ".join(f"{t} α={f.alpha:.3f}" for t, f in result.tags.items() if f.alpha is not None) if result else "")
    ok = save(dialog, out)
    dialog.tabs.setCurrentIndex(1)
    dialog.choose("张三", "李四", ids[0])
    settle(app)
    print(f"{len(dialog.shown_differences)} differences, kinds "
          f"{sorted({d.kind for d in dialog.shown_differences})}")
    if dialog.shown_differences:
        row = next((i for i, d in enumerate(dialog.shown_differences) if d.kind == "different"), 0)
        dialog.diff_table.setCurrentCell(row, 1)
        dialog.jump(dialog.diff_table.currentIndex())
    settle(app)
    second = str(Path(out).with_name(Path(out).stem + "-differences" + Path(out).suffix))
    ok = save(dialog, second) and ok
    window_shot = str(Path(out).with_name(Path(out).stem + "-window" + Path(out).suffix))
    save(window, window_shot)
    context.close_project()
    return 0 if ok and result is not None and dialog.shown_differences else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_agreement.png"))
