"""``extract FILE``: print the canonical text of a file.

Scanned PDF pages are read by OCR when the component is installed (``--no-ocr``:
refused as before). ``--json`` prints one object: the text, per PDF page its
source (text layer, OCR or none), OCR confidence and printed page number, the
warnings and the sections.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.commands import fail
from desktop.errors import ReviewDeskError
from desktop.importers import Limits, import_file, suffixes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=f"报告文件（{'、'.join(suffixes())}）")
    parser.add_argument("--sections", action="store_true", help="同时输出识别到的目录结构（到标准错误）")
    parser.add_argument("--json", action="store_true",
                        help="输出 JSON：正文、每页来源（文字层/OCR/无）与识别置信度、提示、目录结构")
    parser.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别（OCR），按原样拒绝扫描件")


def run(args: argparse.Namespace) -> int:
    try:
        doc = import_file(args.file, limits=Limits(ocr=not args.no_ocr))
    except ReviewDeskError as exc:
        return fail(exc)
    if args.json:
        json.dump(as_json(doc), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(doc.text + "\n")
    for warning in doc.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.sections:
        for s in doc.sections:
            print(f"{'  ' * (s.level - 1)}{s.title}\t{s.start}-{s.end}", file=sys.stderr)
    return 0


def as_json(doc) -> dict:
    """``extract --json``: text, per-page source/confidence/label, warnings, sections."""
    labels = doc.page_labels
    return {
        "text": doc.text,
        "pages": [{"page": r.index + 1, "source": r.source, "confidence": r.confidence,
                   "label": labels[r.index] if r.index < len(labels) else None}
                  for r in doc.page_records],
        "warnings": list(doc.warnings),
        "sections": [{"title": s.title, "level": s.level, "start": s.start, "end": s.end} for s in doc.sections],
    }
