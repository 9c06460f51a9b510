"""Types shared by the questionnaire and response models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Lang = Literal["en", "ar", "fr", "es", "ru", "zh"]
UN_LANGUAGES: tuple[Lang, ...] = ("en", "ar", "fr", "es", "ru", "zh")
RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})

#: Text in one or more of the six UN languages, keyed by language code.
LocalizedText = dict[Lang, Annotated[str, StringConstraints(min_length=1)]]

#: A stable identifier: lower-case letters, digits and hyphens, starting with a letter.
Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$", max_length=64)
]


class StrictModel(BaseModel):
    """Base of every tipq model: unknown fields are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


class FrozenModel(BaseModel):
    """Base of the questionnaire models: strict, and frozen once loaded (their content hash
    and index are computed once and must stay true)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def pick_text(text: LocalizedText | None, lang: str, fallback: str = "en") -> tuple[str, str]:
    """The text in ``lang``, else in ``fallback``, else any; with the language actually used."""
    if not text:
        return "", lang
    if lang in text:
        return text[lang], lang
    if fallback in text:
        return text[fallback], fallback
    first = next(iter(text))
    return text[first], first


NonEmptyStr = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

__all__ = [
    "UN_LANGUAGES",
    "Field",
    "FrozenModel",
    "Identifier",
    "Lang",
    "LocalizedText",
    "NonEmptyStr",
    "StrictModel",
    "pick_text",
]
