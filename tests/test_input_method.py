"""Issue 16: the input context asked of Qt on Linux (desktop/ui/input_method.py).

The decision is a pure function of the environment, the plugins this Qt has,
who serves the IBus protocol and whether ibus-daemon is on PATH; the real
typing is measured by scripts/ime_check.sh under Xvfb.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from desktop.ui import input_method as im
from desktop.ui.input_method import Bus, choose

WHEEL = frozenset({"ibus", "compose", "qtvirtualkeyboard"})  # what the PySide6 wheel ships
BUNDLE = frozenset({"ibus", "compose"})  # what build.spec keeps
FCITX5 = Bus("fcitx5", 4242, "/home/u/.config/ibus/bus/x-unix-0")
IBUS = Bus("ibus-daemon", 4343, "/home/u/.config/ibus/bus/x-unix-0")
X11 = {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}
UOS = {**X11, "QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}


def test_fcitx_without_its_plugin_goes_to_fcitx5_through_ibus_portal():
    choice = choose(UOS, BUNDLE, FCITX5, ibus_daemon=False)
    assert choice.module == "ibus"
    # Qt's ibus context refuses to start without an ibus-daemon executable unless it uses the portal.
    assert choice.set_env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
    assert "no fcitx plugin" in choice.reason and "fcitx5 (pid 4242)" in choice.reason


def test_fcitx5_served_by_fcitx5_uses_the_portal_even_with_ibus_daemon_installed():
    choice = choose({**UOS, "QT_IM_MODULE": "fcitx5"}, WHEEL, FCITX5, ibus_daemon=True)
    assert choice.module == "ibus"
    assert choice.set_env["IBUS_USE_PORTAL"] == "1"
    assert choice.requested == "fcitx5"


def test_fcitx_requested_but_ibus_daemon_serves_uses_ibus_directly():
    choice = choose(UOS, BUNDLE, IBUS, ibus_daemon=True)
    assert choice.set_env == {"QT_IM_MODULE": "ibus"}


def test_fcitx_with_its_plugin_is_left_alone():
    choice = choose(UOS, BUNDLE | {"fcitx", "fcitx5"}, FCITX5, ibus_daemon=False)
    assert choice.module == "fcitx" and choice.set_env == {} and choice.unset_env == ()


def test_fcitx_with_no_ibus_bus_is_compose_only_and_says_why():
    """fcitx 4 (no IBus frontend) or no framework running: nothing can serve Chinese."""
    choice = choose(UOS, BUNDLE, None, ibus_daemon=False)
    assert choice.module == "compose"
    assert choice.set_env == {"QT_IM_MODULE": "compose"}
    assert "fcitx 4" in choice.reason and "no Chinese input" in choice.reason


def test_ibus_requested_and_present_is_left_alone():
    env = {**X11, "QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=ibus"}
    choice = choose(env, BUNDLE, IBUS, ibus_daemon=True)
    assert (choice.module, choice.set_env, choice.unset_env) == ("ibus", {}, ())


def test_ibus_requested_but_fcitx5_serves_and_no_ibus_daemon_adds_the_portal():
    env = {**X11, "QT_IM_MODULE": "ibus"}
    choice = choose(env, BUNDLE, FCITX5, ibus_daemon=False)
    assert choice.module == "ibus" and choice.set_env == {"IBUS_USE_PORTAL": "1"}


def test_nothing_requested_and_no_hint_changes_nothing():
    choice = choose(X11, BUNDLE, FCITX5, ibus_daemon=False)
    assert (choice.module, choice.set_env, choice.unset_env) == ("", {}, ())


def test_empty_module_with_fcitx_hint_and_fcitx5_running_chooses_ibus():
    env = {**X11, "XMODIFIERS": "@im=fcitx"}
    choice = choose(env, BUNDLE, FCITX5, ibus_daemon=False)
    assert choice.module == "ibus" and "QT_IM_MODULE not set" in choice.reason


def test_empty_module_with_gtk_hint_but_no_bus_changes_nothing():
    env = {**X11, "GTK_IM_MODULE": "fcitx"}
    choice = choose(env, BUNDLE, None, ibus_daemon=False)
    assert choice.set_env == {} and choice.module == ""


def test_wayland_session_with_fcitx5_running_uses_ibus():
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "QT_IM_MODULE": "fcitx"}
    choice = choose(env, BUNDLE, FCITX5, ibus_daemon=False)
    assert choice.module == "ibus" and choice.set_env["IBUS_USE_PORTAL"] == "1"


def test_wayland_session_without_bus_falls_back_to_the_compositor_text_input():
    """On the wayland platform a missing plugin means no input context at all (no compose
    fallback): dropping QT_IM_MODULE gives the compositor's text-input protocol."""
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "QT_IM_MODULE": "fcitx",
           "QT_IM_MODULES": "fcitx"}
    choice = choose(env, BUNDLE, None, ibus_daemon=False)
    assert choice.module == "" and set(choice.unset_env) == {"QT_IM_MODULE", "QT_IM_MODULES"}
    assert choice.set_env == {}


