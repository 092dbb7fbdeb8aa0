"""Screenshots of the assessment round: the scoring pane and the overview tab.

Builds a scored round of the five seed reports in a temporary project (with
temporary settings, never the user's) and saves two PNGs:

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_assessment.py OUTDIR

OUTDIR/assessment_scoring.png  the main window with the scoring pane of one report
OUTDIR/assessment_overview.png the 总览 tab: table and chart of the whole round
"""

from __future__ import annotations

import sys
from pathlib import Path

from shot_window import ROOT, isolated_window

#: seed prefix -> (points per criterion id, claims (quote, tag) to annotate)
ROUND = {
    "000": ({"measures": 12, "weaknesses": 6, "leaders_duty": 10, "next_year": 9, "other": 0,
             "measures_quality": 12, "weaknesses_quality": 5, "plans_answer_weaknesses": 8,
             "published_on_time": 10},
            [("及时制定了《坡头镇法治乡镇创建活动实施方案》", "measure"),
             ("今年坡头镇驻点顾问律师为5人", "figure"),
             ("法律顾问实际到村社服务总次数183次", "figure"),
             ("我镇累计主动公开政府信息116条", "figure"),
             ("组织开展了大型普法宣传活动16场", "measure"),
             ("群众认识不够全面,依法治镇工作缺乏广泛的群众参与", "weakness"),
             ("普法教育工作做得不够细,群众领会能力低,法制观念淡薄", "weakness")]),
    "001": ({"measures": 14, "weaknesses": 7, "leaders_duty": 0, "next_year": 10, "other": 0,
             "measures_quality": 14, "weaknesses_quality": 6},
            [("形成权责清单90项并及时公示更新", "measure"), ("开展行政规范性文件清理2次", "measure"),
             ("组织执法人员参加培训4期共184人次", "figure"), ("执法监督力量薄弱", "weakness")]),
    "002": ({"measures": 11, "weaknesses": 8, "leaders_duty": 0, "next_year": 8},
            [("一是沟通衔接需进一步畅通", "weakness"), ("二是普法宣传教育需进一步加强", "weakness")]),
    "003": ({"measures": 13, "weaknesses": 10, "leaders_duty": 14, "next_year": 9, "other": 2,
             "measures_quality": 9, "weaknesses_quality": 9, "plans_answer_weaknesses": 7,
             "published_on_time": 10},
            [("部分工作人员法治观念淡薄", "weakness"), ("普法宣传方式较为单一", "weakness")]),
    "004": ({}, [("印发《掌起镇2020年重大行政决策事项目录清单》", "measure")]),
}
SHOWN = "000"


def _settle(app, n: int = 8) -> None:
    for _ in range(n):
        app.processEvents()


def main(outdir: str) -> int:
    from PySide6.QtCore import Qt

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    app, context, window, tmp = isolated_window("reviewdesk-assess-", "评审轮次.rdproj")
    from desktop.importers import import_file

    project = context.project
    project.set_round("2024年度乡镇法治政府建设年度报告评审", 2024)
    ids = {}
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        ids[seed.name[:3]] = project.import_document(import_file(seed)).doc_id
    _settle(app)
    for prefix, (points, claims) in ROUND.items():
        doc_id = ids[prefix]
        text = project.document(doc_id).text
        for quote, tag in claims:
            start = text.find(quote)
            if start < 0:
                print(f"quote not found in {prefix}: {quote}", file=sys.stderr)
                continue
            ann = project.add_annotation(doc_id, start, start + len(quote), tag, reviewer="李明")
            if prefix == SHOWN and tag in ("figure", "weakness"):
                project.add_evidence(doc_id, "measures_quality" if tag == "figure" else "weaknesses_quality",
                                     ann.id, "李明")
        for cid, value in points.items():
            project.set_score(doc_id, cid, "李明", points=value)
    project.set_score(ids[SHOWN], "weaknesses_quality", "李明", comment="只列问题，未分析原因")
    project.update_document(ids["003"], status="done")
    window.resize(1560, 960)
    window.show()
    context.set_current_document(ids[SHOWN])
    window.assessment.show_scoring()
    window.resizeDocks([window.annotation_dock, window.assessment.dock], [300, 640], Qt.Orientation.Vertical)
    _settle(app)
    window.assessment.pane.scroll.verticalScrollBar().setValue(
        window.assessment.pane.cards["measures_quality"].y() - 28)
    _settle(app)
    window.grab().save(str(out / "assessment_scoring.png"))
    window.assessment.show_overview()
    _settle(app)
    window.grab().save(str(out / "assessment_overview.png"))
    print(out / "assessment_scoring.png")
    print(out / "assessment_overview.png")
    window.close()
    context.close_project()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
