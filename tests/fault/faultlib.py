"""Helpers of the fault-injection tests (tests/fault/conftest.py holds the fixtures).

Sizes come from the environment (see conftest.py's docstring and
scripts/fault_suite.sh); every child process runs with a timeout as a hang guard.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
STORM = HERE / "storm_window.py"
FULL = os.environ.get("RD_FAULT_FULL", "") not in ("", "0")

#: Hang guards, in seconds. Generous: they only turn a hang into a failure.
CLI_TIMEOUT = 120
WINDOW_START_TIMEOUT = 120


def size(name: str, reduced: int, full: int) -> int:
    value = os.environ.get(name)
    if value:
        return int(value)
    return full if FULL else reduced


TRIALS = size("RD_FAULT_TRIALS", 8, 100)
SECONDS = size("RD_FAULT_SECONDS", 4, 30)
EXPORTS = size("RD_FAULT_EXPORTS", 6, 46)


# --- child processes -------------------------------------------------------------------


def child_env(home: Path | None = None) -> dict[str, str]:
    """Environment of every child: offscreen Qt, a private home (logs, fallback
    backups), and RD_FAULT_PYTHONPATH's code first when given."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("PYTHONPATH", None)
    old = os.environ.get("RD_FAULT_PYTHONPATH")
    if old:
        env["PYTHONPATH"] = old
    if home is not None:
        env["HOME"] = str(home)
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_CONFIG_HOME"] = str(home / "config")
        for sub in ("data", "config"):
            (home / sub).mkdir(parents=True, exist_ok=True)
    return env


