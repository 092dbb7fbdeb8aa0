"""W3C Web Annotation JSON: shape of the export, placing on import, round trip."""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import ProjectError
from desktop.export import webanno
from desktop.export.summary import build_round
from desktop.importers import import_file
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.text import canonical_text, detect_sections

REPO = Path(__file__).resolve().parent.parent
UUID_URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
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
            (shas[a.doc_id], a.start, a.end, a.quote, a.prefix, a.suffix, a.tag, a.note, a.reviewer,
             a.uuid, a.created_at, a.updated_at)
            for d in p.documents() for a in p.annotations(d.id)
        )


def test_export_is_a_web_annotation_collection(annotated, tmp_path):
    data = export_json(annotated, tmp_path / "a.json")
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["@context"][1]["rd"] == webanno.NS
    assert data["type"] == "AnnotationCollection"
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    # MUST: the collection and its page each have exactly one IRI, and they differ.
    assert UUID_URN.fullmatch(data["id"]) and UUID_URN.fullmatch(page["id"])
    assert data["id"] != page["id"]
    assert page["partOf"] == data["id"] and data["last"] == page["id"]
    items = page["items"]
    assert data["total"] == len(items) == 4
    with Project(annotated) as p:
        anns = {a.uuid: a for d in p.documents() for a in p.annotations(d.id)}
        shas = {d.id: d.source_sha256 for d in p.documents()}
        titles = {d.source_sha256: d.title for d in p.documents()}
    assert {d["source"]: d["label"] for d in data["documents"]} == {
        f"urn:sha256:{k}": v for k, v in titles.items()}
    assert all(d["type"] == "Report" and UUID_URN.fullmatch(d["id"]) for d in data["documents"])
    for item in items:
        assert item["type"] == "Annotation"
        assert UUID_URN.fullmatch(item["id"])
        ann = anns[item["id"].removeprefix("urn:uuid:")]
        assert item["motivation"] == (["tagging", "commenting"] if ann.note else "tagging")
        assert "evidenceFor" not in item
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


# --- scores, evidence and times: a lossless round trip ---------------------------------------

SEEDS = sorted((REPO / "seeds").glob("*.txt"))[:2]


@pytest.fixture
def clock(monkeypatch):
    """Every stored time distinct (one second apart), so a time not carried
    over by the file cannot pass for one that was."""
    ticks = itertools.count(9 * 3600)

    def now() -> str:
        n = next(ticks)
        return f"2024-03-01T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}"

    monkeypatch.setattr(Project, "now", staticmethod(now))
    return ticks


def seeded(path: Path, order=SEEDS) -> list[int]:
    with Project(path) as p:
        return [p.import_document(import_file(s)).doc_id for s in order]


