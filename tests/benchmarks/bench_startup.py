"""Cold start to a shown main window, for the source install and the frozen app.

    python tests/benchmarks/bench_startup.py [--runs 7] [--dist dist] [--offscreen]

Each run starts a fresh process with REVIEWDESK_STARTUP_PROBE=1; the app prints
the wall-clock time at which its main window is first exposed and quits
(desktop/ui/startup_probe.py). The figure is that time minus the time just
before the process was started: interpreter/bundle start, imports,
QApplication, fonts, translations, the window with its extensions, first
expose. Runs use a private HOME (settings with a reviewer name, so the
first-start name question does not block) and one Xvfb server started up front
(its own start-up is not counted); without Xvfb, or with --offscreen, the
offscreen platform. The first run of each kind is reported apart and left out
of the median; with --drop-caches (root) the page cache is emptied before it,
so "first" is a cold start as after a reboot. Target: under 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MARK = "REVIEWDESK_STARTUP_SHOWN"


def start_xvfb() -> tuple[subprocess.Popen | None, str | None]:
    if not shutil.which("Xvfb"):
        return None, None
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    return proc, f":{number.decode().strip()}"


def private_env(home: Path, display: str | None) -> dict[str, str]:
    config = home / ".config"
    (config / "ReviewDesk").mkdir(parents=True, exist_ok=True)
    (config / "ReviewDesk" / "ReviewDesk.conf").write_text("[reviewer]\nname=bench\n", encoding="utf-8")
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(config),
               XDG_DATA_HOME=str(home / ".local" / "share"), REVIEWDESK_STARTUP_PROBE="1")
    if display:
        env["DISPLAY"] = display
        env["QT_QPA_PLATFORM"] = "xcb"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def one_run(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.time()
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"{cmd[0]}: no {MARK} line (exit {done.returncode}): {done.stderr[-500:]}")


def drop_caches() -> bool:
    """Empties the page cache (root on Linux) so the first run reads from disk, as after a reboot."""
    try:
        subprocess.run(["sync"], check=False)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def measure(name: str, cmd: list[str], env: dict[str, str], runs: int, cold: bool = False) -> dict:
    if cold and not drop_caches():
        print("(cannot drop the page cache: not root; 'first' is warm)")
    times = [one_run(cmd, env) for _ in range(runs)]
    warm = times[1:] or times
    result = {"name": name, "first": times[0], "median": statistics.median(warm),
              "min": min(warm), "max": max(warm)}
    print(f"{name:8s} first {result['first']:.2f} s   median {result['median']:.2f} s   "
          f"min {result['min']:.2f} s   max {result['max']:.2f} s   ({runs} runs)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dist", default=str(REPO / "dist"), help="folder holding ReviewDesk/ (frozen app)")
    parser.add_argument("--offscreen", action="store_true", help="use the offscreen platform, not Xvfb")
    parser.add_argument("--drop-caches", action="store_true",
                        help="empty the page cache before each kind's first run (root): a true cold start")
    args = parser.parse_args(argv)
    xvfb, display = (None, None) if args.offscreen else start_xvfb()
    print(f"platform: {'xcb on Xvfb ' + display if display else 'offscreen'}")
    try:
        with tempfile.TemporaryDirectory(prefix="reviewdesk-bench-") as tmp:
            env = private_env(Path(tmp), display)
            measure("source", [sys.executable, "-m", "desktop"], env, args.runs, args.drop_caches)
            frozen = Path(args.dist) / "ReviewDesk" / ("ReviewDesk.exe" if os.name == "nt" else "ReviewDesk")
            if frozen.exists():
                measure("frozen", [str(frozen)], env, args.runs, args.drop_caches)
            else:
                print(f"frozen   (no {frozen}: run scripts/build_bundle.sh first)")
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
