"""The questionnaire format, as pydantic models (see docs/questionnaire-format.md).

No I/O and no UI here: loading lives in :mod:`tipq.io.loading`, prompts in the prompters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from tipq.core.common import DateText, FrozenModel, Identifier, LocalizedText
from tipq.core.hashing import HASH_PATTERN, hash_model
from tipq.core.languages import Lang

Requirement = Literal["mandatory", "non-mandatory"]
Obligation = Literal["shall", "shall-consider", "shall-endeavour", "may"]
NegotiationStatus = Literal["agreed", "under-discussion", "no-consensus", "moved"]
QuestionnaireStatus = Literal["draft", "non-paper", "adopted"]
Instrument = Literal["tip-protocol", "untoc", "smuggling-protocol", "firearms-protocol"]

#: Report para 32 and the level-of-obligation practice: only "shall" is mandatory.
REQUIREMENT_BY_OBLIGATION: dict[str, Requirement] = {
    "shall": "mandatory",
    "shall-consider": "non-mandatory",
    "shall-endeavour": "non-mandatory",
    "may": "non-mandatory",
}

CLOSED_VALUES: tuple[str, ...] = ("yes", "partly", "no")
VERSION_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$"


# --- answer forms ---------------------------------------------------------------------

#: Ways a question may be answered without a value of its kind, each with a reason
#: (``value: {status: not-available, reason: ...}`` in a response): when the form allows it.
NoAnswer = Literal["not-applicable", "not-available", "unknown"]
NO_ANSWERS: tuple[str, ...] = ("not-applicable", "not-available", "unknown")
#: ``allow: [not-available, unknown]`` on an answer form.
Allow = list[NoAnswer]


class Plausibility(FrozenModel):
    """Limits a valid answer is expected to keep; outside them it is accepted with a warning
    (``R118``; the interview asks to confirm): a number's usual ``min``/``max``, a count not
    above another question's (``not_above``), a date not in the future (``not_future``)."""

    min: float | None = None
    max: float | None = None
    not_above: Identifier | None = None
    not_future: bool = False


class Option(FrozenModel):
    value: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
    label: LocalizedText


class ClosedAnswer(FrozenModel):
    """Yes / Yes, in part / No. Values in files: ``yes``, ``partly``, ``no``."""

    type: Literal["closed"]
    allow: Allow = Field(default_factory=list)
    labels: dict[Literal["yes", "partly", "no"], LocalizedText] | None = None


#: Option codes renamed since the version a questionnaire derives from: ``{old: new}``.
#: ``tipq migrate`` rewrites the answers; ``tipq check`` says Q121 for codes that do not exist.
Renamed = dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)],
               Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]]


class ChoiceAnswer(FrozenModel):
    type: Literal["choice"]
    allow: Allow = Field(default_factory=list)
    options: list[Option]
    renamed: Renamed | None = None


class MultiChoiceAnswer(FrozenModel):
    type: Literal["multi-choice"]
    allow: Allow = Field(default_factory=list)
    options: list[Option]
    renamed: Renamed | None = None
    min_selected: Annotated[int, Field(ge=0)] = 1
    max_selected: Annotated[int, Field(ge=1)] | None = None


class TextAnswer(FrozenModel):
    type: Literal["text"]
    allow: Allow = Field(default_factory=list)
    multiline: bool = True
    max_length: Annotated[int, Field(ge=1)] = 20_000


class NumberAnswer(FrozenModel):
    type: Literal["number"]
    allow: Allow = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    integer: bool = False
    unit: LocalizedText | None = None
    plausible: Plausibility | None = None

    @model_validator(mode="after")
    def bounds_are_ordered(self) -> NumberAnswer:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class DateAnswer(FrozenModel):
    type: Literal["date"]
    allow: Allow = Field(default_factory=list)
    min: DateText | None = None
    max: DateText | None = None
    plausible: Plausibility | None = None