def review(path: Path) -> None:
    """Annotations of every tag with notes and two reviewers, a note edited
    later, scores of two reviewers (one comment only, no points), and evidence
    links made by either reviewer, one annotation supporting two criteria."""
    with Project(path) as p:
        docs = [d.id for d in p.documents()]
        for k, d in enumerate(docs):
            text = p.document_text(d)
            a = p.add_annotation(d, 10, 22, "measure", note=f"举措{k}", reviewer="王审")
            b = p.add_annotation(d, len(text) // 2, len(text) // 2 + 9, "figure", reviewer="李审")
            c = p.add_annotation(d, len(text) - 30, len(text) - 18, "weakness", reviewer="王审")
            p.update_annotation(c.id, note="原因未分析")
            p.set_score(d, "measures", "王审", points=12.5 - k, comment="举措具体")
            p.set_score(d, "measures", "李审", points=11)
            p.set_score(d, "weaknesses", "王审", comment="尚未评分，先记一笔")
            p.add_evidence(d, "measures", a.id, "王审")
            p.add_evidence(d, "measures", b.id, "李审")
            p.add_evidence(d, "weaknesses", c.id, "王审")
            p.add_evidence(d, "measures", c.id, "李审")


def everything(path: Path) -> dict[str, list[tuple]]:
    """Annotations, scores and evidence of a project, keyed by what survives
    another project (the text's hash, the annotation's UUID), one by one."""
    with Project(path) as p:
        content = {d.id: d.content_sha256 for d in p.documents()}
        out: dict[str, list[tuple]] = {"annotations": [], "scores": [], "evidence": []}
        for d, sha in content.items():
            anns = p.annotations(d)
            uuids = {a.id: a.uuid for a in anns}
            out["annotations"] += [(sha, a.uuid, a.start, a.end, a.quote, a.prefix, a.suffix, a.tag, a.note,
                                    a.reviewer, a.created_at, a.updated_at) for a in anns]
            out["scores"] += [(sha, s.criterion_id, s.reviewer, s.points, s.comment, s.updated_at)
                              for s in p.scores(d)]
            out["evidence"] += [(sha, e.criterion_id, uuids[e.annotation_id], e.reviewer, e.created_at)
                                for e in p.evidence(d)]
    return {k: sorted(v, key=repr) for k, v in out.items()}


def test_round_trip_restores_annotations_scores_evidence_and_times_exactly(tmp_path, clock):
    src, dst, out = tmp_path / "src.rdproj", tmp_path / "dst.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
    seeded(dst, list(reversed(SEEDS)))  # the same reports, imported in the other order
    with Project(dst) as q:
        report = webanno.import_annotations(q, out)
    assert report.problems == [] and report.duplicates == 0
    assert (len(report.added), report.scores, report.links) == (6, 6, 8)
    assert "已导入 6 条标注、6 项评分、8 条评分依据" in report.summary()
    before, after = everything(src), everything(dst)
    assert len(before["annotations"]) == 6 and len(before["scores"]) == 6 and len(before["evidence"]) == 8
    for kind in ("annotations", "scores", "evidence"):
        for want, got in zip(before[kind], after[kind], strict=True):
            assert got == want, kind
    # Every time distinct and none of them the import's own.
    stamps = [row[-1] for rows in before.values() for row in rows] + [r[-2] for r in before["annotations"]]
    assert len(set(stamps)) > 12
    with Project(dst) as q:  # a first score moves a report to 评阅中, as scoring by hand does
        assert {d.status for d in q.documents()} == {"in_review"}
    # Importing the same file again adds nothing.
    with Project(dst) as q:
        again = webanno.import_annotations(q, out)
    assert (again.added, again.scores, again.links, again.duplicates, again.problems) == ([], 0, 0, 6, [])
    assert everything(dst) == after


def test_scores_and_evidence_in_the_file(tmp_path, clock):
    src, out = tmp_path / "src.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
        docs = {f"urn:uuid:{d.uuid}": d for d in p.documents()}
        criteria = {c.id: c for c in p.criteria()}
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [c["criterion"] for c in data["criteria"]] == list(criteria)
    assert all(c["maxPoints"] == criteria[c["criterion"]].max_points for c in data["criteria"])
    items = data["first"]["items"]
    assert data["total"] == len(items) == 12
    assert all(UUID_URN.fullmatch(i["id"]) and i["type"] == "Annotation" and i["motivation"] for i in items)
    assert len({i["id"] for i in items}) == 12
    scores = [i for i in items if i["motivation"] == "assessing"]
    assert len(scores) == 6
    for s in scores:
        doc = docs[s["target"]["document"]]
        assert s["target"]["source"] == f"urn:sha256:{doc.source_sha256}"
        assessing = s["body"][0]
        assert assessing["type"] == "TextualBody" and assessing["purpose"] == "assessing"
        assert assessing["criterion"] in criteria
        if s["creator"]["name"] == "李审":
            assert assessing["points"] == 11 and len(s["body"]) == 1
        elif assessing["criterion"] == "weaknesses":
            assert "points" not in assessing and "未评分" in assessing["value"]
            assert s["body"][1] == {"type": "TextualBody", "purpose": "commenting", "value": "尚未评分，先记一笔",
                                    "format": "text/plain", "language": "zh"}
    supporting = [i for i in items if "evidenceFor" in i]
    assert sorted(len(i["evidenceFor"]) for i in supporting) == [1, 1, 1, 1, 2, 2]
    assert all(e["type"] == "EvidenceLink" and e["creator"]["type"] == "Person" and e["created"]
               for i in supporting for e in i["evidenceFor"])


def test_two_projects_never_share_an_id(tmp_path):
    ids = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.rdproj"
        seeded(path)
        review(path)
        with Project(path) as p:
            webanno.export_project(p, tmp_path / f"{name}.json")
        data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        found = {data["id"], data["first"]["id"]} | {i["id"] for i in data["first"]["items"]} \
            | {d["id"] for d in data["documents"]}
        assert len(found) == 2 + 12 + 2 and all(UUID_URN.fullmatch(i) for i in found)
        ids.append(found)
    assert ids[0].isdisjoint(ids[1])


def _keys(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k != "@context":
                out.add(k)
                _keys(v, out)
    elif isinstance(node, list):
        for v in node:
            _keys(v, out)
    return out


#: The terms of http://www.w3.org/ns/anno.jsonld the export uses, with their
#: definitions there (a local stand-in: the tests never touch the network).
W3C_TERMS = {
    "oa": "http://www.w3.org/ns/oa#", "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "as": "http://www.w3.org/ns/activitystreams#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": {"@id": "@id", "@type": "@id"}, "type": {"@id": "@type", "@type": "@id"},
    "Annotation": "oa:Annotation", "AnnotationCollection": "as:OrderedCollection",
    "AnnotationPage": "as:OrderedCollectionPage", "TextualBody": "oa:TextualBody",
    "TextQuoteSelector": "oa:TextQuoteSelector", "TextPositionSelector": "oa:TextPositionSelector",
    "Person": "foaf:Person", "Software": "as:Application",
    "tagging": "oa:tagging", "commenting": "oa:commenting", "assessing": "oa:assessing",
    "body": {"@type": "@id", "@id": "oa:hasBody"}, "target": {"@type": "@id", "@id": "oa:hasTarget"},
    "source": {"@type": "@id", "@id": "oa:hasSource"}, "selector": {"@type": "@id", "@id": "oa:hasSelector"},
    "purpose": {"@type": "@vocab", "@id": "oa:hasPurpose"},
    "motivation": {"@type": "@vocab", "@id": "oa:motivatedBy"},
    "creator": {"@type": "@id", "@id": "dcterms:creator"}, "generator": {"@type": "@id", "@id": "as:generator"},
    "created": {"@id": "dcterms:created", "@type": "xsd:dateTime"},
    "modified": {"@id": "dcterms:modified", "@type": "xsd:dateTime"},
    "generated": {"@id": "dcterms:issued", "@type": "xsd:dateTime"},
    "value": "rdf:value", "format": "dc:format", "language": "dc:language", "label": "rdfs:label",
    "name": "foaf:name", "exact": "oa:exact", "prefix": "oa:prefix", "suffix": "oa:suffix",
    "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
    "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    "total": {"@id": "as:totalItems", "@type": "xsd:nonNegativeInteger"},
    "first": {"@type": "@id", "@id": "as:first"}, "last": {"@type": "@id", "@id": "as:last"},
    "partOf": {"@type": "@id", "@id": "as:partOf"},
    "items": {"@type": "@id", "@id": "as:items", "@container": "@list"},
    "startIndex": {"@id": "as:startIndex", "@type": "xsd:nonNegativeInteger"},
}


def test_every_key_is_defined_by_the_w3c_context_or_ours(tmp_path, clock):
    src, out = tmp_path / "src.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    ours = data["@context"][1]
    keys = _keys(data, set())
    assert keys - set(W3C_TERMS) - set(ours) == set()
    # Our own terms are ours: none redefines a W3C one, all live in our namespace.
    assert set(ours).isdisjoint(W3C_TERMS.keys() - {"xsd"})
    assert {"documents", "document", "criterion", "points", "evidenceFor", "contentSha256"} <= keys & set(ours)


def test_json_ld_expansion_keeps_our_terms_as_full_iris(tmp_path, clock):
    jsonld = pytest.importorskip("pyld.jsonld")
    src, out = tmp_path / "src.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
    data = json.loads(out.read_text(encoding="utf-8"))

    def loader(url, options=None):
        assert url == webanno.W3C_CONTEXT
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": W3C_TERMS}}

    expanded = jsonld.expand(data, {"documentLoader": loader})
    iris = _keys(expanded, set())
    ns = webanno.NS
    for term in ("documents", "document", "sourceName", "unit", "year", "contentSha256", "rubric", "criteria",
                 "criterion", "points", "maxPoints", "evidenceFor"):
        assert ns + term in iris, term
    assert not {k for k in iris if not k.startswith(("@", "http://", "https://"))}
    text = json.dumps(expanded, ensure_ascii=False)
    for kind in ("Report", "Criterion", "EvidenceLink"):
        assert f'"{ns}{kind}"' in text
    assert '"http://www.w3.org/ns/oa#assessing"' in text and '"http://www.w3.org/ns/oa#tagging"' in text
    # Nothing of ours lost: every score's points and every evidence link is still there.
    assert text.count(f'"{ns}points"') == 4  # the comment-only score has none
    assert text.count(f'"{ns}evidenceFor"') == 6
    assert text.count(f'"{ns}EvidenceLink"') == 8


# --- files of the previous version and bad files ----------------------------------------------


def old_format_file(path: Path, sha: str, content: str) -> None:
    """What ReviewDesk wrote before ids were UUIDs: row-number ids, no motivation,
    no ids on the collection or page, snake_case document fields."""
    pos = span(TEXT, "普法形式单一")
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection", "label": "旧轮次", "total": 2,
        "documents": [{"source": f"urn:sha256:{sha}", "title": "某镇", "source_name": "a.txt", "unit": "某镇",
                       "year": 2024, "uuid": "0f6c1a4e-0000-4000-8000-000000000001", "content_sha256": content}],
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": [
            {"type": "Annotation", "id": "urn:reviewdesk:annotation:1",
             "created": "2024-03-01T09:30:00+08:00", "modified": "2024-03-01T09:35:00+08:00",
             "creator": {"type": "Person", "name": "王审"},
             "body": [{"type": "TextualBody", "purpose": "tagging", "value": "weakness"},
                      {"type": "TextualBody", "purpose": "commenting", "value": "原因？", "format": "text/plain"}],
             "target": {"source": f"urn:sha256:{sha}", "selector": [
                 {"type": "TextQuoteSelector", "exact": "普法形式单一", "prefix": "", "suffix": ""},
                 {"type": "TextPositionSelector", "start": pos[0], "end": pos[1]}]}},
            {"type": "Annotation", "id": "urn:reviewdesk:annotation:2", "created": "2024-03-02T01:00:00Z",
             "body": {"type": "TextualBody", "purpose": "tagging", "value": "measure"},
             "target": {"source": f"urn:sha256:{sha}", "selector": {
                 "type": "TextQuoteSelector", "exact": "全年共办理案件"}}},
        ]},
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def local(stamp: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None).isoformat()


