"""Issue 15, store side: a PDF's page records and original bytes kept per
text version (schema 7), through import, replace, revert, undo, removal,
the v6 → v7 migration and a read-only open; and their size."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from desktop.importers.base import PageLine
from desktop.store import Project
from desktop.store.pages import decode_lines, encode_lines, page_ranges

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from importer_pdfs import PDF_PARAGRAPHS, long_pdf, make_pdf  # noqa: E402
from page_records import pdf_document  # noqa: E402


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "p.rdproj") as p:
        yield p


def _pdf(extra: str = "") -> bytes:
    return make_pdf([*PDF_PARAGRAPHS, *( [extra] if extra else [])], lines_per_page=12)


def test_lines_round_to_a_tenth_of_a_point_and_keep_their_text():
    lines = (PageLine("全面推进依法行政 2024", 72.04, 100.26, 300.0, 112.5, 0.734),
             PageLine("第 1 页", 280, 800, 320, 812))
    back = decode_lines(encode_lines(lines))
    assert [ln.text for ln in back] == ["全面推进依法行政 2024", "第 1 页"]
    assert (back[0].x0, back[0].top, back[0].x1, back[0].bottom, back[0].confidence) == (72.0, 100.3, 300, 112.5, 0.73)
    assert back[1].confidence == 1.0
    assert page_ranges([3, 4, 5, 6, 7, 8, 10]) == "3–8、10" and page_ranges([2]) == "2"


def test_import_keeps_records_and_bytes(project):
    data = _pdf()
    doc = pdf_document(data, ocr_pages={1: [0.6, 0.9]})
    doc_id = project.import_document(doc).doc_id
    records = project.page_records(doc_id)
    assert len(records) == len(doc.page_records) >= 2
    assert [r.source for r in records] == [r.source for r in doc.page_records]
    assert records[1].lines[0].confidence == 0.6 and records[1].lines[0].text == doc.page_records[1].lines[0].text
    assert abs(records[0].lines[0].x0 - doc.page_records[0].lines[0].x0) <= 0.05
    assert project.original_file(doc_id) == data and project.has_original(doc_id)
    assert project.page_starts(doc_id) == doc.page_starts
    assert project.ocr_pages(doc_id) == [(1, pytest.approx(doc.page_records[1].confidence, abs=1e-4))]


def test_a_text_report_has_none(project):
    from desktop.importers import import_bytes

    doc_id = project.import_document(import_bytes("某镇2024年法治政府建设情况报告\n开展培训。".encode(), "a.txt")).doc_id
    assert project.page_records(doc_id) == [] and project.original_file(doc_id) is None
    assert not project.has_original(doc_id) and project.ocr_pages(doc_id) == []


def test_undo_of_import_removes_them_and_redo_brings_them_back(project):
    from desktop.store import operations as ops

    applied = project.run(ops.ImportDocument(pdf_document(_pdf())))
    doc_id = applied.result.doc_id
    undo = project.run(applied.inverse)
    assert project.db.conn.execute("SELECT count(*) FROM document_pages").fetchone()[0] == 0
    assert project.db.conn.execute("SELECT count(*) FROM document_files").fetchone()[0] == 0
    project.run(undo.inverse)
    assert project.original_file(doc_id) is not None and project.page_records(doc_id)


def test_versions_keep_their_own_pages_and_undo_restores_them(project):
    first, second = _pdf(), _pdf("新增一段：全年办理行政复议案件12件。")
    doc_id = project.import_document(pdf_document(first)).doc_id
    old_records = project.page_records(doc_id)
    applied = project.run(project.replace_operation(doc_id, pdf_document(second, "v2.pdf")))
    assert project.original_file(doc_id) == second
    assert project.page_records(doc_id) != old_records
    # undo of the replace: the first version's pages and bytes are current again
    redo = project.run(applied.inverse)
    assert project.original_file(doc_id) == first and project.page_records(doc_id) == old_records
    project.run(redo.inverse)
    assert project.original_file(doc_id) == second
    # bringing the stored first version back brings its pages back
    version = project.versions(doc_id)[0]
    project.revert_to_version(doc_id, version.id)
    assert project.original_file(doc_id) == first and project.page_records(doc_id) == old_records
    # both versions are kept, once each
    assert project.db.conn.execute("SELECT count(*) FROM document_files").fetchone()[0] == 2


def test_undo_replace_drops_the_pages_of_the_version_it_removes(project):
    doc_id = project.import_document(pdf_document(_pdf())).doc_id
    result = project.replace_document(doc_id, pdf_document(_pdf("另一段：开展执法检查3次。")))
    project.undo_replace(doc_id, result.version_id)
    assert project.db.conn.execute("SELECT count(*) FROM document_files").fetchone()[0] == 1
    assert project.original_file(doc_id) == _pdf()


def test_a_replace_by_a_word_file_leaves_no_pages_current(project):
    from desktop.importers import import_bytes

    doc_id = project.import_document(pdf_document(_pdf())).doc_id
    text = project.document_text(doc_id) + "\n补充一段。"
    project.replace_document(doc_id, import_bytes(text.encode(), "v2.txt"))
    assert project.page_records(doc_id) == [] and project.original_file(doc_id) is None


def test_removing_a_report_removes_them_and_undo_brings_them_back(project):
    from desktop.store import operations as ops

    doc_id = project.import_document(pdf_document(_pdf())).doc_id
    applied = project.run(ops.RemoveDocuments((doc_id,)))
    assert project.db.conn.execute("SELECT count(*) FROM document_pages").fetchone()[0] == 0
    project.run(applied.inverse)
    assert project.original_file(doc_id) == _pdf() and project.page_records(doc_id)


def _as_version_6(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE document_pages")
    conn.execute("DROP TABLE document_files")
    conn.execute("PRAGMA user_version = 6")
    conn.close()


def test_a_version_6_project_is_migrated_with_its_data(tmp_path):
    from desktop.importers import import_bytes

    path = tmp_path / "old.rdproj"
    with Project(path) as p:
        doc_id = p.import_document(import_bytes("某镇2024年法治政府建设情况报告\n开展培训。".encode(), "a.txt")).doc_id
        p.add_annotation(doc_id, 0, 2, "measure")
    _as_version_6(path)
    # read-only: migrated in memory, the file untouched
    with Project(path, readonly=True) as p:
        assert p.page_records(doc_id) == [] and p.original_file(doc_id) is None
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 6
    with Project(path) as p:
        assert p.db.conn.execute("PRAGMA user_version").fetchone()[0] == 7
        assert len(p.annotations(doc_id)) == 1 and p.document_text(doc_id).startswith("某镇")
        new = p.import_document(pdf_document(_pdf())).doc_id
        assert p.original_file(new) is not None


def test_a_read_only_project_reads_them(tmp_path):
    path = tmp_path / "p.rdproj"
    with Project(path) as p:
        doc_id = p.import_document(pdf_document(_pdf(), ocr_pages={0: [0.5]})).doc_id
        records = p.page_records(doc_id)
    with Project(path, readonly=True) as p:
        assert p.page_records(doc_id) == records and p.original_file(doc_id) == _pdf()
        assert p.ocr_pages(doc_id)[0][0] == 0


def test_size_of_a_20_page_report(tmp_path, capsys):
    """What the lines add to a project file: measured and bounded (per line, not per character)."""
    data = long_pdf(20)
    doc = pdf_document(data)
    assert len(doc.page_records) == 20
    blobs = [encode_lines(r.lines) for r in doc.page_records]
    per_page = sum(map(len, blobs)) / len(blobs)
    chars = sum(len(ln.text) for r in doc.page_records for ln in r.lines) / 20
    with Project(tmp_path / "with.rdproj") as p:
        p.import_document(doc)
    without = pdf_document(data)
    without.page_records, without.original = [], None
    with Project(tmp_path / "without.rdproj") as p:
        p.import_document(without)
    grown = (tmp_path / "with.rdproj").stat().st_size - (tmp_path / "without.rdproj").stat().st_size
    with capsys.disabled():
        print(f"\n[pages] {chars:.0f} chars/page; lines blob {per_page:.0f} B/page, "
              f"{sum(map(len, blobs))} B for 20 pages; PDF {len(data)} B; project file +{grown} B "
              f"(lines + the PDF's bytes)")
    assert per_page < 2500
    assert grown < len(data) + 20 * 2500 + 64 * 1024


def test_a_merged_report_brings_its_pages_and_original(tmp_path):
    from desktop.store.merge import prepare_merge

    theirs = tmp_path / "theirs.rdproj"
    with Project(theirs) as p:
        doc_id = p.import_document(pdf_document(_pdf(), ocr_pages={0: [0.5]})).doc_id
        records = p.page_records(doc_id)
    with Project(tmp_path / "ours.rdproj") as p:
        applied = p.run(prepare_merge(p, [theirs]))
        (new_id,) = [d.id for d in p.documents()]
        assert p.page_records(new_id) == records and p.original_file(new_id) == _pdf()
        p.run(applied.inverse)
        assert p.db.conn.execute("SELECT count(*) FROM document_files").fetchone()[0] == 0
