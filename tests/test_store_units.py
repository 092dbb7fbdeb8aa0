"""Decisions in project.py and errors.py that mutation testing found unchecked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.errors import ProjectError, ProjectReadOnly, clean_name, escape_for_line
from desktop.importers.base import ImportedDocument
from desktop.store import Change, Project
from desktop.store.project import db_error, text_similarity
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION, content_hash
from desktop.text import canonical_text, detect_sections

BODY = ["一、主要举措和成效", "全年办理行政复议案件3件。", "开展法治讲座8场。", "二、存在的不足", "执法力量不足。"]


def doc(lines: list[str], *, title: str = "尼山镇2024年度法治政府建设工作报告", name: str = "a.txt",
        warnings: list[str] | None = None) -> ImportedDocument:
    text = canonical_text([title, *lines])
    return ImportedDocument(title, name, content_hash(name + text), "txt", text, detect_sections(text),
                            warnings=list(warnings or []))


@pytest.mark.parametrize("ch, shown", [
    ("\x1f", "\\u001f"), ("\x7f", "\\u007f"), ("\x80", "\\u0080"), ("\x9f", "\\u009f"),
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\u200e", "\\u200e"), ("\u061c", "\\u061c"),
    (" ", " "), ("~", "~"), ("\xa0", "\xa0"), ("\u202f", "\u202f"), ("\u2027", "\u2027"), ("\u202a", "\\u202a"),
])
def test_escape_and_clean_at_every_boundary(ch, shown):
    assert escape_for_line(f"a{ch}b") == f"a{shown}b"
    kept = shown == ch
    assert clean_name(f"a{ch}b") == (f"a{ch}b" if kept else "ab")


def test_db_error_maps_each_code_to_its_kind(tmp_path):
    def error(code: int, text: str = "x") -> sqlite3.OperationalError:
        exc = sqlite3.OperationalError(text)
        exc.sqlite_errorcode = code
        return exc

    path = tmp_path / "p.rdproj"
    expected = {sqlite3.SQLITE_BUSY: "locked", sqlite3.SQLITE_LOCKED: "locked",
                sqlite3.SQLITE_READONLY: "readonly", sqlite3.SQLITE_FULL: "disk_full",
                sqlite3.SQLITE_CORRUPT: "corrupt_project", sqlite3.SQLITE_NOTADB: "corrupt_project",
                sqlite3.SQLITE_CANTOPEN: "project", sqlite3.SQLITE_IOERR: "project"}
    for code, kind in expected.items():
        typed = db_error(error(code | 0x300), path)  # extended codes carry the primary one in the low byte
        assert typed.kind == kind and str(path) in typed.message, code
    assert db_error(error(sqlite3.SQLITE_IOERR, "database or disk is full"), path).kind == "disk_full"
    assert db_error(error(sqlite3.SQLITE_IOERR, "disk I/O error"), path).kind == "project"
    assert db_error(error(sqlite3.SQLITE_CONSTRAINT), path) is None
    assert db_error(sqlite3.OperationalError("no code"), path) is None


def test_similarity_of_texts():
    assert text_similarity("甲乙丙丁戊", "甲乙丙丁戊") == 1.0
    assert text_similarity("甲乙丙丁戊", "甲乙 丙丁\n戊") == 1.0  # whitespace ignored
    assert text_similarity("甲乙丙", "甲乙丙丁") == 0.0  # under four characters: no shingles
    assert text_similarity("甲乙丙丁戊己", "甲乙丙丁戊庚") == pytest.approx(2 / 4)


def test_import_result_change_and_stored_json_keep_chinese(tmp_path):
    with Project(tmp_path / "p.rdproj") as p:
        seen: list[Change] = []
        p.subscribe(seen.append)
        first = doc(BODY, warnings=["第 3 页没有文字层"])
        new = p.import_document(first)
        assert (new.action, new.title, new.warnings, new.sections) == (
            "new", first.title, ("第 3 页没有文字层",), tuple(first.sections))
        assert len(seen) == 1
        assert seen[0].of("documents") == [Change("documents", new.doc_id, (new.doc_id,), (new.doc_id,))]
        assert seen[0].of("sections") == [Change("sections", new.doc_id)]
        dup = p.import_document(doc(BODY, name="b.txt"))
        assert (dup.action, dup.doc_id, dup.title) == ("duplicate", new.doc_id, first.title)
        assert p.db.conn.execute("SELECT warnings FROM documents").fetchone()[0] == '["第 3 页没有文字层"]'
        p.replace_document(new.doc_id, doc(BODY[:3]))
        raw = p.db.conn.execute("SELECT warnings, sections_json FROM document_versions").fetchone()
        assert raw[0] == '["第 3 页没有文字层"]' and "一、主要举措和成效" in raw[1]


def test_unit_from_the_title_and_year_detected_when_unit_is_given(tmp_path):
    with Project(tmp_path / "p.rdproj") as p:
        a = p.import_document(doc(["正文。"], title="尼山镇2023年度法治政府建设工作报告")).doc_id
        b = p.import_document(doc(["正文二。"], title="某单位2022年度报告"), unit="手填").doc_id
        c = p.import_document(doc(["正文三。"], title="掌起镇2021年度报告"), year=2020).doc_id
        assert [(i.unit, i.year) for i in map(p.document_info, (a, b, c))] == [
            ("尼山镇", 2023), ("手填", 2022), ("掌起镇", 2020)]


def test_an_orphan_comes_back_when_a_later_version_has_its_quote_again(tmp_path):
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc(BODY)).doc_id
        text = p.document_text(d)
        s = text.index("开展法治讲座8场")
        ann = p.add_annotation(d, s, s + 8, "figure")
        p.replace_document(d, doc([x for x in BODY if "讲座" not in x]))
        assert p.annotation(ann.id).orphaned
        back = p.replace_document(d, doc(["前言。", *BODY]))
        placed = p.annotation(ann.id)
        assert not placed.orphaned and p.document_text(d)[placed.start:placed.end] == "开展法治讲座8场"
        assert back.moved == 1 and back.orphans == 0


def test_replace_keeps_the_title_and_takes_the_new_files_details(tmp_path):
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc(BODY)).doc_id
        p.update_document(d, title="评阅人改过的标题")
        new = doc(["前言。", *BODY], title="新文件里的标题", name="修订稿.docx")
        new.pages, new.format = 3, "docx"
        result = p.replace_document(d, new)
        info = p.document_info(d)
        assert (result.title, info.title, info.source_name, info.format, info.pages, info.chars,
                info.content_sha256, info.source_sha256) == (
            "评阅人改过的标题", "评阅人改过的标题", "修订稿.docx", "docx", 3, len(new.text),
            content_hash(new.text), new.source_sha256)
        assert p.sections(d) == new.sections


def _v1_file(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO round (id, created_at, updated_at) VALUES (1, 't', 't')")
    conn.execute("INSERT INTO documents (id, title, source_name, source_sha256, format, text, imported_at, "
                 "updated_at) VALUES (4, '旧项目的报告', 'a.txt', 's', 'txt', '甲镇的报告全文', 't', 't')")
    conn.execute("INSERT INTO annotations (id, doc_id, start, \"end\", quote, tag, created_at, updated_at) "
                 "VALUES (9, 4, 0, 2, '甲镇', 'measure', 't', 't')")
    conn.execute("COMMIT")
    conn.close()


def test_a_version_1_project_reads_read_only_without_changing_the_file(tmp_path):
    path = tmp_path / "old.rdproj"
    _v1_file(path)
    before = path.read_bytes()
    with Project(path, readonly=True) as p:
        (info,) = p.documents()
        assert (info.id, info.title, info.chars, info.content_sha256) == (
            4, "旧项目的报告", 7, content_hash("甲镇的报告全文"))
        (ann,) = p.annotations(4)
        assert ann.id == 9 and len(ann.uuid) == 36
        assert p.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(ProjectReadOnly):
            p.add_annotation(4, 0, 2, "figure")
    assert path.read_bytes() == before


def test_read_only_refuses_newer_and_foreign_files(tmp_path):
    newer = tmp_path / "n.rdproj"
    Project(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ProjectError, match="更新版本"):
        Project(newer, readonly=True)
    foreign = tmp_path / "f.rdproj"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(ProjectError, match="不是评阅台项目文件"):
        Project(foreign, readonly=True)
    with pytest.raises(ProjectError, match="找不到"):
        Project(tmp_path / "none.rdproj", readonly=True)
    assert not (tmp_path / "none.rdproj").exists()