def test_files_of_the_previous_version_still_import(tmp_path):
    from desktop.store.schema import content_hash

    old = tmp_path / "old.json"
    old_format_file(old, "ab" * 32, content_hash(TEXT))
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc()).doc_id
        report = webanno.import_annotations(p, old)
        anns = {a.quote: a for a in p.annotations(d)}
        uuids = p.annotation_uuids()
    assert len(report.added) == 2 and report.problems == [] and (report.scores, report.links) == (0, 0)
    weak, measure = anns["普法形式单一"], anns["全年共办理案件"]
    assert (weak.tag, weak.note, weak.reviewer) == ("weakness", "原因？", "王审")
    assert (weak.created_at, weak.updated_at) == (local("2024-03-01T09:30:00+08:00"), local("2024-03-01T09:35:00+08:00"))
    assert (measure.tag, measure.reviewer, measure.created_at, measure.updated_at) == (
        "measure", "", local("2024-03-02T01:00:00+00:00"), local("2024-03-02T01:00:00+00:00"))
    assert TEXT[weak.start:weak.end] == "普法形式单一"
    assert len(uuids) == 2 and all(re.fullmatch(r"[0-9a-f-]{36}", u) for u in uuids)  # new identities
    # The old ids name the annotations in reports, and a second import finds them by span.
    with Project(tmp_path / "p.rdproj") as p:
        again = webanno.import_annotations(p, old)
    assert again.added == [] and again.duplicates == 2


