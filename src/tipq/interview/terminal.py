"""The terminal prompter: rich for output, plain ``input()`` for every line typed.

Line-based on purpose: no arrow-key widgets, so it works piped, in plain Windows consoles,
in Git Bash/mintty and with screen readers. Colours follow rich (off when not a terminal,
or with ``NO_COLOR``).

Right-to-left text: files always hold logical order. With ``bidi=True`` each line is
wrapped to the terminal width and reordered for display only (python-bidi's
``get_display``), for terminals that do no bidi of their own; a terminal that does its own
bidi (VTE-based ones, mlterm, Konsole...) needs ``bidi=False``. See docs/interview.md.
"""

from __future__ import annotations

import contextlib
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import Any

from tipq.core import escape
from tipq.core.findings import Finding
from tipq.core.i18n import sentence, t
from tipq.interview.views import Localized, QuestionCard, ReviewView

_STYLE = {"info": "", "warning": "yellow", "error": "bold red", "success": "green",
          "help": "cyan"}


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


class TerminalPrompter:
    def __init__(self, lang: str = "en", *, bidi: bool = False, console: Any = None) -> None:
        from rich.console import Console

        self.lang = lang
        self.bidi = bidi
        self.console = console or Console(highlight=False, emoji=False, markup=False,
                                          soft_wrap=False)
        # line editing (left/right, history) where the platform has it; on Windows the
        # console edits lines itself
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401
        self._commands: list[str] = []
        self._goto_words: frozenset[str] = frozenset()
        self._labels: list[str] = []

    # --- completion (Tab) ------------------------------------------------------------------

    def offer(self, commands: Sequence[str], goto_words: Sequence[str],
              labels: Sequence[str]) -> None:
        """Tab completes command words, and question numbers after ``goto``, where the
        platform has readline (elsewhere the console edits lines itself: nothing to do)."""
        self._commands = sorted(set(commands))
        self._goto_words = frozenset(w.casefold() for w in goto_words)
        self._labels = list(labels)
        try:
            import readline
        except ImportError:  # pragma: no cover - Windows
            return
        readline.set_completer_delims(" \t")
        readline.set_completer(self._complete)
        readline.parse_and_bind("tab: complete")

    def candidates(self, line: str, text: str) -> list[str]:
        """What Tab offers for ``text``, the word being typed at the end of ``line``."""
        head = line.split(maxsplit=1)[0].casefold() if " " in line.lstrip() else ""
        pool = self._labels if head in self._goto_words else self._commands
        return [w for w in pool if w.startswith(text)]

    def _complete(self, text: str, state: int) -> str | None:  # pragma: no cover - a tty
        import readline

        found = self.candidates(readline.get_line_buffer(), text)
        return found[state] if state < len(found) else None

    # --- output --------------------------------------------------------------------------

    def visual(self, text: str) -> str:
        """``text`` as displayed: control characters made visible
        (:func:`tipq.core.escape.visible`: file and typed text is untrusted), then
        reordered with --bidi."""
        text = escape.visible(text)
        if not self.bidi or not _has_rtl(text):
            return text
        from bidi import get_display

        return str(get_display(text))

    def _print(self, text: str, style: str = "", *, indent: int = 0, soft: bool = False) -> None:
        """Print ``text``, the one place the prompter writes text: each line through
        :func:`tipq.core.escape.text_line`; ``soft``: leave wrapping to the terminal
        (commands stay whole for copy and paste)."""
        from rich.text import Text

        for line in text.split("\n"):
            paragraph = escape.text_line(line)
            if not self.bidi or not _has_rtl(paragraph):
                self.console.print(Text(" " * indent + paragraph, style=style), soft_wrap=soft)
                continue
            width = max(20, self.console.width - indent - 1)
            for line in textwrap.wrap(paragraph, width) or [""]:
                # justify on print(): rich ignores a Text's own justify when printing it
                self.console.print(Text(self.visual(line), style=style), justify="right",
                                   no_wrap=True)

    def _loc(self, loc: Localized | None) -> str:
        if loc is None:
            return ""
        return f"{t('fallback', self.lang)} {loc.text}" if loc.fallback else loc.text

    def show_question(self, card: QuestionCard) -> None:
        lang = self.lang
        p = card.progress
        self.console.print()
        section = self._loc(card.section)
        where = t("section_of", lang, index=p.section_index, count=p.section_count)
        self.console.rule(self.visual(f"{section} · {where}"), style="blue")
        if card.section_description is not None:
            self._print(self._loc(card.section_description), "dim")
        head = " · ".join([f"{t('question', lang)} {card.label}",
                           t("question_of", lang, number=p.number, total=p.total),
                           t("answered_pct", lang, percent=p.percent)])
        self._print(head, "bold")
        meta = []
        if card.provisions:
            meta.append(t("provisions", lang, list=", ".join(card.provisions)))
        if card.requirement:
            meta.append(t(f"requirement.{card.requirement}", lang))
        if card.negotiation:
            meta.append(t(f"status.{card.negotiation}", lang))
        if meta:
            self._print(" · ".join(meta), "dim")
        if card.parent_text is not None:
            self._print(self._loc(card.parent_text), "dim")
        self.console.print()
        self._print(self._loc(card.text), "bold")
        for alt in card.alternatives:
            self._print(f"{t('alternative', lang)}: {self._loc(alt)}", "dim", indent=2)
        if card.guidance is not None:
            self._print(f"{t('guidance', lang)}: {self._loc(card.guidance)}", "italic")
        if card.requirement == "non-mandatory" and card.parent_text is None:
            self._print(t("non_mandatory_invite", lang), "dim")
        if card.options:
            self.console.print()
            for n, label in card.options:
                self._print(f"{n}. {label}", indent=2)
        if card.unit is not None:
            self._print(f"({self._loc(card.unit)})", "dim", indent=2)
        if card.allow:
            from tipq.core.i18n import NO_ANSWER_WORDS

            words = " · ".join((NO_ANSWER_WORDS[a].get(lang) or NO_ANSWER_WORDS[a]["en"])[0]
                               for a in card.allow)
            self._print(t("no_answer_allowed", lang, words=words), "dim")
        if card.current is not None:
            self.console.print()
            self._print(t("current", lang, value=card.current), "green")
            if card.unfinished:
                self._print(t("unfinished_here", lang), "yellow")
            elif card.invalid:
                self._print(t("not_accepted", lang, problem=sentence(card.invalid)), "bold red")
            elif card.flagged:
                self._print(t("flagged_here", lang), "yellow")
            else:
                self._print(t("keep_hint", lang), "dim")
        self._print(t("commands_hint", lang), "dim")

    def show_review(self, review: ReviewView) -> None:
        """The review: one table per section (number, state, the question shortened,
        provision, assistance, note), fitted to the terminal's width (80 columns and up),
        a legend, and paged when it is longer than the terminal."""
        from rich.table import Table

        lang = self.lang
        v = self.visual
        width = min(self.console.width, 120)
        with self.console.capture() as capture:
            self.console.rule(v(t("review_title", lang)), style="blue")
            if review.only_open and not review.sections:
                self._print(t("review_open_none", lang))
            for n, (title, rows) in enumerate(review.sections):
                table = Table(title=v(self._loc(title)), title_justify="left", expand=False,
                              width=width, padding=(0, 1))
                table.add_column(v(t("col_number", lang)), no_wrap=True)
                table.add_column(v(t("col_state", lang)), no_wrap=True)
                table.add_column(v(t("col_question", lang)), overflow="ellipsis",
                                 no_wrap=True, ratio=1)
                table.add_column(v(t("col_requirement", lang)), no_wrap=True)
                table.add_column(v(t("col_assistance", lang)), no_wrap=True)
                table.add_column(v(t("col_note", lang)), overflow="fold")
                for row in rows:
                    if row.state == "open" and row.open_items > 1:
                        state = t("state.open_n", lang, count=row.open_items)
                    else:
                        state = t(f"state.{row.state}", lang)
                    style = {"answered": "green", "open": "yellow"}.get(row.state, "dim")
                    req = row.step.item.top.requirement or row.step.item.top.tag
                    label = row.step.item.label
                    table.add_row(label, v(state), v(escape.visible(review.texts.get(label, ""))),
                                  v(t(f"short.{req}", lang)) if req else "",
                                  v(t("requested", lang)) if row.assistance else "",
                                  v(t("flagged_note", lang, labels=", ".join(row.flagged)))
                                  if row.flagged else "",
                                  style=style)
                self.console.print(table)
                for note in review.gaps.get(n, []):
                    self._print(escape.visible(note), "dim", indent=2)
            self._print(t("review_legend", lang), "dim")
            self._print(t("review_summary", lang, answered=review.answered,
                          applicable=review.applicable, open=review.open,
                          assist=review.assistance, status=t(f"status.{review.status}", lang)),
                        "bold")
        self._page(capture.get(), review.paged)

    def _page(self, rendered: str, paged: bool = True) -> None:
        """Print ``rendered``, a screenful at a time when the terminal is shorter."""
        from rich.text import Text

        lines = rendered.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        height = self.console.height - 2
        interactive = (paged and self.console.is_terminal and height > 5
                       and len(lines) > height)
        for start in range(0, len(lines), height if interactive else max(1, len(lines))):
            for line in lines[start:start + (height if interactive else len(lines))]:
                self.console.print(Text.from_ansi(line), soft_wrap=True)
            if interactive and start + height < len(lines):
                try:
                    more = input(self.visual(t("review_more", self.lang)) + " ")
                except (KeyboardInterrupt, EOFError):
                    self.console.print()
                    raise
                if more.strip().casefold() in ("q", "quit"):
                    return

    def show_findings(self, findings: list[Finding]) -> None:
        for f in findings:  # one line each: _print makes any line break in it visible
            self._print(escape.visible(f.format()), "red" if f.level.value == "error"
                        else "yellow", indent=2)

    def say(self, text: str, kind: str = "info") -> None:
        self._print(text, _STYLE.get(kind, ""), soft="tipq " in text)

    # --- input ---------------------------------------------------------------------------

    #: a prompt longer than this goes on its own line, and the answer is typed below it
    LONG_PROMPT = 40

    def ask(self, prompt: str) -> str:
        shown = self.visual(prompt)
        if len(prompt) > min(self.LONG_PROMPT, self.console.width // 2):
            self._print(prompt.strip(), "bold")
            shown = ""
        try:
            line = input(f"{shown}> " if not prompt.startswith("…") else f"{shown} ")
        except (KeyboardInterrupt, EOFError):
            self.console.print()  # the message that follows starts on a line of its own
            raise
        return line.replace("\r", "")
