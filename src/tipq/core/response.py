"""The response format, as pydantic models (see docs/response-format.md).

An answer's ``value`` is typed by its question, which this model does not know: the
answer rules in :mod:`tipq.core.answers` judge it against the questionnaire, for the interview
and for ``tipq validate`` alike.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from tipq.core.common import Identifier, StrictModel, Timestamp
from tipq.core.hashing import HASH_PATTERN

ResponseStatus = Literal["draft", "submitted"]

#: ISO 3166-1 alpha-3 (including user-assigned codes such as XXA), or EU.
CountryCode = Annotated[str, Field(pattern=r"^(?:[A-Z]{3}|EU)$")]


class QuestionnaireRef(StrictModel):
    id: Identifier
    version: str
    hash: Annotated[str, Field(pattern=HASH_PATTERN)]


class Respondent(StrictModel):
    name: str | None = None
    institution: str | None = None
    email: str | None = None


#: Why a migrated answer is marked for the reviewer to confirm (``tipq migrate``).
ReviewReason = Literal["reworded", "re-tagged", "replaced", "options-changed", "kind-changed",
                       "condition-changed", "moved"]
#: Why an answer could not be carried to the new version (``retired:``).
RetiredReason = Literal["removed", "not-valid", "moved-unmapped", "conflict"]


class Answer(StrictModel):
    value: Any
    answered_at: Timestamp | None = None
    #: Set by ``tipq migrate``: the question changed; confirm the answer (the interview asks
    #: these first, and answering removes the mark).
    review: Annotated[list[ReviewReason], Field(min_length=1)] | None = None
    #: ``true`` while the answer is still being typed (citations saved one at a time): the
    #: question counts as open until the list is finished.
    unfinished: bool | None = None


class RetiredAnswer(StrictModel):
    """An answer ``tipq migrate`` could not carry to the new version: kept, never dropped."""

    question: Identifier
    version: str  #: the version it was given for
    reason: RetiredReason
    detail: str
    value: Any
    answered_at: Timestamp | None = None
    retired_at: Timestamp


class LegislationEntry(StrictModel):
    """One law of the State's legislation list, cited from answers by its key (``ref``)."""

    title: Annotated[str, Field(min_length=1)]
    provision: str | None = None
    link: str | None = None


class Response(StrictModel):
    questionnaire: QuestionnaireRef
    country: CountryCode
    respondent: Respondent | None = None
    status: ResponseStatus
    created: Timestamp
    updated: Timestamp
    submitted_at: Timestamp | None = None
    #: The State's legislation, cited from answers as ``- ref: <key>`` (plus a provision).
    legislation: dict[Identifier, LegislationEntry] | None = None
    #: Questions the reviewer skipped, to come back to (ids, in the order skipped).
    skipped: list[Identifier] | None = None
    #: Required, possibly empty (``answers: {}``): a file without it is not a response.
    answers: dict[Identifier, Answer]
    #: Answers kept from earlier versions that no question of this version takes.
    retired: list[RetiredAnswer] | None = None