def test_reports_cut_from_one_file_are_told_apart_by_their_text(tmp_path):
    """The parts of a split compilation share their file's hash: each
    annotation goes to its part by the report id and text hash the file gives."""
    other = TEXT.replace("某镇", "另一镇")
    src, dst, out = tmp_path / "src.rdproj", tmp_path / "dst.rdproj", tmp_path / "a.json"
    for path in (src, dst):
        with Project(path) as p:
            p.import_document(doc())
            p.import_document(doc(other))  # the same source hash
    with Project(src) as p:
        a, b = (d.id for d in p.documents())
        p.add_annotation(a, *span(TEXT, "普法形式单一"), "weakness")
        p.add_annotation(b, *span(other, "普法形式单一"), "weakness", note="另一镇")
        webanno.export_project(p, out)
    with Project(dst) as q:
        assert len(webanno.import_annotations(q, out).added) == 2
    assert everything(dst) == everything(src)


def test_scores_the_project_cannot_take_are_listed_and_skipped(tmp_path, clock):
    src, dst, out = tmp_path / "src.rdproj", tmp_path / "dst.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    scores = [i for i in data["first"]["items"] if i["motivation"] == "assessing"]
    scores[0]["body"][0]["criterion"] = "no_such"
    scores[1]["body"][0]["points"] = 99
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    seeded(dst)
    with Project(dst) as q:
        second = q.documents()[1].id
        q.set_score(second, "measures", "李审", points=3)  # differs from the file's 11
        report = webanno.import_annotations(q, out)
        kept = q.score(second, "measures", "李审")
    assert kept.points == 3
    assert report.scores == 3 and len(report.added) == 6
    assert len(report.problems) == 3
    assert any("没有评分项「no_such」" in line for line in report.problems)
    assert any("不在 0 到" in line for line in report.problems)
    assert any("已有不同的评分" in line for line in report.problems)


