"""The six UN languages and picking a text in one of them. Light: no model is imported, so
the command line can use it at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

Lang = Literal["en", "ar", "fr", "es", "ru", "zh"]
UN_LANGUAGES: tuple[Lang, ...] = ("en", "ar", "fr", "es", "ru", "zh")
RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})


def pick_text(text: Mapping[Any, str] | None, lang: str,
              fallback: str = "en") -> tuple[str, str]:
    """The text in ``lang``, else in ``fallback``, else any; with the language actually used."""
    if not text:
        return "", lang
    if lang in text:
        return text[lang], lang
    if fallback in text:
        return text[fallback], fallback
    first = next(iter(text))
    return text[first], str(first)
