"""Country codes of responses: ISO 3166-1 alpha-3, user-assigned ``X??`` codes, and ``EU``.

- Real States: the ISO 3166-1 alpha-3 codes that pycountry knows (``ARG``, ``NGA``, ``ITA``).
- Fictitious States, for samples, tests and training: the alpha-3 ranges ISO 3166-1
  leaves to users (``AAA``-``AAZ``, ``QMA``-``QZZ``, ``XAA``-``XZZ``, ``ZZA``-``ZZZ``);
  tipq ships sample responses for ``XXA`` only (never invent answers for a real State).
- ``EU``: the European Union, a party to the Protocol as a regional economic integration
  organization (report para 44).

Names are the UN's short names (UNTERM / M49: "Republic of Korea", "Bolivia
(Plurinational State of)", "State of Palestine", "Türkiye") in the six UN languages: CLDR's
territory names (Babel) where the UN says the same, and a small generated file,
``data/un_country_names.json`` (``tools/make_un_country_names.py``), where it differs. A
State is found by any of those names, by CLDR's names in the chosen language and English
("South Korea"), by ISO's names (pycountry), and by common codes (``UK`` -> GBR). Babel and
pycountry are imported only when a name or a suggestion is needed.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

#: The code of the European Union (not an ISO 3166-1 alpha-3 code; tipq accepts it).
EU = "EU"

_CODE = re.compile(r"^(?:[A-Z]{3}|EU)$")
_USER_ASSIGNED = re.compile(r"^(?:AA[A-Z]|Q[M-Z][A-Z]|X[A-Z][A-Z]|ZZ[A-Z])$")

_EU_NAMES = {
    "en": "European Union", "ar": "الاتحاد الأوروبي", "fr": "Union européenne",
    "es": "Unión Europea", "ru": "Европейский союз", "zh": "欧洲联盟",
}
_FICTITIOUS = {
    "en": "fictitious State {code}", "ar": "دولة افتراضية {code}",
    "fr": "État fictif {code}", "es": "Estado ficticio {code}",
    "ru": "вымышленное государство {code}", "zh": "虚构国家 {code}",
}
#: gettext locale of each UN language in pycountry's catalogs.
_LOCALE = {"ar": "ar", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_CN"}


def normalize(text: str) -> str:
    """What a person typed, as a code candidate: trimmed and upper-case (``xxa`` -> ``XXA``)."""
    return text.strip().upper()


def is_well_formed(code: str) -> bool:
    """Three capital letters, or ``EU``: safe to use in a file name."""
    return bool(_CODE.match(code))


def is_user_assigned(code: str) -> bool:
    """Whether ``code`` is in an alpha-3 range ISO 3166-1 leaves to users (e.g. ``XXA``)."""
    return bool(_USER_ASSIGNED.match(code))


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.name for c in pycountry.countries}


def is_known(code: str) -> bool:
    """An ISO 3166-1 alpha-3 code of pycountry, a user-assigned code, or ``EU`` (exact case)."""
    if not is_well_formed(code):
        return False
    return code == EU or is_user_assigned(code) or code in _iso_names()


@lru_cache(maxsize=8)
def _translator(lang: str):  # type: ignore[no-untyped-def]
    import gettext

    import pycountry

    locale = _LOCALE.get(lang)
    if locale is None:
        return None
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
    except OSError:
        return None


#: The six UN languages, whose names tipq knows.
UN_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ru", "zh", "ar")


@lru_cache(maxsize=1)
def _un_names() -> dict[str, dict[str, str]]:
    """Code -> {language: UN short name}, where the UN's name differs from CLDR's."""
    text = resources.files("tipq.core").joinpath("data/un_country_names.json").read_text(
        encoding="utf-8")
    names: dict[str, dict[str, str]] = json.loads(text)["names"]
    return names


@lru_cache(maxsize=8)
def _cldr(lang: str) -> dict[str, str]:
    """Alpha-2 code -> CLDR's territory name in ``lang`` (Babel); empty if Babel lacks it."""
    from babel import Locale, UnknownLocaleError

    try:
        territories: dict[str, Any] = dict(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        return {}
    return {str(k): str(v) for k, v in territories.items()}


@lru_cache(maxsize=1)
def _alpha2_of() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def country_name(code: str, lang: str = "en") -> str:
    """The UN short name of ``code`` in ``lang`` (a UN language; else English)."""
    if code == EU:
        return _EU_NAMES.get(lang, _EU_NAMES["en"])
    if is_user_assigned(code) and code not in _iso_names():
        return _FICTITIOUS.get(lang, _FICTITIOUS["en"]).format(code=code)
    name = _iso_names().get(code)
    if name is None:
        return code
    lang = lang if lang in UN_LANGUAGES else "en"
    un = _un_names().get(code, {}).get(lang)
    if un:
        return un
    cldr = _cldr(lang).get(_alpha2_of().get(code, ""))
    if cldr:
        return cldr
    tr = _translator(lang)
    return tr.gettext(name) if tr is not None else name


@lru_cache(maxsize=8)
def _names_index(lang: str) -> dict[str, str]:
    """Every name a State is known by (folded) -> its code: ISO's (pycountry), CLDR's in
    ``lang`` and English, and the UN's in the six languages; the UN's win ties."""
    import pycountry

    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index[value.casefold()] = c.alpha_3
    by_alpha2 = {a2: a3 for a3, a2 in _alpha2_of().items()}
    for language in dict.fromkeys((lang, "en")):
        for a2, name in _cldr(language).items():
            if a2 in by_alpha2:
                index[name.casefold()] = by_alpha2[a2]
    for code in _iso_names():
        for language in UN_LANGUAGES:
            index[country_name(code, language).casefold()] = code
    for name in _EU_NAMES.values():
        index[name.casefold()] = EU
    return index


def lookup(text: str, lang: str = "en") -> str | None:
    """The code for what a person typed: a known code, or a country's exact name.

    Names are matched without regard to case, in ``lang`` and in English.
    """
    code = normalize(text)
    if is_known(code):
        return code
    if code in ALIASES:
        return ALIASES[code]
    folded = " ".join(text.split()).casefold()
    if not folded:
        return None
    return _names_index(lang).get(folded)


#: Codes people write for a State that are not its ISO 3166-1 codes.
ALIASES: dict[str, str] = {
    "UK": "GBR",  # ISO: GB
    "EL": "GRC",  # the EU's code for Greece; ISO: GR
    "KS": "XKX", "XK": "XKX",  # Kosovo's codes in use (user-assigned)
    "UAE": "ARE",
    "USSR": "RUS",
}


def _alpha2(code: str) -> str | None:
    """The alpha-3 code of an ISO 3166-1 alpha-2 code (``FR`` -> ``FRA``)."""
    import pycountry

    if len(code) != 2 or not code.isalpha():
        return None
    found = pycountry.countries.get(alpha_2=code)
    return str(found.alpha_3) if found is not None else None


def suggest(text: str, lang: str = "en", n: int = 3) -> list[str]:
    """Codes close to a mistyped code or name, best first (for "did you mean ...?").

    What a code is known to stand for comes first: a common alias (``UK`` -> GBR), an
    alpha-2 code (``FR`` -> FRA, ``US`` -> USA), the same letters in capitals; then codes and
    names that look alike.
    """
    typed = text.strip()
    if not typed:
        return []
    found: list[str] = []
    code = normalize(typed)
    for exact in (ALIASES.get(code), _alpha2(code), code if is_known(code) else None):
        if exact is not None and is_known(exact):
            found.append(exact)
    if len(code) <= 3:
        codes = [*_iso_names(), EU]
        close = difflib.get_close_matches(code, codes, n=n, cutoff=0.6)
        found += sorted(close, key=lambda c: c[0] != code[0])  # ITL: ITA before TLS
    for language in dict.fromkeys((lang, "en")):
        by_name = {name: c for name, c in _names_index(language).items()}
        for match in difflib.get_close_matches(typed.casefold(), list(by_name), n=n, cutoff=0.6):
            found.append(by_name[match])
        # A typed word that starts a name ("Bolivia" for "Bolivia, Plurinational State of").
        for name, c in by_name.items():
            if len(typed) >= 4 and name.startswith(typed.casefold()):
                found.append(c)
    return list(dict.fromkeys(found))[:n]


def complete(prefix: str, lang: str = "en") -> list[tuple[str, str]]:
    """Codes that start with ``prefix`` (any case), with their names: for shell completion
    of ``--country``. ISO codes and EU; user-assigned codes are not listed."""
    start = prefix.strip().upper()
    codes = sorted([*_iso_names(), EU])
    return [(c, country_name(c, lang)) for c in codes if c.startswith(start)]


def describe(code: str, lang: str = "en") -> str:
    """``Italy (ITA)``: for prompts and messages."""
    name = country_name(code, lang)
    return name if code in name else f"{name} ({code})"