@pytest.mark.parametrize("breakage", ["points", "evidence", "criterion", "item"])
def test_broken_files_of_ours_are_invalid_and_change_nothing(tmp_path, clock, breakage):
    src, dst, out = tmp_path / "src.rdproj", tmp_path / "dst.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    score = next(i for i in items if i["motivation"] == "assessing")
    tagged = next(i for i in items if "evidenceFor" in i)
    if breakage == "points":
        score["body"][0]["points"] = "十分"
    elif breakage == "evidence":
        tagged["evidenceFor"] = ["measures"]
    elif breakage == "criterion":
        tagged["evidenceFor"][0]["criterion"] = 3
    else:
        items.append("not an annotation")
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    seeded(dst)
    before = dst.read_bytes()
    result = cli("import-annotations", dst, out)
    assert result.returncode == 2
    assert result.stderr.startswith("error: invalid: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert dst.read_bytes() == before
    with Project(dst) as q, pytest.raises(webanno.InvalidAnnotationFile):
        webanno.import_annotations(q, out)


def test_cli_round_trip_with_scores(tmp_path, clock):
    src, dst, out = tmp_path / "src.rdproj", tmp_path / "dst.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
    seeded(dst)
    result = cli("import-annotations", dst, out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("已导入 6 条标注、6 项评分、8 条评分依据。")
    assert everything(dst) == everything(src)


def test_an_import_is_one_operation_undone_whole(tmp_path, clock):
    src, dst, out = tmp_path / "src.rdproj", tmp_path / "dst.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    with Project(src) as p:
        webanno.export_project(p, out)
    seeded(dst)
    empty = everything(dst)
    with Project(dst) as q:
        op, report = webanno.operation(q, webanno.read(out))
        assert (len(op.items), len(op.scores), len(op.evidence)) == (6, 6, 8) and not op.empty
        applied = q.run(op)
        assert applied.changes.operation == "import_annotations"
        assert applied.changes.kinds() >= {"annotations", "scores"}
    restored = everything(dst)
    assert restored == everything(src)
    with Project(dst) as q:
        q.run(applied.inverse)
    assert everything(dst) == empty


def test_an_operation_that_cannot_be_applied_writes_nothing(tmp_path):
    from desktop.store.operations import KeptAnnotation, KeptEvidence, RestoreAnnotationFile

    path = tmp_path / "p.rdproj"
    with Project(path) as p:
        d = p.import_document(doc()).doc_id
    before = path.read_bytes()
    op = RestoreAnnotationFile(
        (KeptAnnotation(d, 0, 3, "measure", "", "王审", "0f6c1a4e-0000-4000-8000-000000000002",
                        "2024-03-01T09:30:00", "2024-03-01T09:30:00"),),
        evidence=(KeptEvidence(d, "measures", "0f6c1a4e-0000-4000-8000-00000000dead", "", "2024-03-01T09:30:00"),))
    with Project(path) as p, pytest.raises(ProjectError):
        p.run(op)
    with Project(path) as p:
        assert p.annotations(d) == []
    assert path.read_bytes() == before


def test_the_json_export_of_the_command_line_carries_scores(tmp_path, clock):
    src, out = tmp_path / "src.rdproj", tmp_path / "round.json"
    seeded(src)
    review(src)
    result = cli("export", src, "--format", "json", "--out", out)
    assert result.returncode == 0, result.stderr
    items = json.loads(out.read_text(encoding="utf-8"))["first"]["items"]
    assert sum(i["motivation"] == "assessing" for i in items) == 6
    assert sum(len(i.get("evidenceFor", ())) for i in items) == 8


def test_documents_keep_the_keys_the_first_version_wrote(annotated, tmp_path):
    """The file's shape is a public interface: keys scripts read are kept beside the new ones."""
    data = export_json(annotated, tmp_path / "a.json")
    with Project(annotated) as p:
        docs = {d.id: p.document(d.id) for d in p.documents()}
    by_uuid = {d.uuid: d for d in docs.values()}
    for entry in data["documents"]:
        d = by_uuid[entry["uuid"]]
        assert entry["title"] == d.title and entry["source_name"] == d.source_name
        assert entry["content_sha256"] == entry["contentSha256"] == d.content_sha256
        assert entry["source"] == f"urn:sha256:{d.source_sha256}" and entry["unit"] == d.unit


# --- files other tools write, and what the report says about them ------------------------------

SHA = "ab" * 32
U1 = "0f6c1a4e-0000-4000-8000-0000000000a1"


def write_items(path: Path, items: list) -> Path:
    path.write_text(json.dumps({"type": "AnnotationPage", "items": items}, ensure_ascii=False), encoding="utf-8")
    return path


def mark(tag: str | None = "measure", selectors: list | None = None, **fields) -> dict:
    """A tagging annotation on TEXT's document (``selectors`` None: the quote 普法形式单一)."""
    if selectors is None:
        selectors = [{"type": "TextQuoteSelector", "exact": "普法形式单一"}]
    body = [] if tag is None else [{"type": "TextualBody", "purpose": "tagging", "value": tag}]
    return {"type": "Annotation", "body": body, "target": {"source": f"urn:sha256:{SHA}", "selector": selectors},
            **fields}


def assess(criterion: Any, points: Any = None, reviewer: str = "王审", sha: str = SHA, **fields) -> dict:
    """A score on TEXT's document (``criterion`` and ``points`` as a file may give them: any JSON)."""
    body: dict = {"type": "TextualBody", "purpose": "assessing", "value": "评分"}
    if criterion is not None:
        body["criterion"] = criterion
    if points is not None:
        body["points"] = points
    return {"type": "Annotation", "motivation": "assessing", "creator": {"type": "Person", "name": reviewer},
            "body": [body], "target": {"source": f"urn:sha256:{sha}"}, **fields}


def test_import_report_summary_names_every_count():
    report = webanno.ImportReport(added=[1, 2], duplicates=3, problems=["x"], scores=4, links=5)
    assert report.summary() == "已导入 2 条标注、4 项评分、5 条评分依据，3 条已存在（跳过），1 条无法导入。"
    assert webanno.ImportReport().summary() == "已导入 0 条标注。"


def test_quotes_in_problem_lines_are_one_line_of_at_most_20_characters():
    assert webanno._short("甲\n乙") == "甲 乙"
    assert webanno._short("一" * 20) == "一" * 20
    assert webanno._short("一" * 19 + "二三") == "一" * 19 + "二…"


def test_creators_targets_ids_and_motivations_as_other_tools_write_them(tmp_path):
    items = [
        mark(creator={"nickname": "小王"}),
        mark(creator={"type": "Person", "id": "mailto:li@example.org"}),
        mark(creator=["甲审", "乙审"]),
        mark(creator={"type": "Person"}),  # no name of any kind
        {**mark(), "target": f"urn:sha256:{'AB' * 32}"},  # a bare IRI
        {**mark(), "target": {"source": "https://example.org/a.txt"}},  # not a hash
        {**mark(), "target": {"selector": {"type": "TextQuoteSelector", "exact": "全年"}}},  # no source
        {**mark(), "target": 5},
        {key: v for key, v in mark(id=f"urn:uuid:{U1.upper()}").items() if key != "type"},  # no type, a target
        mark(id="urn:uuid:not-a-uuid"),
        {**assess("measures", 3), "motivation": "oa:assessing",
         "target": {"source": f"urn:sha256:{SHA}", "document": f"urn:uuid:{U1}"}},
    ]
    got = webanno.read(write_items(tmp_path / "f.json", items))
    assert [i.reviewer for i in got[:4]] == ["小王", "mailto:li@example.org", "甲审", ""]
    assert [i.source for i in got[4:8]] == [SHA, None, None, None]
    assert [i.uuid for i in got[:10]] == [""] * 8 + [U1, ""]
    assert all(i.document == "" for i in got[:10])
    score = got[10]
    assert isinstance(score, webanno.IncomingScore)
    assert (score.criterion, score.points, score.document) == ("measures", 3.0, f"urn:uuid:{U1}")


@pytest.mark.parametrize("item, message", [
    ({"type": "Annotation", "motivation": "assessing", "body": {"criterion": "measures"}}, "第 2 项缺少 target"),
    ({"type": "Annotation", "body": []}, "第 2 项缺少 target"),
    (assess(3), "第 2 项的 criterion 不是文字"),
    (assess("measures", "十"), "第 2 项的 points 不是数字"),
    (mark(evidenceFor=["measures"]), "第 2 项的 evidenceFor 不是对象"),
    (mark(evidenceFor=[{"criterion": ""}]), "第 2 项的 evidenceFor.criterion 不是文字"),
    ("not an annotation", "第 2 项不是 JSON 对象"),
])
def test_a_broken_item_is_named_by_its_place_in_the_file(tmp_path, item, message):
    f = write_items(tmp_path / "f.json", [mark(), item])
    with pytest.raises(webanno.InvalidAnnotationFile, match=message):
        webanno.read(f)


def test_score_bodies_in_any_order_among_bodies_of_other_purposes(tmp_path):
    item = {"type": "Annotation", "id": "s:1", "motivation": ["assessing"], "creator": "王审",
            "body": ["not a body", {"type": "TextualBody", "purpose": "tagging", "value": "measure"},
                     {"type": "TextualBody", "purpose": "commenting", "value": "先写的评语"},
                     {"type": "TextualBody", "purpose": "assessing", "criterion": "measures", "points": 12},
                     {"type": "TextualBody", "purpose": "commenting", "value": "第二条评语"}],
            "target": {"source": f"urn:sha256:{SHA}"}}
    (got,) = webanno.read(write_items(tmp_path / "f.json", [item]))
    assert isinstance(got, webanno.IncomingScore)
    assert (got.label, got.source, got.criterion, got.reviewer, got.points, got.comment) == (
        "s:1", SHA, "measures", "王审", 12.0, "先写的评语")


def test_scores_at_the_bounds_import_and_unplaceable_ones_are_named(tmp_path):
    items = [assess(None, id="s:1"), assess("measures", 3, sha="ef" * 32, id="s:2"),
             assess("measures", 0, id="s:3"), assess("measures", 5, id="s:4"), assess("weaknesses", 10, id="s:5")]
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc()).doc_id
        titles = {c.id: c.title for c in p.criteria()}
        assert {c.id: c.max_points for c in p.criteria()}["weaknesses"] == 10
        report = webanno.import_annotations(p, write_items(tmp_path / "f.json", items))
        kept = {(s.criterion_id, s.reviewer): s.points for s in p.scores(d)}
    assert kept == {("measures", "王审"): 0.0, ("weaknesses", "王审"): 10.0}  # 0 and full marks are scores
    assert report.scores == 2
    assert report.problems == [
        "s:1：评分没有注明评分项",
        "s:2：项目中没有对应的文档（评分项「measures」）",
        f"s:4：文件中重复的评分（「{titles['measures']}」，评阅人「王审」）",
    ]


def test_positions_and_quotes_place_annotations_and_what_cannot_be_placed_is_named(tmp_path):
    n = len(TEXT)
    second = span(TEXT, "开展普法宣传", 1)
    items = [
        mark("measure", [{"type": "TextPositionSelector", "start": n - 5, "end": n}], id="p:1"),  # up to the end
        mark("figure", [{"type": "TextPositionSelector", "start": n - 5, "end": n + 1}], id="p:2"),  # past it
        mark("weakness", [], id="p:3"),
        mark(None, id="p:4"),
        # a repeated quote without context: the position chooses
        mark("weakness", [{"type": "TextQuoteSelector", "exact": "开展普法宣传"},
                          {"type": "TextPositionSelector", "start": second[0], "end": second[1]}], id="p:5"),
        # no position: the suffix chooses
        mark("figure", [{"type": "TextQuoteSelector", "exact": "开展普法宣传", "suffix": "。普法形式单一"}], id="p:6"),
    ]
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc()).doc_id
        report = webanno.import_annotations(p, write_items(tmp_path / "f.json", items))
        placed = sorted((a.start, a.end, a.tag) for a in p.annotations(d))
    assert placed == sorted([(n - 5, n, "measure"), (*second, "weakness"), (*second, "figure")])
    assert report.problems == [
        f"p:2：在「{TEXT.split(chr(10))[0]}」中找不到引文「」",
        "p:3：没有 TextQuoteSelector 或 TextPositionSelector",
        "p:4：未知的标注类型「（无）」",
    ]


