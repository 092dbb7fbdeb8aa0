"""The habits that keep the code as issue 10 left it: ruff on everything,
mypy on the Qt-free core (both configured in pyproject.toml). CI runs the
suite, so a lint or type error turns CI red like a failing test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -e '.[dev]'")
    result = _run(ruff, "check", "desktop", "tests", "scripts")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_core_type_checks():
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.fail("mypy is not installed: pip install -e '.[dev]'")
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
