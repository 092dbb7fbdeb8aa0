"""Importing through the real window: each format, bad files, cancel, many files, drops."""

from __future__ import annotations

from pathlib import Path

import pytest
from files import PARAGRAPHS, write_docx, write_pdf, write_txt
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QPushButton


@pytest.mark.parametrize("kind", ["txt-utf8", "txt-gb18030", "txt-utf16", "docx", "pdf"])
def test_each_format_imports_and_shows(window, import_files, tmp_path, kind):
    if kind.startswith("txt"):
        path = write_txt(tmp_path / "报告.txt", encoding={"txt-utf8": "utf-8", "txt-gb18030": "gb18030",
                                                          "txt-utf16": "utf-16"}[kind])
    elif kind == "docx":
        path = write_docx(tmp_path / "报告.docx")
    else:
        path = write_pdf(tmp_path / "报告.pdf")
    summary = import_files([path])
    assert [o.ok for o in summary.outcomes] == [True], summary
    project = window.context.project
    docs = project.documents()
    assert len(docs) == 1 and docs[0].format == kind.split("-")[0]
    text = project.document(docs[0].id).text
    for phrase in ("全年召开党委会议12次", "基层执法力量薄弱", "主要举措和成效"):
        assert phrase in text
    # The window shows what was imported: text, outline and the documents list.
    assert window.context.current_doc_id == docs[0].id
    assert window.document_view.toPlainText() == text
    titles = [s.title for s in window.outline.sections()]
    assert "一、主要举措和成效" in titles and "二、存在的不足和原因" in titles
    assert window.documents_pane.model().rowCount() == 1


def test_bad_file_gets_its_chinese_message_and_project_untouched(window, import_files, tmp_path, fake):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"this is not a zip file at all")
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    good = write_txt(tmp_path / "好.txt")
    summary = import_files([bad, empty, good])
    assert [o.ok for o in summary.outcomes] == [False, False, True]
    assert len(window.context.project.documents()) == 1
    kind, _title, text, details = fake.shown[-1]
    assert kind == "warning"
    assert "坏文件.docx" in text and "空.txt" in text
    assert "文件是空的" in text  # the importer's own Chinese message
    assert "好.txt" in details


def test_cancel_leaves_nothing_behind(window, qtbot, tmp_path):
    paths = [write_txt(tmp_path / f"r{i}.txt", [f"第{i}号报告", *PARAGRAPHS[1:]]) for i in range(3)]
    paths.append(write_pdf(tmp_path / "long.pdf", pages=6))
    with qtbot.waitSignal(window.importer.finished, timeout=60000) as blocker:
        window.import_files([str(p) for p in paths])
        assert window.importer.busy
        window.importer.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    assert blocker.args[0].cancelled
    assert window.context.project.documents() == []
    assert not window.importer.busy


def test_progress_reports_pages(window, qtbot, tmp_path):
    seen: list[tuple[int, int]] = []
    with qtbot.waitSignal(window.importer.finished, timeout=60000):
        window.import_files([str(write_pdf(tmp_path / "p.pdf", pages=3))])
        window.importer.task.progressed.connect(lambda d, t, _s: seen.append((d, t)))
    assert (3, 3) in seen
    assert len(window.context.project.documents()) == 1


def test_folder_and_many_files_import_with_summary(window, import_files, tmp_path, fake):
    folder = tmp_path / "报告"
    folder.mkdir()
    for i in range(3):
        write_txt(folder / f"{i}.txt", [f"第{i}号报告", *PARAGRAPHS[1:]])
    (folder / "说明.md").write_text("ignored", encoding="utf-8")
    summary = import_files([folder])
    assert len(summary.imported) == 3
    assert len(window.context.project.documents()) == 3
    assert fake.shown and fake.shown[-1][0] == "info" and "3" in fake.shown[-1][2]


def test_dropping_files_on_the_window_imports_them(window, qtbot, tmp_path):
    path = write_txt(tmp_path / "拖入.txt")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importer.finished, timeout=60000):
        window.dropEvent(event)
    assert [d.source_name for d in window.context.project.documents()] == ["拖入.txt"]


def test_open_dialog_imports_into_current_project(window, qtbot, tmp_path, fake):
    fake.files.append([str(write_docx(tmp_path / "a.docx"))])
    with qtbot.waitSignal(window.importer.finished, timeout=60000):
        window.acts.import_files.trigger()
    assert "files" in fake.asked
    assert [d.source_name for d in window.context.project.documents()] == ["a.docx"]


def test_reimporting_same_file_is_a_duplicate(window, import_files, tmp_path):
    path = write_txt(tmp_path / "同一.txt")
    import_files([path])
    summary = import_files([path])
    assert summary.outcomes[0].action == "duplicate"
    assert len(window.context.project.documents()) == 1
    assert Path(summary.outcomes[0].path).name == "同一.txt"
