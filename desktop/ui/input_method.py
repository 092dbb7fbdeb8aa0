"""Which input context Qt loads on Linux, chosen before the QApplication exists.

UOS and Kylin set ``QT_IM_MODULE=fcitx``, but the PySide6 wheel (and so the
bundle) has no fcitx plugin, only ``ibus`` and ``compose``: left alone, Qt
falls back to compose and a reviewer cannot type Chinese. fcitx5 also speaks
the IBus protocol (its ``ibusfrontend`` addon, on by default): it writes the
IBus address file and serves ``org.freedesktop.portal.IBus`` on the session
bus. So when the environment names a module this Qt has no plugin for and an
IBus-protocol bus is running, we ask Qt for ``ibus``. Qt's ibus context
refuses to start when no ``ibus-daemon`` executable is on PATH (a machine with
fcitx5 only) unless ``IBUS_USE_PORTAL`` is set; with fcitx5 serving the bus we
set it, which works either way (measured under Xvfb with fcitx5 5.0.21).

``REVIEWDESK_IM_MODULE`` overrides everything (``ibus``, ``compose``, ``none``,
``fcitx`` when a site installs a matching plugin...). fcitx 4 has no IBus
frontend and Qt 6 has no XIM: it cannot be served (the log says so).

:func:`choose` is pure (tests give it an environment and what exists);
:func:`configure` reads the real ones and applies the choice to os.environ.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, MutableMapping

OVERRIDE = "REVIEWDESK_IM_MODULE"
#: Modules Qt resolves without a plugin file ("none": no input method; "wayland":
#: the compositor's text-input protocol, built into the wayland platform plugin).
BUILTIN = ("none",)
FCITX = ("fcitx", "fcitx5")


@dataclass(frozen=True)
class Bus:
    """The process serving the IBus protocol, found through the IBus address file."""

    owner: str  # process name: "fcitx5", "ibus-daemon", ...
    pid: int
    path: str  # the address file

    @property
    def is_fcitx(self) -> bool:
        return "fcitx" in self.owner


@dataclass(frozen=True)
class Choice:
    requested: str  # what the environment asked for ("" = nothing)
    module: str  # what Qt will be asked for ("" = Qt's default for the platform)
    reason: str
    set_env: dict[str, str] = field(default_factory=dict)
    unset_env: tuple[str, ...] = ()

    def log_line(self) -> str:
        changes = [f"{k}={v}" for k, v in self.set_env.items()] + [f"unset {k}" for k in self.unset_env]
        return (f"input method: requested {self.requested or '(none)'}, using {self.module or '(Qt default)'}"
                f" [{', '.join(changes) or 'environment unchanged'}]: {self.reason}")

    def apply(self, environ: MutableMapping[str, str]) -> None:
        for key in self.unset_env:
            environ.pop(key, None)
        environ.update(self.set_env)


def _platform(env: Mapping[str, str]) -> str:
    """The Qt platform plugin that will be used: xcb, wayland, offscreen..."""
    explicit = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if explicit:
        return explicit
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" and env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def _hint(env: Mapping[str, str]) -> str:
    """The framework other toolkits are told about (XMODIFIERS=@im=fcitx, GTK_IM_MODULE)."""
    xmod = env.get("XMODIFIERS", "")
    if "@im=" in xmod:
        name = xmod.split("@im=", 1)[1].split("@")[0].strip().lower()
        if name:
            return name
    return env.get("GTK_IM_MODULE", "").strip().lower()


def _ibus(bus: Bus | None, ibus_daemon: bool, why: str, requested: str) -> Choice:
    env = {"QT_IM_MODULE": "ibus"}
    if bus is not None and (bus.is_fcitx or not ibus_daemon):
        # Qt's ibus context needs an ibus-daemon executable unless it goes through the portal.
        env["IBUS_USE_PORTAL"] = "1"
        why += "; through its IBus portal interface"
    return Choice(requested, "ibus", why, env, ("QT_IM_MODULES",))


def choose(env: Mapping[str, str], plugins: set[str] | frozenset[str], bus: Bus | None,
           ibus_daemon: bool, platform: str = "linux", foreign_ibus: tuple[str, ...] = ()) -> Choice:
    """The input context to ask Qt for.

    ``plugins``: the input-context keys this Qt has plugins for (``ibus``,
    ``compose``...); ``bus``: who serves the IBus protocol (None: nobody);
    ``ibus_daemon``: whether an ``ibus-daemon`` executable is on PATH;
    ``foreign_ibus``: QT_PLUGIN_PATH folders holding an ibus input-context plugin
    (another Qt's: Qt would load it instead of ours and crash, measured with
    Debian's Qt 6.4 plugins, so they are dropped from QT_PLUGIN_PATH when ibus is used)."""
    choice = _choose(env, plugins, bus, ibus_daemon, platform)
    set_env, unset, reason = dict(choice.set_env), list(choice.unset_env), choice.reason
    if choice.module == "ibus" and foreign_ibus:
        kept = [p for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p and p not in foreign_ibus]
        if kept:
            set_env["QT_PLUGIN_PATH"] = os.pathsep.join(kept)
        else:
            unset.append("QT_PLUGIN_PATH")
        reason += f"; QT_PLUGIN_PATH folders with another Qt's ibus plugin left out ({', '.join(foreign_ibus)})"
    return Choice(choice.requested, choice.module, reason,
                  {k: v for k, v in set_env.items() if env.get(k) != v}, tuple(k for k in unset if k in env))


def _choose(env: Mapping[str, str], plugins: set[str] | frozenset[str], bus: Bus | None,
            ibus_daemon: bool, platform: str) -> Choice:
    requested_list = [m.strip().lower() for m in
                      (env.get("QT_IM_MODULES") or env.get("QT_IM_MODULE") or "").split(";") if m.strip()]
    requested = ";".join(requested_list)
    if not platform.startswith("linux"):
        return Choice(requested, requested, "not Linux: the platform plugin's own input method support is used")
    override = env.get(OVERRIDE, "").strip()
    if override:
        if override.lower() == "ibus":
            return _ibus(bus, ibus_daemon, f"set by {OVERRIDE}", requested)
        note = "" if override in plugins or override in BUILTIN else f" (no {override} plugin in this Qt)"
        return Choice(requested, override, f"set by {OVERRIDE}{note}",
                      {"QT_IM_MODULE": override}, ("QT_IM_MODULES",))
    qpa = _platform(env)
    if qpa in ("offscreen", "minimal"):
        return Choice(requested, requested, f"{qpa} platform: no input method needed")
    usable = set(plugins) | set(BUILTIN) | ({"wayland"} if qpa == "wayland" else set())
    first_usable = next((m for m in requested_list if m in usable), None)
    if first_usable == "ibus" and bus is not None and bus.is_fcitx and not ibus_daemon:
        return _ibus(bus, ibus_daemon, f"ibus requested and served by {bus.owner} (pid {bus.pid}), "
                                       "no ibus-daemon on PATH", requested)
    if first_usable is not None:
        return Choice(requested, first_usable, f"{first_usable} is available in this Qt")
    if requested_list:
        missing = f"no {'/'.join(requested_list)} plugin in this Qt"
    else:
        hint = _hint(env)
        if hint not in FCITX + ("ibus",):
            return Choice("", "", "nothing requested")
        missing = f"QT_IM_MODULE not set, other toolkits are told {hint}"
    if bus is not None:
        return _ibus(bus, ibus_daemon,
                     f"{missing}; {bus.owner} (pid {bus.pid}) serves the IBus protocol ({bus.path})", requested)
    if qpa == "wayland":
        return Choice(requested, "", f"{missing}, no IBus-protocol bus running: "
                      "the compositor's text-input protocol", {}, ("QT_IM_MODULE", "QT_IM_MODULES"))
    if not requested_list:
        return Choice("", "", f"{missing}, but no IBus-protocol bus is running (fcitx 4 cannot be served): "
                      "no input method")
    return Choice(requested, "compose", f"{missing} and no IBus-protocol bus is running (fcitx 4 or no input "
                  "method framework; fcitx 4 cannot be served): compose keys only, no Chinese input",
                  {"QT_IM_MODULE": "compose"}, ("QT_IM_MODULES",))


# --- the real environment ------------------------------------------------------------------


def plugin_keys(folders: list[Path]) -> frozenset[str]:
    """Input-context keys of the plugins in ``<folder>/platforminputcontexts``
    (libibusplatforminputcontextplugin.so -> ibus; fcitx5's plugin answers to fcitx too)."""
    keys = set()
    for folder in folders:
        try:
            names = [p.name for p in (folder / "platforminputcontexts").iterdir()]
        except OSError:
            continue
        for name in names:
            stem = name.split(".")[0].lower()
            stem = stem[3:] if stem.startswith("lib") else stem
            # fcitx 4's Qt 6 plugin is libfcitxplatforminputcontextplugin-qt6.so
            for marker in ("platforminputcontextplugin", "plugin"):
                if marker in stem:
                    stem = stem[: stem.index(marker)]
                    break
            keys.add(stem)
            if stem == "fcitx5":
                keys.add("fcitx")
    return frozenset(keys)


def foreign_ibus_folders(env: Mapping[str, str], own: list[Path]) -> tuple[str, ...]:
    """QT_PLUGIN_PATH entries (not this Qt's own folders) with an ibus input-context plugin."""
    own_resolved = {p.resolve() for p in own}
    return tuple(p for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep)
                 if p and Path(p).resolve() not in own_resolved and "ibus" in plugin_keys([Path(p)]))


