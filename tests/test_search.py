"""Search across the round (issue 14): every occurrence of a query in every
report, full-width/half-width folded, kept up to date by every operation that
changes a report, and the ``search`` command.

Expected hits are counted here by brute force (every offset of the folded
text, folded character by character with unicodedata), never hard-coded."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.store import operations as ops
from desktop.store.search import EmptyQuery, fold, index_is_current, search
from desktop.text import canonical_text, detect_sections

REPO = Path(__file__).resolve().parent.parent

TEXTS = {
    "a": canonical_text(["甲镇2024年度法治政府建设情况报告", "一、主要举措和成效", "深入开展普法宣传，普法普法普法活动20场。",
                         "依法行政水平提升，依法行政考核ＡＢＣ等级。", "二、存在的不足", "普法形式单一。"]),
    "b": canonical_text(["乙乡2024年度法治政府建设情况报告", "一、主要举措", "推进依法行政，abc 评估，Abc 复核。",
                         "全年普法12次，１２次为线上。", "二、存在问题", "无。"]),
    # same title as "b", another unit's text
    "c": canonical_text(["乙乡2024年度法治政府建设情况报告", "一、主要举措", "普法普法普法普法。", "依法行政\u3000依法行政。"]),
    "d": canonical_text(["丙村2024年度报告", "一、主要举措", "没有要找的词。"]),
}


def doc(text: str, name: str) -> ImportedDocument:
    return ImportedDocument(text.split("\n")[0], name, "sha-" + name, "txt", text, detect_sections(text))


def slow_fold(text: str) -> str:
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        ch = n if len(n) == 1 else ch
        out.append(ch.lower() if "A" <= ch <= "Z" else ch)
    return "".join(out)


def expected(texts: dict[int, str], query: str) -> list[tuple[int, int]]:
    """(doc id, start) of every occurrence, overlapping ones too, by brute force."""
    q = slow_fold(query)
    out = []
    for doc_id in sorted(texts):
        f = slow_fold(texts[doc_id])
        out += [(doc_id, i) for i in range(len(f) - len(q) + 1) if f[i:i + len(q)] == q]
    return out


def found(hits) -> list[tuple[int, int]]:
    return [(h.doc_id, h.start) for h in hits]


def texts_of(p: Project) -> dict[int, str]:
    return {info.id: p.document_text(info.id) for info in p.documents()}


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "round.rdproj") as p:
        for key, text in TEXTS.items():
            p.import_document(doc(text, f"{key}.txt"))
        yield p


# --- folding ---------------------------------------------------------------------------------

def test_fold_is_one_character_for_one():
    assert fold("ＡＢＣ１２３，\u3000Ｘｙz") == "abc123, xyz"
    assert fold("普法宣传。“依法”") == "普法宣传。“依法”"
    sample = "".join(chr(c) for c in range(0x20, 0x3000)) + "ＡＢＣ\u3000①ﬁ⼀" + TEXTS["a"]
    assert len(fold(sample)) == len(sample)
    assert fold(sample) == slow_fold(sample)


def test_fold_of_a_million_characters_is_quick():
    import time

    text = (TEXTS["a"] + "ＡＢＣ\n") * (1_000_000 // (len(TEXTS["a"]) + 4))
    t = time.perf_counter()
    folded = fold(text)
    assert time.perf_counter() - t < 1.0  # a per-character Python loop takes several seconds
    assert len(folded) == len(text)


# --- every occurrence ------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["普", "法", "普法", "依法", "依法行政", "普法普法", "abc", "12次", "。"])
def test_every_occurrence_in_every_report(project, query):
    texts = texts_of(project)
    hits = project.search(query)
    want = expected(texts, query)
    assert len(want) >= 2
    assert found(hits) == want  # ordered by report, then offset
    for h in hits:
        original = texts[h.doc_id]
        assert fold(original[h.start:h.end]) == fold(query)
        assert h.end - h.start == len(query)
        assert h.title == project.document_info(h.doc_id).title
        assert h.snippet[h.lead:h.lead + len(query)] == original[h.start:h.end].replace("\n", " ")


def test_hits_span_several_reports_including_two_with_one_title(project):
    hits = project.search("普法")
    assert {h.doc_id for h in hits} == {1, 2, 3}
    assert [h.title for h in hits if h.doc_id in (2, 3)][0] == [h.title for h in hits if h.doc_id == 3][0]


def test_overlapping_occurrences_are_all_found(project):
    hits = [h for h in project.search("普法普") if h.doc_id == 3]
    text = TEXTS["c"]
    first = text.index("普法普法普法普法")
    assert [h.start for h in hits] == [first, first + 2, first + 4]


def test_full_width_and_half_width_find_each_other(project):
    text_a, text_b = TEXTS["a"], TEXTS["b"]
    spots = [(1, text_a.index("ＡＢＣ")), (2, text_b.index("abc")), (2, text_b.index("Abc"))]
    assert found(project.search("abc")) == spots
    assert found(project.search("ＡＢＣ")) == spots
    assert found(project.search("aBc")) == spots
    assert found(project.search("１２次")) == found(project.search("12次")) == expected(texts_of(project), "12次")
    assert found(project.search("依法行政\u3000依法")) == found(project.search("依法行政 依法"))
    assert len(project.search("依法行政 依法")) == 1


def test_snippet_is_the_original_text_around_the_hit(project):
    text = TEXTS["a"]
    (hit,) = project.search("考核ＡＢＣ")
    assert hit.snippet[hit.lead:hit.lead + 5] == "考核ＡＢＣ"
    assert "\n" not in hit.snippet
    assert hit.snippet.startswith("…") and hit.lead == 21
    window = text[hit.start - 20:hit.end + 20].replace("\n", " ")
    assert hit.snippet.strip("…") == window
    (first,) = project.search("甲镇2024年度")
    assert not first.snippet.startswith("…") and first.lead == 0


def test_limit_and_quotes_and_no_hits(project):
    every = project.search("法")
    for k in (0, 1, 3, 7, len(every) - 1, len(every), len(every) + 5):  # within and across reports
        assert project.search("法", limit=k) == every[:k]
    assert project.search("没有这样的话") == []
    assert project.search('普"法') == []
    assert project.search('"') == []


@pytest.mark.parametrize("query", ["", "   ", "\u3000", "\n"])
def test_an_empty_query_is_refused_in_chinese(project, query):
    with pytest.raises(EmptyQuery) as info:
        project.search(query)
    assert "搜索" in info.value.message and info.value.kind == "empty_query"


def test_search_takes_a_connection_too(project):
    assert found(search(project.db.conn, "依法行政")) == found(project.search("依法行政"))


# --- the index follows the reports -------------------------------------------------------------

def test_imports_keep_the_index_current(project):
    assert index_is_current(project.db.conn)
    rows = project.db.conn.execute("SELECT doc_id, text FROM search_text ORDER BY doc_id").fetchall()
    assert rows == [(i, fold(t)) for i, t in texts_of(project).items()]


def test_a_version_replace_drops_the_old_hits_and_finds_the_new(project):
    new_text = TEXTS["d"].replace("没有要找的词。", "新版本加入了普法宣传周和宪法宣传周。")
    before = found(project.search("宣传周"))
    assert before == []
    old_hits = found(project.search("没有要找的词"))
    assert old_hits == [(4, TEXTS["d"].index("没有要找的词"))]
    result = project.replace_document(4, doc(new_text, "d2.txt"))
    assert found(project.search("没有要找的词")) == []
    assert found(project.search("宣传周")) == expected(texts_of(project), "宣传周") != []
    for q in ("普", "普法", "普法宣传"):
        assert found(project.search(q)) == expected(texts_of(project), q)
    assert index_is_current(project.db.conn)
    project.undo_replace(4, result.version_id)
    assert found(project.search("没有要找的词")) == old_hits
    assert found(project.search("宣传周")) == []


def test_removal_and_its_undo(project):
    applied = project.run(ops.RemoveDocuments((3,)))
    texts = texts_of(project)
    assert 3 not in texts
    for q in ("普", "普法", "普法普", "依法行政"):
        assert found(project.search(q)) == expected(texts, q)
        assert all(h.doc_id != 3 for h in project.search(q))
    assert project.db.conn.execute("SELECT count(*) FROM search_text WHERE doc_id = 3").fetchone()[0] == 0
    redo = project.run(applied.inverse)
    texts = texts_of(project)
    assert 3 in texts
    for q in ("普", "普法", "普法普", "依法行政"):
        assert found(project.search(q)) == expected(texts, q)
    assert any(h.doc_id == 3 for h in project.search("普法普法"))
    project.run(redo.inverse)
    assert all(h.doc_id != 3 for h in project.search("普法普法"))


def test_undo_of_an_import_and_of_a_replace(project):
    applied = project.run(ops.ImportDocument(doc("丁街道报告\n一、主要举措\n独有的词语在此。", "e.txt")))
    assert len(project.search("独有的词语")) == 1
    project.run(applied.inverse)
    assert project.search("独有的词语") == []
    swap = project.run(project.replace_operation(1, doc(TEXTS["a"] + "\n追加独有段落。", "a2.txt")))
    assert len(project.search("追加独有")) == 1
    project.run(swap.inverse)
    assert project.search("追加独有") == []
    assert index_is_current(project.db.conn)


def test_the_index_is_not_in_the_undo_images(project):
    applied = project.run(ops.RemoveDocuments((2,)))
    assert {img.table for img in applied.inverse.images}.isdisjoint({"search_text", "search_text_fts"})


def test_a_title_edit_keeps_hits_and_shows_the_new_title(project):
    project.update_document(2, title="改名后的报告")
    assert {h.title for h in project.search("abc") if h.doc_id == 2} == {"改名后的报告"}


# --- an index that is missing or stale ---------------------------------------------------------

def _spoil_index(path: Path) -> None:
    """What a project migrated from v5 looks like (no index rows), plus one row
    made from another text."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM search_text WHERE doc_id <> 1")
    conn.execute("UPDATE search_text SET content_sha256 = 'old', text = 'zzz' WHERE doc_id = 1")
    conn.close()


