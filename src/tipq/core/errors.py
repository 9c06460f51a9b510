"""The one exception hierarchy of tipq.

Every exception tipq raises on purpose derives from :class:`TipqError`. Those whose
message is meant for a person (bad input, a locked file, an unknown questionnaire) derive
from :class:`UserError`; the CLI prints their message, without a traceback, and maps them
to an exit code in one place (``tipq.cli.app``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tipq.core.findings import Finding


class TipqError(Exception):
    """Root of every tipq exception."""


class UserError(TipqError):
    """An error a user caused and can fix; its message says what, where and how."""


class UsageError(UserError):
    """A command was called with arguments that cannot work (exit code 2)."""


class FindingError(UserError):
    """An error that carries a :class:`~tipq.core.findings.Finding` (file, line, code, hint)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.format())
        self.finding = finding


class FindingsError(UserError):
    """A file cannot be used, for the reasons its findings give (each with file, line,
    column and fix). The CLI prints the findings through a reporter."""

    def __init__(self, summary: str, findings: Sequence[Finding], *, hint: str = "") -> None:
        self.summary = summary
        self.findings = list(findings)
        self.hint = hint
        lines = [f"{summary}:", *(f"  {f.format()}" for f in self.findings)]
        super().__init__("\n".join([*lines, hint] if hint else lines))


class LockedError(UserError):
    """Another live process holds the response file."""


class InterruptedSession(TipqError):
    """The interview was interrupted (Ctrl-C / Ctrl-D); answers so far are saved."""