class CitationsAnswer(FrozenModel):
    """A list of legislation citations: title, provision, link."""

    type: Literal["citations"]
    allow: Allow = Field(default_factory=list)
    min_items: Annotated[int, Field(ge=0)] = 1
    max_items: Annotated[int, Field(ge=1)] | None = None


class AssistanceAnswer(FrozenModel):
    """Technical assistance needs (report para 5): needed or not, kinds, description."""

    type: Literal["assistance"]
    allow: Allow = Field(default_factory=list)
    kinds: list[Option] | None = None  # None: tipq's built-in list (tipq.core.answers)


AnswerForm = Annotated[
    ClosedAnswer | ChoiceAnswer | MultiChoiceAnswer | TextAnswer | NumberAnswer | DateAnswer
    | CitationsAnswer | AssistanceAnswer,
    Field(discriminator="type"),
]

#: Answer types whose values a ``when`` condition can test.
DISCRETE_TYPES = frozenset({"closed", "choice", "multi-choice"})


# --- conditions -----------------------------------------------------------------------


class Condition(FrozenModel):
    question: Identifier
    in_: list[str] = Field(alias="in")

    model_config = FrozenModel.model_config | {"populate_by_name": True}


class When(FrozenModel):
    """``question`` + ``in`` (one condition), or ``all:`` / ``any:`` of conditions."""

    model_config = FrozenModel.model_config | {"populate_by_name": True}

    question: Identifier | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    all: list[Condition] | None = None
    any: list[Condition] | None = None

    @model_validator(mode="after")
    def one_form(self) -> When:
        single = self.question is not None or self.in_ is not None
        forms = [single, self.all is not None, self.any is not None]
        if sum(forms) != 1:
            raise ValueError("write either 'question' with 'in', or 'all', or 'any'")
        if single and (self.question is None or self.in_ is None):
            raise ValueError("a condition needs both 'question' and 'in'")
        return self

    @property
    def mode(self) -> Literal["all", "any"]:
        return "any" if self.any is not None else "all"

    @property
    def conditions(self) -> list[Condition]:
        if self.all is not None:
            return self.all
        if self.any is not None:
            return self.any
        assert self.question is not None and self.in_ is not None
        return [Condition.model_validate({"question": self.question, "in": self.in_})]


# --- questions and sections -----------------------------------------------------------


class MovedTo(FrozenModel):
    questionnaire: Identifier
    question: Identifier


class Alternative(FrozenModel):
    """An alternative wording on the table (report para 31)."""

    text: LocalizedText
    note: LocalizedText | None = None


class FollowUp(FrozenModel):
    """A sub-question shown under its question, when ``when`` holds (always, if absent)."""

    id: Identifier
    #: Ids of the version it derives from whose answers this follow-up takes over.
    replaces: list[Identifier] = Field(default_factory=list)
    text: LocalizedText
    guidance: LocalizedText | None = None
    answer: AnswerForm
    when: When | None = None


class Question(FrozenModel):
    id: Identifier
    number: Annotated[int, Field(ge=1)]
    #: Ids of the version it derives from whose answers this question takes over.
    replaces: list[Identifier] = Field(default_factory=list)
    provisions: list[str] = Field(default_factory=list)
    obligation: Obligation | None = None
    requirement: Requirement | None = None
    status: NegotiationStatus = "agreed"
    moved_to: MovedTo | None = None
    text: LocalizedText
    guidance: LocalizedText | None = None
    alternatives: list[Alternative] = Field(default_factory=list)
    answer: AnswerForm | None = None
    when: When | None = None
    follow_ups: list[FollowUp] = Field(default_factory=list)

    @property
    def is_moved(self) -> bool:
        return self.status == "moved"

    @property
    def tag(self) -> Requirement | None:
        """The requirement this question counts under (report para 32): its ``requirement``,
        else the one its level of obligation implies, else None (``tipq check`` says Q104)."""
        if self.requirement is not None:
            return self.requirement
        return REQUIREMENT_BY_OBLIGATION.get(self.obligation) if self.obligation else None


