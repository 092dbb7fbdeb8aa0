"""Issue 9 (points 6, 7): every hostile input answered within 30 s and 500 MB.

Builds each hostile file (tests/fixtures/importer_hostile.py), imports it in
a fresh Python with the default limits and prints one JSON line per case:
seconds, peak RSS (MB, the child and its worker processes), and the error
kind. The last two cases are not hostile: PDFs just under the content limit,
the slowest thing the defaults let through, read in-process and with workers.
Exits 1 if a case misses a target. Not run by pytest (tests/benchmarks is
ignored):

    python tests/benchmarks/bench_hostile_inputs.py
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures"))
import importer_hostile as hostile  # noqa: E402

MB = hostile.MB
SECONDS, PEAK_MB = 30.0, 500.0


def _cases():
    yield "pdf_stream_bomb_1GiB", hostile.stream_bomb_pdf(1024 * MB), {}, "too_large"
    yield "pdf_stream_bomb_2GiB", hostile.stream_bomb_pdf(2048 * MB), {}, "too_large"
    yield "pdf_xref_stream_bomb_1GiB", hostile.xref_stream_bomb_pdf(1024 * MB), {}, "too_large"
    yield "pdf_form_bomb_1GiB", hostile.form_bomb_pdf(1024 * MB), {}, "too_large"
    yield "pdf_font_bomb_1GiB", hostile.font_bomb_pdf(1024 * MB), {}, "too_large"
    yield "pdf_bomb_in_worker_1GiB", hostile.bomb_among_pages_pdf(12, 10, 1024 * MB), {}, "too_large"
    yield "pdf_form_drawn_20000_times", hostile.repeated_form_pdf(20_000, 4096), {}, "too_large"
    yield "pdf_20000_pages", hostile.many_pages_pdf(20_000), {}, "too_large"
    yield "pdf_20000_pages_count_lies", hostile.many_pages_pdf(20_000, declared=1), {}, "too_large"
    yield "docx_150MB_xml", hostile.big_xml_docx(150 * MB), {}, "too_large"
    yield "docx_utf32le_doctype_no_bom", hostile.doctype_docx("utf-32-le", bom=False), {}, "unsafe"
    yield "pdf_dense_3_9MB_content_in_process", hostile.dense_content_pdf(int(3.9 * MB)), \
        {"pdf_workers": 1}, "ok"
    yield "pdf_dense_3_9MB_content_12_pages", hostile.pages_pdf(
        [hostile.deflate_repeated(b"BT /F1 1 Tf 72 720 Td (ab) Tj ET\n", int(3.9 * MB / 12))] * 12), {}, "any"


def main() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        link = folder / "zero.txt"
        link.symlink_to("/dev/zero")
        fifo = folder / "fifo.pdf"
        os.mkfifo(fifo)
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(folder / "sock.docx"))
        special = [("txt_symlink_to_dev_zero", link, "unsupported"), ("pdf_fifo", fifo, "unsupported"),
                   ("docx_socket", folder / "sock.docx", "unsupported")]
        runs = [(name, path, {}, expect) for name, path, expect in special]
        for name, data, limits, expect in _cases():
            path = folder / (name + (".docx" if name.startswith("docx") else ".pdf"))
            path.write_bytes(data)
            runs.append((name, path, limits, expect))
        for name, path, limits, expect in runs:
            result = hostile.import_in_child(path, limits, timeout=120)
            ok = (expect in ("any", result["kind"])
                  and result["seconds"] is not None and result["seconds"] < SECONDS
                  and result["peak_rss_mb"] is not None and result["peak_rss_mb"] < PEAK_MB)
            failed += not ok
            print(json.dumps({"case": name, "bytes": path.stat().st_size if path.is_file() else None,
                              "seconds": result["seconds"], "peak_rss_mb": result["peak_rss_mb"],
                              "kind": result["kind"], "expected": expect, "ok": ok}, ensure_ascii=False),
                  flush=True)
        sock.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
