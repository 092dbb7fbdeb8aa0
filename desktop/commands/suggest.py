"""``suggest [--json] FILE_OR_PROJECT...``: claims worth annotating, found by rule.

Report files are imported (nothing is stored); a project (.rdproj) is read
through a snapshot, so the command never changes it and works while a window
has it open. ``--json`` prints one JSON array: per file
``{"file", "suggestions": [...]}``, per report of a project
``{"project", "doc_id", "title", "suggestions": [...]}``, each suggestion
``{"start", "end", "tag", "quote", "score", "reason"}`` with offsets in code
points of the canonical text exactly as ``extract`` prints it. Unreadable
inputs get one ``error: <kind>: PATH: message`` line each on stderr, the others
are still processed, and the exit status is then 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.analysis.suggest import Suggestion, suggest
from desktop.commands import fail, say
from desktop.errors import ReviewDeskError
from desktop.importers import import_file, suffixes
from desktop.store.integrity import is_project_file
from desktop.tags import BY_VALUE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", metavar="FILE_OR_PROJECT", nargs="+",
                        help=f"报告文件（{'、'.join(suffixes())}）或项目文件（.rdproj）")
    parser.add_argument("--json", action="store_true", help="以 JSON 数组输出（每个文件或每份报告一个对象）")


def _items(suggestions: list[Suggestion]) -> list[dict]:
    return [s.to_json() for s in suggestions]


def run(args: argparse.Namespace) -> int:
    results: list[dict] = []
    status = 0
    for path in args.paths:
        try:
            if is_project_file(path):
                objects = _project(str(path))
            else:
                doc = import_file(path)
                objects = [{"file": str(path), "suggestions": _items(suggest(doc.text, doc.sections))}]
        except ReviewDeskError as exc:
            status = fail(exc, context=str(path))
            continue
        if args.json:
            results.extend(objects)
        else:
            for obj in objects:
                _print_plain(obj)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return status


def _project(path: str) -> list[dict]:
    from desktop.export.snapshot import snapshot

    out = []
    with snapshot(path) as project:
        for info in project.documents():
            doc = project.document(info.id)
            found = suggest(doc.text, project.sections(info.id))
            out.append({"project": path, "doc_id": info.id, "title": info.title, "suggestions": _items(found)})
    return out


def _print_plain(obj: dict) -> None:
    name = obj["file"] if "file" in obj else f"{obj['project']} #{obj['doc_id']} {obj['title']}"
    items = obj["suggestions"]
    summary = "、".join(f"{t.label} {sum(1 for s in items if s['tag'] == t.value)}" for t in BY_VALUE.values())
    say(f"{name}：建议标注 {len(items)} 处（{summary}）")
    for s in items:
        label = BY_VALUE[s["tag"]].label
        say(f"  [{label}] {s['start']}-{s['end']} “{s['quote']}”（{s['reason']}，{s['score']:.2f}）")
