"""One writer at a time: a lock file beside the project.

SQLite's own locks last one transaction and do not work reliably on network
shares, so a second window, a command or another PC could otherwise write the
same project at the same time (ids reused, quotes misplaced, adds lost). The
writer keeps ``<project>.lock`` for as long as the project is open. It names
who holds it (user, host, process, time) so that the refusal can say so, and
it is held with an OS lock as well, so that a holder that died on this host
is recognised for certain (the OS drops the lock with the process) and its
lock is taken over silently. A lock from another host can only be taken over
on purpose, after the reviewer confirms.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from desktop.errors import DiskFull, ProjectLocked, ProjectReadOnly

_APP = "ReviewDesk"
#: An empty lock file younger than this is a writer between create and write.
_GRACE_SECONDS = 10.0
#: How long an opener waits for a momentary lock (an export's snapshot) to go.
_MOMENTARY_WAIT = 3.0


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    time: str
    app: str = _APP

    def describe(self) -> str:
        """The refusal's wording: ``<who> 在 <host> 于 <time> 打开了此项目``."""
        return f"{self.user} 在 {self.host} 于 {self.time} 打开了此项目"


def lock_path(project_path: str | Path) -> Path:
    p = Path(project_path)
    return p.with_name(p.name + ".lock")


def this_host() -> str:
    return socket.gethostname() or "localhost"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account): still a lock
        return "?"


