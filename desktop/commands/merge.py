"""``merge [--json] TARGET SOURCE...``: other reviewers' projects brought into TARGET.

Reports are matched by their content (the same canonical text is one report,
whatever its title or file name), annotations by UUID, scores per reviewer;
an annotation edited differently on both sides is a conflict, kept in both
versions and listed. A source scored against a different rubric is refused
with the difference named, before anything is written. TARGET is backed up
first (``<name>-<time>-before-merge.rdproj`` in its backup folder); a TARGET
that does not exist yet is created with the first source's rubric.

Prints what came in from each source (``--json``: ``{"backup", "sources":
[{"source", "documents_matched", "documents_added", "annotations_added",
"annotations_updated", "annotations_unchanged", "annotations_orphaned",
"scores_added", "scores_updated", "scores_unchanged", "evidence_added",
"reviewers", "reviewers_added", "conflicts": [...]}], "conflicts": N}``).
Exit 0 when merged (conflicts included), 2 with one ``error: <kind>:`` line
when a file is missing, not a project, locked, the target itself, or scored
against another rubric; the target is then untouched.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.commands import fail, open_project, say
from desktop.errors import ReviewDeskError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="TARGET", help="合并到的项目文件（.rdproj；不存在则新建）")
    parser.add_argument("sources", metavar="SOURCE", nargs="+", help="其他评阅人的项目文件")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出合并结果")


def run(args: argparse.Namespace) -> int:
    from desktop.store.merge import MergeSummary, backup_before_merge, prepare_merge, read_source

    target = Path(args.target)
    created = not target.exists()
    project = None
    try:
        if created:
            first = read_source(args.sources[0])  # refuse a bad source before making a file
            project = open_project(target)
            project.set_rubric(first.rubric)
        else:
            project = open_project(target, create=False)
        op = prepare_merge(project, args.sources)
        backup = None if created else backup_before_merge(project)
        results = project.run(op).result
    except ReviewDeskError as exc:
        if project is not None:
            project.close()
            if created:
                target.unlink(missing_ok=True)
        return fail(exc)
    project.close()
    summary = MergeSummary(results, str(backup) if backup else None)
    if args.json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    else:
        for line in summary.lines():
            say(line)
    return 0
