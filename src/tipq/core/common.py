"""Types shared by the questionnaire and response models."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from tipq.core.languages import Lang

#: Text in one or more of the six UN languages, keyed by language code.
LocalizedText = dict[Lang, Annotated[str, StringConstraints(min_length=1)]]

#: A stable identifier: lower-case letters, digits and hyphens, starting with a letter.
Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$", max_length=64)
]


class StrictModel(BaseModel):
    """Base of every tipq model: unknown fields are errors, values are checked on assignment.

    Strict: no value is converted from another type (``"5"`` is not the number 5, ``1`` is
    not ``true``), so that tipq and the exported JSON Schema give the same verdict on a file.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False,
                              strict=True)


#: An RFC 3339 date and time with a time zone, as tipq writes them (``2026-02-16T09:33:00Z``).
TIMESTAMP_PATTERN = (r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
                     r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
                     r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$")
#: A calendar date, ``YYYY-MM-DD``.
DATE_PATTERN = r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_NAIVE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")


def _timestamp_text(value: Any) -> Any:
    """Only RFC 3339 text with a time zone (or a datetime, from code) reaches the parser."""
    if isinstance(value, datetime) or (isinstance(value, str) and _TIMESTAMP.fullmatch(value)):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        kind = "a date without a time"
    elif isinstance(value, str) and _NAIVE.fullmatch(value):
        kind = "a date and time without a time zone"
    elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
        kind = "not a date and time"
    elif isinstance(value, (int, float)):
        kind = "a number, not a date and time"
    else:
        kind = "not an RFC 3339 date and time"
    raise PydanticCustomError("timestamp_format", "{kind}", {"kind": kind})


def _date_text(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_format", "not a date written YYYY-MM-DD", {})


#: A timestamp in a file: RFC 3339 text with a time zone; no epoch number, no naive time,
#: no bare date. The same rule is in the JSON Schema (format and pattern).
Timestamp = Annotated[
    AwareDatetime, Strict(False), BeforeValidator(_timestamp_text),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN}),
]
#: A date in a file: ``YYYY-MM-DD`` text.
DateText = Annotated[
    date, Strict(False), BeforeValidator(_date_text),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]


class FrozenModel(BaseModel):
    """Base of the questionnaire models: strict as :class:`StrictModel`, and frozen once
    loaded (their content hash and index are computed once and must stay true)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


NonEmptyStr = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

__all__ = [
    "DATE_PATTERN",
    "TIMESTAMP_PATTERN",
    "DateText",
    "Field",
    "FrozenModel",
    "Identifier",
    "LocalizedText",
    "NonEmptyStr",
    "StrictModel",
    "Timestamp",
]
