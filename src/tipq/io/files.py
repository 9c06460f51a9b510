"""File guards and safe writes: what tipq reads and how it replaces files.

- :func:`read_bytes` reads a regular file of bounded size, or raises a ``Y001``/``Y002``
  finding; :func:`decode_text` turns bytes into text (UTF-8 only, BOM dropped) or raises
  ``Y003``/``Y004``/``Y005`` with the line and column of the bad byte;
- :func:`atomic_write_text` replaces a file so that readers see the old or the new one,
  never half of one (temporary file, fsync, rename), through symbolic links;
- :func:`iter_yaml_files` lists the files a command was given (folders searched);
- :func:`write_export` is the policy for an export's output file (stdout, or a regular file).
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tipq.core.errors import FindingError, UserError
from tipq.core.findings import Finding

Position = tuple[int, int]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48
MAX_NODES = 100_000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES


DEFAULT_LIMITS = Limits()


def fail(code: str, file: str, line: int | None = None, col: int | None = None,
         **params: Any) -> FindingError:
    """A :class:`FindingError` for the finding ``code`` at ``file:line:col``."""
    return FindingError(Finding(code, params, file=file, line=line, col=col))


def read_bytes(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS,
               display: str | None = None) -> bytes:
    """Read a regular file of at most ``limits.max_bytes`` bytes, or raise a Y0xx finding."""
    name = display or os.fspath(path)
    try:
        st = os.stat(path)
    except FileNotFoundError as e:
        reason = os_reason(e)
        if os.path.islink(path):
            reason = f"it is a symbolic link to {os.readlink(path)}, which does not exist"
        raise fail("Y001", name, reason=reason) from e
    except OSError as e:
        raise fail("Y001", name, reason=os_reason(e)) from e
    if stat.S_ISDIR(st.st_mode):
        raise fail("Y001", name, reason="it is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise fail("Y001", name, reason="it is not a regular file (a FIFO, socket or device)")
    if st.st_size > limits.max_bytes:
        raise fail("Y002", name, size=st.st_size, limit=limits.max_bytes)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as e:
        raise fail("Y001", name, reason=os_reason(e)) from e
    if len(data) > limits.max_bytes:  # grew while we looked
        raise fail("Y002", name, size=len(data), limit=limits.max_bytes)
    return data


def os_reason(e: OSError) -> str:
    return e.strerror.lower() if e.strerror else type(e).__name__


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with BOM)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with BOM)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with BOM)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with BOM)"),
)


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 (a BOM is accepted and dropped) to text; anything else is a finding."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise fail("Y004", file, 1, 1, encoding=name)
    if b"\x00" in data:
        head = data[:512]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if len(head) >= 4 and odd > len(head) // 4 and even == 0:
            raise fail("Y004", file, 1, 1, encoding="UTF-16 (little-endian, no BOM)")
        if len(head) >= 4 and even > len(head) // 4 and odd == 0:
            raise fail("Y004", file, 1, 1, encoding="UTF-16 (big-endian, no BOM)")
        line, col = _line_col_of_byte(data, data.index(b"\x00"))
        raise fail("Y005", file, line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col_of_byte(data, e.start)
        raise fail("Y003", file, line, col, byte=f"{data[e.start]:02x}") from e
    return text[1:] if text.startswith("\ufeff") else text


def _line_col_of_byte(data: bytes, offset: int) -> Position:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def atomic_write_text(path: str | os.PathLike[str], text: str, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that readers see the old or the new file
    (:func:`atomic_write_bytes` of its UTF-8 bytes; line feeds are kept as they are)."""
    atomic_write_bytes(path, text.encode("utf-8"), fsync=fsync)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *,
                       fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file.

    Writes a temporary file beside the target, flushes it to disk, then ``os.replace``s it
    over the target: atomic on POSIX and on Windows (NTFS). On POSIX the directory is
    synced too, so the rename itself survives a power cut.
    """
    target = resolve_write_target(Path(path))
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if mode is not None:
            os.chmod(tmp, mode)  # mkstemp makes 0600; keep the file's mode, or the default
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        _replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if fsync and os.name == "posix":
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def resolve_write_target(path: Path) -> Path:
    """The file to replace: through a symbolic link, the file it points to.

    Replacing the link itself would fork the file: the linked one (in a synced or shared
    folder, say) would silently never see the new text.
    """
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # a link to a file not written yet: write it there
        return Path(os.path.realpath(path))
    except OSError as e:  # a symlink loop
        raise UserError(f"cannot write {path}: {os_reason(e)}. Give the path of a regular "
                        "file.") from e


def remove_leftover_temps(path: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files an interrupted :func:`atomic_write_text` left beside
    ``path`` (a process killed between writing and replacing). Call it only while holding
    the file's lock, when no other writer can be midway. Returns what was removed."""
    target = resolve_write_target(Path(path))
    removed = []
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _mode_for(target: Path) -> int | None:
    """The permission bits the new file should have: the old file's, else the umask's."""
    if os.name != "posix":
        return None
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _replace(src: str, dst: Path) -> None:
    # On Windows a reader (an editor, a virus scanner) may hold the target open for a
    # moment; os.replace then fails with PermissionError. Retry briefly before giving up.
    import time

    for attempt in range(20):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 19:
                raise
            time.sleep(0.05)


def iter_yaml_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files given, and every ``*.yaml``/``*.yml`` entry (sorted) in folders given.

    In a folder, every entry so named is listed, whatever it is (a FIFO, a socket, a broken
    symbolic link or a link loop): reading it then says why it cannot be read (Y001), so
    that no file a State sent is left out without a word. Folders are searched (symbolic
    links to folders are not followed); hidden names (``.x.yaml``) are left out.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(_iter_folder(path))
        else:
            yield path


def _iter_folder(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):  # broken links and link loops are in names
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in names:
            if not name.startswith(".") and name.endswith((".yaml", ".yml")):
                yield Path(root, name)
