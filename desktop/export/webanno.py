"""W3C Web Annotation JSON: export a round's annotations, scores and evidence, import them back.

The file is an AnnotationCollection (https://www.w3.org/TR/annotation-model/)
with an ``id`` (``urn:uuid:``, new for every export) and its annotations
embedded in one AnnotationPage, which has an id of its own. Every annotation
is identified by ``urn:uuid:<its UUID in the store>``, so ids never collide
between projects, and carries a ``motivation``:

* a reviewer's mark: ``tagging`` (the tag is a TextualBody with purpose
  ``tagging``), plus ``commenting`` when it has a note (a second body, purpose
  ``commenting``). Its ``evidenceFor`` lists the criteria it is evidence for.
* a score: ``assessing``, one per report, criterion and reviewer; its body
  (purpose ``assessing``) names the criterion and the points, a second body
  holds the comment.

Each target's ``source`` is ``urn:sha256:<hash of the imported file>`` and its
``document`` the report's ``urn:uuid:``; the collection's ``documents`` list
gives each report's ``contentSha256`` (the hash of its canonical text), by
which the annotations find their report in any project that imported the same
file. Terms that are not W3C's are defined in the file's own ``@context``
(namespace :data:`NS`), so JSON-LD processors keep them.

On import each annotation is placed with :func:`desktop.anchors.place`, the
same anchoring as re-importing a new version: the position when the quote is
still there, else a quote search that uses prefix/suffix to choose among
repeats, else fuzzy. UUIDs, reviewers and times are kept, so export → import
into a fresh project with the same reports restores everything exactly.
Files of the previous version (ids ``urn:reviewdesk:annotation:N``, no
motivation, no scores) still import.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.anchors import Anchor, place
from desktop.errors import ReviewDeskError
from desktop.export.summary import Claim, RoundData
from desktop.store import Project
from desktop.store.operations import KeptAnnotation, KeptEvidence, KeptScore, RestoreAnnotationFile
from desktop.store.scoring import Evidence, Score
from desktop.tags import BY_VALUE, TAGS

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Our own vocabulary: every key of the file that anno.jsonld does not define.
NS = "https://reviewdesk.example/ns#"
RD_CONTEXT: dict[str, Any] = {
    "rd": NS,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "Report": "rd:Report",
    "Criterion": "rd:Criterion",
    "EvidenceLink": "rd:EvidenceLink",
    "documents": {"@id": "rd:documents", "@container": "@set"},
    "document": {"@id": "rd:document", "@type": "@id"},
    "sourceName": "rd:sourceName",
    "unit": "rd:unit",
    "year": {"@id": "rd:year", "@type": "xsd:integer"},
    "contentSha256": "rd:contentSha256",
    # the names the first version wrote (a public shape: kept beside the new ones)
    "title": "rd:title",
    "source_name": "rd:sourceName",
    "uuid": "rd:uuid",
    "content_sha256": "rd:contentSha256",
    "rubric": "rd:rubric",
    "criteria": {"@id": "rd:criteria", "@container": "@list"},
    "criterion": "rd:criterion",
    "points": {"@id": "rd:points", "@type": "xsd:double"},
    "maxPoints": {"@id": "rd:maxPoints", "@type": "xsd:double"},
    "evidenceFor": {"@id": "rd:evidenceFor", "@container": "@set"},
}
CONTEXT: list[Any] = [W3C_CONTEXT, RD_CONTEXT]
#: Ids of files written before annotations had UUIDs (still read).
ID_PREFIX = "urn:reviewdesk:annotation:"
#: Annotations are identified by their UUID, which survives export and re-import.
UUID_PREFIX = "urn:uuid:"
SOURCE_PREFIX = "urn:sha256:"
_LABEL_TO_VALUE = {t.label: t.value for t in TAGS}
_SCORE_NAMESPACE = uuid_module.uuid5(uuid_module.NAMESPACE_URL, NS + "score")


class InvalidAnnotationFile(ReviewDeskError):
    kind = "invalid"


# --- export -----------------------------------------------------------------------


#: One score row as the store holds it (per report, criterion and reviewer), and one
#: evidence link (annotation ``annotation_id`` supports ``criterion_id``): the store's records.
ScoreRecord = Score
LinkRecord = Evidence


@dataclass(frozen=True)
class Assessments:
    """What the file carries beyond the annotations: the rubric's criteria, every
    reviewer's score and every evidence link of the exported reports (the
    summary's RoundData holds only their means and joined comments)."""

    rubric_name: str = ""
    criteria: tuple[tuple[str, str, float], ...] = ()  # (id, title, max points) in rubric order
    scores: tuple[ScoreRecord, ...] = ()
    links: tuple[LinkRecord, ...] = ()