def test_a_read_only_project_searches_a_stale_index_without_writing(tmp_path, project):
    path = project.path
    want = {q: expected(texts_of(project), q) for q in ("普", "普法", "依法行政", "abc")}
    project.close()
    _spoil_index(path)
    before = path.read_bytes()
    with Project(path, readonly=True) as ro:
        assert not index_is_current(ro.db.conn)
        for q, hits in want.items():
            assert found(ro.search(q)) == hits
        assert ro.search("zzz") == []
    assert path.read_bytes() == before
    with Project(path) as rw:  # opened for writing: brought up to date at once
        assert index_is_current(rw.db.conn)
        for q, hits in want.items():
            assert found(rw.search(q)) == hits


def test_a_read_only_project_with_a_current_index(project):
    path = project.path
    want = expected(texts_of(project), "普法普")
    project.close()
    with Project(path, readonly=True) as ro:
        assert index_is_current(ro.db.conn)
        assert found(ro.search("普法普")) == want


# --- the command -----------------------------------------------------------------------------

def _run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def round_file(project) -> Path:
    path = project.path
    project.close()
    return path


def test_cli_json_lists_every_hit(capsys, round_file):
    with Project(round_file, readonly=True) as p:
        texts = texts_of(p)
    before = round_file.read_bytes()
    for query in ("普", "普法", "依法行政", "ＡＢＣ"):
        status, out, err = _run(capsys, "search", "--json", str(round_file), query)
        assert status == 0 and err == ""
        data = json.loads(out)
        assert [(d["doc_id"], d["start"]) for d in data] == expected(texts, query)
        for d in data:
            assert set(d) == {"doc_id", "title", "start", "end", "snippet"}
            assert fold(texts[d["doc_id"]][d["start"]:d["end"]]) == fold(query)
    assert round_file.read_bytes() == before  # read through a snapshot


