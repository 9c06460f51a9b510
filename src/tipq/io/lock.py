"""A portable lock file beside a response, so that two interviews never write one file.

``responses/XXA.yaml`` is locked by ``responses/XXA.yaml.lock``, created with
``O_CREAT | O_EXCL`` (atomic on POSIX and Windows, local disks and SMB shares alike). It holds
who took it: process id, host name, user, start time, tipq version. The holder touches it at
every save (a heartbeat), so its modification time says when it was last alive. A response
reached through a symbolic link is locked beside the file the link points to, so that the
link and its target can never be written by two interviews at once.

A lock is stale, and is taken over (by one process only, however many try at once: see
:func:`_takeover_guard`), when:

- it was taken on this host and its process no longer runs (``os.kill(pid, 0)`` on POSIX,
  ``OpenProcess`` + ``GetExitCodeProcess`` on Windows), or
- it was taken on another host (a shared folder) and has not been touched for
  :data:`STALE_AFTER` (a live interview touches it at every answer).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tipq.core.errors import LockedError, UserError

#: A lock from another host is stale after this long without a heartbeat.
STALE_AFTER = 12 * 3600.0


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    user: str
    started: str
    tool: str = "tipq"

    @classmethod
    def mine(cls) -> LockInfo:
        from tipq import __version__

        return cls(os.getpid(), socket.gethostname(), _user(),
                   datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   f"tipq {__version__}")

    @classmethod
    def read(cls, path: Path) -> LockInfo | None:
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            return cls(int(data["pid"]), str(data["host"]), str(data.get("user", "?")),
                       str(data.get("started", "?")), str(data.get("tool", "tipq")))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # half-written or foreign: judged by its age

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False) + "\n"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (containers, services)
        return "?"


def lock_path_for(response: Path) -> Path:
    """The lock of the file a save of ``response`` really replaces: through a symbolic link,
    the file it points to (:func:`tipq.io.files.resolve_write_target`, as the saves do), so
    that a link and its target share one lock."""
    from tipq.io.files import resolve_write_target

    target = resolve_write_target(response)
    return target.with_name(target.name + ".lock")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (portable, no dependency)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    process_query_limited_information = 0x1000
    still_active = 259
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        # Access denied means the process exists (ERROR_ACCESS_DENIED = 5).
        return bool(kernel32.GetLastError() == 5)
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


@contextlib.contextmanager
def _takeover_guard(lock: Path, timeout: float = 10.0) -> Iterator[None]:
    """Exclusive among processes taking over ``lock``: an OS lock (``fcntl.flock`` on POSIX,
    ``msvcrt.locking`` on Windows) on ``<lock>.takeover``, released when the process dies.

    The guard file is removed when done. A process that opened it before the removal finds,
    once it holds its OS lock, that the path names another file (or none) and tries again,
    so two processes never hold the guard at once.
    """
    guard = lock.with_name(lock.name + ".takeover")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(guard, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise UserError(f"cannot create {guard}: {e.strerror or e}. Check that you may "
                            "write in the folder.") from e
        try:
            _os_lock(fd, deadline)
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(guard))
        except OSError:
            same = False
        if same:
            break
        _os_unlock(fd)
        os.close(fd)
    try:
        yield
    finally:
        if sys.platform != "win32":  # POSIX: removed while held, so nobody holds a stale one
            with contextlib.suppress(OSError):
                os.unlink(guard)
        _os_unlock(fd)
        os.close(fd)
        if sys.platform == "win32":  # pragma: no cover - fails while another process has it open
            with contextlib.suppress(OSError):
                os.unlink(guard)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _os_lock(fd: int, deadline: float) -> None:
        while True:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise LockedError("another process is taking over the same lock; try "
                                      "again in a moment") from None
                time.sleep(0.01)

    def _os_unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _os_lock(fd: int, deadline: float) -> None:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockedError("another process is taking over the same lock; try "
                                      "again in a moment") from None
                time.sleep(0.002)

    def _os_unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


class ResponseLock:
    """Held while an interview writes ``response``; release it with :meth:`release`."""

    def __init__(self, response: Path, *, stale_after: float = STALE_AFTER) -> None:
        self.response = response
        self.path = lock_path_for(response)
        self.stale_after = stale_after
        self.held = False
        self.recovered: LockInfo | None = None  # a stale lock taken over, to tell the user

    def acquire(self) -> ResponseLock:
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if self._take_over_if_stale():
                    continue
                raise LockedError(self._held_message()) from None
            except OSError as e:
                raise UserError(
                    f"cannot create the lock file {self.path}: {e.strerror or e}. Check that "
                    "the folder exists and that you may write in it, or choose another --out."
                ) from e
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(LockInfo.mine().to_json())
            self.held = True
            return self
        raise LockedError(self._held_message())  # pragma: no cover - a race lost 3 times

    def _take_over_if_stale(self) -> bool:
        """Remove the lock if it is stale; True when the caller should try to create it again.

        Two processes must never both take over: each would delete the lock the other just
        created. So the lock is judged and removed only while holding the takeover guard
        (an OS lock, see :func:`_takeover_guard`), and judged again inside it: the second
        process then reads the first one's fresh lock and gives up.
        """
        with _takeover_guard(self.path):
            info = LockInfo.read(self.path)
            try:
                age = time.time() - self.path.stat().st_mtime
            except FileNotFoundError:
                return True  # released meanwhile: try again
            if info is None:
                stale = age > 60  # unreadable for a minute: not being written any more
            elif info.host == socket.gethostname():
                stale = not pid_alive(info.pid)
            else:
                stale = age > self.stale_after
            if not stale:
                return False
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            except PermissionError:  # Windows: still open in another process
                return False
            self.recovered = info
            return True

    def _held_message(self) -> str:
        info = LockInfo.read(self.path)
        who = (f"{info.user} on {info.host} (process {info.pid}, since {info.started})"
               if info else "another process")
        return (f"{self.response} is being answered in another interview: {who}. "
                f"Finish or quit that interview first. If none is running any more (the "
                f"machine restarted, or the folder is shared and that session died), delete "
                f"{self.path} and run the command again.")

    def heartbeat(self) -> None:
        """Touch the lock (at every save), so other hosts see it is alive."""
        if self.held:
            with contextlib.suppress(OSError):
                os.utime(self.path)

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            self.held = False

    def __enter__(self) -> ResponseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
