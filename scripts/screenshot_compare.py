"""Screenshot of 与上年对比: a unit's next-year report against its earlier one.

Run under Xvfb (issue 14's check that the compare view reads):

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_compare.py out.png [overview.png]

坡头镇's 2019 report is seed 000; its 2020 report is made from it here: new
figures, one paragraph with its last third rewritten, one paragraph new, one
dropped. The 与上年对比 tab shows the 2020 report, the changed paragraph
selected (its differing characters marked beside the earlier one). Uses a temporary
project and temporary settings, never the user's.
"""

from __future__ import annotations

import re
import sys
import time

from shot_window import ROOT, isolated_window, save, settle

SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"
NEW = "本年度我镇首次引入第三方机构对行政执法案卷开展交叉评查，共抽查案卷46卷，发现并整改问题12个，评查结果纳入年度绩效考核。"
REWRITE = "依托网格化服务管理平台和“雪亮工程”视频监控系统，织密基层治安防控网络，实现矛盾纠纷早发现、早报告、早处置。"


def _files(tmp):
    seed = SEED.read_text(encoding="utf-8")
    later = re.sub(r"\d{2,}", lambda m: str(int(m.group(0)) + 1), seed)  # figures and years, not labels
    line = next(x for x in later.split("\n") if x.strip().startswith("我镇大力夯实基层社会管理基础"))
    cut = len(line) * 2 // 3
    later = later.replace(line, line[:cut] + (REWRITE * 3)[:len(line) - cut], 1)
    later = later.replace("二、我镇法治政府建设工作中存在的问题", NEW + "\n\n二、我镇法治政府建设工作中存在的问题", 1)
    dropped = next(x for x in later.split("\n") if x.strip().startswith("3、规范发展"))
    later = later.replace(dropped + "\n", "", 1)
    a, b = tmp / "坡头镇2019年法治政府建设报告.txt", tmp / "坡头镇2020年法治政府建设报告.txt"
    a.write_text(seed, encoding="utf-8")
    b.write_text(later, encoding="utf-8")
    return a, b


def main(out: str, overview_out: str = "") -> int:
    app, context, window, tmp = isolated_window("reviewdesk-shot-compare-", "截图项目.rdproj")
    from desktop.importers import import_file

    project = context.project
    a, b = _files(tmp)
    earlier = project.import_document(import_file(a), unit="坡头镇", year=2019).doc_id
    later = project.import_document(import_file(b), unit="坡头镇", year=2020).doc_id
    context.set_current_document(later)
    window.resize(1500, 950)
    window.show()
    settle(app)
    window.compare_action.trigger()
    settle(app)
    view = window.compare_view
    ok = view.comparison is not None and view.earlier_id == earlier
    if ok:
        result = view.comparison
        print(f"沿用 {len(result.repeated)} / 修改 {len(result.changed)} / 新增 {len(result.new)}: "
              f"{view.counts.text()}")
        row = next((r for r in range(view.proxy.rowCount())
                    if view.item_at(view.proxy.index(r, 0)).kind == "changed"), 0)
        index = view.proxy.index(row, 0)
        view.list.setCurrentIndex(index)
        view.list.scrollTo(index)
    settle(app)
    ok = save(window, out) and ok
    if overview_out:  # the 总览 tab with its 与上年重复 column
        window.tabs.setCurrentIndex(window.tabs.indexOf(window.overview))
        deadline = time.monotonic() + 30
        while window.compare_service.busy or window.compare_service.shares().get(later) is None:
            app.processEvents()
            time.sleep(0.02)
            if time.monotonic() > deadline:
                break
        settle(app)
        ok = save(window, overview_out) and ok
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot_compare.png",
                  sys.argv[2] if len(sys.argv) > 2 else ""))