def test_an_annotation_twice_in_a_file_is_added_once_with_every_link(tmp_path):
    """The same UUID with another tag, and the same span and tag without a
    UUID: duplicates of the first, whose evidence links all go to it; links
    already made are not made twice; an unknown criterion is named."""
    items = [
        mark("weakness", id=f"urn:uuid:{U1}", evidenceFor=[{"type": "EvidenceLink", "criterion": "measures"}]),
        mark("figure", id=f"urn:uuid:{U1}", evidenceFor=[{"criterion": "no_such"}, {"criterion": "measures"},
                                                        {"criterion": "weaknesses"}]),
        mark("weakness", id="x:3", evidenceFor=[{"criterion": "measures"}, {"criterion": "leaders_duty"}]),
    ]
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc()).doc_id
        report = webanno.import_annotations(p, write_items(tmp_path / "f.json", items))
        anns = p.annotations(d)
        links = sorted((e.criterion_id, e.annotation_id) for e in p.evidence(d))
    assert [(a.uuid, a.tag, a.quote) for a in anns] == [(U1, "weakness", "普法形式单一")]
    assert (len(report.added), report.duplicates, report.links) == (1, 2, 3)
    assert links == sorted((c, anns[0].id) for c in ("measures", "weaknesses", "leaders_duty"))
    assert report.problems == [f"urn:uuid:{U1}：本项目的评分细则中没有评分项「no_such」，评分依据未导入"]


