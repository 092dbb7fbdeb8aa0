"""Speed of search across the round (issue 14): goal ≤ 50 ms per query over a
40-report round, and how much the index adds to the project file.

Builds a project of 40 reports of about 25,000 characters from the five
seeds (shuffled paragraphs, changed figures, a few full-width letters and
digits), once without the search index (its rows and FTS5 pages deleted, then
VACUUM) and once with it, to measure the index's size. Then times
``Project.search`` for queries of 1, 2, 4 and 8 characters (best and median
of five runs each, hits counted) and prints one line per query and a JSON line.

    python tests/benchmarks/bench_search.py
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.importers import import_file  # noqa: E402
from desktop.importers.base import ImportedDocument  # noqa: E402
from desktop.store import Project  # noqa: E402
from desktop.text import detect_sections  # noqa: E402

MAX_HITS = 5000  # desktop.ui.search_pane.MAX_HITS (the benchmark imports no Qt)
QUERIES = ["法", "普法", "依法行政", "法治政府建设情况", "ＡＢＣ", "abc"]
_FULL = str.maketrans("0123456789ABC", "０１２３４５６７８９ＡＢＣ")


def _seeds() -> list[str]:
    return [import_file(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _bump(text: str, k: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + k), text)


def a_round(seeds: list[str], n: int = 40, chars: int = 25_000) -> list[str]:
    rng = random.Random(14)
    out = []
    for i in range(n):
        lines: list[str] = []
        k = 0
        while sum(len(x) + 1 for x in lines) < chars:
            src = seeds[(i + k) % len(seeds)].split("\n")
            body = src[1:]
            rng.shuffle(body)
            lines += [_bump(x, i + k) for x in body]
            k += 1
        lines[3] += "开展ABC类培训，评估abc等级。"
        if i % 2:
            lines = [x.translate(_FULL) if j % 7 == 0 else x for j, x in enumerate(lines)]
        out.append("\n".join([f"第{i + 1}号 {src[0]}", *lines]))
    return out


def build(path: Path, texts: list[str]) -> None:
    with Project(path, backup=False) as p:
        for i, text in enumerate(texts):
            p.import_document(ImportedDocument(text.split("\n")[0], f"r{i}.txt", f"sha{i}", "txt", text,
                                               detect_sections(text)))


def size_without_index(path: Path, tmp: Path) -> int:
    bare = tmp / "bare.rdproj"
    src = sqlite3.connect(path)
    dst = sqlite3.connect(bare)
    src.backup(dst)
    src.close()
    dst.execute("DELETE FROM search_text")
    dst.execute("INSERT INTO search_text_fts(search_text_fts) VALUES ('rebuild')")
    dst.commit()
    dst.execute("VACUUM")
    dst.close()
    return bare.stat().st_size


def main() -> None:
    texts = a_round(_seeds())
    with tempfile.TemporaryDirectory(prefix="bench-search-") as d:
        tmp = Path(d)
        path = tmp / "round.rdproj"
        t = time.perf_counter()
        build(path, texts)
        build_s = time.perf_counter() - t
        conn = sqlite3.connect(path)
        conn.execute("VACUUM")
        conn.close()
        with_index = path.stat().st_size
        without = size_without_index(path, tmp)
        figures: dict = {"reports": len(texts), "chars": sum(map(len, texts)), "build_s": round(build_s, 2),
                         "file_bytes": with_index, "index_bytes": with_index - without, "queries": {}}
        print(f"{len(texts)} reports, {figures['chars']:,} characters; built in {build_s:.1f} s", file=sys.stderr)
        print(f"project file {with_index / 1e6:.2f} MB, of which the search index {(with_index - without) / 1e6:.2f} MB",
              file=sys.stderr)
        with Project(path, readonly=True) as p:
            p.search("预热")  # the fold table and SQLite's page cache
            # the window's search pane asks for at most MAX_HITS + 1 hits
            for q, limit in [(q, None) for q in QUERIES] + [(QUERIES[0], MAX_HITS + 1)]:
                runs = []
                for _ in range(5):
                    t = time.perf_counter()
                    hits = p.search(q, limit=limit)
                    runs.append((time.perf_counter() - t) * 1000)
                best, median = min(runs), statistics.median(runs)
                ok = "ok" if median <= 50 else "SLOW"
                label = f"{q!r} (limit {limit})" if limit else repr(q)
                print(f"{label:>20} ({len(q)} chars): {len(hits):6d} hits in {len({h.doc_id for h in hits}):2d} "
                      f"reports, best {best:6.1f} ms, median {median:6.1f} ms  {ok}", file=sys.stderr)
                figures["queries"][f"{q}@{limit}" if limit else q] = {
                    "chars": len(q), "hits": len(hits), "best_ms": round(best, 1), "median_ms": round(median, 1)}
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
