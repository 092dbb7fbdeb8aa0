"""W3C Web Annotation JSON: export a round's annotations, import them back.

The file is an AnnotationCollection with its annotations embedded in the
first AnnotationPage (https://www.w3.org/TR/annotation-model/). Each target's
``source`` is ``urn:sha256:<hash of the imported file>``, so the annotations
find their document in any project that imported the same file. On import
each one is placed with :func:`desktop.anchors.place`, the same anchoring as
re-importing a new version: the position when the quote is still there, else
a quote search that uses prefix/suffix to choose among repeats, else fuzzy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.anchors import Anchor, place
from desktop.errors import ReviewDeskError
from desktop.export.summary import Claim, RoundData
from desktop.store import Project
from desktop.store.operations import AddAnnotations, NewAnnotation
from desktop.tags import BY_VALUE, TAGS

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ID_PREFIX = "urn:reviewdesk:annotation:"
#: Annotations are identified by their UUID, which survives export and re-import.
UUID_PREFIX = "urn:uuid:"
SOURCE_PREFIX = "urn:sha256:"
_LABEL_TO_VALUE = {t.label: t.value for t in TAGS}


class InvalidAnnotationFile(ReviewDeskError):
    kind = "invalid"


# --- export -----------------------------------------------------------------------


def _stamp(value: str) -> str:
    """Stored local times get their UTC offset, as xsd:dateTime asks."""
    try:
        return datetime.fromisoformat(value).astimezone().isoformat(timespec="seconds")
    except ValueError:
        return value


def annotation_json(claim: Claim, source_sha256: str) -> dict[str, Any]:
    body: list[dict[str, str]] = [{"type": "TextualBody", "purpose": "tagging", "value": claim.tag}]
    if claim.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": claim.note,
                     "format": "text/plain"})
    item: dict[str, Any] = {
        "type": "Annotation",
        "id": f"{UUID_PREFIX}{claim.uuid}" if claim.uuid else f"{ID_PREFIX}{claim.id}",
        "created": _stamp(claim.created_at),
        "modified": _stamp(claim.updated_at),
    }
    if claim.reviewer:
        item["creator"] = {"type": "Person", "name": claim.reviewer}
    item["body"] = body
    item["target"] = {
        "source": f"{SOURCE_PREFIX}{source_sha256}",
        "selector": [
            {"type": "TextQuoteSelector", "exact": claim.quote, "prefix": claim.prefix,
             "suffix": claim.suffix},
            {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
        ],
    }
    return item


def collection_json(data: RoundData) -> dict[str, Any]:
    items = [annotation_json(c, r.source_sha256) for r in data.reports for c in r.claims]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": data.name or "评阅台标注",
        "generator": {"type": "Software", "name": "ReviewDesk 评阅台"},
        "generated": datetime.now().astimezone().isoformat(timespec="seconds"),
        "total": len(items),
        # Not part of the W3C vocabulary; JSON-LD processors ignore it.
        "documents": [
            {"source": f"{SOURCE_PREFIX}{r.source_sha256}", "title": r.title,
             "source_name": r.source_name, "unit": r.unit, "year": r.year,
             "uuid": r.uuid, "content_sha256": r.content_sha256}
            for r in data.reports
        ],
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write(data: RoundData, path: Path) -> None:
    path.write_text(json.dumps(collection_json(data), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


# --- reading ---------------------------------------------------------------------------


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


def _parse_item(item: Any, index: int) -> Incoming:
    if not isinstance(item, dict):
        raise InvalidAnnotationFile(f"第 {index + 1} 项不是 JSON 对象。")
    if item.get("type") not in ("Annotation", "oa:Annotation") and "target" not in item:
        raise InvalidAnnotationFile(f"第 {index + 1} 项不是标注（缺少 type 或 target）。")
    label = str(item.get("id") or f"第 {index + 1} 条")
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
    targets = _as_list(item.get("target"))
    if not targets:
        raise InvalidAnnotationFile(f"第 {index + 1} 项缺少 target。")
    target = targets[0]
    source = target if isinstance(target, str) else target.get("source") if isinstance(target, dict) else None
    sha = source[len(SOURCE_PREFIX):].lower() if isinstance(source, str) and source.startswith(SOURCE_PREFIX) else None
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
                    start, end, uuid)


def _uuid_of(value: Any) -> str:
    """The UUID of an ``urn:uuid:`` id in canonical form, '' for any other id."""
    import uuid as uuid_module

    if not isinstance(value, str) or not value.lower().startswith(UUID_PREFIX):
        return ""
    try:
        return str(uuid_module.UUID(value[len(UUID_PREFIX):]))
    except ValueError:
        return ""


def _content_by_source(doc: Any) -> dict[str, str]:
    """source sha → content sha from the collection's ``documents`` list (ours), when present."""
    out: dict[str, str] = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("documents"), list):
        return out
    for entry in doc["documents"]:
        if not isinstance(entry, dict):
            continue
        source, content = entry.get("source"), entry.get("content_sha256")
        if isinstance(source, str) and source.startswith(SOURCE_PREFIX) and isinstance(content, str) and content:
            out[source[len(SOURCE_PREFIX):].lower()] = content.lower()
    return out


