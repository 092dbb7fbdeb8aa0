"""Title, unit and year corrected in the window, and a report marked done:
each one undoable step, through the report list and the scoring pane."""

from __future__ import annotations


def _info(window, doc_id):
    return window.context.cache.info(doc_id)


def test_report_info_is_corrected_in_one_undoable_step(window, seed_doc, fake):
    before = _info(window, seed_doc)
    menu = window.documents_pane.build_context_menu(window.documents_pane.model().index(0))
    action = next(a for a in menu.actions() if a.objectName() == "editReportInfoAction")
    fake.report_infos.append(("坡头镇2019年度法治政府建设工作报告", "坡头镇", 2020))
    action.trigger()
    assert fake.offered[-1] == ("report_info", before.title, before.unit, before.year)
    after = _info(window, seed_doc)
    assert (after.title, after.unit, after.year) == ("坡头镇2019年度法治政府建设工作报告", "坡头镇", 2020)
    stack = window.context.undo_stack
    assert stack.undoText() == "修改报告信息"
    stack.undo()
    assert (_info(window, seed_doc).title, _info(window, seed_doc).year) == (before.title, before.year)
    fake.report_infos.append(None)  # cancelled: nothing written
    steps = stack.count()
    window.edit_report_info(seed_doc)
    assert stack.count() == steps
    fake.report_infos.append(("", before.unit, before.year))  # an empty title is not taken
    window.edit_report_info(seed_doc)
    assert stack.count() == steps and _info(window, seed_doc).title == before.title


def test_mark_done_from_the_scoring_pane_and_the_report_list(window, seed_doc):
    pane = window.assessment.pane
    assert pane.done_button.text() == "标为已完成"
    pane.done_button.click()
    assert _info(window, seed_doc).status == "done" and pane.done_button.text() == "标为评阅中"
    menu = window.documents_pane.build_context_menu(window.documents_pane.model().index(0))
    mark = next(a for a in menu.actions() if a.objectName() == "markReportDoneAction")
    assert mark.text() == "标为评阅中"
    mark.trigger()
    assert _info(window, seed_doc).status == "in_review"
    window.context.undo_stack.undo()
    window.context.undo_stack.undo()
    assert _info(window, seed_doc).status == "not_started" and pane.done_button.text() == "标为已完成"