def test_cli_plain_output_and_no_hits(capsys, round_file):
    status, out, err = _run(capsys, "search", str(round_file), "普法普")
    lines = out.splitlines()
    assert status == 0 and err == ""
    assert lines[-1] == "共 5 处，2 份报告"
    assert lines[0].startswith("甲镇2024年度法治政府建设情况报告  ")
    assert len(lines) == 6
    status, out, err = _run(capsys, "search", "--json", str(round_file), "没有这样的话")
    assert (status, json.loads(out), err) == (0, [], "")
    status, out, _ = _run(capsys, "search", str(round_file), "没有这样的话")
    assert (status, out) == (0, "没有找到\n")


def test_cli_errors_are_one_line_and_status_2(capsys, round_file, tmp_path):
    cases = {
        (str(tmp_path / "missing.rdproj"), "普法"): "error: project: 找不到项目文件：",
        (str(tmp_path / "missing.txt"), "普法"): "error: project: 找不到项目文件：",
        (str(REPO / "seeds" / "000_72cc8833663dde4f.txt"), "普法"): "error: project: 不是评阅台项目文件：",
        (str(round_file), ""): "error: empty_query: ",
        (str(round_file), "  "): "error: empty_query: ",
    }
    fake = tmp_path / "fake.rdproj"
    fake.write_text("not sqlite", encoding="utf-8")
    cases[(str(fake), "普法")] = "error: "
    for (path, query), start in cases.items():
        status, out, err = _run(capsys, "search", path, query)
        assert status == 2 and out == "", (path, query)
        assert err.count("\n") == 1 and err.startswith(start), err