def read(path: str | Path) -> list[Incoming]:
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
    contents = _content_by_source(doc)
    items = [_parse_item(item, i) for i, item in enumerate(_items(doc))]
    return [replace(inc, content=contents.get(inc.source or "")) for inc in items]


# --- import -------------------------------------------------------------------------


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)  # new annotation ids
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)  # one Chinese line per skipped annotation

    @property
    def skipped(self) -> int:
        return len(self.problems)

    def summary(self) -> str:
        line = f"已导入 {len(self.added)} 条标注"
        if self.duplicates:
            line += f"，{self.duplicates} 条已存在（跳过）"
        if self.problems:
            line += f"，{len(self.problems)} 条无法导入"
        return line + "。"


def plan(project: Project, incoming: list[Incoming]) -> tuple[list[tuple[int, int, int, str, str, str, str]], ImportReport]:
    """Where each annotation goes, without writing: ((doc, start, end, tag, note,
    reviewer, uuid) rows to add, the report so far). Duplicates of annotations
    already in the project (the same UUID, or the same span and tag), or earlier
    in the same file, are skipped. Documents are found by their text's hash when
    the file lists it, else by the imported file's hash."""
    all_docs = project.documents()
    docs = {d.source_sha256.lower(): d for d in all_docs}
    by_content = {d.content_sha256: d for d in all_docs}
    known_uuids = project.annotation_uuids()
    texts: dict[int, str] = {}
    seen: dict[int, set[tuple[int, int, str]]] = {}
    rows: list[tuple[int, int, int, str, str, str, str]] = []
    report = ImportReport()
    for inc in incoming:
        short = inc.quote.replace("\n", " ")
        short = short if len(short) <= 20 else short[:20] + "…"
        if inc.tag not in BY_VALUE:
            report.problems.append(f"{inc.label}：未知的标注类型「{inc.tag or '（无）'}」")
            continue
        doc = by_content.get(inc.content or "") or docs.get(inc.source or "")
        if doc is None:
            report.problems.append(f"{inc.label}：项目中没有对应的文档（「{short}」）")
            continue
        if inc.uuid and inc.uuid in known_uuids:
            report.duplicates += 1  # the same annotation, already here (re-importing adds nothing)
            continue
        if not inc.quote and inc.start is None:
            report.problems.append(f"{inc.label}：没有 TextQuoteSelector 或 TextPositionSelector")
            continue
        if doc.id not in texts:
            texts[doc.id] = project.document_text(doc.id)
            seen[doc.id] = {(a.start, a.end, a.tag) for a in project.annotations(doc.id, include_orphans=True)}
        text = texts[doc.id]
        if inc.quote:
            span = place(text, Anchor(inc.start, inc.end, inc.quote, inc.prefix, inc.suffix))
        else:  # position only: trust it if it fits
            span = (inc.start, inc.end) if inc.start is not None and inc.end is not None \
                and inc.end <= len(text) else None
        if span is None:
            report.problems.append(f"{inc.label}：在「{doc.title}」中找不到引文「{short}」")
            continue
        key = (span[0], span[1], inc.tag)
        if key in seen[doc.id]:
            report.duplicates += 1
            continue
        seen[doc.id].add(key)
        if inc.uuid:
            known_uuids.add(inc.uuid)
        rows.append((doc.id, span[0], span[1], inc.tag, inc.note, inc.reviewer, inc.uuid))
    return rows, report


def operation(project: Project, incoming: list[Incoming]) -> tuple[AddAnnotations, ImportReport]:
    """The one operation that adds every placeable annotation (placed before
    anything is written), and the report so far (its ``added`` is filled by
    whoever runs the operation: the window wraps it in one undo step)."""
    rows, report = plan(project, incoming)
    op = AddAnnotations(tuple(NewAnnotation(doc_id, start, end, tag, note, reviewer, uuid or None)
                              for doc_id, start, end, tag, note, reviewer, uuid in rows))
    return op, report


def apply(project: Project, incoming: list[Incoming]) -> ImportReport:
    """Places and adds annotations already read from a file: one transaction,
    one change set (all or nothing)."""
    op, report = operation(project, incoming)
    if op.items:
        report.added = list(project.run(op).result)
    return report


def import_annotations(project: Project, path: str | Path) -> ImportReport:
    """Reads a file and adds its annotations; an invalid file changes nothing."""
    return apply(project, read(path))
