"""``compare [--json] PROJECT DOC_A DOC_B``: what DOC_B carries over from DOC_A.

DOC_A is the earlier report, DOC_B the later one; each is a document number
as the window and ``flags`` show it (``#3``), or a document's UUID. The
project is read through a snapshot, like ``export``, so it is never changed.
Each paragraph of DOC_B is 沿用 (carried over, similarity ≥ 0.9 after
whitespace, full-width and number normalisation), 修改 (≥ 0.5) or 新增; see
desktop.analysis.compare. ``--json`` prints ``{"repeated": [{"start", "end",
"quote", "earlier_start", "earlier_end", "similarity"}], "changed": [...],
"new": [{"start", "end", "quote"}], "repeated_share", "doc_a", "doc_b"}``,
offsets being code points into DOC_B's canonical text (``earlier_*`` into
DOC_A's). Bad input is one ``error: <kind>: <message>`` line and exit
status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.analysis.compare import Comparison, compare, repeated_share
from desktop.commands import fail, say
from desktop.errors import ReviewDeskError
from desktop.store import DocumentInfo

#: Quotes longer than this are cut in the plain listing.
QUOTE_CHARS = 60
_LABELS = {"repeated": "沿用", "changed": "修改", "new": "新增"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（.rdproj），只读取，不修改")
    parser.add_argument("doc_a", metavar="DOC_A", help="较早的报告：编号（如 3）或标识（UUID）")
    parser.add_argument("doc_b", metavar="DOC_B", help="较晚的报告：编号或标识；输出的位置指向这份报告")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（沿用、修改、新增三个列表）")


def _find(project, ref: str, infos: list[DocumentInfo]) -> DocumentInfo:
    ref = ref.strip().lstrip("#")
    if ref.isdigit():
        for info in infos:
            if info.id == int(ref):
                return info
    else:
        found = project.document_by_uuid(ref)
        if found is not None:
            return found
    raise ReviewDeskError(f"项目中没有编号或标识为 {ref} 的报告。", kind="not_found")


def run(args: argparse.Namespace) -> int:
    from desktop.export.snapshot import snapshot

    try:
        with snapshot(args.project) as project:
            infos = project.documents()
            a = _find(project, args.doc_a, infos)
            b = _find(project, args.doc_b, infos)
            if a.id == b.id:
                raise ReviewDeskError(f"两次给出的是同一份报告（#{a.id}），请给出两份不同的报告。",
                                      kind="same_document")
            earlier, later = project.document_text(a.id), project.document_text(b.id)
    except ReviewDeskError as exc:
        return fail(exc)
    result = compare(earlier, later)
    share = repeated_share(result, later)
    if args.json:
        out = result.to_json()
        out["repeated_share"] = round(share, 3)
        out["doc_a"] = _doc_json(a)
        out["doc_b"] = _doc_json(b)
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_plain(a, b, result, share)
    return 0


def _doc_json(info: DocumentInfo) -> dict:
    return {"id": info.id, "uuid": info.uuid, "title": info.title, "unit": info.unit, "year": info.year}


def _name(info: DocumentInfo) -> str:
    year = f"{info.year} 年度" if info.year is not None else ""
    return " ".join(x for x in (f"#{info.id}", info.unit, year, f"《{info.title}》" if info.title else "") if x)


def _print_plain(a: DocumentInfo, b: DocumentInfo, result: Comparison, share: float) -> None:
    say(f"{_name(b)} 与 {_name(a)} 相比：沿用 {len(result.repeated)} 段 / 修改 {len(result.changed)} 段 / "
        f"新增 {len(result.new)} 段，沿用的文字占 {share:.0%}")
    for item in result.items:
        quote = item.quote if len(item.quote) <= QUOTE_CHARS else item.quote[:QUOTE_CHARS - 1] + "…"
        where = f"{item.start}-{item.end}"
        if item.kind == "new":
            say(f"  [{_LABELS[item.kind]}] {where} {quote}")
        else:
            say(f"  [{_LABELS[item.kind]}] {where} ← {item.earlier_start}-{item.earlier_end} "
                f"相似度 {item.similarity:.3f} {quote}")