class Section(FrozenModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    questions: list[Question] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class DerivedFrom(FrozenModel):
    """The version a questionnaire was made from (see docs/versions.md)."""

    id: Identifier
    version: Annotated[str, Field(pattern=VERSION_PATTERN)]
    hash: Annotated[str, Field(pattern=HASH_PATTERN)] | None = None


class RetiredNumber(FrozenModel):
    number: Annotated[int, Field(ge=1)]
    reason: str


class Questionnaire(FrozenModel):
    id: Identifier
    title: LocalizedText
    instrument: Instrument
    version: Annotated[str, Field(pattern=VERSION_PATTERN)]
    status: QuestionnaireStatus
    languages: Annotated[list[Lang], Field(min_length=1)]
    source_document: str | None = None
    derived_from: DerivedFrom | None = None
    description: LocalizedText | None = None
    retired_numbers: list[RetiredNumber] = Field(default_factory=list)
    sections: Annotated[list[Section], Field(min_length=1)]

    @field_validator("languages")
    @classmethod
    def languages_are_unique(cls, v: list[Lang]) -> list[Lang]:
        if len(set(v)) != len(v):
            raise ValueError("a language is listed twice")
        return v

    @cached_property
    def content_hash(self) -> str:
        """``sha256-v1:<hex>``: the hash of what the file says (:mod:`tipq.core.hashing`)."""
        return hash_model(self)

    @cached_property
    def question_hashes(self) -> dict[str, str]:
        """Every question's and follow-up's own content hash, by id (a question's covers its
        follow-ups): what versions, diff and stale translations compare."""
        return {item.id: hash_model(item.question) for item in self.index.items}

    @cached_property
    def index(self) -> QuestionnaireIndex:
        return QuestionnaireIndex.build(self)

    def iter_sections(self) -> Iterator[tuple[tuple[Section, ...], Section]]:
        """Every section, depth first, with the path of sections above it."""

        def walk(sections: list[Section], above: tuple[Section, ...]) -> Iterator[Any]:
            for s in sections:
                yield above, s
                yield from walk(s.sections, (*above, s))

        yield from walk(self.sections, ())


@dataclass(frozen=True)
class Item:
    """A question or follow-up in document order, with its context."""

    question: Question | FollowUp
    parent: Question | None  # the question a follow-up belongs to
    sections: tuple[Section, ...]  # outermost first
    position: int  # document order, from 0
    label: str  # the display number: "12", or "12(a)" for a follow-up
    path: tuple[Any, ...]  # where it sits in the YAML document, for positions

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def top(self) -> Question:
        """The numbered question this item is or belongs to."""
        return self.parent if self.parent is not None else self.question  # type: ignore[return-value]

    @property
    def answer(self) -> Any:
        return self.question.answer

    @property
    def section(self) -> Section:
        return self.sections[-1]


@dataclass(frozen=True)
class QuestionnaireIndex:
    items: tuple[Item, ...]
    by_id: dict[str, Item]

    @classmethod
    def build(cls, q: Questionnaire) -> QuestionnaireIndex:
        items: list[Item] = []
        by_id: dict[str, Item] = {}

        def add(item: Item) -> None:
            items.append(item)
            by_id.setdefault(item.id, item)  # duplicates are check's business (Q101)

        def walk(sections: list[Section], above: tuple[Section, ...],
                 path: tuple[Any, ...]) -> None:
            for si, s in enumerate(sections):
                here = (*above, s)
                spath = (*path, "sections", si)
                for qi, question in enumerate(s.questions):
                    qpath = (*spath, "questions", qi)
                    add(Item(question, None, here, len(items), str(question.number), qpath))
                    for fi, fu in enumerate(question.follow_ups):
                        label = f"{question.number}({_letter(fi)})"
                        add(Item(fu, question, here, len(items), label,
                                 (*qpath, "follow_ups", fi)))
                walk(s.sections, here, spath)

        walk(q.sections, (), ())
        return cls(tuple(items), by_id)


def _letter(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[i] if i < 26 else letters[i // 26 - 1] + letters[i % 26]


Section.model_rebuild()
