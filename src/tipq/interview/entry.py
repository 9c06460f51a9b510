"""Reading one answer, line by line, for each answer kind.

Everything a person types is parsed by its answer kind (``AnswerKind.parse`` in
:mod:`tipq.core.kinds`) and checked by :func:`tipq.core.kinds.check_value` before it is
returned: the same rules ``tipq validate`` applies. How an answer is read (one line, several
lines, a list of citations...) is the kind's ``entry``; :attr:`Reader.READERS` maps each
entry style to its reading method. A command word (``help``, ``back``...) typed at the first
line of an answer is a command, not an answer; a backslash before it makes it the answer
(``\\back`` -> ``back``). Every prompt of an answer takes the commands: on the later
prompts (a citation's provision, the kinds of assistance...), ``help`` and ``review`` are
answered in place (:attr:`Reader.on_command`) and the prompt comes back, so nothing typed
so far is lost; any other command ends the answer and goes to the session.

Where the form allows it (``allow: [...]``), ``n/a``, ``data not available`` and
``unknown`` (and their words in the chosen language) answer without a value, with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from tipq.core.answers import InputProblem, parse_choices
from tipq.core.i18n import (
    NO_WORDS,
    YES_WORDS,
    command_words,
    no_answer_words,
    sentence,
    t,
)
from tipq.core.kinds import AnswerKind, check_citation, check_plausible, check_value, kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import CitationsAnswer
from tipq.interview.editor import EditorError, edit_text
from tipq.interview.prompters import Prompter

#: The line that ends a multi-line text.
END_OF_TEXT = "."
#: ``review open``: only the questions still open (in the languages of tipq's words)
REVIEW_FILTERS = frozenset({"open", "ouvertes", "ouverte", "abiertas", "abierta", "مفتوحة",
                            "مفتوح"})
#: Typed before a command word, makes it an answer: ``\\back`` is the answer "back".
ESCAPE = "\\"


@dataclass(frozen=True)
class Command:
    name: str  # help | back | skip | goto | review | quit | clear | edit | respondent
    arg: str = ""


class Keep:
    """The person pressed Enter on an answered question: keep the saved answer."""


KEEP = Keep()


@dataclass(frozen=True)
class NoValueGiven:
    """The person typed ``n/a``, ``unknown``...: the reason is asked next."""

    status: str


#: What a reading step may give instead of text.
_CONTROL = (Command, Keep, NoValueGiven)


@dataclass
class AnswerContext:
    """What one answer's reading needs beyond its form: the saved value, where to save a
    list typed one entry at a time, and the State's legislation (for citations)."""

    current: Any = None
    save_draft: Callable[[Any], None] | None = None
    legislation: dict[str, dict[str, Any]] = field(default_factory=dict)
    add_legislation: Callable[[str, dict[str, str]], None] | None = None
    #: plain citations ({title, link}) given in other answers, for reuse
    cited_elsewhere: list[dict[str, Any]] = field(default_factory=list)
    #: the other answers (for plausibility checks that compare with them)
    values: dict[str, Any] = field(default_factory=dict)


