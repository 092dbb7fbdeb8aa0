"""Merging reviewers' projects (issue 14): the panel's projects, brought into one.

Each reviewer of a panel works on their own office PC in their own project
file; the files travel on a USB stick. :func:`read_source` reads one such file
(through a consistent copy, never changing it) and :class:`MergeProjects`, an
operation like any other (one transaction, one change set, one undo step),
brings it into the open project:

* **Reports** are matched by their content: the same canonical text
  (``content_sha256``) is one report whatever its title or file name. A
  report whose UUID is known but whose text differs (one side imported a new
  version) gets the incoming annotations re-anchored onto the target's text,
  as a version replacement does; what cannot be placed is kept as an orphan.
  Other reports come in whole, with their outline and stored versions.
* **Reviewers** are a name plus an installation id (``reviewers`` table): the
  incoming 张三 of another PC becomes “张三（2）” here, never mixed with ours.
* **Annotations** are matched by UUID. Unknown ones come in; identical ones
  are skipped, so merging the same project twice adds nothing. One edited on
  one side only (its ``updated_at`` moved from ``created_at``) takes that
  edit. One edited differently on both sides is a *conflict*: ours stays, the
  other version is kept as an annotation of its own (a UUID derived from the
  original and the version, so a second merge finds it) and both are listed
  in ``merge_conflicts``. Deleting an annotation does not travel: a merge
  never removes what a reviewer acknowledged.
* **Scores** are per reviewer (report, criterion, reviewer); a reviewer's
  score that differs between the two files keeps the newer one and lists the
  older in ``merge_conflicts``. Evidence links follow their annotations.
* **Rubric**: a source scored against a different rubric is refused before
  anything is written, with the first difference named.

Without a shared history a merge cannot tell “edited here after the other
copy was made” from “edited on both sides”; it then keeps both versions
(nothing is lost, the reviewer settles it in the list).
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from desktop.anchors import Anchor, make_anchor, reanchor
from desktop.errors import ProjectError, ReviewDeskError
from desktop.rubric import Rubric
from desktop.store.operations import Operation, Writer

if TYPE_CHECKING:  # pragma: no cover
    from desktop.store.project import Project

#: Namespace of the UUIDs given to the other version of a conflicting annotation.
CONFLICT_NAMESPACE = uuid_module.UUID("6f1d2c5e-3b1a-4f8e-9a60-52e1c0d7a914")
_ANN_FIELDS = ("start", "end", "tag", "note", "orphaned")


class MergeRefused(ReviewDeskError):
    """A source that cannot be merged into this project (nothing was written)."""

    kind = "merge"


class RubricMismatch(MergeRefused):
    kind = "rubric"


@dataclass
class SourceProject:
    """Everything a merge needs from one source project, read at once."""

    path: Path
    label: str
    created_at: str
    rubric: Rubric
    reviewers: dict[str, tuple[str, str]]  # key -> (name, installation)
    documents: list[dict[str, Any]]
    sections: dict[int, list[dict[str, Any]]]
    versions: dict[int, list[dict[str, Any]]]
    annotations: list[dict[str, Any]]
    scores: list[dict[str, Any]]
    evidence: list[dict[str, Any]]  # with annotation_uuid instead of annotation_id
    decisions: list[dict[str, Any]]
    #: A PDF report's page records and original file per text version (schema 7), by doc id.
    pages: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    files: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class Conflict:
    kind: str  # annotation | score
    doc_id: int
    title: str
    reviewer: str
    what: str  # the quote, or the criterion id
    kept: dict[str, Any]
    other: dict[str, Any]

    def message(self) -> str:
        if self.kind == "annotation":
            return (f"“{self.title}”中评阅人“{self.reviewer}”的标注“{_short(self.what)}”两边改得不同："
                    f"保留本项目的版本，另一版本另存为一条标注")
        return (f"“{self.title}”中评阅人“{self.reviewer}”对“{self.what}”的评分两边不同："
                f"保留较新的 {self.kept.get('points')} 分，另一版本 {self.other.get('points')} 分已列出")


@dataclass
class SourceSummary:
    """What came in from one source."""

    source: str
    documents_matched: int = 0
    documents_added: int = 0
    annotations_added: int = 0
    annotations_updated: int = 0
    annotations_unchanged: int = 0
    annotations_orphaned: int = 0
    scores_added: int = 0
    scores_updated: int = 0
    scores_unchanged: int = 0
    evidence_added: int = 0
    reviewers: dict[str, str] = field(default_factory=dict)  # source key -> key here
    reviewers_added: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.annotations_added or self.annotations_updated
                    or self.scores_added or self.scores_updated or self.evidence_added
                    or self.reviewers_added or self.conflicts)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["conflicts"] = [{**asdict(c), "message": c.message()} for c in self.conflicts]
        return out

    def lines(self) -> list[str]:
        out = [f"来自 {self.source}：报告 {self.documents_matched} 份已在项目中、新增 {self.documents_added} 份；"
               f"标注新增 {self.annotations_added} 条、更新 {self.annotations_updated} 条、"
               f"相同 {self.annotations_unchanged} 条；评分新增 {self.scores_added} 项、"
               f"更新 {self.scores_updated} 项；评分依据新增 {self.evidence_added} 条"]
        if self.annotations_orphaned:
            out.append(f"  {self.annotations_orphaned} 条标注在本项目的报告版本中无法定位，已列入“无法定位的标注”")
        for key in self.reviewers_added:
            out.append(f"  新的评阅人：{key}")
        renamed = {src: here for src, here in self.reviewers.items() if src != here}
        for src, here in renamed.items():
            out.append(f"  评阅人“{src}”来自另一台电脑，与本项目中的同名评阅人不是同一人，记为“{here}”")
        out += [f"  冲突：{c.message()}" for c in self.conflicts]
        if not self.changed:
            out.append("  没有新内容（此项目已合并过）")
        return out


@dataclass
class MergeSummary:
    sources: list[SourceSummary]
    backup: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"backup": self.backup, "sources": [s.as_json() for s in self.sources],
                "conflicts": sum(len(s.conflicts) for s in self.sources)}

    def lines(self) -> list[str]:
        out = [line for s in self.sources for line in s.lines()]
        if self.backup:
            out.append(f"合并前的备份：{self.backup}")
        return out


def _short(text: str, n: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def legacy_installation(project_uuid: str) -> str:
    """The installation of reviewers written before installations were recorded:
    one per project file (``round.uuid``, shared by its copies), stable across merges."""
    return "legacy:" + project_uuid


# --- reading a source --------------------------------------------------------------------------


def _rows(conn: sqlite3.Connection, sql: str, args: Iterable = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, tuple(args))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur]


def read_source(path: str | Path) -> SourceProject:
    """Reads a project to merge from a consistent private copy (a window may have
    it open; an older file is upgraded in the copy); the file itself is never
    changed. Raises ProjectError."""
    from desktop.store.snapshot import snapshot

    path = Path(path)
    with snapshot(path, prefix="reviewdesk-merge-") as project:
        return _read(project, path)


def _read(project: "Project", path: Path) -> SourceProject:
    conn = project.db.conn
    created_at, project_uuid = conn.execute("SELECT created_at, uuid FROM round WHERE id = 1").fetchone()
    reviewers = {r["key"]: (r["name"], r["installation"])
                 for r in _rows(conn, "SELECT key, name, installation FROM reviewers")}
    legacy = legacy_installation(project_uuid)
    used = [r[0] for r in conn.execute(
        "SELECT reviewer FROM annotations UNION SELECT reviewer FROM scores "
        "UNION SELECT reviewer FROM score_evidence UNION SELECT reviewer FROM suggestion_decisions")]
    for key in used:
        reviewers.setdefault(key, (key, legacy))
    documents = _rows(conn, "SELECT * FROM documents ORDER BY id")
    sections: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(conn, "SELECT * FROM sections ORDER BY doc_id, position"):
        sections.setdefault(row["doc_id"], []).append(row)
    versions: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(conn, "SELECT * FROM document_versions ORDER BY doc_id, id"):
        versions.setdefault(row["doc_id"], []).append(row)
    pages: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(conn, "SELECT * FROM document_pages ORDER BY doc_id, content_sha256, page"):
        pages.setdefault(row["doc_id"], []).append(row)
    files: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(conn, "SELECT * FROM document_files ORDER BY doc_id, content_sha256"):
        files.setdefault(row["doc_id"], []).append(row)
    return SourceProject(
        pages=pages, files=files,
        path=path, label=path.name, created_at=created_at, rubric=project.rubric(), reviewers=reviewers,
        documents=documents, sections=sections, versions=versions,
        annotations=_rows(conn, "SELECT * FROM annotations ORDER BY id"),
        scores=_rows(conn, "SELECT * FROM scores ORDER BY doc_id, criterion_id, reviewer"),
        evidence=_rows(conn, "SELECT e.doc_id, e.criterion_id, a.uuid AS annotation_uuid, e.reviewer, "
                             "e.created_at FROM score_evidence e JOIN annotations a ON a.id = e.annotation_id "
                             "ORDER BY e.doc_id, e.criterion_id, a.id"),
        decisions=_rows(conn, "SELECT * FROM suggestion_decisions ORDER BY id"),
    )


def rubric_difference(ours: Rubric, theirs: Rubric) -> str | None:
    """The first difference between two rubrics that matters for scores (ids,
    titles, full marks, order), in Chinese; None when they score alike."""
    a, b = ours.criteria, theirs.criteria
    for i, (x, y) in enumerate(zip(a, b), start=1):
        if x.id != y.id or x.title != y.title:
            return f"第 {i} 项：本项目为“{x.title}”（{x.id}），对方为“{y.title}”（{y.id}）"
        if x.max_points != y.max_points:
            return f"第 {i} 项“{x.title}”：本项目满分 {x.max_points:g} 分，对方 {y.max_points:g} 分"
    if len(a) != len(b):
        extra = (b if len(b) > len(a) else a)[min(len(a), len(b))]
        side = "对方" if len(b) > len(a) else "本项目"
        return f"本项目有 {len(a)} 项，对方有 {len(b)} 项（{side}多出“{extra.title}”）"
    return None


# --- the operation ----------------------------------------------------------------------------------


@dataclass
class MergeProjects(Operation):
    """Brings the sources into the project (see the module's description); the
    result is one :class:`SourceSummary` per source, in order."""

    sources: tuple[SourceProject, ...]
    installation: str = ""
    name = "merge"

    def apply(self, project: "Project", w: Writer) -> list[SourceSummary]:
        ours = project.rubric()
        for src in self.sources:
            diff = rubric_difference(ours, src.rubric)
            if diff:
                raise RubricMismatch(f"{src.label} 使用的评分细则与本项目不同，不能合并：{diff}")
        _register_unclaimed(project, w)
        return [_merge_one(project, w, src) for src in self.sources]


def _register_unclaimed(project: "Project", w: Writer) -> None:
    """Reviewer keys written here before installations were recorded get this
    project's legacy installation, so an incoming namesake stays apart."""
    project_uuid = w.one("SELECT uuid FROM round WHERE id = 1")[0]  # type: ignore[index]
    legacy = legacy_installation(project_uuid)
    known = {r[0] for r in w.all("SELECT key FROM reviewers")}
    for (key,) in w.all("SELECT reviewer FROM annotations UNION SELECT reviewer FROM scores "
                        "UNION SELECT reviewer FROM score_evidence ORDER BY 1"):
        if key not in known:
            w.insert("reviewers", {"key": key, "name": key, "installation": legacy, "first_seen": project.now()})


def _reviewer_key(project: "Project", w: Writer, name: str, installation: str, wanted: str,
                  summary: SourceSummary) -> str:
    row = w.one("SELECT key FROM reviewers WHERE name = ? AND installation = ?", (name, installation))
    if row is not None:
        return str(row[0])
    taken = {r[0] for r in w.all("SELECT key FROM reviewers")}
    key, n = wanted, 1
    if key in taken:
        key = name
    while key in taken:
        n += 1
        key = f"{name}（{n}）"
    w.insert("reviewers", {"key": key, "name": name, "installation": installation, "first_seen": project.now()})
    summary.reviewers_added.append(key)
    return key


def _merge_one(project: "Project", w: Writer, src: SourceProject) -> SourceSummary:
    summary = SourceSummary(src.label)
    keys = {}
    for key, (name, installation) in sorted(src.reviewers.items()):
        keys[key] = _reviewer_key(project, w, name, installation, key, summary)
    summary.reviewers = dict(keys)

    # Reports: by content, then by UUID (another version), else new.
    doc_map: dict[int, int] = {}
    retexted: dict[int, tuple[str, str]] = {}  # source doc id -> (source text, target text)
    for doc in src.documents:
        row = w.one("SELECT id FROM documents WHERE content_sha256 = ? ORDER BY id LIMIT 1",
                    (doc["content_sha256"],))
        if row is not None:
            doc_map[doc["id"]] = row[0]
            summary.documents_matched += 1
            _fill_metadata(w, row[0], doc)
            continue
        row = w.one("SELECT id, text FROM documents WHERE uuid = ?", (doc["uuid"],))
        if row is not None:
            doc_map[doc["id"]] = row[0]
            retexted[doc["id"]] = (doc["text"], row[1])
            summary.documents_matched += 1
            continue
        doc_map[doc["id"]] = _add_document(project, w, src, doc)
        summary.documents_added += 1

    ann_map = _merge_annotations(project, w, src, doc_map, retexted, keys, summary)
    _merge_scores(project, w, src, doc_map, keys, summary)
    for e in src.evidence:
        target_ann = ann_map.get(e["annotation_uuid"])
        if target_ann is None or e["doc_id"] not in doc_map:
            continue
        doc_id = doc_map[e["doc_id"]]
        if w.one("SELECT 1 FROM score_evidence WHERE doc_id = ? AND criterion_id = ? AND annotation_id = ?",
                 (doc_id, e["criterion_id"], target_ann)) is None:
            w.insert("score_evidence", {"doc_id": doc_id, "criterion_id": e["criterion_id"],
                                        "annotation_id": target_ann, "reviewer": keys.get(e["reviewer"], e["reviewer"]),
                                        "created_at": e["created_at"]})
            summary.evidence_added += 1
    for d in src.decisions:
        if d["doc_id"] not in doc_map:
            continue
        doc_id = doc_map[d["doc_id"]]
        reviewer = keys.get(d["reviewer"], d["reviewer"])
        if w.one('SELECT 1 FROM suggestion_decisions WHERE doc_id = ? AND content_sha256 = ? AND start = ? '
                 'AND "end" = ? AND tag = ? AND reviewer = ?',
                 (doc_id, d["content_sha256"], d["start"], d["end"], d["tag"], reviewer)) is None:
            w.insert("suggestion_decisions", {
                "doc_id": doc_id, "content_sha256": d["content_sha256"], "start": d["start"], "end": d["end"],
                "tag": d["tag"], "decision": d["decision"], "decided_at": d["decided_at"], "reviewer": reviewer})
    if summary.changed:
        w.insert("merges", {"source": str(src.path), "source_created_at": src.created_at,
                            "merged_at": project.now(),
                            "summary_json": json.dumps(summary.as_json(), ensure_ascii=False)})
    return summary


def _fill_metadata(w: Writer, doc_id: int, doc: dict[str, Any]) -> None:
    """A matched report keeps its title; a unit or year it lacks comes from the source."""
    row = w.one("SELECT unit, year FROM documents WHERE id = ?", (doc_id,))
    assert row is not None
    fields: dict[str, Any] = {}
    if not row[0] and doc["unit"]:
        fields["unit"] = doc["unit"]
    if row[1] is None and doc["year"] is not None:
        fields["year"] = doc["year"]
    if fields:
        w.update("documents", (doc_id,), fields)


def _add_document(project: "Project", w: Writer, src: SourceProject, doc: dict[str, Any]) -> int:
    row = {k: v for k, v in doc.items() if k != "id"}
    if w.one("SELECT 1 FROM documents WHERE uuid = ?", (row["uuid"],)) is not None:  # pragma: no cover
        row["uuid"] = str(uuid_module.uuid4())  # matched above; defensive only
    if row.get("status") == "done":
        row["status"] = "in_review"  # done by them is not done by us
    new_id = w.insert("documents", row)
    for s in src.sections.get(doc["id"], []):
        w.insert("sections", {**{k: v for k, v in s.items() if k != "id"}, "doc_id": new_id})
    for v in src.versions.get(doc["id"], []):
        w.insert("document_versions", {**{k: val for k, val in v.items() if k != "id"}, "doc_id": new_id})
    for table, rows in (("document_pages", src.pages), ("document_files", src.files)):
        for r in rows.get(doc["id"], []):
            w.insert(table, {**r, "doc_id": new_id})
    return new_id


def _ann_version(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in (*_ANN_FIELDS, "quote", "updated_at")}


def _merge_annotations(project: "Project", w: Writer, src: SourceProject, doc_map: dict[int, int],
                       retexted: dict[int, tuple[str, str]], keys: dict[str, str],
                       summary: SourceSummary) -> dict[str, int]:
    """Returns source annotation UUID -> annotation id here (for evidence links)."""
    ann_map: dict[str, int] = {}
    placed = _replaced_anchors(src, retexted)
    titles: dict[int, str] = {}
    for a in src.annotations:
        doc_id = doc_map[a["doc_id"]]
        row = dict(a)
        row.pop("id")
        row["doc_id"] = doc_id
        row["reviewer"] = keys.get(a["reviewer"], a["reviewer"])
        if a["uuid"] in placed:
            row.update(placed[a["uuid"]])
        here = w.one('SELECT id, doc_id, start, "end", tag, note, orphaned, quote, created_at, updated_at '
                     "FROM annotations WHERE uuid = ?", (a["uuid"],))
        if here is None:
            ann_map[a["uuid"]] = w.insert("annotations", row)
            summary.annotations_added += 1
            summary.annotations_orphaned += int(bool(row["orphaned"]) and not a["orphaned"])
            continue
        ours = dict(zip(("id", "doc_id", "start", "end", "tag", "note", "orphaned", "quote", "created_at",
                         "updated_at"), here))
        ann_map[a["uuid"]] = ours["id"]
        if all(ours[k] == row[k] for k in _ANN_FIELDS):
            summary.annotations_unchanged += 1
            continue
        ours_edited = ours["updated_at"] != ours["created_at"]
        theirs_edited = row["updated_at"] != row["created_at"]
        if theirs_edited and not ours_edited and ours["doc_id"] == doc_id:
            w.update("annotations", (ours["id"],), {k: row[k] for k in (
                "start", "end", "quote", "prefix", "suffix", "tag", "note", "orphaned", "updated_at")})
            summary.annotations_updated += 1
            continue
        if ours_edited and not theirs_edited:
            summary.annotations_unchanged += 1  # ours is the edited one: it stands
            continue
        # Edited on both sides (or the times cannot tell): keep both versions.
        other_uuid = str(uuid_module.uuid5(CONFLICT_NAMESPACE, a["uuid"] + "\n" + json.dumps(
            _ann_version(row), ensure_ascii=False, sort_keys=True)))
        existing = w.one("SELECT id FROM annotations WHERE uuid = ?", (other_uuid,))
        if existing is not None:
            summary.annotations_unchanged += 1  # this conflict came in before
            continue
        other_id = w.insert("annotations", {**row, "uuid": other_uuid})
        if ours["doc_id"] not in titles:
            titles[ours["doc_id"]] = (w.one("SELECT title FROM documents WHERE id = ?", (ours["doc_id"],))
                                      or ("",))[0]
        conflict = Conflict("annotation", ours["doc_id"], titles[ours["doc_id"]], row["reviewer"], ours["quote"],
                            {**{k: ours[k] for k in (*_ANN_FIELDS, "quote", "updated_at")}, "id": ours["id"]},
                            {**_ann_version(row), "id": other_id, "uuid": other_uuid})
        w.insert("merge_conflicts", {
            "kind": "annotation", "doc_id": ours["doc_id"], "reviewer": row["reviewer"],
            "annotation_id": ours["id"], "other_annotation_id": other_id,
            "kept": json.dumps(conflict.kept, ensure_ascii=False), "other": json.dumps(conflict.other, ensure_ascii=False),
            "source": str(src.path), "merged_at": project.now()})
        summary.conflicts.append(conflict)
    return ann_map


def _replaced_anchors(src: SourceProject, retexted: dict[int, tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """For reports whose text differs here (another version), each incoming
    annotation's place in our text, found as a version replacement finds it."""
    out: dict[str, dict[str, Any]] = {}
    by_doc: dict[int, list[dict[str, Any]]] = {}
    for a in src.annotations:
        if a["doc_id"] in retexted:
            by_doc.setdefault(a["doc_id"], []).append(a)
    for doc_id, anns in by_doc.items():
        old_text, new_text = retexted[doc_id]
        results = reanchor(old_text, new_text, [Anchor(a["start"], a["end"], a["quote"], a["prefix"], a["suffix"])
                                                for a in anns])
        for a, res in zip(anns, results):
            if res is None:
                out[a["uuid"]] = {"orphaned": 1}
            else:
                anchor = make_anchor(new_text, *res)
                out[a["uuid"]] = {"start": anchor.start, "end": anchor.end, "quote": anchor.quote,
                                  "prefix": anchor.prefix, "suffix": anchor.suffix, "orphaned": 0}
    return out


def _merge_scores(project: "Project", w: Writer, src: SourceProject, doc_map: dict[int, int],
                  keys: dict[str, str], summary: SourceSummary) -> None:
    started: set[int] = set()
    for s in src.scores:
        doc_id = doc_map[s["doc_id"]]
        reviewer = keys.get(s["reviewer"], s["reviewer"])
        here = w.one("SELECT points, comment, updated_at FROM scores WHERE doc_id = ? AND criterion_id = ? "
                     "AND reviewer = ?", (doc_id, s["criterion_id"], reviewer))
        theirs = {"points": s["points"], "comment": s["comment"], "updated_at": s["updated_at"]}
        if here is None:
            w.insert("scores", {"doc_id": doc_id, "criterion_id": s["criterion_id"], "reviewer": reviewer,
                                **theirs})
            summary.scores_added += 1
            if (s["points"] is not None or s["comment"]) and doc_id not in started:
                started.add(doc_id)
                status = w.one("SELECT status FROM documents WHERE id = ?", (doc_id,))
                if status is not None and status[0] == "not_started":
                    w.update("documents", (doc_id,), {"status": "in_review", "updated_at": project.now()})
            continue
        ours = dict(zip(("points", "comment", "updated_at"), here))
        if ours["points"] == theirs["points"] and ours["comment"] == theirs["comment"]:
            summary.scores_unchanged += 1
            continue
        newer, older = (theirs, ours) if theirs["updated_at"] > ours["updated_at"] else (ours, theirs)
        key = (doc_id, s["criterion_id"], reviewer)
        if w.one("SELECT 1 FROM merge_conflicts WHERE kind = 'score' AND doc_id = ? AND criterion_id = ? "
                 "AND reviewer = ? AND other = ?",
                 (*key, json.dumps(older, ensure_ascii=False))) is not None:
            summary.scores_unchanged += 1
            continue
        if newer is theirs:
            w.update("scores", key, theirs)
            summary.scores_updated += 1
        title = (w.one("SELECT title FROM documents WHERE id = ?", (doc_id,)) or ("",))[0]
        conflict = Conflict("score", doc_id, title, reviewer, s["criterion_id"], newer, older)
        w.insert("merge_conflicts", {
            "kind": "score", "doc_id": doc_id, "reviewer": reviewer, "criterion_id": s["criterion_id"],
            "kept": json.dumps(newer, ensure_ascii=False), "other": json.dumps(older, ensure_ascii=False),
            "source": str(src.path), "merged_at": project.now()})
        summary.conflicts.append(conflict)


# --- reviewers of this installation -------------------------------------------------------------------


@dataclass
class RegisterReviewer(Operation):
    """Records that ``name`` writes from ``installation``; the result is the key
    to write in the reviewer columns. Rows already written under the bare
    name with no installation recorded are claimed by the first installation
    that registers it; a namesake from another installation gets “名（2）”."""

    reviewer_name: str
    installation: str
    name = "register_reviewer"

    def apply(self, project: "Project", w: Writer) -> str:
        row = w.one("SELECT key FROM reviewers WHERE name = ? AND installation = ?",
                    (self.reviewer_name, self.installation))
        if row is not None:
            return str(row[0])
        taken = {r[0] for r in w.all("SELECT key FROM reviewers")}
        key, n = self.reviewer_name, 1
        while key in taken:
            n += 1
            key = f"{self.reviewer_name}（{n}）"
        w.insert("reviewers", {"key": key, "name": self.reviewer_name, "installation": self.installation,
                               "first_seen": project.now()})
        return key


# --- what the window and the command line call ---------------------------------------------------------


def prepare_merge(project: "Project", paths: Iterable[str | Path]) -> MergeProjects:
    """Reads every source and checks it can be merged, before anything is
    written (the backup included): a missing or damaged file, the project
    itself, or another rubric raises a ReviewDeskError naming the file."""
    sources = []
    for path in paths:
        path = Path(path)
        try:
            same = path.exists() and path.resolve() == project.path.resolve()
        except OSError:  # pragma: no cover - an unreadable link
            same = False
        if same:
            raise MergeRefused(f"{path.name} 就是当前项目，不能合并进它自己。")
        sources.append(read_source(path))
    ours = project.rubric()
    for src in sources:
        diff = rubric_difference(ours, src.rubric)
        if diff:
            raise RubricMismatch(f"{src.label} 使用的评分细则与本项目不同，不能合并：{diff}")
    return MergeProjects(tuple(sources))


def backup_before_merge(project: "Project") -> Path | None:
    """A dated backup of the project taken just before a merge (``…-before-merge.rdproj``)."""
    from desktop.store.backups import make_backup

    try:
        return make_backup(project.db.conn, project.path, force=True, tag="before-merge")
    except (OSError, sqlite3.Error) as exc:
        raise MergeRefused(f"合并前未能备份当前项目，没有合并：{exc}") from exc


def merge_files(project: "Project", paths: Iterable[str | Path]) -> MergeSummary:
    """Checks, backs up and merges in one go (the command line's path)."""
    op = prepare_merge(project, paths)
    backup = backup_before_merge(project)
    results = project.run(op).result
    return MergeSummary(results, str(backup) if backup else None)


def conflicts(project: "Project", *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """The conflicts merges listed, newest first."""
    sql = ("SELECT c.id, c.kind, c.doc_id, d.title, c.reviewer, c.annotation_id, c.other_annotation_id, "
           "c.criterion_id, c.kept, c.other, c.source, c.merged_at, c.resolved FROM merge_conflicts c "
           "LEFT JOIN documents d ON d.id = c.doc_id")
    if not include_resolved:
        sql += " WHERE c.resolved = 0"
    rows = _rows(project.db.conn, sql + " ORDER BY c.id DESC")
    for r in rows:
        r["kept"], r["other"] = json.loads(r["kept"]), json.loads(r["other"])
    return rows


def reviewers(project: "Project") -> list[tuple[str, str, str]]:
    """(key, name, installation) of every recorded reviewer."""
    return [tuple(r) for r in project.db.conn.execute(  # type: ignore[misc]
        "SELECT key, name, installation FROM reviewers ORDER BY first_seen, key")]


# --- settling a conflict ----------------------------------------------------------------------------------

#: How a conflict is settled: ``kept`` keeps the version in place now (the other
#: one goes), ``other`` puts the other version in its place (for an annotation:
#: ours takes its content and the extra annotation goes), ``both`` keeps both.
RESOLUTIONS = ("kept", "other", "both")


@dataclass
class ResolveConflicts(Operation):
    """Settles listed conflicts (one undo step however many); the result is the
    ids settled. An already settled or unknown id raises ProjectError."""

    ids: tuple[int, ...]
    keep: str
    name = "resolve_conflicts"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        if self.keep not in RESOLUTIONS:
            raise ProjectError(f"未知的处理方式：{self.keep}")
        for cid in self.ids:
            row = w.one("SELECT kind, doc_id, reviewer, annotation_id, other_annotation_id, criterion_id, other, "
                        "resolved FROM merge_conflicts WHERE id = ?", (cid,))
            if row is None or row[7]:
                raise ProjectError(f"没有未处理的合并冲突 #{cid}。")
            kind, doc_id, reviewer, ours_id, other_id, criterion_id, other_json, _ = row
            other = json.loads(other_json)
            if kind == "annotation" and self.keep != "both":
                if self.keep == "other" and ours_id is not None and other_id is not None:
                    taken = w.one('SELECT start, "end", quote, prefix, suffix, tag, note, orphaned, updated_at '
                                  "FROM annotations WHERE id = ?", (other_id,))
                    if taken is not None:
                        w.update("annotations", (ours_id,), dict(zip(
                            ("start", "end", "quote", "prefix", "suffix", "tag", "note", "orphaned", "updated_at"),
                            taken)))
                if other_id is not None:
                    w.delete_where("score_evidence", "annotation_id = ?", (other_id,))
                    w.delete_keys("annotations", [(other_id,)])
            elif kind == "score" and self.keep == "other":
                w.update("scores", (doc_id, criterion_id, reviewer),
                         {"points": other.get("points"), "comment": other.get("comment", ""),
                          "updated_at": project.now()})
            w.update("merge_conflicts", (cid,), {"resolved": 1})
        return list(self.ids)
