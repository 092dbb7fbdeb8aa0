"""Types Chinese into ReviewDesk through a real input method under Xvfb (issue 16).

    python3 scripts/ime_check.py [--im fcitx5|ibus|all] [--frozen dist/ReviewDesk/ReviewDesk]
                                 [--pinyin zhongguo --expect 中国] [--screenshot PNG] [--keep]

Installs nothing: it checks what is present (Xvfb, dbus-daemon, xdotool, fcitx5
with the pinyin engine / ibus-daemon with ibus-libpinyin) and for each input
method framework, in a temporary HOME:

  1. starts Xvfb, a private D-Bus session bus and the framework with pinyin as
     the active input method (fcitx5: ~/.config/fcitx5/profile, its IBus
     frontend addon on; ibus: `ibus engine libpinyin`);
  2. makes a project with a seed report and one annotation;
  3. starts the app (source, or the frozen one with --frozen / REVIEWDESK_FROZEN)
     with the environment such desktops set (fcitx5: QT_IM_MODULE=fcitx,
     XMODIFIERS=@im=fcitx, and no ibus-daemon on PATH, as on UOS/Kylin; ibus:
     QT_IM_MODULE=ibus) and REVIEWDESK_IME_PROBE=1 (desktop/ui/ime_probe.py),
     which opens the note editor (编辑批注) and prints where it is;
  4. clicks the editor, types the pinyin with xdotool, then space (first
     candidate), clicks OK; clicks the annotation filter box and does the same;
  5. checks the Chinese arrived: the note as the app stored it, the filter
     box's text as the app printed it, and the note read back from the project
     file after the app exited.

--screenshot PNG: types the pinyin into the note editor without committing and
saves the whole screen (the candidate window over the editor) with ImageMagick's
`import`, then carries on (fcitx5 only unless --im ibus).

Exit 0: every framework that could run passed; 1: one ran and failed;
77: none could run (the reason is printed: a missing program).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = 77
COMMON = ("Xvfb", "dbus-daemon", "xdotool")
FRAMEWORKS = {
    "fcitx5": ("fcitx5",),
    "ibus": ("ibus-daemon", "ibus"),
}


def log(msg: str) -> None:
    print(f"ime-check: {msg}", flush=True)


class Skip(Exception):
    pass


class Failure(Exception):
    pass


def missing_for(framework: str) -> list[str]:
    missing = [p for p in COMMON + FRAMEWORKS[framework] if shutil.which(p) is None]
    if framework == "fcitx5":
        libdirs = [Path(p) for p in ("/usr/lib/x86_64-linux-gnu/fcitx5", "/usr/lib/aarch64-linux-gnu/fcitx5",
                                     "/usr/lib/fcitx5", "/usr/lib64/fcitx5")]
        for lib in ("libpinyin.so", "libibusfrontend.so"):
            if not any((d / lib).exists() for d in libdirs):
                missing.append(f"fcitx5 addon {lib} (fcitx5-chinese-addons / fcitx5)")
    if framework == "ibus":
        engines = [Path(p) for p in ("/usr/libexec/ibus-engine-libpinyin", "/usr/lib/ibus/ibus-engine-libpinyin")]
        if not any(e.exists() for e in engines):
            missing.append("ibus-engine-libpinyin (ibus-libpinyin)")
    return missing


def free_display() -> int:
    for n in range(91, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise Skip("no free X display number")


def wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise Failure(f"timed out ({timeout:.0f} s) waiting for {what}")


FCITX5_PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""
# Active by default: a new input context starts in pinyin, no Ctrl+Space needed.
FCITX5_CONFIG = """[Behavior]
ActiveByDefault=True
ShareInputState=All
"""


class Session:
    """Xvfb + D-Bus session + one input method framework, in a temporary HOME."""

    def __init__(self, framework: str, tmp: Path) -> None:
        self.framework = framework
        self.tmp = tmp
        self.procs: list[subprocess.Popen] = []
        self.home = tmp / "home"
        runtime = tmp / "run"
        for d in (self.home, runtime):
            d.mkdir(parents=True)
        runtime.chmod(0o700)
        self.display = f":{free_display()}"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home), "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "XDG_RUNTIME_DIR": str(runtime), "DISPLAY": self.display,
            "XDG_SESSION_TYPE": "x11", "NO_AT_BRIDGE": "1",
        }

    def start(self, name: str, argv: list[str], **kw) -> subprocess.Popen:
        out = open(self.tmp / f"{name}.log", "wb")
        proc = subprocess.Popen(argv, env=kw.pop("env", self.env), stdout=kw.pop("stdout", out),
                                stderr=subprocess.STDOUT, **kw)
        self.procs.append(proc)
        return proc

    def up(self) -> None:
        number = self.display[1:]
        self.start("xvfb", ["Xvfb", self.display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 15, "Xvfb")
        bus = self.start("dbus", ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                         stdout=subprocess.PIPE)
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        if not address:
            raise Failure("dbus-daemon printed no address")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        if self.framework == "fcitx5":
            self.fcitx5()
        else:
            self.ibus()

    def address_file(self) -> Path | None:
        folder = self.home / ".config" / "ibus" / "bus"
        files = sorted(folder.glob(f"*-unix-{self.display[1:]}")) if folder.exists() else []
        return files[0] if files else None

    def fcitx5(self) -> None:
        conf = self.home / ".config" / "fcitx5"
        conf.mkdir(parents=True)
        (conf / "profile").write_text(FCITX5_PROFILE, encoding="utf-8")
        (conf / "config").write_text(FCITX5_CONFIG, encoding="utf-8")
        version = subprocess.run(["fcitx5", "--version"], capture_output=True, text=True).stdout.strip()
        log(f"fcitx5 {version}: pinyin active by default, IBus frontend addon enabled")
        self.start("fcitx5", ["fcitx5", "--enable=ibusfrontend,pinyin", "--disable=wayland,waylandim"])
        wait_for(self.address_file, 20, "fcitx5 to write the IBus address file")
        time.sleep(1.0)

    def ibus(self) -> None:
        version = subprocess.run(["ibus", "version"], capture_output=True, text=True).stdout.strip()
        log(f"{version}: ibus-daemon with the libpinyin engine")
        env = dict(self.env, GSETTINGS_BACKEND="memory")
        self.env = env
        self.start("ibus", ["ibus-daemon", "--replace", "--verbose", "--config=default"], env=env)
        wait_for(self.address_file, 20, "ibus-daemon to write its address file")

        def engine_set() -> bool:
            subprocess.run(["ibus", "engine", "libpinyin"], env=env, capture_output=True, timeout=10)
            got = subprocess.run(["ibus", "engine"], env=env, capture_output=True, text=True, timeout=10)
            return got.stdout.strip() == "libpinyin"

        wait_for(engine_set, 30, "ibus to take the libpinyin engine", interval=1.0)

    def focused(self) -> None:
        """An input field has the focus: ibus gives a new input context the global
        engine only when it is set after the context exists (a person picks
        拼音 from the panel the same way)."""
        if self.framework == "ibus":
            subprocess.run(["ibus", "engine", "libpinyin"], env=self.env, capture_output=True, timeout=10)
            time.sleep(0.5)

    def down(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def make_project(tmp: Path) -> Path:
    """A project with the first seed report and one annotation (its note to be typed)."""
    project = tmp / "ime.rdproj"
    seed = sorted((ROOT / "seeds").glob("000_*.txt"))[0]
    subprocess.run([sys.executable, "-m", "desktop", "import", str(project), str(seed)], cwd=ROOT,
                   check=True, capture_output=True)
    sys.path.insert(0, str(ROOT))
    from desktop.commands import open_project

    p = open_project(project)
    try:
        doc = p.documents()[0]
        p.add_annotation(doc.id, 0, min(10, len(p.document_text(doc.id))), "measure", reviewer="IME")
    finally:
        p.close()
    return project


def read_note(project: Path) -> str:
    from desktop.commands import open_project

    p = open_project(project)
    try:
        doc = p.documents()[0]
        return p.annotations(doc.id)[0].note
    finally:
        p.close()


class App:
    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.put(line)

    def expect(self, prefix: str, timeout: float, accept=lambda rest: True) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"timed out ({timeout:.0f} s) waiting for 'IME_PROBE {prefix}'")
            try:
                line = self.lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise Failure(f"the app exited ({self.proc.returncode}) before 'IME_PROBE {prefix}'") from None
                continue
            self.seen.append(line)
            if line.startswith("IME_PROBE "):
                log(f"  app: {line[10:]}")
            if line.startswith(f"IME_PROBE {prefix}"):
                rest = line[len(f"IME_PROBE {prefix}"):].strip()
                if accept(rest):
                    return rest


def xdo(env: dict, *args: str) -> None:
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=60)


def run_one(framework: str, args: argparse.Namespace) -> None:
    missing = missing_for(framework)
    if missing:
        raise Skip(f"{framework}: not installed: {', '.join(missing)}")
    tmp = Path(tempfile.mkdtemp(prefix=f"ime-{framework}-"))
    session = Session(framework, tmp)
    app: App | None = None
    try:
        session.up()
        project = make_project(tmp)
        conf = session.home / ".config" / "ReviewDesk"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "ReviewDesk.conf").write_text("[reviewer]\nname=IME\n", encoding="utf-8")
        env = dict(session.env, REVIEWDESK_IME_PROBE="1")
        if framework == "fcitx5":
            # What UOS and Kylin set, on a machine with fcitx5 and no IBus installed.
            env.update(QT_IM_MODULE="fcitx", XMODIFIERS="@im=fcitx", GTK_IM_MODULE="fcitx")
            env["PATH"] = os.pathsep.join(d for d in env["PATH"].split(os.pathsep)
                                          if d and not (Path(d) / "ibus-daemon").exists())
        else:
            env.update(QT_IM_MODULE="ibus", XMODIFIERS="@im=ibus", GTK_IM_MODULE="ibus")
        if args.qt_im_module is not None:  # what another site's desktop sets ("" = unset)
            env["QT_IM_MODULE"] = args.qt_im_module
            if not args.qt_im_module:
                del env["QT_IM_MODULE"]
        for name in ("REVIEWDESK_IM_MODULE", "QT_PLUGIN_PATH"):  # the app's override; a desktop's plugin path
            if os.environ.get(name):
                env[name] = os.environ[name]
        argv = [str(Path(args.frozen).resolve()), str(project)] if args.frozen else \
            [sys.executable, "-m", "desktop", str(project)]
        log(f"{framework}: starting {'the frozen app ' + args.frozen if args.frozen else 'the app from source'} "
            f"with QT_IM_MODULE={env.get('QT_IM_MODULE', '(unset)')}, XMODIFIERS={env['XMODIFIERS']}")
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        session.procs.append(proc)
        app = App(proc)
        app.expect("choice", 90)
        coords = app.expect("note-editor", 90).split()
        ex, ey, ox, oy = coords[0], coords[1], coords[3], coords[4]
        xdo(session.env, "mousemove", ex, ey, "click", "1")
        time.sleep(0.5)
        session.focused()
        xdo(session.env, "type", "--delay", "120", args.pinyin)
        app.expect("preedit", 10)
        time.sleep(1.5)
        if args.screenshot:
            shot = Path(args.screenshot).resolve()
            subprocess.run(["import", "-window", "root", str(shot)], env=session.env, check=True, timeout=60)
            log(f"screenshot while composing: {shot}")
        xdo(session.env, "key", "space")
        app.expect("commit", 10)
        time.sleep(0.5)
        xdo(session.env, "mousemove", ox, oy, "click", "1")
        note = app.expect("note-saved", 20)
        fx, fy = app.expect("filter", 20, lambda rest: len(rest.split()) == 2).split()
        xdo(session.env, "mousemove", fx, fy, "click", "1")
        time.sleep(0.5)
        session.focused()
        xdo(session.env, "type", "--delay", "120", args.pinyin)
        time.sleep(1.0)
        xdo(session.env, "key", "space")
        try:
            filter_text = app.expect("filter-text", 10, lambda rest: args.expect in rest)
        except Failure:
            filter_text = ""
        time.sleep(0.5)
        xdo(session.env, "key", "ctrl+q")
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(10)
        stored = read_note(project)
        logged = [line.split(" reviewdesk: ", 1)[-1] for f in session.home.rglob("logs/reviewdesk.log")
                  for line in f.read_text(encoding="utf-8", errors="replace").splitlines() if "input method:" in line]
        if not logged:
            raise Failure(f"{framework}: no 'input method:' line in the app's log file")
        log(f"{framework}: the app's log: {logged[-1]}")
        results = {"note editor (as saved by the app)": note, "filter box": filter_text,
                   "note in the project file": stored}
        for what, text in results.items():
            log(f"{framework}: {what}: {text!r} ({'ok' if args.expect in text else 'MISSING ' + args.expect})")
        if not all(args.expect in text for text in results.values()):
            raise Failure(f"{framework}: {args.expect} did not arrive everywhere")
        log(f"{framework}: PASS ({args.pinyin} + space -> {args.expect})")
    except Failure:
        if app is not None:
            tail = "\n".join(app.seen[-15:])
            log(f"{framework}: last app output:\n{tail}")
        raise
    finally:
        session.down()
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--im", choices=("fcitx5", "ibus", "all"), default="all")
    parser.add_argument("--frozen", default=os.environ.get("REVIEWDESK_FROZEN") or None,
                        help="the frozen executable (dist/ReviewDesk/ReviewDesk); default: the source")
    parser.add_argument("--pinyin", default="zhongguo")
    parser.add_argument("--expect", default="中国")
    parser.add_argument("--qt-im-module", metavar="VALUE",
                        help="QT_IM_MODULE for the app instead of fcitx (fcitx5) / ibus (ibus); '' = unset")
    parser.add_argument("--screenshot", metavar="PNG")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        log(f"SKIP: Linux only (this is {sys.platform})")
        return SKIP
    if args.frozen and not Path(args.frozen).exists():
        log(f"FAIL: no frozen app at {args.frozen}")
        return 1
    frameworks = ["fcitx5", "ibus"] if args.im == "all" else [args.im]
    passed, failed, skipped = [], [], []
    for framework in frameworks:
        try:
            run_one(framework, args)
            passed.append(framework)
        except Skip as exc:
            log(f"SKIP: {exc}")
            skipped.append(framework)
        except (Failure, subprocess.SubprocessError, OSError) as exc:
            log(f"FAIL: {framework}: {exc}")
            failed.append(framework)
        args.screenshot = None  # one screenshot: the first framework that runs
    log(f"passed: {', '.join(passed) or '-'}; failed: {', '.join(failed) or '-'}; skipped: {', '.join(skipped) or '-'}")
    if failed:
        return 1
    return 0 if passed else SKIP


if __name__ == "__main__":
    sys.exit(main())
