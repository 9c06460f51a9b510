"""The base of every answer kind (see :mod:`tipq.core.kinds`, the registry): what a kind
says, and its defaults."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Any, ClassVar, Generic, Literal, TypeVar

from tipq.core.answers import (
    InputProblem,
    Problem,
)
from tipq.core.common import LocalizedText
from tipq.core.composite import SubAnswer
from tipq.core.languages import pick_text
from tipq.core.questionnaire import (
    Option,
)

#: How the interview reads an answer of a kind (the prompter's dialogue for it).
Entry = Literal["choice", "choices", "number", "date", "line", "text", "citations",
                "assistance"]
#: A phrase of the non-paper's description of an answer form: a label key and its params.
Term = tuple[str, dict[str, Any]]
#: A localized text an answer form carries: (path below ``answer``, what it is, the text).
FormText = tuple[tuple[Any, ...], str, LocalizedText]

F = TypeVar("F")



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
    #: a composite answer given as a list of records (citations): a repeat in other tools
    repeats: ClassVar[bool] = False
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

    def sub_answers(self, form: F) -> tuple[SubAnswer, ...]:
        """The fields a composite answer is asked as in other tools (none: one field)."""
        return ()

    def compose(self, form: F, records: list[dict[str, Any]]) -> Any:
        """The stored value of a composite answer from its fields' values, one dict per
        record (key -> value, as :meth:`from_field` read them; a missing key: no answer).
        None: nothing was answered."""
        raise NotImplementedError(f"{self.type} answers have no fields")

    def from_field(self, form: F, raw: str) -> Any:
        """The value of a field another tool exported as text (an XLSForm submission: a
        CSV cell, a JSON string), as tipq stores it. Not checked here (:meth:`check` is);
        :class:`InputProblem` if it cannot be read at all."""
        return raw

    def xlsform_constraint(self, form: F) -> str | None:
        """An XLSForm ``constraint`` (XPath over ``.``) from the form's bounds, if any."""
        return None

    def xlsform_appearance(self, form: F) -> str | None:
        return None

    def fhir_extensions(self, form: F) -> list[dict[str, Any]]:
        """FHIR item extensions for the form's bounds (``minValue``, ``maxValue``)."""
        return []

    def fhir_max_length(self, form: F) -> int | None:
        return None


class _Options(AnswerKind[F]):
    discrete = True

    def describe(self, form: F) -> tuple[Term, ...]:
        return (("ans.choose_many" if self.multiple else "ans.choose_one", {}),)

    def display(self, form: F, value: Any, lang: str) -> str:
        labels = {o.value: pick_text(o.label, lang)[0] for o in self.options(form)}
        values = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(v, str(v)) for v in values)


