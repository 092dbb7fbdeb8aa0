"""W3C Web Annotation JSON: shape of the export, placing on import, round trip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.export import webanno
from desktop.export.summary import build_round
from desktop.importers import import_file
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.text import canonical_text, detect_sections

REPO = Path(__file__).resolve().parent.parent
TEXT = canonical_text([
    "某镇2024年度法治政府建设情况报告",
    "一、主要举措和成效",
    "全年共办理案件12件，𠀀村调解纠纷3起。开展普法宣传。",
    "二、存在的不足",
    "开展普法宣传。普法形式单一，群众参与度不高。",
])


def doc(text: str = TEXT, sha: str = "ab" * 32, name: str = "a.txt") -> ImportedDocument:
    return ImportedDocument(text.split("\n")[0], name, sha, "txt", text, detect_sections(text))


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)


@pytest.fixture
def annotated(tmp_path):
    """A project with two documents and annotations of every tag, one with a
    non-BMP quote and one on the second of two repeated phrases."""
    path = tmp_path / "round.rdproj"
    with Project(path) as p:
        a = p.import_document(doc()).doc_id
        b = p.import_document(doc(TEXT.replace("某镇", "另一镇"), sha="cd" * 32, name="b.txt")).doc_id
        p.add_annotation(a, *span(TEXT, "𠀀村调解纠纷3起"), "figure", note="核实𠀀", reviewer="王审")
        p.add_annotation(a, *span(TEXT, "开展普法宣传", 1), "measure", reviewer="李审")
        p.add_annotation(a, *span(TEXT, "普法形式单一"), "weakness", note="原因？")
        p.add_annotation(b, 0, 3, "measure", reviewer="王审")
    return path


def export_json(path: Path, out: Path, doc_id: int | None = None) -> dict:
    with Project(path) as p:
        webanno.write(build_round(p, None if doc_id is None else [doc_id], scoring=False), out)
    return json.loads(out.read_text(encoding="utf-8"))


def stored(path: Path) -> list[tuple]:
    with Project(path) as p:
        shas = {d.id: d.source_sha256 for d in p.documents()}
        return sorted(
            (shas[a.doc_id], a.start, a.end, a.quote, a.prefix, a.suffix, a.tag, a.note, a.reviewer)
            for d in p.documents() for a in p.annotations(d.id)
        )


def test_export_is_a_web_annotation_collection(annotated, tmp_path):
    data = export_json(annotated, tmp_path / "a.json")
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 4
    with Project(annotated) as p:
        anns = {a.uuid: a for d in p.documents() for a in p.annotations(d.id)}
        shas = {d.id: d.source_sha256 for d in p.documents()}
        titles = {d.source_sha256: d.title for d in p.documents()}
    assert {d["source"]: d["title"] for d in data["documents"]} == {
        f"urn:sha256:{k}": v for k, v in titles.items()}
    for item in items:
        assert item["type"] == "Annotation"
        assert item["id"].startswith("urn:uuid:")
        ann = anns[item["id"].removeprefix("urn:uuid:")]
        assert item["target"]["source"] == f"urn:sha256:{shas[ann.doc_id]}"
        quote, pos = item["target"]["selector"]
        assert quote == {"type": "TextQuoteSelector", "exact": ann.quote, "prefix": ann.prefix,
                         "suffix": ann.suffix}
        assert pos == {"type": "TextPositionSelector", "start": ann.start, "end": ann.end}
        tagging = [b for b in item["body"] if b["purpose"] == "tagging"]
        assert tagging == [{"type": "TextualBody", "purpose": "tagging", "value": ann.tag}]
        comments = [b["value"] for b in item["body"] if b["purpose"] == "commenting"]
        assert comments == ([ann.note] if ann.note else [])
        assert item.get("creator", {}).get("name", "") == ann.reviewer
        assert item["created"].startswith(ann.created_at) and item["modified"].startswith(ann.updated_at)


def test_round_trip_into_fresh_project_reproduces_every_annotation(annotated, tmp_path):
    data_path = tmp_path / "a.json"
    export_json(annotated, data_path)
    fresh = tmp_path / "fresh.rdproj"
    with Project(fresh) as p:  # same documents, imported in the other order
        p.import_document(doc(TEXT.replace("某镇", "另一镇"), sha="cd" * 32, name="b.txt"))
        p.import_document(doc())
        report = webanno.import_annotations(p, data_path)
    assert len(report.added) == 4 and report.problems == [] and report.duplicates == 0
    assert stored(fresh) == stored(annotated)


def test_round_trip_of_seed_documents(tmp_path):
    seeds = sorted((REPO / "seeds").glob("*.txt"))[:2]
    src, dst = tmp_path / "src.rdproj", tmp_path / "dst.rdproj"
    with Project(src) as p, Project(dst) as q:
        for s in seeds:
            imp = import_file(s)
            d = p.import_document(imp).doc_id
            q.import_document(imp)
            text = imp.text
            for i, (start, tag) in enumerate([(10, "measure"), (len(text) // 2, "figure"), (len(text) - 30, "weakness")]):
                p.add_annotation(d, start, start + 12, tag, note=f"第{i}条", reviewer="甲")
    export_json(src, tmp_path / "s.json")
    with Project(dst) as q:
        assert len(webanno.import_annotations(q, tmp_path / "s.json").added) == 6
    assert stored(dst) == stored(src)


def test_importing_twice_skips_exact_duplicates(annotated, tmp_path):
    export_json(annotated, tmp_path / "a.json")
    before = stored(annotated)
    with Project(annotated) as p:
        report = webanno.import_annotations(p, tmp_path / "a.json")
    assert report.added == [] and report.duplicates == 4
    assert stored(annotated) == before


def test_quote_only_annotation_uses_context_to_choose_among_repeats(annotated, tmp_path):
    data = export_json(annotated, tmp_path / "a.json")
    second = span(TEXT, "开展普法宣传", 1)
    for item in data["first"]["items"]:
        item["target"]["selector"] = [s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector"]
    (tmp_path / "q.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh.rdproj"
    with Project(fresh) as p:
        a = p.import_document(doc()).doc_id
        report = webanno.import_annotations(p, tmp_path / "q.json")
        placed = {(x.start, x.end, x.tag) for x in p.annotations(a)}
    assert len(report.added) == 3  # the fourth belongs to a document not imported here
    assert (*second, "measure") in placed
    assert TEXT.count("开展普法宣传") == 2


def test_moved_text_is_found_by_quote_and_missing_quotes_are_reported(annotated, tmp_path):
    export_json(annotated, tmp_path / "a.json")
    edited = "前言插入一段新文字。\n" + TEXT.replace("普法形式单一", "形式多样")
    fresh = tmp_path / "fresh.rdproj"
    with Project(fresh) as p:
        d = p.import_document(doc(edited)).doc_id  # same hash, new text: a stand-in for a new version
        report = webanno.import_annotations(p, tmp_path / "a.json")
        anns = p.annotations(d)
    assert len(report.added) == 2
    assert {a.quote for a in anns} == {"𠀀村调解纠纷3起", "开展普法宣传"}
    assert all(edited[a.start:a.end] == a.quote for a in anns)
    assert len(report.problems) == 2
    assert any("找不到引文" in line and "普法形式单一" in line for line in report.problems)
    assert any("没有对应的文档" in line for line in report.problems)


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"type": "Foo"}', b"\xff\xfe\x00"])
def test_invalid_files_raise_invalid_and_change_nothing(annotated, tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = annotated.read_bytes()
    with Project(annotated) as p, pytest.raises(webanno.InvalidAnnotationFile) as exc:
        webanno.import_annotations(p, bad)
    assert exc.value.kind == "invalid"
    assert annotated.read_bytes() == before


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8")


def test_cli_import_annotations_reports_and_exit_codes(annotated, tmp_path):
    export_json(annotated, tmp_path / "a.json")
    fresh = tmp_path / "fresh.rdproj"
    with Project(fresh) as p:
        p.import_document(doc())
    ok = cli("import-annotations", fresh, tmp_path / "a.json")
    assert ok.returncode == 0, ok.stderr
    assert "已导入 3 条标注" in ok.stdout and "1 条无法导入" in ok.stdout
    assert "没有对应的文档" in ok.stdout
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    bad = cli("import-annotations", fresh, tmp_path / "bad.json")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: invalid: ") and bad.stderr.count("\n") == 1
    missing = cli("import-annotations", tmp_path / "nope.rdproj", tmp_path / "a.json")
    assert missing.returncode == 2 and missing.stderr.startswith("error: project: ")
    assert not (tmp_path / "nope.rdproj").exists()


def test_position_only_and_label_tagged_annotations(tmp_path):
    """Files from other tools: a position without a quote, a Chinese tag label,
    a plain-string creator, and an annotation with no tag at all."""
    start, end = span(TEXT, "普法形式单一")
    items = [
        {"type": "Annotation", "id": "x:1", "creator": "外部评审",
         "body": {"type": "TextualBody", "purpose": "tagging", "value": "不足"},
         "target": {"source": f"urn:sha256:{'AB' * 32}",
                    "selector": {"type": "TextPositionSelector", "start": start, "end": end}}},
        {"type": "Annotation", "id": "x:2", "body": [],
         "target": {"source": f"urn:sha256:{'ab' * 32}",
                    "selector": {"type": "TextQuoteSelector", "exact": "全年"}}},
    ]
    f = tmp_path / "ext.json"
    f.write_text(json.dumps({"type": "AnnotationPage", "items": items}, ensure_ascii=False), encoding="utf-8")
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc()).doc_id
        report = webanno.import_annotations(p, f)
        anns = p.annotations(d)
    assert [(a.start, a.end, a.tag, a.reviewer, a.quote) for a in anns] == [
        (start, end, "weakness", "外部评审", "普法形式单一")]
    assert len(report.problems) == 1 and "x:2" in report.problems[0] and "未知的标注类型" in report.problems[0]