def assessments(project: Project, data: RoundData) -> Assessments:
    """Reads the scores and evidence links of ``data``'s reports from the project."""
    scores: list[ScoreRecord] = []
    links: list[LinkRecord] = []
    for report in data.reports:
        scores += project.scores(report.doc_id)
        links += project.evidence(report.doc_id)
    criteria = tuple((c.id, c.title, float(c.max_points)) for c in project.criteria())
    return Assessments(project.round_info().rubric_name, criteria, tuple(scores), tuple(links))


def _stamp(value: str) -> str:
    """Stored local times get their UTC offset, as xsd:dateTime asks (no digit lost)."""
    try:
        return datetime.fromisoformat(value).astimezone().isoformat()
    except ValueError:
        return value


def _person(name: str) -> dict[str, str]:
    return {"type": "Person", "name": name}


def _text_body(purpose: str, value: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain",
            "language": "zh"}


def _urn(value: str) -> str:
    return f"{UUID_PREFIX}{value}"


def _target(report_source: str, doc_uuid: str) -> dict[str, Any]:
    target: dict[str, Any] = {"source": f"{SOURCE_PREFIX}{report_source}"}
    if doc_uuid:
        target["document"] = _urn(doc_uuid)
    return target


def annotation_json(claim: Claim, source_sha256: str, doc_uuid: str = "",
                    links: tuple[LinkRecord, ...] = ()) -> dict[str, Any]:
    """One reviewer's mark: motivation tagging (and commenting when it has a note)."""
    body: list[dict[str, str]] = [{"type": "TextualBody", "purpose": "tagging", "value": claim.tag}]
    if claim.note:
        body.append(_text_body("commenting", claim.note))
    item: dict[str, Any] = {
        "type": "Annotation",
        "id": _urn(claim.uuid) if claim.uuid else f"{ID_PREFIX}{claim.id}",
        "motivation": ["tagging", "commenting"] if claim.note else "tagging",
        "created": _stamp(claim.created_at),
        "modified": _stamp(claim.updated_at),
    }
    if claim.reviewer:
        item["creator"] = _person(claim.reviewer)
    item["body"] = body
    target = _target(source_sha256, doc_uuid)
    target["selector"] = [
        {"type": "TextQuoteSelector", "exact": claim.quote, "prefix": claim.prefix, "suffix": claim.suffix},
        {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
    ]
    item["target"] = target
    if links:
        evidence = []
        for link in links:
            entry: dict[str, Any] = {"type": "EvidenceLink", "criterion": link.criterion_id,
                                     "created": _stamp(link.created_at)}
            if link.reviewer:
                entry["creator"] = _person(link.reviewer)
            evidence.append(entry)
        item["evidenceFor"] = evidence
    return item


def score_id(doc_uuid: str, criterion_id: str, reviewer: str) -> str:
    """A score's id: a name-based UUID of its report's UUID, criterion and
    reviewer, so it is the same in every export of that project and unique
    across projects (report UUIDs are)."""
    return _urn(str(uuid_module.uuid5(_SCORE_NAMESPACE, json.dumps([doc_uuid, criterion_id, reviewer]))))


def score_json(score: ScoreRecord, source_sha256: str, doc_uuid: str,
               criteria: dict[str, tuple[str, float]]) -> dict[str, Any]:
    """One reviewer's score of one criterion of a report: motivation assessing."""
    title, max_points = criteria.get(score.criterion_id, (score.criterion_id, 0.0))
    said = f"{score.points:g} / {max_points:g} 分" if score.points is not None else "未评分"
    assessing = _text_body("assessing", f"{title}：{said}")
    assessing["criterion"] = score.criterion_id
    if score.points is not None:
        assessing["points"] = float(score.points)
    body = [assessing]
    if score.comment:
        body.append(_text_body("commenting", score.comment))
    item: dict[str, Any] = {
        "type": "Annotation",
        "id": score_id(doc_uuid, score.criterion_id, score.reviewer),
        "motivation": "assessing",
        "modified": _stamp(score.updated_at),
    }
    if score.reviewer:
        item["creator"] = _person(score.reviewer)
    item["body"] = body
    item["target"] = _target(source_sha256, doc_uuid)
    return item


def collection_json(data: RoundData, scoring: Assessments | None = None) -> dict[str, Any]:
    """The whole file; ``scoring`` (see :func:`assessments`) adds scores and evidence."""
    scoring = scoring or Assessments()
    criteria = {cid: (title, max_points) for cid, title, max_points in scoring.criteria}
    links: dict[int, list[LinkRecord]] = {}
    for link in scoring.links:
        links.setdefault(link.annotation_id, []).append(link)
    items: list[dict[str, Any]] = []
    for r in data.reports:
        items += [annotation_json(c, r.source_sha256, r.uuid, tuple(links.get(c.id, ()))) for c in r.claims]
    by_doc = {r.doc_id: r for r in data.reports}
    items += [score_json(s, by_doc[s.doc_id].source_sha256, by_doc[s.doc_id].uuid, criteria)
              for s in scoring.scores if s.doc_id in by_doc]
    collection_id, page_id = _urn(str(uuid_module.uuid4())), _urn(str(uuid_module.uuid4()))
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": data.name or "评阅台标注",
        "generator": {"type": "Software", "name": "ReviewDesk 评阅台"},
        "generated": datetime.now().astimezone().isoformat(timespec="seconds"),
        "total": len(items),
        "documents": [_document_json(r) for r in data.reports],
    }
    if scoring.criteria:
        out["rubric"] = scoring.rubric_name
        out["criteria"] = [{"type": "Criterion", "criterion": cid, "label": title, "maxPoints": max_points}
                           for cid, title, max_points in scoring.criteria]
    out["first"] = {"id": page_id, "type": "AnnotationPage", "partOf": collection_id, "startIndex": 0,
                    "items": items}
    out["last"] = page_id
    return out


