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

Any kind, when its form says ``allow: [...]``: ``{status: not-available, reason: ...}``
(``not-applicable``, ``not-available`` or ``unknown``, with the reason in words). It counts
as an answer; :func:`check_value` and :func:`display_value` handle it, for every kind.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from tipq.core.answers import (
    CLOSED_LABELS,
    InputProblem,
    Problem,
    format_number,
    parse_choice,
    parse_choices,
    read_date,
    read_number,
)
from tipq.core.common import LocalizedText
from tipq.core.kind_base import AnswerKind, Entry, FormText, Term, _Options
from tipq.core.kinds_composite import AssistanceKind, CitationsKind, check_citation
from tipq.core.questionnaire import (
    CLOSED_VALUES,
    NO_ANSWERS,
    ChoiceAnswer,
    ClosedAnswer,
    DateAnswer,
    MultiChoiceAnswer,
    NumberAnswer,
    Option,
    TextAnswer,
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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

    def from_field(self, form: MultiChoiceAnswer, raw: str) -> Any:
        return raw.split()  # XLSForm: the chosen values, separated by spaces

    def xlsform_constraint(self, form: MultiChoiceAnswer) -> str | None:
        parts = []
        if form.min_selected > 1:
            parts.append(f"count-selected(.) >= {form.min_selected}")
        if form.max_selected is not None:
            parts.append(f"count-selected(.) <= {form.max_selected}")
        return " and ".join(parts) or None


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

    def xlsform_constraint(self, form: TextAnswer) -> str | None:
        return f"string-length(.) <= {form.max_length}"

    def xlsform_appearance(self, form: TextAnswer) -> str | None:
        return "multiline" if form.multiline else None

    def fhir_max_length(self, form: TextAnswer) -> int | None:
        return form.max_length


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

    def from_field(self, form: NumberAnswer, raw: str) -> Any:
        return read_number(raw, integer=form.integer)

    def xlsform_constraint(self, form: NumberAnswer) -> str | None:
        parts = []
        if form.min is not None:
            parts.append(f". >= {format_number(form.min)}")
        if form.max is not None:
            parts.append(f". <= {format_number(form.max)}")
        return " and ".join(parts) or None

    def fhir_extensions(self, form: NumberAnswer) -> list[dict[str, Any]]:
        key = "valueInteger" if form.integer else "valueDecimal"
        out = []
        for name, bound in (("minValue", form.min), ("maxValue", form.max)):
            if bound is not None:
                value = int(bound) if form.integer else bound
                out.append({"url": f"http://hl7.org/fhir/StructureDefinition/{name}",
                            key: value})
        return out


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

    def from_field(self, form: DateAnswer, raw: str) -> Any:
        return raw.strip()[:10] if _DATE.match(raw.strip()[:10]) else raw

    def xlsform_constraint(self, form: DateAnswer) -> str | None:
        parts = []
        if form.min:
            parts.append(f". >= date('{form.min.isoformat()}')")
        if form.max:
            parts.append(f". <= date('{form.max.isoformat()}')")
        return " and ".join(parts) or None

    def fhir_extensions(self, form: DateAnswer) -> list[dict[str, Any]]:
        return [{"url": f"http://hl7.org/fhir/StructureDefinition/{name}",
                 "valueDate": bound.isoformat()}
                for name, bound in (("minValue", form.min), ("maxValue", form.max)) if bound]


ANSWER_KIND_BY_TYPE: dict[str, AnswerKind[Any]] = {
    k.type: k for k in (ClosedKind(), ChoiceKind(), MultiChoiceKind(), TextKind(), NumberKind(),
                        DateKind(), CitationsKind(), AssistanceKind())
}


def kind_of(form: Any) -> AnswerKind[Any]:
    """The kind of an answer form (any model with a registered ``type``)."""
    return ANSWER_KIND_BY_TYPE[form.type]


def no_answer_of(value: Any) -> str | None:
    """``not-available`` (say) when ``value`` is a no-answer entry
    (``{status: not-available, reason: ...}``), else None."""
    if isinstance(value, dict) and "status" in value and "needed" not in value:
        status = value.get("status")
        return status if isinstance(status, str) else "?"
    return None


def _check_no_answer(form: Any, value: dict[str, Any], status: str) -> Problem | None:
    allowed = list(getattr(form, "allow", None) or [])
    if status not in NO_ANSWERS:
        return Problem(f"'{status}' is not a way of leaving a question without a value",
                       f"Write status: one of {', '.join(NO_ANSWERS)}.")
    if status not in allowed:
        also = f" (it allows: {', '.join(allowed)})" if allowed else ""
        return Problem(f"this question cannot be answered '{status}'{also}",
                       "Give an answer, or ask the questionnaire's authors to add "
                       f"'allow: [{status}]' to the question's answer.")
    extra = set(value) - {"status", "reason"}
    if extra:
        return Problem(f"unknown field(s) beside 'status': {', '.join(sorted(extra))}",
                       "Write only 'status' and 'reason'.")
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        return Problem(f"'{status}' is given without a reason",
                       "Add 'reason:' saying why, in a sentence.")
    return None


def check_value(form: Any, value: Any) -> Problem | None:
    """None if ``value`` is a valid answer for ``form``; else what is wrong and the fix.
    The one rule the interview (before saving) and ``tipq validate`` (on files) share."""
    status = no_answer_of(value)
    if status is not None:
        return _check_no_answer(form, value, status)
    return kind_of(form).check(form, value)


def check_plausible(form: Any, value: Any, values: Mapping[str, Any],
                    today: date) -> Problem | None:
    """A valid ``value`` that falls outside the form's ``plausible`` limits: what looks wrong
    and what to check (a warning, R120, never an error). ``values``: the other answers (for
    ``not_above``); ``today``: for ``not_future``."""
    limits = getattr(form, "plausible", None)
    if limits is None or no_answer_of(value) is not None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if limits.min is not None and value < limits.min:
            return Problem(f"{format_number(value)} is unusually low (below "
                           f"{format_number(limits.min)})", "Check the figure.")
        if limits.max is not None and value > limits.max:
            return Problem(f"{format_number(value)} is unusually high (above "
                           f"{format_number(limits.max)})", "Check the figure.")
        other = values.get(limits.not_above) if limits.not_above else None
        if (isinstance(other, (int, float)) and not isinstance(other, bool)
                and value > other):
            return Problem(f"{format_number(value)} is more than the answer to "
                           f"'{limits.not_above}' ({format_number(other)})",
                           "Check both figures: this count is expected not to exceed it.")
    if limits.not_future and isinstance(value, (str, date)):
        try:
            d = value if isinstance(value, date) else date.fromisoformat(value)
        except ValueError:
            return None
        if d > today:
            return Problem(f"{d.isoformat()} is in the future", "Check the date.")
    return None


def display_value(form: Any, value: Any, lang: str) -> str:
    """A saved answer as a person reads it: labels, not stored values; a no-answer entry as
    its words and reason."""
    from tipq.core.i18n import t

    status = no_answer_of(value)
    if status is not None:
        return f"{t('no_answer.' + status, lang)}: {value.get('reason') or ''}".rstrip(": ")
    if form is None:
        return str(value)
    return kind_of(form).display(form, value, lang)


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
    "check_plausible",
    "check_value",
    "display_value",
    "kind_of",
    "no_answer_of",
    "options_of",
]
