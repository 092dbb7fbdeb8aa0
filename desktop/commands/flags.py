"""``flags [--json] FILE_OR_PROJECT...``: the quality flags of each report.

Report files given together are one round: each is compared with the others
for copied paragraphs. A project (.rdproj, or any SQLite file) is read through
a snapshot, like ``export``, so it is never changed; each of its reports is
compared with the project's reports of the same year and the same unit's
reports of earlier years. ``--json`` prints one array, an object per report in
the order given: ``{"file", "flags": [{"kind", "start", "end", "quote",
"message"}]}``, with ``doc_id`` and ``title`` for a project's reports; offsets
are code points into the canonical text ``extract`` prints. An unreadable file
gets one ``error: <kind>: FILE: message`` line, the others are still
processed, and the exit status is then 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from desktop.analysis.flags import KIND_LABELS, Flag, round_flags
from desktop.analysis.round_flags import compares
from desktop.commands import fail, say
from desktop.errors import ReviewDeskError
from desktop.importers import import_file, suffixes
from desktop.store.integrity import is_project_file
from desktop.text import Section


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE_OR_PROJECT", nargs="+",
                        help=f"报告文件（{'、'.join(suffixes())}）或项目文件（.rdproj）；"
                             "多个报告文件视为同一轮，互相比对雷同段落")
    parser.add_argument("--json", action="store_true", help="以 JSON 数组输出（每份报告一个对象）")


@dataclass
class _Report:
    file: str
    label: str
    text: str
    sections: list[Section]
    year: int | None = None
    group: int = 0  # reports of one group are compared with each other
    unit: str = ""
    doc_id: int | None = None
    title: str | None = None
    project: bool = False
    flags: list[Flag] = field(default_factory=list)


def _project_reports(path: str, group: int) -> list[_Report]:
    from desktop.export.snapshot import snapshot

    out = []
    with snapshot(path) as project:
        for info in project.documents():
            doc = project.document(info.id)
            out.append(_Report(path, f"《{info.title}》" if info.title else f"报告 {info.id}", doc.text,
                               project.sections(info.id), info.year, group, info.unit, info.id,
                               info.title, True))
    return out


def _compare(reports: list[_Report]) -> list[list[int]]:
    """Whom each report is compared with: files given together are one round; in a
    project, reports of the same year (or of no known year) and the same unit's earlier years."""
    out = []
    for i, r in enumerate(reports):
        mine = []
        for j, o in enumerate(reports):
            if j == i or o.group != r.group:
                continue
            if not r.project or compares(r.year, r.unit, o.year, o.unit):
                mine.append(j)
        out.append(mine)
    return out


def run(args: argparse.Namespace) -> int:
    status = 0
    reports: list[_Report] = []
    for group, path in enumerate(args.files, start=1):
        try:
            if is_project_file(path):
                reports += _project_reports(path, group)
            else:
                doc = import_file(path)
                reports.append(_Report(str(path), f"“{Path(path).name}”", doc.text, doc.sections))
        except ReviewDeskError as exc:
            status = fail(exc, context=str(path))
    results = round_flags([r.text for r in reports], labels=[r.label for r in reports],
                          years=[r.year for r in reports], sections=[r.sections for r in reports],
                          compare=_compare(reports))
    for r, found in zip(reports, results):
        r.flags = found
    if args.json:
        json.dump([_to_json(r) for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in reports:
            _print_plain(r)
    return status


def _to_json(r: _Report) -> dict:
    out: dict = {"file": r.file}
    if r.project:
        out["doc_id"] = r.doc_id
        out["title"] = r.title
    out["flags"] = [f.to_json() for f in r.flags]
    return out


def _print_plain(r: _Report) -> None:
    name = f"{r.file} #{r.doc_id} {r.title or ''}".rstrip() if r.project else r.file
    say(f"{name}：{len(r.flags)} 条质量提示" if r.flags else f"{name}：没有发现质量问题")
    for f in r.flags:
        quote = f.quote if len(f.quote) <= 40 else f.quote[:38] + "……"
        say(f"  [{KIND_LABELS[f.kind]}] {f.start}-{f.end} {f.message}：{quote}")
