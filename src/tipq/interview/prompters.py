"""The prompter: the only way the interview talks to a person. Line-based by design.

A prompter shows views (:mod:`tipq.interview.views`) and reads one line at a time; it
raises :class:`KeyboardInterrupt` (Ctrl-C) or :class:`EOFError` (Ctrl-D, end of input) and
the session turns either into "saved; here is how to resume".

- :class:`ScriptedPrompter`: answers from a list, records everything shown (tests, demos).
- :class:`tipq.interview.terminal.TerminalPrompter`: rich output, ``input()`` for lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from tipq.core.findings import Finding
from tipq.interview.views import QuestionCard, ReviewView

#: Message kinds a prompter may style differently.
KINDS = ("info", "warning", "error", "success", "help")


class Prompter(Protocol):
    def show_question(self, card: QuestionCard) -> None: ...

    def show_review(self, review: ReviewView) -> None: ...

    def show_findings(self, findings: list[Finding]) -> None: ...

    def say(self, text: str, kind: str = "info") -> None: ...

    def ask(self, prompt: str) -> str:
        """One line typed by the person, without its line ending."""
        ...

    def offer(self, commands: Sequence[str], goto_words: Sequence[str],
              labels: Sequence[str]) -> None:
        """Words the person may want completed with Tab: the command words, and after a
        ``goto`` word the question numbers (the terminal completes; a script ignores it)."""
        ...


class CtrlC:
    """In a script: the person presses Ctrl-C here."""


class CtrlD:
    """In a script: the person presses Ctrl-D here."""


CTRL_C, CTRL_D = CtrlC(), CtrlD()


class ScriptedPrompter:
    """Replays ``lines``; records ``(kind, payload)`` for everything shown or asked.

    When the script runs out it behaves like Ctrl-D (end of input).
    """

    def __init__(self, lines: Iterable[str | CtrlC | CtrlD]) -> None:
        self.lines = list(lines)
        self.transcript: list[tuple[str, Any]] = []

    def show_question(self, card: QuestionCard) -> None:
        self.transcript.append(("question", card))

    def show_review(self, review: ReviewView) -> None:
        self.transcript.append(("review", review))

    def show_findings(self, findings: list[Finding]) -> None:
        self.transcript.append(("findings", list(findings)))

    def say(self, text: str, kind: str = "info") -> None:
        self.transcript.append((kind, text))

    def offer(self, commands: Sequence[str], goto_words: Sequence[str],
              labels: Sequence[str]) -> None:
        self.transcript.append(("offer", (list(commands), list(goto_words), list(labels))))

    def ask(self, prompt: str) -> str:
        self.transcript.append(("ask", prompt))
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if isinstance(line, CtrlC):
            raise KeyboardInterrupt
        if isinstance(line, CtrlD):
            raise EOFError
        return line

    # --- for assertions ------------------------------------------------------------------

    def questions(self) -> list[str]:
        """Labels of the questions shown, in order."""
        return [card.label for kind, card in self.transcript if kind == "question"]

    def said(self, kind: str | None = None) -> list[str]:
        return [p for k, p in self.transcript
                if isinstance(p, str) and k != "ask" and (kind is None or k == kind)]

    def text(self) -> str:
        return "\n".join(self.said())
