"""Screenshots of issue 15's views: (a) a report read by OCR in the text view,
its low-confidence lines marked; (b) the 原版 tab, a PDF's page with the
annotations drawn over their words.

    xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/screenshot_pages.py /tmp/pages.png

writes /tmp/pages_text.png (a) and /tmp/pages_original.png (b) (the name given,
with _text / _original before the suffix), and _original_ocr: a page recorded as OCR,
its low-confidence lines outlined. With ``--ocr`` also _scan_text and _scan_original:
a noisy scan read by the OCR pipeline itself (see main_ocr).

The report is seed 000 typeset as a PDF (tests/fixtures/importer_pdfs.py).
Until the OCR pipeline has landed, (a)'s page records are constructed: the
PDF's own text-layer lines, its pages 2–3 recorded as read by OCR with every
fifth line's confidence low (0.55–0.75). Uses a temporary project and
temporary settings, never the user's.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shot_window import ROOT, isolated_window, save, settle

sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
SEED = ROOT / "seeds" / "000_72cc8833663dde4f.txt"


def _paragraphs() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n") if p.strip()][:40]


def main(out: str) -> int:
    from importer_pdfs import make_pdf
    from page_records import pdf_document

    from desktop.store import operations as ops
    from desktop.ui import commands

    app, context, window, _tmp = isolated_window("reviewdesk-shot-pages-", "截图项目.rdproj")
    data = make_pdf(_paragraphs(), lines_per_page=34, size=11)
    probe = pdf_document(data)
    low = {1: [], 2: []}
    for page in low:
        n = len(probe.page_records[page].lines)
        low[page] = [0.55 + 0.05 * (k % 5) if k % 5 == 3 else 0.93 + 0.01 * (k % 6) for k in range(n)]
    doc = pdf_document(data, "坡头镇2019年法治政府建设情况报告（扫描件）.pdf", ocr_pages=low)
    doc.warnings.append("第 2–3 页为扫描件，已识别文字，请核对")
    doc_id = commands.run_unrecorded(context, ops.ImportDocument(doc)).result.doc_id
    context.set_current_document(doc_id)
    text = doc.text
    page_end = doc.page_starts[1] if len(doc.page_starts) > 1 else len(text)
    for needle, tag in (("成立了以镇党委书记为组长、镇长为副组长", "measure"), ("2019年", "figure"),
                        ("无因行政决策不当或程序不完善引发重大群体性事件", "weakness"),
                        ("《坡头镇法治乡镇创建活动实施方案》", "measure"), ("十九大和十九届二中、三中、四中全会", "figure")):
        at = text.find(needle, 0, page_end)
        if at >= 0:
            window.ops.add(doc_id, at, at + len(needle), tag)
        else:
            print(f"not on page 1: {needle}")
    # a longer measure across two lines of page 1
    first = probe.page_records[0].lines[6].text.replace(" ", "")
    at = text.find(first[-8:])
    if at >= 0:
        window.ops.add(doc_id, at, at + 20, "measure")
    weak = text.find("存在的问题")
    if weak >= 0:
        window.ops.add(doc_id, weak, weak + len("存在的问题"), "weakness")
    window.resize(1500, 950)
    window.show()
    settle(app)
    marks = window.ocr_marks
    spans = marks.marked()
    print(f"low-confidence spans: {len(spans)}; status: {marks.label.text()!r}")
    if spans:
        window.document_view.reveal(doc_id, spans[0][0], spans[0][0])
    settle(app, 10)
    window.document_view._end_flash()  # noqa: SLF001 - the marks, not the reveal's flash
    settle(app, 5)
    print(f"drawn in the visible window: {len(marks.drawn)}")
    base = Path(out)
    ok = save(window, str(base.with_name(base.stem + "_text" + base.suffix)))
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.page_view))
    settle(app, 10)
    view = window.page_view
    chosen = next((i for i, tag, _p, _r in view.canvas.drawn_highlights if tag == "weakness"), 0)
    if chosen:  # a click on a highlight selects its annotation: shown outlined, its row selected
        rect = next(r for i, _t, _p, r in view.canvas.drawn_highlights if i == chosen)
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtGui import QMouseEvent

        for kind in (QMouseEvent.Type.MouseButtonPress, QMouseEvent.Type.MouseButtonRelease):
            app.sendEvent(view.canvas, QMouseEvent(kind, QPointF(rect.center()), QPointF(rect.center()),
                                                   Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                                                   Qt.KeyboardModifier.NoModifier))
        settle(app, 5)
        print(f"clicked annotation {chosen}; pane selection {window.annotation_pane.selected_annotation_ids()}")
    print(f"pages: {len(view.canvas.data.records) if view.canvas.data else 0}; "
          f"highlights drawn: {len(view.canvas.drawn_highlights)}")
    ok = save(window, str(base.with_name(base.stem + "_original" + base.suffix))) and ok
    view.show_page(2)
    settle(app, 10)
    ok = save(window, str(base.with_name(base.stem + "_original_ocr" + base.suffix))) and ok
    window.close()
    context.close_project()
    return 0 if ok and spans and view.canvas.drawn_highlights else 1


def main_ocr(out: str) -> int:
    """With ``--ocr``: a noisy two-page scan (tests/fixtures/scans.py: skewed, a seal over
    the text) read by the OCR pipeline itself, in the text view and in 原版 with highlights.
    Needs desktop.importers.ocr and rapidocr-onnxruntime; about a minute on two cores."""
    from scans import scanned_report

    from desktop.importers import import_bytes
    from desktop.store import operations as ops
    from desktop.ui import commands

    app, context, window, _tmp = isolated_window("reviewdesk-shot-scan-", "截图项目.rdproj")
    data, _placed = scanned_report(pages=2, noisy=True)
    doc = import_bytes(data, "坡头镇法治政府建设报告（扫描件）.pdf")
    print(f"OCR: {[r.source for r in doc.page_records]}, warnings {doc.warnings}, "
          f"lowest line confidence {min(ln.confidence for r in doc.page_records for ln in r.lines):.2f}")
    doc_id = commands.run_unrecorded(context, ops.ImportDocument(doc)).result.doc_id
    context.set_current_document(doc_id)
    text = doc.text
    page_end = doc.page_starts[1] if len(doc.page_starts) > 1 else len(text)
    for needle, tag in (("成立了以镇党委书记为组长", "measure"), ("2019年", "figure"),
                        ("十九大和十九届二中、三中、四中全会", "figure"), ("依法治镇工作领导小组", "measure")):
        at = text.find(needle, 0, page_end)
        if at >= 0:
            window.ops.add(doc_id, at, at + len(needle), tag)
        else:
            print(f"not found on page 1 of the OCR text: {needle}")
    window.resize(1500, 950)
    window.show()
    settle(app, 10)
    marked = window.ocr_marks.marked()
    print(f"low-confidence lines in the OCR text: {[(s, e, round(c, 2)) for s, e, c in marked]}")
    if marked:  # show the first one, as a reviewer checking the scan would go to it
        context.reveal(doc_id, marked[0][0], marked[0][0])
        settle(app, 10)
    base = Path(out)
    ok = save(window, str(base.with_name(base.stem + "_scan_text" + base.suffix)))
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.page_view))
    settle(app, 10)
    print(f"highlights drawn over the scan: {len(window.page_view.canvas.drawn_highlights)}")
    ok = save(window, str(base.with_name(base.stem + "_scan_original" + base.suffix))) and ok
    window.close()
    context.close_project()
    return 0 if ok else 1


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--ocr"]
    target = args[0] if args else "pages.png"
    code = main(target)
    if "--ocr" in sys.argv[1:]:
        code = main_ocr(target) or code
    sys.exit(code)