def test_evidence_for_an_orphaned_annotation_is_restored_too(tmp_path):
    """An annotation whose quote a new version lost is still the file's
    annotation (found by its UUID): its evidence links come back with it."""
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(doc()).doc_id
        a = p.add_annotation(d, *span(TEXT, "普法形式单一"), "weakness")
        assert p.replace_document(d, doc(TEXT.replace("普法形式单一", "形式多样"))).orphans == 1
        item = mark("weakness", id=f"urn:uuid:{a.uuid}", evidenceFor=[{"criterion": "measures"}])
        report = webanno.import_annotations(p, write_items(tmp_path / "f.json", [item]))
        links = [(e.criterion_id, e.annotation_id) for e in p.evidence(d)]
    assert (report.added, report.duplicates, report.links, report.problems) == ([], 1, 1, [])
    assert links == [("measures", a.id)]


def test_reports_are_found_by_their_texts_hash_when_the_file_came_from_another_copy(tmp_path):
    """The file's documents list gives each source's text hash (either key,
    any case): reports imported here from other files are still found."""
    from desktop.store.schema import content_hash

    other = TEXT.replace("某镇", "另一镇")
    documents = [
        "not a document",
        {"source": f"urn:sha256:{'00' * 32}", "contentSha256": 7},  # no usable hash: skipped
        {"source": f"urn:sha256:{'00' * 32}", "contentSha256": ""},
        {"contentSha256": content_hash(TEXT)},  # no source
        {"id": 5, "source": f"urn:sha256:{'AB' * 32}", "content_sha256": content_hash(TEXT).upper()},  # 1st version
        {"source": f"urn:sha256:{'ef' * 32}", "contentSha256": content_hash(other)},
    ]
    items = [mark("weakness"), {**mark("figure"), "target": {"source": f"urn:sha256:{'ef' * 32}", "selector": [
        {"type": "TextQuoteSelector", "exact": "普法形式单一"}]}}]
    f = tmp_path / "f.json"
    f.write_text(json.dumps({"type": "AnnotationPage", "documents": documents, "items": items}, ensure_ascii=False),
                 encoding="utf-8")
    with Project(tmp_path / "p.rdproj") as p:
        a = p.import_document(doc(sha="12" * 32)).doc_id
        b = p.import_document(doc(other, sha="34" * 32, name="b.txt")).doc_id
        report = webanno.import_annotations(p, f)
        got = {d: [x.tag for x in p.annotations(d)] for d in (a, b)}
    assert report.problems == [] and got == {a: ["weakness"], b: ["figure"]}


def test_a_score_says_its_criterion_and_points_in_words():
    criteria = {"measures": ("主要举措", 15.0)}
    said = [webanno.score_json(webanno.ScoreRecord(1, cid, "王审", points, "", "2024-03-01T09:00:00"), SHA, U1,
                               criteria)["body"][0]["value"]
            for cid, points in (("measures", 12.5), ("measures", None), ("no_such", 3.0))]
    assert said == ["主要举措：12.5 / 15 分", "主要举措：未评分", "no_such：3 / 0 分"]


