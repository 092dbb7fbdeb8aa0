"""No network at all, in the window: starting it, importing, tagging, scoring and
exporting open no internet socket and resolve no name.

Three nets: (1) Python's socket module refuses and records AF_INET/AF_INET6
sockets and name look-ups while the window works; (2) PySide6.QtNetwork is never
imported; (3) at the end, no file descriptor of this process is an internet
socket: each ``socket:[inode]`` in /proc/self/fd is looked up in
/proc/net/tcp, tcp6, udp, udp6 (which list only internet sockets), so a socket
opened by C++ code below Python (Qt, a library) is caught too. Unix sockets
(the X server, D-Bus) are not network and are allowed.

A second test runs the whole app (``python -m desktop --self-test``) in a fresh
process with the same Python-level guard, so the start-up path (QApplication,
fonts, translations, extensions) is covered from the first import on.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_72cc8833663dde4f.txt"
PROC_NET = ("/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6")


def inet_socket_inodes() -> set[str]:
    """Inodes of every internet socket on this machine (any process)."""
    inodes: set[str] = set()
    for table in PROC_NET:
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9:
                inodes.add(fields[9])
    return inodes


def own_socket_inodes() -> set[str]:
    out = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(target[len("socket:["):-1])
    return out


def test_proc_check_sees_an_inet_socket():
    """The /proc cross-check would catch a socket: a UDP socket bound to loopback
    (as any socket that sent or connected is) shows up. An unbound socket that
    never sent anything is not listed by the kernel; the Python guard covers those."""
    if not Path("/proc/net/udp").exists():
        pytest.skip("no /proc/net (not Linux)")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    try:
        assert own_socket_inodes() & inet_socket_inodes()
    finally:
        s.close()


def test_window_import_tag_score_export_open_no_socket(no_network, qtbot, tmp_path, fake):
    context = AppContext()
    context.reviewer = "测试员"
    window = MainWindow(context, fake)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_project(tmp_path / "round.rdproj")

    with qtbot.waitSignal(window.importer.finished, timeout=60000) as blocker:
        window.import_files([str(SEED)])
    doc_id = blocker.args[0].imported[0].doc_id
    text = context.project.document(doc_id).text
    start = text.index("大型普法宣传活动16场")
    view = window.document_view
    view.setFocus()
    view.select_span(start, start + 10)
    qtbot.keyClick(view, Qt.Key.Key_2)
    [ann] = context.project.annotations(doc_id)
    assert (ann.start, ann.end, ann.tag) == (start, start + 10, "figure")

    pane = window.assessment.pane
    criterion = next(iter(pane.cards))
    pane.cards[criterion].spin.setValue(5)
    assert context.project.total(doc_id) == 5

    for fmt in ("docx", "xlsx", "csv", "json"):
        out = tmp_path / f"out.{fmt}"
        with qtbot.waitSignal(window.export_controller.exportFinished, timeout=30000):
            window.export_controller.start_export(fmt, str(out))
        assert out.exists() and out.stat().st_size > 0
    window.help_actions.show_guide("user-guide").close()

    assert no_network == []
    assert "PySide6.QtNetwork" not in sys.modules
    if Path("/proc/net/tcp").exists():
        assert not own_socket_inodes() & inet_socket_inodes()
    window.close()
    context.close_project()


GUARD = textwrap.dedent("""
    import socket, sys
    attempts = []
    real = socket.socket
    class Guarded(real):
        def __init__(self, family=socket.AF_INET, *a, **k):
            if family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(family); raise OSError("network disabled")
            super().__init__(family, *a, **k)
    socket.socket = Guarded
    def refuse(*a, **k):
        attempts.append(a[:1]); raise OSError("network disabled")
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, name, refuse)
    from desktop.cli import main
    code = main(["--self-test"])
    bad = attempts or "PySide6.QtNetwork" in sys.modules
    print("NETWORK", attempts, "PySide6.QtNetwork" in sys.modules)
    sys.exit(code or (3 if bad else 0))
""")


def test_whole_app_start_self_test_opens_no_socket(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", GUARD], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test: ok" in done.stdout
    assert "NETWORK [] False" in done.stdout
