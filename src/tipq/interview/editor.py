"""Long text written in the person's own editor (``$VISUAL``, else ``$EDITOR``).

The text goes into a temporary file, the editor runs on it (:mod:`subprocess`, waiting for
it to close), and the file's text comes back. Portable: on POSIX the setting is split like a
shell would (``shlex``: ``EDITOR="code --wait"`` works); on Windows it is passed to the
system as one command line, as Windows programs expect (``EDITOR=notepad``). Any failure is
an :class:`EditorError` whose message says what happened; the temporary file is then kept,
and named, so that nothing typed in the editor is lost.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path


class EditorError(Exception):
    """The editor could not be run, or failed; ``path`` holds the text (kept)."""

    def __init__(self, problem: str, path: Path | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path


def editor_command(env: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if env is None else env
    return (env.get("VISUAL") or env.get("EDITOR") or "").strip() or None


def edit_text(initial: str, *, env: Mapping[str, str] | None = None) -> str | None:
    """The text after editing ``initial``; None when no editor is set."""
    command = editor_command(env)
    if command is None:
        return None
    fd, name = tempfile.mkstemp(prefix="tipq-answer-", suffix=".txt")
    path = Path(name)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(initial + ("\n" if initial and not initial.endswith("\n") else ""))
    try:
        if os.name == "nt":  # pragma: no cover - Windows: one command line
            done = subprocess.run(f'{command} "{path}"', check=False)
        else:
            done = subprocess.run([*shlex.split(command), str(path)], check=False)
    except (OSError, ValueError) as e:  # not found, not executable, bad quoting
        reason = getattr(e, "strerror", None) or str(e)
        raise EditorError(f"cannot run the editor '{command}' ({reason})", path) from e
    if done.returncode != 0:
        raise EditorError(f"the editor '{command}' exited with status {done.returncode}", path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise EditorError(f"cannot read back {path} as UTF-8 text ({e})", path) from e
    path.unlink(missing_ok=True)
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