class Reader:
    def __init__(self, prompter: Prompter, lang: str, *,
                 on_command: Callable[[Command], bool] | None = None,
                 editor: Callable[[str], str | None] = edit_text) -> None:
        self.prompter = prompter
        self.lang = lang
        self.words = command_words(lang)
        self.no_answer_words = no_answer_words(lang)
        #: carries out ``help`` / ``review`` in the middle of an answer; True when done
        self.on_command = on_command
        self.editor = editor
        self._allow: tuple[str, ...] = ()
        self.ctx = AnswerContext()

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
        arg = parts[1].strip() if len(parts) > 1 else ""
        # a word that takes no argument is a command only alone on its line, so that an
        # answer such as "Clear rules apply..." or "Review of the Penal Code" stays text
        if arg and name not in ("goto", "review"):
            return None
        if arg and name == "review" and arg.casefold() not in REVIEW_FILTERS:
            return None
        return Command(name, arg)

    def unescape(self, line: str) -> str | None:
        """``line`` without its escape when it is an escaped command word (``\\back`` ->
        ``back``, ``\\\\back`` -> ``\\back``); else None. A backslash before anything
        else is kept as typed (``\\\\server\\share`` stays)."""
        body = line.lstrip()
        if not body.startswith(ESCAPE):
            return None
        rest = body[len(ESCAPE):]
        stripped = rest.lstrip(ESCAPE)
        if self.command(stripped) is not None or stripped.strip().casefold() in \
                self.no_answer_words:
            return rest
        return None

    def _t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def retry(self, problem: str) -> None:
        self.prompter.say(self._t("not_accepted", problem=sentence(problem)), "error")

    # --- one answer ----------------------------------------------------------------------

    def read(self, form: Any, answered: bool, ctx: AnswerContext | None = None) -> Any:
        """An answer for ``form``, :data:`KEEP`, or a :class:`Command`. Retries until valid."""
        self.ctx = ctx or AnswerContext()
        while True:
            self._allow = tuple(getattr(form, "allow", None) or ())
            try:
                got = self._read_once(form, answered)
                if isinstance(got, NoValueGiven):
                    got = self._reason(got.status)
            except InputProblem as e:
                self.retry(str(e))
                continue
            if isinstance(got, (Command, Keep)):
                return got
            problem = check_value(form, got)
            if problem is not None:
                self.retry(f"{problem.problem}. {problem.fix}")
                continue
            odd = check_plausible(form, got, self.ctx.values, date.today())
            if odd is None:
                return got
            sure = self.yes_no(self._t("plausibility", problem=odd.problem) +
                               self._t("yes_no_hint"))
            if sure is True:
                return got
            if isinstance(sure, Command):
                return sure

    def _reason(self, status: str) -> Any:
        while True:
            reason = self._sub(self._t("no_answer_reason"))
            if isinstance(reason, Command):
                return reason
            if reason.strip():
                return {"status": status, "reason": reason.strip()}
            self.retry(self._t("needs_answer"))

    def _first(self, prompt: str, answered: bool, *, allow_empty: bool = False) -> Any:
        """The first line: a command, KEEP (empty, when answered), a :class:`NoValueGiven`
        (the first line of an answer whose form allows it), or the text typed."""
        allow, self._allow = self._allow, ()
        while True:
            line = self.prompter.ask(prompt)
            literal = self.unescape(line)
            if literal is not None:
                return literal
            cmd = self.command(line)
            if cmd is not None:
                return cmd
            status = self.no_answer_words.get(line.strip().casefold())
            if status is not None and status in allow:
                return NoValueGiven(status)
            if line.strip() or allow_empty:
                return line
            if answered:
                return KEEP
            self.retry(self._t("needs_answer"))

    def _sub(self, prompt: str) -> str | Command:
        """A later line of an answer: text, or a command; ``help`` and ``review`` are
        carried out here and the same prompt is asked again."""
        while True:
            line = self.prompter.ask(prompt)
            literal = self.unescape(line)
            if literal is not None:
                return literal
            cmd = self.command(line)
            if cmd is None:
                return line
            if self.on_command is not None and self.on_command(cmd):
                continue
            return cmd

    def ask_line(self, prompt: str) -> str | Command:
        """One line outside an answer (the respondent's details): text or a command;
        ``help`` and ``review`` carried out in place."""
        return self._sub(prompt)

    def _read_once(self, form: Any, answered: bool) -> Any:
        kind = kind_of(form)
        return getattr(self, self.READERS[kind.entry(form)])(kind, form, answered)

    #: entry style (:data:`tipq.core.kinds.Entry`) -> the method that reads it
    READERS: ClassVar[dict[str, str]] = {
        "choice": "_one_line", "choices": "_choices", "date": "_one_line",
        "number": "_number", "line": "_line_text", "text": "_multiline",
        "citations": "_citations", "assistance": "_assistance",
    }
    _PROMPTS: ClassVar[dict[str, str]] = {"choice": "prompt_choice", "choices": "prompt_multi",
                                "date": "prompt_date", "number": "prompt_number",
                                "line": "prompt_line", "text": "prompt_text"}

    def _one_line(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        first = self._first(self._t(self._PROMPTS[kind.entry(form)]), answered)
        if isinstance(first, _CONTROL):
            return first
        return kind.parse(form, first, self.lang)

    def _choices(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        value = self._one_line(kind, form, answered)
        if isinstance(value, list) and check_value(form, value) is None:
            labels = {o.value: pick_text(o.label, self.lang)[0] for o in kind.options(form)}
            self.prompter.say(self._t("chosen", labels="; ".join(labels.get(v) or str(v)
                                                                  for v in value)), "info")
        return value

    def _number(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        first = self._first(self._t("prompt_number"), answered)
        if isinstance(first, _CONTROL):
            return first
        number = kind.parse(form, first, self.lang)
        if str(number) != first.strip():  # 1,000 -> 1000, 1e3 -> 1000: say so
            self.prompter.say(self._t("number_read_as", value=number), "info")
        return number

    def _line_text(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        first = self._first(self._t("prompt_line"), answered)
        if isinstance(first, Command) and first.name == "edit":
            return self._edit(answered)
        if isinstance(first, _CONTROL):
            return first
        return kind.parse(form, first, self.lang)

    def _multiline(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        return self._text(self._t("prompt_text"), answered, editable=True)

    def _edit(self, answered: bool) -> Any:
        """The text written in the editor (the saved text to start from); retried here
        when there is no editor or it fails."""
        current = self.ctx.current if isinstance(self.ctx.current, str) else ""
        try:
            text = self.editor(current)
        except EditorError as e:
            self.prompter.say(self._t("editor_failed", problem=e.problem, path=e.path), "error")
            raise InputProblem(self._t("needs_answer")) from e
        if text is None:
            self.prompter.say(self._t("editor_none"), "warning")
            raise InputProblem(self._t("needs_answer"))
        if not text.strip():
            if answered:
                self.prompter.say(self._t("editor_empty"), "warning")
                return KEEP
            raise InputProblem(self._t("needs_answer"))
        return text.strip("\n")

    def _text(self, prompt: str, answered: bool, *, optional: bool = False,
              editable: bool = False) -> Any:
        """Lines until one holding only ``.``; commands on the first line only."""
        first = self._first(prompt, answered, allow_empty=optional)
        if editable and isinstance(first, Command) and first.name == "edit":
            return self._edit(answered)
        if isinstance(first, _CONTROL):
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

    # --- citations -------------------------------------------------------------------------

    def _known_laws(self, citations: list[dict[str, Any]]) -> list[tuple[str | None, str,
                                                                          str | None]]:
        """(legislation key or None, title, link) of the laws that can be cited again: the
        legislation list, then titles cited in other answers (each title once)."""
        laws: list[tuple[str | None, str, str | None]] = []
        seen: set[str] = set()
        for key, entry in self.ctx.legislation.items():
            title = str(entry.get("title") or key)
            laws.append((key, title, entry.get("link")))
            seen.add(title.casefold())
        for c in [*self.ctx.cited_elsewhere, *citations]:
            cited = c.get("title")
            if isinstance(cited, str) and cited.strip() and cited.casefold() not in seen:
                seen.add(cited.casefold())
                laws.append((None, cited, c.get("link")))
        return laws

    def _citation_line(self, c: dict[str, Any]) -> str:
        if c.get("ref"):
            entry = self.ctx.legislation.get(c["ref"], {})
            title = f"{entry.get('title', c['ref'])} [{c['ref']}]"
        else:
            title = str(c.get("title", ""))
        return ", ".join(b for b in (title, c.get("provision") or "", c.get("link") or "") if b)

    def _show_citations(self, citations: list[dict[str, Any]],
                        laws: list[tuple[str | None, str, str | None]]) -> None:
        if laws:
            listing = "\n".join(f"  L{n}. {title}" for n, (_, title, _) in enumerate(laws, 1))
            self.prompter.say(f"{self._t('legislation_known')}\n{listing}", "info")
        if citations:
            listing = "\n".join(f"  {n}. {self._citation_line(c)}"
                                for n, c in enumerate(citations, 1))
            self.prompter.say(f"{self._t('citations_so_far')}\n{listing}", "info")
            self.prompter.say(self._t("citations_edit_hint"), "help")

    def _citations(self, kind: AnswerKind[Any], form: CitationsAnswer, answered: bool) -> Any:
        current = self.ctx.current
        citations = [dict(c) for c in current if isinstance(c, dict)] \
            if isinstance(current, list) else []
        self.prompter.say(self._t("citation_intro"), "help")
        changed = False
        while True:
            laws = self._known_laws(citations)
            self._show_citations(citations, laws)
            full = form.max_items is not None and len(citations) >= form.max_items
            n = len(citations) + 1
            title = self._first(self._t("citation_title", n=n), answered and not changed,
                                allow_empty=True)
            if isinstance(title, _CONTROL):
                return title
            typed = title.strip()
            if not typed:
                if len(citations) >= form.min_items:
                    return KEEP if answered and not changed else citations
                self.retry(self._t("needs_answer"))
                continue
            if typed.isdigit() and 1 <= int(typed) <= len(citations):
                edited = self._edit_citation(citations[int(typed) - 1])
                if isinstance(edited, Command):
                    return edited
                citations[int(typed) - 1] = edited
            elif full:
                self.retry(f"at most {form.max_items} citation(s); type a number to change one"
                           ", or press Enter to finish")
                continue
            else:
                new = self._new_citation(typed, laws)
                if isinstance(new, Command):
                    return new
                citations.append(new)
            changed = True
            if self.ctx.save_draft is not None:
                self.ctx.save_draft(citations)
            self.prompter.say(self._t("citation_saved", n=n if not typed.isdigit()
                                      else typed), "success")

    def _law_for(self, typed: str, laws: list[tuple[str | None, str, str | None]]
                 ) -> tuple[str | None, str, str | None] | None:
        m = re.fullmatch(r"[Ll](\d+)", typed)
        if m and 1 <= int(m.group(1)) <= len(laws):
            return laws[int(m.group(1)) - 1]
        for law in laws:
            if typed.casefold() in (law[1].casefold(), (law[0] or "").casefold()):
                return law
        return None

    def _new_citation(self, typed: str, laws: list[tuple[str | None, str, str | None]]
                      ) -> dict[str, Any] | Command:
        law = self._law_for(typed, laws)
        if law is not None and self.ctx.add_legislation is not None:
            key, title, link = law
            if key is None:  # cited before as text: it joins the legislation list now
                key = _legislation_key(title, self.ctx.legislation)
                entry = {"title": title, **({"link": link} if link else {})}
                self.ctx.add_legislation(key, entry)
                self.ctx.legislation[key] = entry
            citation: dict[str, Any] = {"ref": key}
            provision = self._sub(self._t("citation_provision"))
            if isinstance(provision, Command):
                return provision
            if provision.strip():
                citation["provision"] = provision.strip()
            return citation
        citation = {"title": typed}
        provision = self._sub(self._t("citation_provision"))
        if isinstance(provision, Command):
            return provision
        if provision.strip():
            citation["provision"] = provision.strip()
        return self._ask_link(citation, self._t("citation_link"))

    def _ask_link(self, citation: dict[str, Any], prompt: str,
                  keep: str | None = None) -> dict[str, Any] | Command:
        while True:
            link = self._sub(prompt)
            if isinstance(link, Command):
                return link
            typed = link.strip()
            if typed == "-":
                citation.pop("link", None)
            elif typed:
                citation["link"] = typed
            elif keep is None:
                citation.pop("link", None)
            problem = check_citation(citation, 1)
            if problem is None:
                return citation
            citation.pop("link", None)
            self.retry(f"{problem.problem}. {problem.fix}")

    def _keep_prompt(self, key: str, value: Any) -> str:
        prompt = self._t(key)
        return self._t("keeps", prompt=prompt, value=value) if value else prompt

    def _edit_citation(self, old: dict[str, Any]) -> dict[str, Any] | Command:
        """One citation changed field by field: Enter keeps a field, ``-`` removes it."""
        c = dict(old)
        self.prompter.say(self._t("citation_removed_field"), "help")
        if not c.get("ref"):
            while True:
                title = self._sub(self._keep_prompt("citation_title_edit", c.get("title")))
                if isinstance(title, Command):
                    return title
                if title.strip() and title.strip() != "-":
                    c["title"] = title.strip()
                if c.get("title"):
                    break
                self.retry(self._t("needs_answer"))
        provision = self._sub(self._keep_prompt("citation_provision_edit", c.get("provision")))
        if isinstance(provision, Command):
            return provision
        if provision.strip() == "-":
            c.pop("provision", None)
        elif provision.strip():
            c["provision"] = provision.strip()
        if c.get("ref"):
            return c
        return self._ask_link(c, self._keep_prompt("citation_link_edit", c.get("link")),
                              keep=c.get("link"))

    # --- technical assistance --------------------------------------------------------------

    def _assistance(self, kind: AnswerKind[Any], form: Any, answered: bool) -> Any:
        while True:
            first = self._first(self._t("assistance_needed"), answered)
            if isinstance(first, _CONTROL):
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
            line = self._sub(self._t("assistance_kinds"))
            if isinstance(line, Command):
                return line
            try:
                kinds = parse_choices(options, line, self.lang)
            except InputProblem as e:
                self.retry(str(e))
                continue
            if kinds:
                break
            self.retry(self._t("needs_answer"))
        labels = {o.value: pick_text(o.label, self.lang)[0] for o in options}
        self.prompter.say(self._t("chosen", labels="; ".join(labels[k] for k in kinds)), "info")
        description = self._description()
        if isinstance(description, Command):
            return description
        value: dict[str, Any] = {"needed": True, "kinds": kinds}
        if description.strip():
            value["description"] = description
        return value

    def _description(self) -> str | Command:
        """The optional description: lines until ``.`` (or Enter at once for none)."""
        first = self._sub(self._t("assistance_description"))
        if isinstance(first, Command) or not first.strip() or first.strip() == END_OF_TEXT:
            return first if isinstance(first, Command) else ""
        lines = [first]
        while True:
            line = self.prompter.ask("…")
            if line.strip() == END_OF_TEXT:
                break
            lines.append(line)
        text = "\n".join(line.rstrip() for line in lines).replace("\r", "").strip("\n")
        return text.strip() if "\n" not in text else text.rstrip()

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


def _legislation_key(title: str, taken: dict[str, Any]) -> str:
    """A readable key for a law (``Penal Code of XXA`` -> ``penal-code-of-xxa``), unique."""
    words = re.findall(r"[a-z0-9]+", title.casefold().encode("ascii", "ignore").decode())
    base = "-".join(words)[:40].strip("-") or "law"
    if not base[0].isalpha():
        base = f"law-{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
