"""The registry of answer kinds: the one place that knows each kind of answer.

Every answer form of a questionnaire (``answer: {type: closed}``, ``{type: number, ...}``)
has a kind in :data:`ANSWER_KIND_BY_TYPE`. The kind says how a value of that form is read
from what a person typed (:meth:`AnswerKind.parse`), whether a stored value is valid
(:meth:`AnswerKind.check`, used by the interview and ``tipq validate`` alike), which options
it offers, how the interview reads it (:meth:`AnswerKind.entry`), how the non-paper
describes it, how a saved value reads for a person, which texts it carries (for
``tipq check``'s language rules), and what it maps to in other ecosystems (XLSForm, FHIR).
The interview, validate, check and the renderers ask the registry; none switches on types.
A new answer kind is one subclass and one entry.

Values as stored in response files:

============  ==========================================================================
closed        ``yes``, ``partly`` or ``no`` (Yes / Yes, in part / No)
choice        the option's ``value``
multi-choice  a list of option values
text          text
number        a number
date          ``YYYY-MM-DD`` (quoted in files, so YAML 1.1 tools keep it text)
citations     a list of ``{title, provision, link}`` (title required)
assistance    ``{needed: true|false, kinds: [...], description: ...}``
============  ==========================================================================
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, ClassVar, Generic, Literal, TypeVar

from tipq.core.answers import (
    ASSISTANCE_KINDS,
    CLOSED_LABELS,
    InputProblem,
    Problem,
    format_number,
    parse_choice,
    parse_choices,
    read_date,
    read_number,
)
from tipq.core.common import LocalizedText, pick_text
from tipq.core.questionnaire import (
    CLOSED_VALUES,
    AssistanceAnswer,
    ChoiceAnswer,
    CitationsAnswer,
    ClosedAnswer,
    DateAnswer,
    MultiChoiceAnswer,
    NumberAnswer,
    Option,
    TextAnswer,
)

#: How the interview reads an answer of a kind (the prompter's dialogue for it).
Entry = Literal["choice", "choices", "number", "date", "line", "text", "citations",
                "assistance"]
#: A phrase of the non-paper's description of an answer form: a label key and its params.
Term = tuple[str, dict[str, Any]]
#: A localized text an answer form carries: (path below ``answer``, what it is, the text).
FormText = tuple[tuple[Any, ...], str, LocalizedText]

F = TypeVar("F")

_URL = re.compile(r"^(?:https?|ftp)://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class AnswerKind(Generic[F]):
    """What tipq knows about one kind of answer form ``F``. Subclasses set the class
    attributes and override what differs; the defaults suit a kind without options."""

    type: ClassVar[str]
    form: ClassVar[builtins.type]
    #: ``when`` conditions can test its values (closed, choice, multi-choice)
    discrete: ClassVar[bool] = False
    #: a value holds several options (a condition's ``all`` may then combine them)
    multiple: ClassVar[bool] = False
    #: too few options is a mistake of the questionnaire (Q111)
    needs_options: ClassVar[bool] = False
    #: answers that need the applicable legislation cited in a citations follow-up (R109)
    needs_citation: ClassVar[frozenset[str]] = frozenset()
    #: a list of legislation citations (what R109 looks for)
    lists_legislation: ClassVar[bool] = False
    xlsform: ClassVar[str]
    fhir: ClassVar[str]

    # --- the rules ---------------------------------------------------------------------

    def check(self, form: F, value: Any) -> Problem | None:
        """None if ``value`` is a valid answer for ``form``; else what is wrong and the fix."""
        raise NotImplementedError

    def parse(self, form: F, text: str, lang: str) -> Any:
        """The value a person typed on one line, checked; :class:`InputProblem` if not."""
        value: Any = text.strip()
        problem = self.check(form, value)
        if problem is not None:
            raise InputProblem(f"{problem.problem}. {problem.fix}")
        return value

    def options(self, form: F) -> list[Option]:
        """The options the form offers, in order (none for open answers)."""
        return []

    def accepted(self, form: F) -> list[str]:
        return [o.value for o in self.options(form)]

    def entry(self, form: F) -> Entry:
        raise NotImplementedError

    def requests_assistance(self, value: Any) -> bool:
        """Whether ``value`` asks for technical assistance (report para 5)."""
        return False

    # --- for people --------------------------------------------------------------------

    def describe(self, form: F) -> tuple[Term, ...]:
        """How the non-paper describes the form: label keys with their parameters."""
        return ()

    def unit(self, form: F) -> LocalizedText | None:
        return None

    def display(self, form: F, value: Any, lang: str) -> str:
        """A saved value as a person reads it (labels, not stored values)."""
        if isinstance(value, str):
            return value if len(value) <= 400 else value[:400] + " […]"
        return str(value)

    def texts(self, form: F) -> Iterator[FormText]:
        """Every localized text the form carries, for the language rules of ``tipq check``."""
        for key in ("options", "kinds"):
            for i, opt in enumerate(getattr(form, key, None) or []):
                yield (key, i, "label"), f"option '{opt.value}'", opt.label

    # --- other ecosystems --------------------------------------------------------------

    def xlsform_type(self, form: F) -> str:
        """The XLSForm ``type`` column (``select_one`` takes a list name after it)."""
        return self.xlsform

    def fhir_type(self, form: F) -> str:
        """The FHIR ``Questionnaire.item.type``."""
        return self.fhir


class _Options(AnswerKind[F]):
    discrete = True

    def describe(self, form: F) -> tuple[Term, ...]:
        return (("ans.choose_many" if self.multiple else "ans.choose_one", {}),)

    def display(self, form: F, value: Any, lang: str) -> str:
        labels = {o.value: pick_text(o.label, lang)[0] for o in self.options(form)}
        values = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(v, str(v)) for v in values)


class ClosedKind(_Options[ClosedAnswer]):
    """Yes / Yes, in part / No. Values in files: ``yes``, ``partly``, ``no``."""

    type = "closed"
    form = ClosedAnswer
    needs_citation = frozenset({"yes", "partly"})
    xlsform = "select_one"
    fhir = "coding"

    def options(self, form: ClosedAnswer) -> list[Option]:
        labels: dict[str, LocalizedText] = {str(k): v for k, v in (form.labels or {}).items()}
        return [Option(value=v, label=labels.get(v) or CLOSED_LABELS[v]) for v in CLOSED_VALUES]

    def check(self, form: ClosedAnswer, value: Any) -> Problem | None:
        if isinstance(value, bool):
            word = "true" if value else "false"
            return Problem(f"the answer is the boolean {word}, not a closed answer",
                           "Write one of: yes, partly, no (quote them: value: 'yes').")
        if value not in CLOSED_VALUES:
            return Problem(f"'{value}' is not a closed answer",
                           "Write one of: yes, partly (Yes, in part), no.")
        return None

    def parse(self, form: ClosedAnswer, text: str, lang: str) -> Any:
        return parse_choice(self.options(form), text, lang)

    def entry(self, form: ClosedAnswer) -> Entry:
        return "choice"

    def describe(self, form: ClosedAnswer) -> tuple[Term, ...]:
        return ()  # the three options say it all

    def texts(self, form: ClosedAnswer) -> Iterator[FormText]:
        for value, text in (form.labels or {}).items():
            yield ("labels", value), f"the label '{value}'", text


class ChoiceKind(_Options[ChoiceAnswer]):
    type = "choice"
    form = ChoiceAnswer
    needs_options = True
    xlsform = "select_one"
    fhir = "coding"

    def options(self, form: ChoiceAnswer) -> list[Option]:
        return list(form.options)

    def check(self, form: ChoiceAnswer, value: Any) -> Problem | None:
        values = self.accepted(form)
        if not isinstance(value, str) or value not in values:
            return Problem(f"'{value}' is not one of the options",
                           f"Write one of: {', '.join(values)}.")
        return None

    def parse(self, form: ChoiceAnswer, text: str, lang: str) -> Any:
        return parse_choice(self.options(form), text, lang)

    def entry(self, form: ChoiceAnswer) -> Entry:
        return "choice"


class MultiChoiceKind(_Options[MultiChoiceAnswer]):
    type = "multi-choice"
    form = MultiChoiceAnswer
    multiple = True
    needs_options = True
    xlsform = "select_multiple"
    fhir = "coding"

    def options(self, form: MultiChoiceAnswer) -> list[Option]:
        return list(form.options)

    def check(self, form: MultiChoiceAnswer, value: Any) -> Problem | None:
        values = self.accepted(form)
        if not isinstance(value, list):
            return Problem("the answer is not a list of options",
                           f"Write a list of some of: {', '.join(values)}.")
        bad = [v for v in value if v not in values]
        if bad:
            return Problem(f"{', '.join(map(str, bad))} {'is' if len(bad) == 1 else 'are'} not "
                           "among the options", f"Choose from: {', '.join(values)}.")
        if len(set(value)) != len(value):
            return Problem("an option is chosen twice", "List each option once.")
        if len(value) < form.min_selected:
            return Problem(f"{len(value)} option(s) chosen, at least {form.min_selected} needed",
                           "Choose more options.")
        if form.max_selected is not None and len(value) > form.max_selected:
            return Problem(f"{len(value)} options chosen, at most {form.max_selected} allowed",
                           "Choose fewer options.")
        return None

    def parse(self, form: MultiChoiceAnswer, text: str, lang: str) -> Any:
        return parse_choices(self.options(form), text, lang)

    def entry(self, form: MultiChoiceAnswer) -> Entry:
        return "choices"


class TextKind(AnswerKind[TextAnswer]):
    type = "text"
    form = TextAnswer
    xlsform = "text"
    fhir = "text"

    def check(self, form: TextAnswer, value: Any) -> Problem | None:
        if not isinstance(value, str):
            return Problem(f"the answer is {type(value).__name__}, not text",
                           "Write the answer as text (quote it if it looks like a number).")
        if len(value) > form.max_length:
            return Problem(f"the text has {len(value)} characters, more than {form.max_length}",
                           "Shorten it, or link to a document holding the details.")
        if not form.multiline and "\n" in value.strip():
            return Problem("the answer takes one line only", "Write it on one line.")
        return None

    def entry(self, form: TextAnswer) -> Entry:
        return "text" if form.multiline else "line"

    def describe(self, form: TextAnswer) -> tuple[Term, ...]:
        return (("ans.text", {}),)

    def fhir_type(self, form: TextAnswer) -> str:
        return "text" if form.multiline else "string"


class NumberKind(AnswerKind[NumberAnswer]):
    type = "number"
    form = NumberAnswer
    xlsform = "decimal"
    fhir = "decimal"

    def check(self, form: NumberAnswer, value: Any) -> Problem | None:
        if isinstance(value, float) and not math.isfinite(value):
            # As written in the file (the YAML reader keeps it as ``written``): 1e400, not inf.
            written = getattr(value, "written", None) or str(value)
            if math.isinf(value) and written.lstrip("+-")[:1].isdigit():
                return Problem(f"{written} is too large a number (beyond about 1.8e308)",
                               "Write the number meant, in digits, e.g. 12.")
            return Problem(f"'{written}' is not a number", "Write a number, e.g. 12.")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return Problem(f"'{value}' is not a number", "Write a number, e.g. 12.")
        if form.integer and not float(value).is_integer():
            return Problem(f"{value} is not a whole number", "Write a whole number.")
        if form.min is not None and value < form.min:
            return Problem(f"{value} is less than the minimum {format_number(form.min)}",
                           f"Write a number of at least {format_number(form.min)}.")
        if form.max is not None and value > form.max:
            return Problem(f"{value} is more than the maximum {format_number(form.max)}",
                           f"Write a number of at most {format_number(form.max)}.")
        return None

    def parse(self, form: NumberAnswer, text: str, lang: str) -> Any:
        value = read_number(text, integer=form.integer)
        problem = self.check(form, value)
        if problem:
            raise InputProblem(f"{problem.problem}. {problem.fix}")
        return value

    def entry(self, form: NumberAnswer) -> Entry:
        return "number"

    def describe(self, form: NumberAnswer) -> tuple[Term, ...]:
        terms: list[Term] = [("ans.integer" if form.integer else "ans.number", {})]
        if form.min is not None:
            terms.append(("ans.min", {"n": format_number(form.min)}))
        if form.max is not None:
            terms.append(("ans.max", {"n": format_number(form.max)}))
        return tuple(terms)

    def unit(self, form: NumberAnswer) -> LocalizedText | None:
        return form.unit

    def texts(self, form: NumberAnswer) -> Iterator[FormText]:
        if form.unit:
            yield ("unit",), "the unit", form.unit

    def xlsform_type(self, form: NumberAnswer) -> str:
        return "integer" if form.integer else "decimal"

    def fhir_type(self, form: NumberAnswer) -> str:
        return "integer" if form.integer else "decimal"


class DateKind(AnswerKind[DateAnswer]):
    type = "date"
    form = DateAnswer
    xlsform = "date"
    fhir = "date"

    def check(self, form: DateAnswer, value: Any) -> Problem | None:
        if isinstance(value, date):
            value = value.isoformat()
        if not isinstance(value, str) or not _DATE.match(value):
            return Problem(f"'{value}' is not a date", "Write the date as 'YYYY-MM-DD', quoted.")
        try:
            d = date.fromisoformat(value)
        except ValueError:
            return Problem(f"'{value}' is not a real date", "Check the month and the day.")
        if form.min and d < form.min:
            return Problem(f"{value} is before {form.min}", f"Write a date from {form.min} on.")
        if form.max and d > form.max:
            return Problem(f"{value} is after {form.max}", f"Write a date up to {form.max}.")
        return None

    def parse(self, form: DateAnswer, text: str, lang: str) -> Any:
        value = read_date(text)
        problem = self.check(form, value)
        if problem:
            raise InputProblem(problem.problem)
        return value

    def entry(self, form: DateAnswer) -> Entry:
        return "date"

    def describe(self, form: DateAnswer) -> tuple[Term, ...]:
        return (("ans.date", {}),)


_CITATION_KEYS = {"title", "provision", "link"}


class CitationsKind(AnswerKind[CitationsAnswer]):
    """A list of legislation citations: title, provision, link."""

    type = "citations"
    form = CitationsAnswer
    lists_legislation = True
    xlsform = "begin_repeat"
    fhir = "group"

    def check(self, form: CitationsAnswer, value: Any) -> Problem | None:
        if not isinstance(value, list):
            return Problem("the answer is not a list of citations",
                           "Write a list of entries with title, provision and link.")
        for i, c in enumerate(value, 1):
            problem = check_citation(c, i)
            if problem is not None:
                return problem
        if len(value) < form.min_items:
            return Problem(f"{len(value)} citation(s) given, at least {form.min_items} needed",
                           "Cite the applicable legislation.")
        if form.max_items is not None and len(value) > form.max_items:
            return Problem(f"{len(value)} citations given, at most {form.max_items} allowed",
                           "Keep the most relevant ones.")
        return None

    def entry(self, form: CitationsAnswer) -> Entry:
        return "citations"

    def describe(self, form: CitationsAnswer) -> tuple[Term, ...]:
        return (("ans.citations", {}),)

    def display(self, form: CitationsAnswer, value: Any, lang: str) -> str:
        from tipq.core.i18n import t

        if not isinstance(value, list):
            return super().display(form, value, lang)
        parts = []
        for c in value:
            if isinstance(c, dict):
                bits = [str(c.get("title", "")), str(c.get("provision") or "")]
                parts.append(", ".join(b for b in bits if b))
        return t("n_citations", lang, count=len(value)) + ": " + "; ".join(parts)


def check_citation(c: Any, i: int) -> Problem | None:
    """What is wrong with citation number ``i`` (1-based), if anything."""
    if not isinstance(c, dict) or not isinstance(c.get("title"), str) or not c["title"].strip():
        return Problem(f"citation {i} has no title", "Give each citation a 'title'.")
    if not _CITATION_KEYS.issuperset(c):
        extra = set(c) - _CITATION_KEYS
        return Problem(f"citation {i} has unknown field(s): {', '.join(sorted(extra))}",
                       "A citation has only title, provision and link.")
    for key in ("provision", "link"):
        if c.get(key) is not None and not isinstance(c[key], str):
            return Problem(f"citation {i}: '{key}' is not text", f"Write '{key}' as text.")
    link = c.get("link")
    if link and not _URL.match(link.strip()):
        return Problem(f"citation {i}: '{link}' is not a web address",
                       "Give a link starting with https://, or leave it out.")
    return None


_ASSISTANCE_KEYS = {"needed", "kinds", "description"}


class AssistanceKind(AnswerKind[AssistanceAnswer]):
    """Technical assistance needs (report para 5): needed or not, kinds, description."""

    type = "assistance"
    form = AssistanceAnswer
    multiple = True  # several kinds of assistance in one answer
    xlsform = "select_multiple"
    fhir = "group"

    def options(self, form: AssistanceAnswer) -> list[Option]:
        return list(form.kinds) if form.kinds is not None else list(ASSISTANCE_KINDS)

    def check(self, form: AssistanceAnswer, value: Any) -> Problem | None:
        if not isinstance(value, dict):
            return Problem("the answer is not a technical-assistance entry",
                           "Write 'needed: true' or 'needed: false', with 'kinds' and "
                           "'description' when needed.")
        extra = set(value) - _ASSISTANCE_KEYS
        if extra:
            return Problem(f"unknown field(s): {', '.join(sorted(extra))}",
                           "An assistance entry has only needed, kinds and description.")
        if not isinstance(value.get("needed"), bool):
            return Problem("'needed' is not true or false",
                           "Write 'needed: true' or 'needed: false'.")
        kinds = value.get("kinds") or []
        values = self.accepted(form)
        if not isinstance(kinds, list) or any(k not in values for k in kinds):
            return Problem("'kinds' holds an unknown kind of assistance",
                           f"Choose from: {', '.join(values)}.")
        if value["needed"] and not kinds:
            return Problem("assistance is needed but no kind is given",
                           "List at least one kind under 'kinds'.")
        if not value["needed"] and kinds:
            return Problem("'kinds' are listed but 'needed' is false",
                           "Set 'needed: true', or remove the kinds.")
        desc = value.get("description")
        if desc is not None and not isinstance(desc, str):
            return Problem("'description' is not text", "Write the description as text.")
        return None

    def entry(self, form: AssistanceAnswer) -> Entry:
        return "assistance"

    def requests_assistance(self, value: Any) -> bool:
        return isinstance(value, dict) and value.get("needed") is True

    def describe(self, form: AssistanceAnswer) -> tuple[Term, ...]:
        return (("ans.assistance", {}),)

    def display(self, form: AssistanceAnswer, value: Any, lang: str) -> str:
        from tipq.core.i18n import t

        if not isinstance(value, dict):
            return super().display(form, value, lang)
        if value.get("needed") is True:
            kinds = {o.value: pick_text(o.label, lang)[0] for o in self.options(form)}
            chosen = ", ".join(kinds.get(k, str(k)) for k in value.get("kinds") or [])
            return f"{t('assistance_requested', lang)}: {chosen}"
        return t("assistance_not_needed", lang)


ANSWER_KIND_BY_TYPE: dict[str, AnswerKind[Any]] = {
    k.type: k for k in (ClosedKind(), ChoiceKind(), MultiChoiceKind(), TextKind(), NumberKind(),
                        DateKind(), CitationsKind(), AssistanceKind())
}


def kind_of(form: Any) -> AnswerKind[Any]:
    """The kind of an answer form (any model with a registered ``type``)."""
    return ANSWER_KIND_BY_TYPE[form.type]


def check_value(form: Any, value: Any) -> Problem | None:
    """None if ``value`` is a valid answer for ``form``; else what is wrong and the fix.
    The one rule the interview (before saving) and ``tipq validate`` (on files) share."""
    return kind_of(form).check(form, value)


def options_of(form: Any) -> list[Option]:
    """The options a form offers (closed values as options too; none for open answers)."""
    return kind_of(form).options(form) if form is not None else []


def accepted_values(form: Any) -> list[str]:
    return [o.value for o in options_of(form)]


__all__ = [
    "ANSWER_KIND_BY_TYPE",
    "AnswerKind",
    "Entry",
    "accepted_values",
    "check_citation",
    "check_value",
    "kind_of",
    "options_of",
]
