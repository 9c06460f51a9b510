"""The rules of the compilation that every part of it states the same way."""

from __future__ import annotations

from typing import get_args

from tipq.core.questionnaire import CLOSED_VALUES
from tipq.core.response import ResponseStatus

#: The statuses of a response, in lifecycle order (the later one is kept for a State).
STATUSES: tuple[str, ...] = tuple(get_args(ResponseStatus))

#: How one response is picked when a State sent several (said in every report).
CHOICE_RULE = ("the response furthest in its lifecycle is kept (submitted over draft), then "
               "the one updated last, then the first by file name")

#: Answers of Yes / Yes, in part / No that count as a gap (with assistance requested).
GAP_VALUES: tuple[str, ...] = tuple(v for v in CLOSED_VALUES if v != "yes")

#: The value of an assistance answer that needs none.
NOT_NEEDED = "not-needed"