def _document_json(r: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if r.uuid:
        entry["id"] = _urn(r.uuid)
    entry.update({"type": "Report", "label": r.title, "source": f"{SOURCE_PREFIX}{r.source_sha256}",
                  "sourceName": r.source_name, "unit": r.unit})
    if r.year is not None:
        entry["year"] = r.year
    entry["contentSha256"] = r.content_sha256
    # the keys files carried before (scripts read them): kept as they were
    entry.update({"title": r.title, "source_name": r.source_name, "content_sha256": r.content_sha256})
    if r.uuid:
        entry["uuid"] = r.uuid
    return entry


@dataclass(frozen=True)
class ScoredRound:
    """A round's records with the scores and evidence links the file carries."""

    data: RoundData
    scoring: Assessments


def with_assessments(project: Project, data: RoundData) -> ScoredRound:
    """What :func:`write` needs for a file that restores scores and evidence too."""
    return ScoredRound(data, assessments(project, data))


def write(data: RoundData | ScoredRound, path: Path, scoring: Assessments | None = None) -> None:
    """Writes the file. Scores and evidence go in when ``data`` is a ScoredRound
    (or ``scoring`` is given); a bare RoundData gives annotations only."""
    records = data.data if isinstance(data, ScoredRound) else data
    if isinstance(data, ScoredRound) and scoring is None:
        scoring = data.scoring
    path.write_text(json.dumps(collection_json(records, scoring), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


def export_project(project: Project, path: Path, doc_id: int | None = None) -> None:
    """The annotation file of the round (or of one report) with its scores and evidence."""
    from desktop.export.summary import build_round

    write(with_assessments(project, build_round(project, None if doc_id is None else [doc_id], scoring=False)),
          path)


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceIn:
    """An ``evidenceFor`` entry of an annotation: the criterion it supports."""

    criterion: str
    reviewer: str = ""
    created: str | None = None  # local time as stored, None: not given


@dataclass(frozen=True)
class Incoming:
    """One annotation read from a file, before it is placed."""

    label: str  # how reports name it: its id, or its position in the file
    source: str | None  # sha256 hex, None when the target has none we understand
    tag: str | None
    note: str
    reviewer: str
    quote: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    uuid: str = ""  # from an id urn:uuid:…, kept on re-import
    content: str | None = None  # SHA-256 of the document's canonical text, when the file lists it
    created: str | None = None  # local times as stored; None: not in the file (now is used)
    modified: str | None = None
    evidence: tuple[EvidenceIn, ...] = ()
    document: str = ""  # the report's urn:uuid: in the exporting project, when given


@dataclass(frozen=True)
class IncomingScore:
    """One reviewer's score of one criterion of a report (an ``assessing`` annotation)."""

    label: str
    source: str | None
    criterion: str
    reviewer: str
    points: float | None
    comment: str
    modified: str | None = None
    content: str | None = None
    document: str = ""


def _items(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        raise InvalidAnnotationFile("文件的顶层既不是对象也不是数组。")
    kind = doc.get("type")
    if kind == "Annotation":
        return [doc]
    if isinstance(doc.get("items"), list):
        return doc["items"]
    first = doc.get("first")
    if isinstance(first, dict) and isinstance(first.get("items"), list):
        return first["items"]
    if kind == "AnnotationCollection" and doc.get("total") == 0:
        return []
    raise InvalidAnnotationFile("文件中找不到标注列表（items 或 first.items）。")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _creator(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("name", "nickname", "id"):
            if isinstance(value.get(key), str):
                return value[key]
    if isinstance(value, list) and value:
        return _creator(value[0])
    return ""


def _local_time(value: Any) -> str | None:
    """An xsd:dateTime as the store keeps times (local, no offset); None when
    absent or not a time. A time with an offset is the same instant in local time."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone().replace(tzinfo=None)
    return parsed.isoformat()


def _motivations(item: dict[str, Any]) -> set[str]:
    return {m.removeprefix("oa:") for m in _as_list(item.get("motivation")) if isinstance(m, str)}


def _target_of(item: dict[str, Any], index: int) -> tuple[Any, str | None, str]:
    """(the first target, its source sha256 or None, its report's urn:uuid: or '')."""
    targets = _as_list(item.get("target"))
    if not targets:
        raise InvalidAnnotationFile(f"第 {index + 1} 项缺少 target。")
    target = targets[0]
    source = target if isinstance(target, str) else target.get("source") if isinstance(target, dict) else None
    sha = source[len(SOURCE_PREFIX):].lower() if isinstance(source, str) and source.startswith(SOURCE_PREFIX) else None
    document = target.get("document") if isinstance(target, dict) else None
    return target, sha, document if isinstance(document, str) else ""


def _our_string(value: Any, what: str, index: int) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidAnnotationFile(f"第 {index + 1} 项的 {what} 不是文字。")
    return value


def _parse_evidence(value: Any, index: int) -> tuple[EvidenceIn, ...]:
    out = []
    for entry in _as_list(value):
        if not isinstance(entry, dict):
            raise InvalidAnnotationFile(f"第 {index + 1} 项的 evidenceFor 不是对象。")
        out.append(EvidenceIn(_our_string(entry.get("criterion"), "evidenceFor.criterion", index),
                              _creator(entry.get("creator")), _local_time(entry.get("created"))))
    return tuple(out)


def _parse_score(item: dict[str, Any], index: int, label: str) -> IncomingScore:
    _, sha, document = _target_of(item, index)
    criterion, points, comment = None, None, ""
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict):
            continue
        if "criterion" in body and criterion is None:
            criterion = _our_string(body["criterion"], "criterion", index)
            raw = body.get("points")
            if raw is not None and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
                raise InvalidAnnotationFile(f"第 {index + 1} 项的 points 不是数字。")
            points = None if raw is None else float(raw)
        elif body.get("purpose") == "commenting" and isinstance(body.get("value"), str) and not comment:
            comment = body["value"]
    return IncomingScore(label, sha, criterion or "", _creator(item.get("creator")), points, comment,
                         _local_time(item.get("modified")), document=document)


def _parse_item(item: Any, index: int) -> Incoming | IncomingScore:
    if not isinstance(item, dict):
        raise InvalidAnnotationFile(f"第 {index + 1} 项不是 JSON 对象。")
    if item.get("type") not in ("Annotation", "oa:Annotation") and "target" not in item:
        raise InvalidAnnotationFile(f"第 {index + 1} 项不是标注（缺少 type 或 target）。")
    label = str(item.get("id") or f"第 {index + 1} 条")
    if "assessing" in _motivations(item):
        return _parse_score(item, index, label)
    uuid = _uuid_of(item.get("id"))
    tag, note = None, ""
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict):
            continue
        value = body.get("value")
        if not isinstance(value, str):
            continue
        if body.get("purpose") == "tagging" and tag is None:
            tag = value if value in BY_VALUE else _LABEL_TO_VALUE.get(value, value)
        elif body.get("purpose") in ("commenting", "describing", None) and not note:
            note = value
    target, sha, document = _target_of(item, index)
    quote = prefix = suffix = ""
    start = end = None
    for sel in _as_list(target.get("selector")) if isinstance(target, dict) else []:
        if not isinstance(sel, dict):
            continue
        if sel.get("type") == "TextQuoteSelector" and isinstance(sel.get("exact"), str):
            quote = sel["exact"]
            prefix = found if isinstance(found := sel.get("prefix"), str) else ""
            suffix = found if isinstance(found := sel.get("suffix"), str) else ""
        elif sel.get("type") == "TextPositionSelector":
            s, e = sel.get("start"), sel.get("end")
            if isinstance(s, int) and isinstance(e, int) and not isinstance(s, bool) and 0 <= s < e:
                start, end = s, e
    return Incoming(label, sha, tag, note, _creator(item.get("creator")), quote, prefix, suffix,
                    start, end, uuid, created=_local_time(item.get("created")),
                    modified=_local_time(item.get("modified")),
                    evidence=_parse_evidence(item.get("evidenceFor"), index), document=document)


def _uuid_of(value: Any) -> str:
    """The UUID of an ``urn:uuid:`` id in canonical form, '' for any other id."""
    if not isinstance(value, str) or not value.lower().startswith(UUID_PREFIX):
        return ""
    try:
        return str(uuid_module.UUID(value[len(UUID_PREFIX):]))
    except ValueError:
        return ""


def _contents(doc: Any) -> tuple[dict[str, str], dict[str, str]]:
    """From the collection's ``documents`` list: report id → content sha, and
    source sha → content sha (only for a source that holds one report: the
    parts of a split compilation share their file)."""
    by_id: dict[str, str] = {}
    by_source: dict[str, set[str]] = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("documents"), list):
        return by_id, {}
    for entry in doc["documents"]:
        if not isinstance(entry, dict):
            continue
        content = entry.get("contentSha256", entry.get("content_sha256"))  # the latter: earlier files
        if not isinstance(content, str) or not content:
            continue
        ident = entry.get("id")
        if isinstance(ident, str) and ident:
            by_id[ident.lower()] = content.lower()
        source = entry.get("source")
        if isinstance(source, str) and source.startswith(SOURCE_PREFIX):
            by_source.setdefault(source[len(SOURCE_PREFIX):].lower(), set()).add(content.lower())
    return by_id, {s: next(iter(c)) for s, c in by_source.items() if len(c) == 1}


def read(path: str | Path) -> list[Incoming | IncomingScore]:
    """Parses a file; InvalidAnnotationFile (kind ``invalid``) when it is not one."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReviewDeskError(f"找不到文件：{path}", kind="not_found") from None
    except OSError as exc:
        raise ReviewDeskError(f"无法读取文件：{path}（{exc.strerror or exc}）", kind="not_found") from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidAnnotationFile("文件不是 UTF-8 编码的 JSON。") from None
    except json.JSONDecodeError as exc:
        raise InvalidAnnotationFile(f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）。") from None
    except RecursionError:
        raise InvalidAnnotationFile("JSON 嵌套过深。") from None
    by_id, by_source = _contents(doc)
    items = [_parse_item(item, i) for i, item in enumerate(_items(doc))]
    return [replace(inc, content=by_id.get(inc.document.lower()) or by_source.get(inc.source or ""))
            for inc in items]


# --- import -------------------------------------------------------------------------


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)  # new annotation ids
    duplicates: int = 0  # annotations already in the project (or twice in the file)
    problems: list[str] = field(default_factory=list)  # one Chinese line per skipped item
    scores: int = 0  # score rows added
    links: int = 0  # evidence links added

    @property
    def skipped(self) -> int:
        return len(self.problems)

    def summary(self) -> str:
        line = f"已导入 {len(self.added)} 条标注"
        if self.scores:
            line += f"、{self.scores} 项评分"
        if self.links:
            line += f"、{self.links} 条评分依据"
        if self.duplicates:
            line += f"，{self.duplicates} 条已存在（跳过）"
        if self.problems:
            line += f"，{len(self.problems)} 条无法导入"
        return line + "。"


def _short(quote: str) -> str:
    short = quote.replace("\n", " ")
    return short if len(short) <= 20 else short[:20] + "…"


class _Planner:
    """Where every item of a file goes, decided before anything is written."""

    def __init__(self, project: Project) -> None:
        self.project = project
        documents = project.documents()
        self.by_source: dict[str, Any] = {}
        for d in documents:
            self.by_source.setdefault(d.source_sha256.lower(), d)
        self.by_content = {d.content_sha256: d for d in documents}
        self.known_uuids = project.annotation_uuids()
        self.criteria = {c.id: c for c in project.criteria()}
        self.texts: dict[int, str] = {}
        self.spans: dict[int, dict[tuple[int, int, str], str]] = {}  # doc → (start, end, tag) → uuid
        self.uuids: dict[int, set[str]] = {}  # doc → uuids of its annotations (project's and planned)
        self.links: dict[int, set[tuple[str, str]]] = {}  # doc → (criterion, annotation uuid)
        self.scored: set[tuple[int, str, str]] = set()
        self.report = ImportReport()
        self.annotations: list[KeptAnnotation] = []
        self.scores: list[KeptScore] = []
        self.evidence: list[KeptEvidence] = []
        self.now = project.now()

    def document(self, inc: Incoming | IncomingScore) -> Any:
        return self.by_content.get(inc.content or "") or self.by_source.get(inc.source or "")

    def _load(self, doc_id: int) -> None:
        if doc_id in self.texts:
            return
        self.texts[doc_id] = self.project.document_text(doc_id)
        anns = self.project.annotations(doc_id, include_orphans=True)
        self.spans[doc_id] = {(a.start, a.end, a.tag): a.uuid for a in anns}
        self.uuids[doc_id] = {a.uuid for a in anns}
        by_id = {a.id: a.uuid for a in anns}
        self.links[doc_id] = {(e.criterion_id, by_id[e.annotation_id])
                              for e in self.project.evidence(doc_id) if e.annotation_id in by_id}

    def annotation(self, inc: Incoming) -> None:
        problems = self.report.problems
        if inc.tag not in BY_VALUE:
            problems.append(f"{inc.label}：未知的标注类型「{inc.tag or '（无）'}」")
            return
        doc = self.document(inc)
        if doc is None:
            problems.append(f"{inc.label}：项目中没有对应的文档（「{_short(inc.quote)}」）")
            return
        self._load(doc.id)
        if inc.uuid and inc.uuid in self.known_uuids:
            self.report.duplicates += 1  # the same annotation, already here (re-importing adds nothing)
            if inc.uuid in self.uuids[doc.id]:
                self._evidence(inc, doc.id, inc.uuid)
            return
        if not inc.quote and inc.start is None:
            problems.append(f"{inc.label}：没有 TextQuoteSelector 或 TextPositionSelector")
            return
        text = self.texts[doc.id]
        if inc.quote:
            span = place(text, Anchor(inc.start, inc.end, inc.quote, inc.prefix, inc.suffix))
        else:  # position only: trust it if it fits
            span = (inc.start, inc.end) if inc.start is not None and inc.end is not None \
                and inc.end <= len(text) else None
        if span is None:
            problems.append(f"{inc.label}：在「{doc.title}」中找不到引文「{_short(inc.quote)}」")
            return
        key = (span[0], span[1], inc.tag)
        if key in self.spans[doc.id]:
            self.report.duplicates += 1
            self._evidence(inc, doc.id, self.spans[doc.id][key])
            return
        from desktop.store.schema import new_uuid

        ident = inc.uuid or new_uuid()
        self.known_uuids.add(ident)
        self.spans[doc.id][key] = ident
        self.uuids[doc.id].add(ident)
        created = inc.created or self.now
        self.annotations.append(KeptAnnotation(doc.id, span[0], span[1], inc.tag, inc.note, inc.reviewer,
                                               ident, created, inc.modified or created))
        self._evidence(inc, doc.id, ident)

    def _evidence(self, inc: Incoming, doc_id: int, ann_uuid: str) -> None:
        for e in inc.evidence:
            if e.criterion not in self.criteria:
                self.report.problems.append(
                    f"{inc.label}：本项目的评分细则中没有评分项「{e.criterion}」，评分依据未导入")
                continue
            if (e.criterion, ann_uuid) in self.links[doc_id]:
                continue  # linked already
            self.links[doc_id].add((e.criterion, ann_uuid))
            self.evidence.append(KeptEvidence(doc_id, e.criterion, ann_uuid, e.reviewer, e.created or self.now))

    def score(self, inc: IncomingScore) -> None:
        problems = self.report.problems
        if not inc.criterion:
            problems.append(f"{inc.label}：评分没有注明评分项")
            return
        doc = self.document(inc)
        if doc is None:
            problems.append(f"{inc.label}：项目中没有对应的文档（评分项「{inc.criterion}」）")
            return
        crit = self.criteria.get(inc.criterion)
        if crit is None:
            problems.append(f"{inc.label}：本项目的评分细则中没有评分项「{inc.criterion}」，评分未导入")
            return
        if inc.points is not None and not 0 <= inc.points <= crit.max_points:
            problems.append(f"{inc.label}：「{crit.title}」的得分 {inc.points:g} 不在 0 到 {crit.max_points:g} 之间")
            return
        key = (doc.id, inc.criterion, inc.reviewer)
        if key in self.scored:
            problems.append(f"{inc.label}：文件中重复的评分（「{crit.title}」，评阅人「{inc.reviewer}」）")
            return
        self.scored.add(key)
        old = self.project.score(*key)
        if old is not None:
            if (old.points, old.comment) != (inc.points, inc.comment):
                problems.append(f"{inc.label}：「{doc.title}」中评阅人「{inc.reviewer}」对「{crit.title}」"
                                f"已有不同的评分，保留项目中的评分")
            return
        self.scores.append(KeptScore(doc.id, inc.criterion, inc.reviewer, inc.points, inc.comment,
                                     inc.modified or self.now))


def plan(project: Project, incoming: list[Incoming | IncomingScore]) -> tuple[RestoreAnnotationFile, ImportReport]:
    """The one operation that adds every placeable annotation, score and
    evidence link (placed before anything is written), and the report so far.
    Duplicates of annotations already in the project (the same UUID, or the
    same span and tag), or earlier in the same file, are skipped; so are links
    and scores already there. Documents are found by their text's hash when the
    file lists it, else by the imported file's hash."""
    planner = _Planner(project)
    for inc in incoming:
        if isinstance(inc, IncomingScore):
            planner.score(inc)
        else:
            planner.annotation(inc)
    op = RestoreAnnotationFile(tuple(planner.annotations), tuple(planner.scores), tuple(planner.evidence))
    planner.report.scores, planner.report.links = len(op.scores), len(op.evidence)
    return op, planner.report


def operation(project: Project, incoming: list[Incoming | IncomingScore]) -> tuple[RestoreAnnotationFile, ImportReport]:
    """The one operation for a file, and the report so far (its ``added`` is
    filled by whoever runs the operation: the window wraps it in one undo step)."""
    return plan(project, incoming)


def apply(project: Project, incoming: list[Incoming | IncomingScore]) -> ImportReport:
    """Places and adds what was read from a file: one transaction, one change
    set (all or nothing)."""
    op, report = operation(project, incoming)
    if not op.empty:
        report.added = list(project.run(op).result)
    return report


def import_annotations(project: Project, path: str | Path) -> ImportReport:
    """Reads a file and adds its annotations, scores and evidence; an invalid file changes nothing."""
    return apply(project, read(path))
