"""``python -m desktop check``: plain lines, the --json array, and unreadable files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
KEYS = ["measures", "weaknesses", "leaders_duty", "next_year", "other"]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "check", *args], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_json_array_shape_for_every_seed():
    seeds = sorted(str(p.relative_to(REPO)) for p in SEEDS.glob("*.txt"))
    proc = _run("--json", *seeds)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and [d["file"] for d in data] == seeds
    for entry in data:
        assert set(entry) == {"file", "parts", "weakness_causes"}
        assert list(entry["parts"]) == KEYS
        assert isinstance(entry["weakness_causes"], bool)
        text = subprocess.run([sys.executable, "-m", "desktop", "extract", entry["file"]], cwd=REPO,
                              capture_output=True, text=True, encoding="utf-8").stdout
        for part in entry["parts"].values():
            assert set(part) == {"found", "heading", "start"}
            if part["found"]:
                assert text[part["start"]:].startswith(part["heading"])
            else:
                assert part["heading"] is None and part["start"] is None
    by_seed = {Path(d["file"]).name[:3]: d for d in data}
    assert [k for k in KEYS if not by_seed["001"]["parts"][k]["found"]] == ["leaders_duty", "other"]
    assert by_seed["003"]["parts"]["next_year"]["heading"] == "2025年工作安排"


def test_plain_output_and_unreadable_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    seed = str(next(SEEDS.glob("002_*.txt")))
    proc = _run(str(empty), seed, str(tmp_path / "missing.docx"))
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2 and "Traceback" not in proc.stderr
    assert errors[0].startswith(f"error: empty: {empty}: ")
    assert errors[1].startswith("error: not_found: ")
    # the readable file is still reported
    assert "三、2024年努力方向" in proc.stdout
    assert "缺少：党政主要负责人履行推进法治建设第一责任人职责情况" in proc.stdout


def test_json_still_printed_when_one_file_fails(tmp_path):
    proc = _run("--json", str(tmp_path / "nope.pdf"), str(next(SEEDS.glob("004_*.txt"))))
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert len(data) == 1 and data[0]["weakness_causes"] is False
    assert proc.stderr.startswith("error: not_found: ")