def test_wayland_module_on_the_wayland_platform_is_available():
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "QT_IM_MODULE": "wayland"}
    assert choose(env, BUNDLE, FCITX5, ibus_daemon=False).set_env == {}


def test_xcb_forced_on_a_wayland_session_is_treated_as_x11():
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "QT_QPA_PLATFORM": "xcb",
           "QT_IM_MODULE": "fcitx"}
    assert choose(env, BUNDLE, None, ibus_daemon=False).module == "compose"


def test_qt_im_modules_list_is_honoured_and_replaced():
    env = {**X11, "QT_IM_MODULES": "fcitx;ibus"}
    assert choose(env, BUNDLE, IBUS, ibus_daemon=True).module == "ibus"  # Qt falls back itself
    choice = choose({**X11, "QT_IM_MODULES": "fcitx5;fcitx"}, BUNDLE, FCITX5, ibus_daemon=False)
    assert choice.requested == "fcitx5;fcitx" and choice.module == "ibus"
    assert choice.unset_env == ("QT_IM_MODULES",)  # the list would win over QT_IM_MODULE


@pytest.mark.parametrize("value, module", [("compose", "compose"), ("none", "none"), ("fcitx", "fcitx")])
def test_override_wins(value, module):
    choice = choose({**UOS, im.OVERRIDE: value}, BUNDLE, FCITX5, ibus_daemon=False)
    assert choice.module == module and im.OVERRIDE in choice.reason
    # only what changes is set (UOS already says fcitx)
    assert choice.set_env == ({} if value == "fcitx" else {"QT_IM_MODULE": value})
    if value == "fcitx":
        assert "no fcitx plugin" in choice.reason


def test_override_ibus_gets_the_portal_when_fcitx5_serves():
    env = {**X11, "QT_IM_MODULE": "fcitx", im.OVERRIDE: "ibus"}
    assert choose(env, BUNDLE, FCITX5, ibus_daemon=False).set_env == {"QT_IM_MODULE": "ibus",
                                                                       "IBUS_USE_PORTAL": "1"}


def test_offscreen_and_other_systems_change_nothing():
    assert choose({**UOS, "QT_QPA_PLATFORM": "offscreen"}, BUNDLE, FCITX5, False).set_env == {}
    windows = choose({"QT_IM_MODULE": "fcitx"}, frozenset(), None, False, platform="win32")
    assert windows.set_env == {} and windows.unset_env == () and "not Linux" in windows.reason


def test_log_line_names_request_choice_changes_and_reason():
    line = choose(UOS, BUNDLE, FCITX5, ibus_daemon=False).log_line()
    assert line.startswith("input method: requested fcitx, using ibus [QT_IM_MODULE=ibus, IBUS_USE_PORTAL=1]")
    assert "fcitx5 (pid 4242) serves the IBus protocol" in line
    assert "environment unchanged" in choose(X11, BUNDLE, None, False).log_line()


def test_apply_sets_and_unsets():
    env = {**UOS, "QT_IM_MODULES": "fcitx"}
    choose(env, BUNDLE, FCITX5, ibus_daemon=False).apply(env)
    assert env["QT_IM_MODULE"] == "ibus" and env["IBUS_USE_PORTAL"] == "1" and "QT_IM_MODULES" not in env


# --- reading the real environment ----------------------------------------------------------


def test_plugin_keys_from_file_names(tmp_path):
    folder = tmp_path / "platforminputcontexts"
    folder.mkdir()
    for name in ("libibusplatforminputcontextplugin.so", "libcomposeplatforminputcontextplugin.so",
                 "libfcitx5platforminputcontextplugin.so", "libqtvirtualkeyboardplugin.so"):
        (folder / name).write_bytes(b"")
    assert im.plugin_keys([tmp_path, tmp_path / "missing"]) == {"ibus", "compose", "fcitx5", "fcitx",
                                                               "qtvirtualkeyboard"}
    other = tmp_path / "fcitx4"
    (other / "platforminputcontexts").mkdir(parents=True)
    (other / "platforminputcontexts" / "libfcitxplatforminputcontextplugin-qt6.so").write_bytes(b"")
    assert im.plugin_keys([other]) == {"fcitx"}  # fcitx 4's (fcitx-qt5) Qt 6 plugin


def test_plugin_keys_of_this_qt_include_ibus_and_compose():
    keys = im.plugin_keys(im.qt_plugin_folders({}))
    assert {"ibus", "compose"} <= keys and "fcitx" not in keys