def test_cli_exit_status_in_a_real_process(round_file):
    proc = subprocess.run([sys.executable, "-m", "desktop", "search", "--json", str(round_file), "abc"],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 3
    proc = subprocess.run([sys.executable, "-m", "desktop", "search", str(round_file), " "],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 2 and proc.stderr.startswith("error: empty_query: ")


def test_a_project_from_version_5_gets_its_index_when_opened(tmp_path):
    from desktop.store.schema import MIGRATIONS, content_hash

    path = tmp_path / "v5.rdproj"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in range(5):
        MIGRATIONS[step](conn)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("INSERT INTO round (id, created_at, updated_at) VALUES (1, 't', 't')")
    text = TEXTS["c"]
    conn.execute("INSERT INTO documents (id, uuid, title, source_name, source_sha256, content_sha256, format, "
                 "text, imported_at, updated_at, chars) VALUES (7, 'u-d', '旧报告', 'c.txt', 's', ?, 'txt', ?, "
                 "'t', 't', ?)", (content_hash(text), text, len(text)))
    conn.execute("COMMIT")
    conn.close()
    want = expected({7: text}, "普法普")
    with Project(path, readonly=True) as ro:  # upgraded in memory, nothing written: folded as it searches
        assert found(ro.search("普法普")) == want
    with Project(path) as rw:
        assert index_is_current(rw.db.conn)
        assert rw.db.conn.execute("SELECT doc_id FROM search_text").fetchall() == [(7,)]
        assert found(rw.search("普法普")) == want


def test_hits_read_like_a_list_across_reports(project):
    """The hits are made as they are read (a one-character query has tens of
    thousands): indexing, negative indexes, slices and equality behave as the
    list of the same hits would, across the boundary between two reports."""
    hits = search(project, "法")
    as_list = list(hits)
    assert len(hits) == len(as_list) == len(expected(texts_of(project), "法"))
    assert len({h.doc_id for h in as_list}) >= 2
    for i in (0, 1, len(hits) - 1, -1, -len(hits)):
        assert hits[i] == as_list[i]
    boundary = next(i for i in range(1, len(as_list)) if as_list[i].doc_id != as_list[i - 1].doc_id)
    assert hits[boundary] == as_list[boundary] and hits[boundary - 1] == as_list[boundary - 1]
    assert hits[boundary - 1:boundary + 2] == as_list[boundary - 1:boundary + 2]
    assert hits[::7] == as_list[::7]
    assert hits == as_list and hits == tuple(as_list) and hits != as_list[:-1]
    assert hits != [as_list[1], as_list[0], *as_list[2:]]
    for bad in (len(hits), -len(hits) - 1):
        with pytest.raises(IndexError):
            hits[bad]
    empty = search(project, "不会出现的文字组合")
    assert len(empty) == 0 and list(empty) == [] and empty == []