def read_lock(project_path: str | Path) -> LockInfo | None:
    """Who holds the project's lock file, or None when there is none (or it is unreadable)."""
    try:
        raw = lock_path(project_path).read_text(encoding="utf-8")
        data = json.loads(raw)
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["time"]),
                        str(data.get("app", _APP)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _try_os_lock(fd: int) -> bool | None:
    """Takes the OS lock on the open lock file without waiting: True, False when
    another process has it, None when the file system has no such locks."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _try_windows_lock(fd)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        # A file system without flock (some network shares): the lock file alone decides.
        return None


def _try_windows_lock(fd: int) -> bool:  # pragma: no cover - Windows only: not run (nor mutated) here
    import msvcrt  # pragma: no mutate

    try:  # pragma: no mutate
        os.lseek(fd, 1 << 20, os.SEEK_SET)  # pragma: no mutate - beyond the JSON, so readers can read it
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # pragma: no mutate
        return True  # pragma: no mutate
    except OSError:  # pragma: no mutate
        return False  # pragma: no mutate
    finally:  # pragma: no mutate
        os.lseek(fd, 0, os.SEEK_SET)  # pragma: no mutate


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover
        return True  # pragma: no mutate - the OS lock decides on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ProjectLock:
    """The held lock of one open project; ``release()`` (or closing the project) gives it up."""

    def __init__(self, project_path: Path, fd: int, info: LockInfo) -> None:
        self.project_path = project_path
        self.path = lock_path(project_path)
        self.info = info
        self._fd: int | None = fd
        self._stamp = self._file_stamp()

    # --- taking it ------------------------------------------------------------------

    @classmethod
    def acquire(cls, project_path: str | Path, *, user: str = "", take_over: bool = False,
                purpose: str = "") -> "ProjectLock":
        """Takes the project's lock; raises ProjectLocked naming the holder, or
        ProjectReadOnly when the folder does not allow a lock file.

        ``take_over`` replaces a lock held from another host (the reviewer
        confirmed it); a lock of a live process on this host is never taken.
        ``purpose`` marks a lock held only for a moment (an export's snapshot):
        an opener that meets one waits for it instead of refusing."""
        project_path = Path(project_path)
        path = lock_path(project_path)
        info = LockInfo(user or _os_user(), this_host(), os.getpid(),
                        datetime.now().isoformat(sep=" ", timespec="minutes"),
                        f"{_APP} {purpose}" if purpose else _APP)
        deadline = time.monotonic() + _MOMENTARY_WAIT
        attempt = 0
        while attempt < 5:
            attempt += 1
            try:
                fd = os.open(str(path), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                existing = cls._open_existing(path)
                if existing is None:
                    continue  # it went away between our two looks: try again
                fd = existing
                try:
                    cls._check_stale_or_refuse(project_path, path, fd, take_over)
                except ProjectLocked as exc:
                    os.close(fd)
                    holder = exc.holder
                    if (isinstance(holder, LockInfo) and holder.app != _APP and not exc.other_host
                            and time.monotonic() < deadline):
                        time.sleep(0.05)  # an export's momentary lock: it is gone in a moment
                        attempt = 0
                        continue
                    raise
                except BaseException:
                    os.close(fd)
                    raise
            except PermissionError as exc:
                raise ProjectReadOnly(
                    f"无法在项目所在的文件夹中创建锁文件（没有写入权限）：{path.parent}") from exc
            except OSError as exc:
                if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                    raise ProjectReadOnly(f"项目所在的文件夹是只读的：{path.parent}") from exc
                raise
            else:
                if _try_os_lock(fd) is False:  # pragma: no cover - a new file nobody else has
                    os.close(fd)
                    continue
            if not cls._same_file(fd, path):
                os.close(fd)  # released and removed by its holder while we looked: again
                continue
            try:
                cls._write(fd, info)
            except OSError as exc:  # no room for even the lock's one line: say so, leave no lock
                os.close(fd)
                try:
                    os.unlink(path)
                except OSError:
                    pass
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise DiskFull(f"磁盘已满，无法打开项目（锁文件写不下）：{path.parent}。"
                                   "请清理磁盘空间后重试。") from exc
                raise
            return cls(project_path, fd, info)
        raise ProjectLocked("项目正被另一个程序反复打开和关闭，请稍后再试。")

    @staticmethod
    def _open_existing(path: Path) -> int | None:
        try:
            return os.open(str(path), os.O_RDWR)
        except FileNotFoundError:
            return None
        except PermissionError as exc:
            holder = read_lock(path.with_name(path.name[:-len(".lock")]))
            if holder is not None:
                raise ProjectLocked(holder.describe(), holder=holder,
                                    other_host=holder.host != this_host()) from exc
            raise ProjectReadOnly(f"无法写入锁文件：{path}") from exc

    @staticmethod
    def _check_stale_or_refuse(project_path: Path, path: Path, fd: int, take_over: bool) -> None:
        holder = read_lock(project_path)
        got_os_lock = _try_os_lock(fd)
        if got_os_lock is False:
            if holder is None:
                raise ProjectLocked("项目正被另一个程序打开（锁文件正在写入），请稍后再试。")
            raise ProjectLocked(holder.describe(), holder=holder, other_host=holder.host != this_host())
        if holder is None:
            # Unreadable and nobody holds it: a crash between create and write.
            if _age_seconds(path) >= _GRACE_SECONDS or got_os_lock:
                return
            raise ProjectLocked("项目正被另一个程序打开（锁文件正在写入），请稍后再试。")
        if holder.host == this_host():
            if got_os_lock or not _pid_alive(holder.pid):
                return  # its process is gone: the OS released its lock (or no such pid)
            raise ProjectLocked(holder.describe(), holder=holder, other_host=False)
        if take_over:
            return
        raise ProjectLocked(holder.describe(), holder=holder, other_host=True)

    @staticmethod
    def _same_file(fd: int, path: Path) -> bool:
        try:
            a, b = os.fstat(fd), os.stat(path)
        except OSError:
            return False
        return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)

    @staticmethod
    def _write(fd: int, info: LockInfo) -> None:
        data = json.dumps(asdict(info), ensure_ascii=False).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, data)
        os.fsync(fd)

    # --- holding it -----------------------------------------------------------------

    def _file_stamp(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def verify(self) -> None:
        """Raises ProjectLocked when somebody else has taken the lock over since
        (a reviewer on another PC who confirmed); cheap: one stat."""
        if self._fd is None:
            raise ProjectLocked("项目已关闭。")
        if self._file_stamp() == self._stamp:
            return
        holder = read_lock(self.project_path)
        if holder is not None and (holder.host, holder.pid) == (self.info.host, self.info.pid):
            self._stamp = self._file_stamp()
            return
        if holder is None:
            raise ProjectLocked("项目的锁文件被删除了，为避免两处同时写入，已停止保存。请重新打开项目。")
        raise ProjectLocked(f"{holder.describe()}（已接管此项目），本窗口不再保存修改。",
                            holder=holder, other_host=holder.host != this_host())

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            holder = read_lock(self.project_path)
            if holder is not None and (holder.host, holder.pid) == (self.info.host, self.info.pid):
                try:
                    os.unlink(self.path)
                except OSError:
                    pass
        finally:
            os.close(fd)


def _age_seconds(path: Path) -> float:
    try:
        return datetime.now().timestamp() - os.stat(path).st_mtime
    except OSError:
        return 0.0