def test_plugins_on_qt_plugin_path_do_not_count(tmp_path, monkeypatch):
    """A system fcitx5 plugin reached through QT_PLUGIN_PATH is built for another Qt."""
    (tmp_path / "platforminputcontexts").mkdir()
    (tmp_path / "platforminputcontexts" / "libfcitx5platforminputcontextplugin.so").write_bytes(b"")
    from PySide6 import QtCore

    real = QtCore.QCoreApplication.libraryPaths()
    monkeypatch.setattr(QtCore.QCoreApplication, "libraryPaths", lambda: [*real, str(tmp_path)])
    assert "fcitx" in im.plugin_keys(im.qt_plugin_folders({}))  # the seam works
    assert "fcitx" not in im.plugin_keys(im.qt_plugin_folders({"QT_PLUGIN_PATH": str(tmp_path)}))


def test_find_bus_reads_the_address_file_and_checks_the_process(tmp_path, monkeypatch):
    monkeypatch.setattr(im, "_machine_id", lambda: "mid")
    bus_dir = tmp_path / "ibus" / "bus"
    bus_dir.mkdir(parents=True)
    env = {"XDG_CONFIG_HOME": str(tmp_path), "DISPLAY": ":7.0"}
    assert im.address_files(env) == [bus_dir / "mid-unix-7"]
    assert im.find_bus(env) is None
    comm = Path(f"/proc/{os.getpid()}/comm").read_text().strip()
    (bus_dir / "mid-unix-7").write_text(f"# comment\nIBUS_ADDRESS=unix:path=/x\nIBUS_DAEMON_PID={os.getpid()}\n")
    assert im.find_bus(env) == Bus(comm, os.getpid(), str(bus_dir / "mid-unix-7"))
    (bus_dir / "mid-unix-7").write_text("IBUS_ADDRESS=unix:path=/x\nIBUS_DAEMON_PID=999999999\n")
    assert im.find_bus(env) is None  # stale: the process is gone
    wayland = {**env, "WAYLAND_DISPLAY": "wayland-1"}
    assert im.address_files(wayland)[0] == bus_dir / "mid-unix-wayland-1"
    assert im.address_files({"IBUS_ADDRESS_FILE": "/a/b"}) == [Path("/a/b")]


def test_configure_applies_and_remembers(monkeypatch):
    env = dict(UOS, PATH="")
    monkeypatch.setattr(im, "find_bus", lambda environ: FCITX5)
    monkeypatch.setattr(im, "qt_plugin_folders", lambda environ: [])
    monkeypatch.setattr(im.sys, "platform", "linux")
    choice = im.configure(env)
    assert env["QT_IM_MODULE"] == "ibus" and im.last_choice is choice


def test_run_gui_logs_the_choice(monkeypatch, caplog):
    """The line reaches the app's log (error_hook's logger) once logging is set up."""
    from desktop.ui import app as app_module

    monkeypatch.setattr(im, "last_choice", choose(UOS, BUNDLE, FCITX5, ibus_daemon=False))
    calls = []

    class Stop(Exception):
        pass

    def stop(*a, **k):
        calls.append("context")
        raise Stop

    monkeypatch.setattr(app_module, "make_application", lambda: None)
    monkeypatch.setattr(app_module.error_hook, "install", lambda path: None)
    monkeypatch.setattr(app_module, "log_path", lambda: None)
    monkeypatch.setattr(app_module, "AppContext", stop)
    with caplog.at_level(logging.INFO, logger="reviewdesk"), pytest.raises(Stop):
        app_module.run_gui(None)  # type: ignore[arg-type]
    assert calls == ["context"]
    assert any("using ibus" in r.getMessage() and r.name == "reviewdesk" for r in caplog.records)


def test_another_qts_ibus_plugin_on_qt_plugin_path_is_left_out_when_ibus_is_used():
    env = {**UOS, "QT_PLUGIN_PATH": "/usr/lib/qt6/plugins:/opt/site/plugins"}
    choice = choose(env, BUNDLE, FCITX5, False, foreign_ibus=("/usr/lib/qt6/plugins",))
    assert choice.set_env["QT_PLUGIN_PATH"] == "/opt/site/plugins" and "left out" in choice.reason
    only = choose({**UOS, "QT_PLUGIN_PATH": "/usr/lib/qt6/plugins"}, BUNDLE, FCITX5, False,
                  foreign_ibus=("/usr/lib/qt6/plugins",))
    assert "QT_PLUGIN_PATH" in only.unset_env and "QT_PLUGIN_PATH" not in only.set_env
    # not using ibus: the plugin path is not our business
    assert "QT_PLUGIN_PATH" not in choose(env, BUNDLE, None, False, foreign_ibus=("/usr/lib/qt6/plugins",)).unset_env


def test_foreign_ibus_folders(tmp_path):
    other = tmp_path / "other"
    (other / "platforminputcontexts").mkdir(parents=True)
    (other / "platforminputcontexts" / "libibusplatforminputcontextplugin.so").write_bytes(b"")
    plain = tmp_path / "plain"
    plain.mkdir()
    env = {"QT_PLUGIN_PATH": os.pathsep.join([str(other), str(plain)])}
    assert im.foreign_ibus_folders(env, []) == (str(other),)
    assert im.foreign_ibus_folders(env, [other]) == ()
