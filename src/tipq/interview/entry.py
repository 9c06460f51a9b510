"""Reading one answer, line by line, for each answer kind.

Everything a person types is parsed by its answer kind (``AnswerKind.parse`` in
:mod:`tipq.core.kinds`) and checked by :func:`tipq.core.kinds.check_value` before it is
returned: the same rules ``tipq validate`` applies. How an answer is read (one line, several
lines, a list of citations...) is the kind's ``entry``; :attr:`Reader.READERS` maps each
entry style to its reading method. A command word (``help``, ``back``...) typed at the first
line of an answer is a command, not an answer; a backslash before it makes it the answer
(``\\back`` -> ``back``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from tipq.core.answers import InputProblem, parse_choices
from tipq.core.i18n import NO_WORDS, YES_WORDS, command_words, sentence, t
from tipq.core.kinds import AnswerKind, CitationsKind, check_value, kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import CitationsAnswer
from tipq.interview.prompters import Prompter

#: The line that ends a multi-line text.
END_OF_TEXT = "."
#: Typed before a command word, makes it an answer: ``\\back`` is the answer "back".
ESCAPE = "\\"


@dataclass(frozen=True)
class Command:
    name: str  # help | back | skip | goto | review | quit
    arg: str = ""


class Keep:
    """The person pressed Enter on an answered question: keep the saved answer."""


KEEP = Keep()


class Reader:
    def __init__(self, prompter: Prompter, lang: str) -> None:
        self.prompter = prompter
        self.lang = lang
        self.words = command_words(lang)

    def command(self, line: str) -> Command | None:
        parts = line.strip().split(maxsplit=1)
        if not parts:
            return None
        word = parts[0].casefold().lstrip(":")
        m = re.fullmatch(r"(goto|aller|ir|انتقال)(\d.*)", word)  # "goto12"
        if m:
            return Command("goto", m.group(2))
        name = self.words.get(word)
        if name is None:
            return None
        return Command(name, parts[1].strip() if len(parts) > 1 else "")

    def unescape(self, line: str) -> str | None:
        """``line`` without its escape when it is an escaped command word (``\\back`` ->
        ``back``, ``\\\\back`` -> ``\\back``); else None. A backslash before anything
        else is kept as typed (``\\\\server\\share`` stays)."""
        body = line.lstrip()
        if not body.startswith(ESCAPE):
            return None
        rest = body[len(ESCAPE):]
        return rest if self.command(rest.lstrip(ESCAPE)) is not None else None

    def _t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def retry(self, problem: str) -> None:
        self.prompter.say(self._t("not_accepted", problem=sentence(problem)), "error")

    # --- one answer ----------------------------------------------------------------------

    def read(self, form: Any, answered: bool) -> Any:
        """An answer for ``form``, :data:`KEEP`, or a :class:`Command`. Retries until valid."""
        while True:
            try:
                got = self._read_once(form, answered)
            except InputProblem as e:
                self.retry(str(e))
                continue
            if isinstance(got, (Command, Keep)):
                return got
            problem = check_value(form, got)
            if problem is None:
                return got
            self.retry(f"{problem.problem}. {problem.fix}")

    def _first(self, prompt: str, answered: bool, *, allow_empty: bool = False) -> Any:
        """The first line: a command, KEEP (empty, when answered), or the text typed."""
        while True:
            line = self.prompter.ask(prompt)
            literal = self.unescape(line)
            if literal is not None:
                return literal
            cmd = self.command(line)
            if cmd is not None:
                return cmd
            if line.strip() or allow_empty:
                return line
            if answered:
                return KEEP
            self.retry(self._t("needs_answer"))

    def _read_once(self, form: Any, answered: bool) -> Any:
        kind = kind_of(form)
        return getattr(self, self.READERS[kind.entry(form)])(kind, form, answered)

    #: entry style (:data:`tipq.core.kinds.Entry`) -> the method that reads it
    READERS: ClassVar[dict[str, str]] = {
        "choice": "_one_line", "choices": "_one_line", "date": "_one_line",
        "number": "_number", "line": "_one_line", "text": "_multiline",
        "citations": "_citations", "assistance": "_assistance",
    }
    _PROMPTS: ClassVar[dict[str, str]] = {"choice": "prompt_choice", "choices": "prompt_multi",
                                "date": "prompt_date", "number": "prompt_number",
                                "line": "prompt_line", "text": "prompt_text"}

    def _one_line(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        first = self._first(self._t(self._PROMPTS[kind.entry(form)]), answered)
        if isinstance(first, (Command, Keep)):
            return first
        return kind.parse(form, first, self.lang)

    def _number(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        first = self._first(self._t("prompt_number"), answered)
        if isinstance(first, (Command, Keep)):
            return first
        number = kind.parse(form, first, self.lang)
        if str(number) != first.strip():  # 1,000 -> 1000, 1e3 -> 1000: say so
            self.prompter.say(self._t("number_read_as", value=number), "info")
        return number

    def _multiline(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        return self._text(self._t("prompt_text"), answered)

    def _text(self, prompt: str, answered: bool, *, optional: bool = False) -> Any:
        """Lines until one holding only ``.``; commands on the first line only."""
        first = self._first(prompt, answered, allow_empty=optional)
        if isinstance(first, (Command, Keep)):
            return first
        if first.strip() == END_OF_TEXT or (optional and not first.strip()):
            if optional:
                return ""
            if answered:
                return KEEP
            raise InputProblem(self._t("needs_answer"))
        lines = [first]
        while True:
            line = self.prompter.ask("…")
            if line.strip() == END_OF_TEXT:
                break
            lines.append(line)
        text = "\n".join(line.rstrip() for line in lines).replace("\r", "").strip("\n")
        return text.strip() if "\n" not in text else text.rstrip()

    def _citations(self, kind: AnswerKind[Any], form: CitationsAnswer, answered: bool) -> Any:
        self.prompter.say(self._t("citation_intro"), "help")
        single = CitationsAnswer(type="citations", min_items=0)
        citations_kind = CitationsKind()
        citations: list[dict[str, str]] = []
        while form.max_items is None or len(citations) < form.max_items:
            n = len(citations) + 1
            title = self._first(self._t("citation_title", n=n), answered and not citations,
                                allow_empty=True)
            if isinstance(title, (Command, Keep)):
                return title
            if not title.strip():
                if len(citations) >= form.min_items:
                    break
                self.retry(self._t("needs_answer"))
                continue
            citation = {"title": title.strip()}
            provision = self.prompter.ask(self._t("citation_provision")).strip()
            if provision:
                citation["provision"] = provision
            while True:
                link = self.prompter.ask(self._t("citation_link")).strip()
                if link:
                    citation["link"] = link
                problem = citations_kind.check(single, [citation])
                if problem is None:
                    break
                citation.pop("link", None)
                self.retry(f"{problem.problem}. {problem.fix}")
            citations.append(citation)
        return citations

    def _assistance(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        while True:
            first = self._first(self._t("assistance_needed"), answered)
            if isinstance(first, (Command, Keep)):
                return first
            word = first.strip().casefold()
            if word in NO_WORDS:
                return {"needed": False}
            if word in YES_WORDS:
                break
            self.retry(self._t("yes_or_no"))
        options = kind.options(form)
        listing = "\n".join(f"  {n}. {pick_text(o.label, self.lang)[0]}"
                            for n, o in enumerate(options, 1))
        self.prompter.say(listing, "info")
        while True:
            try:
                kinds = parse_choices(options, self.prompter.ask(self._t("assistance_kinds")),
                                      self.lang)
            except InputProblem as e:
                self.retry(str(e))
                continue
            if kinds:
                break
            self.retry(self._t("needs_answer"))
        description = self._text(self._t("assistance_description"), False, optional=True)
        value: dict[str, Any] = {"needed": True, "kinds": kinds}
        if isinstance(description, str) and description.strip():
            value["description"] = description
        return value

    def yes_no(self, prompt: str) -> bool | Command:
        while True:
            line = self.prompter.ask(prompt)
            cmd = self.command(line)
            if cmd is not None:
                return cmd
            word = line.strip().casefold()
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
            self.retry(self._t("yes_or_no"))