def _machine_id() -> str:
    for path in ("/var/lib/dbus/machine-id", "/etc/machine-id"):
        try:
            text = Path(path).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    return "machine-id"


def address_files(env: Mapping[str, str]) -> list[Path]:
    """Where IBus clients (Qt's among them) look for the bus address."""
    if env.get("IBUS_ADDRESS_FILE"):
        return [Path(env["IBUS_ADDRESS_FILE"])]
    config = Path(env.get("XDG_CONFIG_HOME") or Path(env.get("HOME", "~")).expanduser() / ".config")
    names = []
    if env.get("WAYLAND_DISPLAY"):
        names.append(("unix", env["WAYLAND_DISPLAY"]))
    display = env.get("DISPLAY", "")
    host, _, rest = display.partition(":")
    names.append((host or "unix", (rest.split(".")[0] if rest else "0") or "0"))
    mid = _machine_id()
    return [config / "ibus" / "bus" / f"{mid}-{h}-{n}" for h, n in names]


def find_bus(env: Mapping[str, str]) -> Bus | None:
    """The live process named in an IBus address file (fcitx5 writes one too)."""
    for path in address_files(env):
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        values = dict(line.strip().split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
        try:
            pid = int(values.get("IBUS_DAEMON_PID", "-1"))
        except ValueError:
            continue
        if not values.get("IBUS_ADDRESS") or pid <= 0:
            continue
        try:
            owner = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue  # not running (a stale file)
        return Bus(owner, pid, str(path))
    return None


def _on_path(name: str, env: Mapping[str, str]) -> bool:
    return any((Path(d) / name).is_file() and os.access(Path(d) / name, os.X_OK)
               for d in env.get("PATH", "").split(os.pathsep) if d)


def qt_plugin_folders(env: Mapping[str, str] | None = None) -> list[Path]:
    """This Qt's own plugin folders. Folders named by QT_PLUGIN_PATH are left out: a
    plugin there is usually the system's, built for another Qt, and does not load
    (measured: Debian's fcitx5 Qt 6.4 plugin in the wheel's Qt 6.11, an undefined
    private-API symbol), so finding it there must not stop the ibus choice."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    env = os.environ if env is None else env
    foreign = {Path(p).resolve() for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p}
    folders = [Path(p) for p in QCoreApplication.libraryPaths() if Path(p).resolve() not in foreign]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    return folders


#: The choice made at start (logged once the log file is set up).
last_choice: Choice | None = None


def configure(environ: MutableMapping[str, str] | None = None) -> Choice:
    """Chooses and applies the input context; call before the QApplication exists."""
    global last_choice
    environ = os.environ if environ is None else environ
    if sys.platform.startswith("linux"):
        own = qt_plugin_folders(environ)
        choice = choose(environ, plugin_keys(own), find_bus(environ), _on_path("ibus-daemon", environ),
                        sys.platform, foreign_ibus_folders(environ, own))
    else:
        choice = choose(environ, frozenset(), None, False, sys.platform)
    choice.apply(environ)
    last_choice = choice
    return choice