def run_cli(*args: object, home: Path, timeout: float = CLI_TIMEOUT, user: str | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m desktop ARGS`` in a child process (as ``user`` with setpriv when given)."""
    cmd = [sys.executable, "-m", "desktop", *map(str, args)]
    return _run(cmd, home=home, timeout=timeout, user=user, cwd=cwd)


def run_python(code: str, *args: object, home: Path, timeout: float = CLI_TIMEOUT,
               user: str | None = None) -> subprocess.CompletedProcess:
    """``python -c CODE ARGS`` in a child process on the code under test."""
    cmd = [sys.executable, "-c", code, *map(str, args)]
    return _run(cmd, home=home, timeout=timeout, user=user)


def _run(cmd: list[str], *, home: Path, timeout: float, user: str | None,
         cwd: Path | None = None) -> subprocess.CompletedProcess:
    if user is not None:
        cmd = as_user(user) + cmd
    # cwd outside the repo, so that RD_FAULT_PYTHONPATH (not the cwd) decides the code.
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env=child_env(home), cwd=str(cwd or home))
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"hang guard: {cmd[-4:]} did not finish in {timeout} s\n"
                    f"stdout: {exc.stdout!r}\nstderr: {exc.stderr!r}")


def as_user(user: str) -> list[str]:
    """A command prefix that runs without the right to override file permissions,
    or skips the test.

    ``user`` "nobody": as that user when it can import the app from this
    install; otherwise (the interpreter lives in root's private home, say) as
    root without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH / CAP_FOWNER, for which
    the permission bits of root-owned files apply exactly as for anyone else."""
    if os.geteuid() != 0:
        pytest.skip("changing user or dropping capabilities needs root (this run is not root)")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    if user not in _PREFIXES:
        _PREFIXES[user] = _choose_prefix(setpriv, user)
    return _PREFIXES[user]


_PREFIXES: dict[str, list[str]] = {}


def _choose_prefix(setpriv: str, user: str) -> list[str]:
    import pwd

    candidates = []
    try:
        pw = pwd.getpwnam(user)
        candidates.append([setpriv, f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups", "--"])
    except KeyError:
        pass
    candidates.append([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", "--"])
    probe = "import desktop.store, desktop.cli, desktop.importers, sqlite_utils"
    for prefix in candidates:
        try:
            r = subprocess.run(prefix + [sys.executable, "-c", probe], capture_output=True, text=True,
                               timeout=CLI_TIMEOUT, env=child_env(), cwd="/")
        except (OSError, subprocess.TimeoutExpired):
            continue
        if r.returncode == 0:
            return prefix
    pytest.skip(f"cannot run the app as {user!r} nor as root without DAC capabilities here")


def unprivileged_label(user: str) -> str:
    return "nobody" if any(a.startswith("--reuid") for a in as_user(user)) else "root without CAP_DAC_*"


def error_line(result: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    return lines[0] if lines else ""


def assert_typed(result: subprocess.CompletedProcess, kind: str) -> str:
    """Exit 2 with exactly one ``error: <kind>:`` line and no traceback; returns the line."""
    detail = f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.returncode == 2, detail
    assert "Traceback" not in result.stderr, detail
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {kind}: "), detail
    return errors[0]


class Storm:
    """A storm_window.py child: its stdout lines are collected as they come."""

    def __init__(self, project: Path, *, home: Path, seed: int = 0, duration: float = 0,
                 max_tags: int = 0, answer: str = "readonly", pause: float = 0.0,
                 stop_file: Path | None = None) -> None:
        cmd = [sys.executable, str(STORM), str(project), "--seed", str(seed), "--answer", answer]
        if duration:
            cmd += ["--duration", str(duration)]
        if max_tags:
            cmd += ["--max-tags", str(max_tags)]
        if pause:
            cmd += ["--pause", str(pause)]
        if stop_file is not None:
            cmd += ["--stop-file", str(stop_file)]
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=child_env(home), cwd=str(home), bufsize=1)
        self.lines: list[str] = []
        self.stderr = ""
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._err_reader = threading.Thread(target=self._read_err, daemon=True)
        self._err_reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self.lines.append("<eof>")
            self._cond.notify_all()

    def _read_err(self) -> None:
        self.stderr = self.proc.stderr.read()

    def wait_for(self, predicate, timeout: float = WINDOW_START_TIMEOUT) -> bool:
        """Waits until ``predicate(lines)`` holds (True) or the child's output ends (False)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self.lines):
                if self.lines and self.lines[-1] == "<eof>":
                    return False
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    pytest.fail(f"hang guard: window child silent for {timeout} s; output: {self.lines[-5:]}"
                                f"\nstderr: {self.stderr[-2000:]}")
                self._cond.wait(left)
            return True

    def wait_opened(self) -> str:
        """'opened readonly=0|1' or 'open-failed …' (whichever comes first)."""
        self.wait_for(lambda ls: any(ln.startswith(("opened", "open-failed")) for ln in ls))
        return next((ln for ln in self.lines if ln.startswith(("opened", "open-failed"))), "<eof>")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.finish()

    def finish(self, timeout: float = WINDOW_START_TIMEOUT) -> int:
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            rc = self.proc.wait()
            pytest.fail(f"hang guard: window child did not end in {timeout} s; output: {self.lines[-5:]}")
        self._reader.join(timeout=30)
        self._err_reader.join(timeout=30)
        return rc

    def acks(self) -> list[tuple[int, int, int, str]]:
        out = []
        with self._cond:
            for ln in self.lines:
                if ln.startswith("ack "):
                    _, ann_id, start, end, tag = ln.split(" ")
                    out.append((int(ann_id), int(start), int(end), tag))
        return out

    def count(self, prefix: str) -> int:
        with self._cond:
            return sum(1 for ln in self.lines if ln.startswith(prefix))


# --- project files -------------------------------------------------------------------------


def integrity_check(path: Path) -> list[str]:
    """PRAGMA integrity_check of a file, read only (call when no hot journal is beside it)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()


def rows(path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def annotations(path: Path) -> dict[int, tuple[int, int, int, str, str]]:
    """id -> (doc_id, start, end, tag, quote) as stored."""
    return {r[0]: tuple(r[1:]) for r in rows(
        path, 'SELECT id, doc_id, start, "end", tag, quote FROM annotations')}


def misplaced_quotes(path: Path) -> list[int]:
    """Annotations whose quote is not the document's text at their span."""
    texts = dict(rows(path, "SELECT id, text FROM documents"))
    return [ann_id for ann_id, (doc, start, end, _tag, quote) in annotations(path).items()
            if texts[doc][start:end] != quote]


def make_project(path: Path, *, home: Path, seeds: int = 2, tags: int = 0) -> None:
    """A project with the first ``seeds`` seed reports and ``tags`` annotations,
    made by child processes on the code under test (old or new)."""
    result = run_cli("import", path, *SEEDS[:seeds], home=home)
    assert result.returncode == 0, result.stderr
    if tags:
        add_tags(path, tags, home=home)


ADD_TAGS = """
import sys, random
from desktop.store import Project
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
p = Project(path)
try:
    docs = p.documents()
    for i in range(n):
        d = rng.choice(docs)
        text = p.document(d.id).text
        s = rng.randrange(0, len(text) - 20)
        a = p.add_annotation(d.id, s, s + rng.randint(1, 19), rng.choice(["measure", "figure", "weakness"]))
        print("ack", a.id, a.start, a.end, a.tag, flush=True)
finally:
    p.close()
"""


def add_tags(path: Path, n: int, *, home: Path, seed: int = 1) -> list[tuple[int, int, int, str]]:
    result = run_python(ADD_TAGS, path, n, seed, home=home)
    assert result.returncode == 0, result.stderr
    return [(int(a), int(b), int(c), d) for _, a, b, c, d in
            (ln.split(" ") for ln in result.stdout.splitlines() if ln.startswith("ack "))]


# --- mounts ---------------------------------------------------------------------------------


def run_mount(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=60)


def remount_readonly(where: Path) -> None:
    result = run_mount(["-o", "remount,ro", str(where)])
    if result.returncode != 0:
        pytest.skip(f"cannot remount the tmpfs read-only: {result.stderr.strip()}")


def fill_disk(where: Path, leave: int = 0) -> Path:
    """Writes a file until the file system has not one byte left (or only
    ``leave`` bytes, given back at the end); returns it."""
    filler = where / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        chunk = 1 << 20
        while chunk:
            try:
                os.write(fd, b"\0" * chunk)
            except OSError:
                chunk //= 2
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def file_digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def report(name: str, **figures) -> None:
    """Prints one line of figures (shown with -s, and in scripts/fault_suite.sh's log)."""
    line = json.dumps({"fault": name, **figures}, ensure_ascii=False)
    print(line)
    out = os.environ.get("RD_FAULT_REPORT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