def test_bodies_and_selectors_of_other_tools_are_read_as_far_as_they_make_sense(tmp_path):
    def at(*selectors) -> dict:
        return {"type": "Annotation", "target": {"source": f"urn:sha256:{SHA}", "selector": list(selectors)}}

    def pos(start, end) -> dict:
        return {"type": "TextPositionSelector", "start": start, "end": end}

    items = [
        {**at("not a selector", pos(True, 5), {"type": "TextQuoteSelector", "exact": "全年", "prefix": "甲", "suffix": 5},
              {"exact": "普法"}),  # a selector without a type is not read
         "body": ["not a body", {"purpose": "tagging", "value": 3}, {"purpose": "highlighting", "value": "高亮"},
                  {"purpose": "describing", "value": "描述"}, {"purpose": "tagging", "value": "不足"},
                  {"purpose": "tagging", "value": "measure"}, {"purpose": "commenting", "value": "第二条"}]},
        {**at({"type": "TextQuoteSelector", "exact": "全年", "prefix": None, "suffix": "乙"}, pos(0, 3)),
         "body": [{"type": "TextualBody", "value": "没有 purpose 的正文"}, {"purpose": "tagging", "value": "question"}]},
        {**at(pos(3, 3)), "type": "oa:Annotation"},
        at(pos("1", 5)),
    ]
    got = webanno.read(write_items(tmp_path / "f.json", items))
    assert all(isinstance(i, webanno.Incoming) for i in got)
    first, second, third, fourth = (i for i in got if isinstance(i, webanno.Incoming))
    assert [i.label for i in got] == ["第 1 条", "第 2 条", "第 3 条", "第 4 条"]
    assert (first.tag, first.note, first.quote, first.prefix, first.suffix, first.start) == (
        "weakness", "描述", "全年", "甲", "", None)
    assert (second.tag, second.note, second.prefix, second.suffix, second.start, second.end) == (
        "question", "没有 purpose 的正文", "", "乙", 0, 3)
    assert (third.tag, third.start, third.end, fourth.start, fourth.end) == (None, None, None, None, None)


@pytest.mark.parametrize("item, message", [
    ({"type": "oa:Annotation", "body": []}, "第 2 项缺少 target"),
    ({"body": []}, r"第 2 项不是标注（缺少 type 或 target）"),
])
def test_an_item_without_a_target_is_named_by_its_place_in_the_file(tmp_path, item, message):
    with pytest.raises(webanno.InvalidAnnotationFile, match=message):
        webanno.read(write_items(tmp_path / "f.json", [mark(), item]))


def test_the_shapes_a_file_may_have_and_the_messages_for_the_rest(tmp_path):
    f = tmp_path / "f.json"

    def read(data) -> list:
        f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return webanno.read(f)

    assert [i.tag for i in read(mark("figure"))] == ["figure"]  # one bare annotation
    assert [i.tag for i in read([mark("figure"), mark("weakness")])] == ["figure", "weakness"]
    assert read({"type": "AnnotationCollection", "total": 0}) == []  # an empty round
    with pytest.raises(webanno.InvalidAnnotationFile, match=r"^文件中找不到标注列表（items 或 first\.items）。$"):
        read({"type": "Foo", "total": 0})
    with pytest.raises(webanno.InvalidAnnotationFile, match=r"^文件中找不到标注列表（items 或 first\.items）。$"):
        read({"type": "AnnotationCollection", "total": 2})
    with pytest.raises(webanno.InvalidAnnotationFile, match="^文件的顶层既不是对象也不是数组。$"):
        read("annotations")
    with pytest.raises(webanno.ReviewDeskError, match=f"^找不到文件：{re.escape(str(tmp_path / 'nope.json'))}$") as gone:
        webanno.read(tmp_path / "nope.json")
    assert gone.value.kind == "not_found"
    with pytest.raises(webanno.ReviewDeskError, match=f"^无法读取文件：{re.escape(str(tmp_path))}（") as unreadable:
        webanno.read(tmp_path)  # a folder
    assert unreadable.value.kind == "not_found" and str(unreadable.value).endswith(f"（{os.strerror(errno.EISDIR)}）")
    for raw, message in ((b"\xff\xfe\x00", "文件不是 UTF-8 编码的 JSON。"),
                         (b"{not json", "不是有效的 JSON（第 1 行第 2 列：Expecting property name enclosed in double quotes）。"),
                         (b"[" * 200_000, "JSON 嵌套过深。")):
        f.write_bytes(raw)
        with pytest.raises(webanno.InvalidAnnotationFile) as bad:
            webanno.read(f)
        assert str(bad.value) == message


def test_a_mark_without_uuid_or_report_id_keeps_the_first_versions_id_and_no_document():
    from desktop.export.summary import Claim

    claim = Claim(7, "measure", 0, 3, "某镇2", "", "0", "", "", "2024-03-01T09:00:00", "2024-03-01T09:00:00", "")
    item = webanno.annotation_json(claim, SHA)
    assert item["id"] == "urn:reviewdesk:annotation:7"
    assert item["target"]["source"] == f"urn:sha256:{SHA}" and "document" not in item["target"]
    assert "creator" not in item and item["motivation"] == "tagging"


def test_one_reports_file_and_how_the_file_names_itself(annotated, tmp_path):
    out = tmp_path / "one.json"
    with Project(annotated) as p:
        second = p.documents()[1]
        webanno.export_project(p, out, doc_id=second.id)
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    assert [d["uuid"] for d in data["documents"]] == [second.uuid] and data["total"] == 1
    assert data["label"] == "评阅台标注"  # a round without a name
    assert data["generator"] == {"type": "Software", "name": "ReviewDesk 评阅台"}
    assert "另一镇" in text and text.startswith('{\n  "@context"') and text.endswith("}\n")  # UTF-8 text, indented
