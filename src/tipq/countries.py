"""Country codes of responses: ISO 3166-1 alpha-3, the European Union, user-assigned codes.

A response names the State (or the regional economic integration organization) that
answers it. Accepted:

- every ISO 3166-1 alpha-3 code of a current country (``ARG``, ``NGA``, ``ITA``...);
- ``EU``, the European Union, a party to the Protocol (report para 44);
- the alpha-3 ranges ISO 3166-1 leaves to users (``AAA``-``AAZ``, ``QMA``-``QZZ``,
  ``XAA``-``XZZ``, ``ZZA``-``ZZZ``), so that examples and tests use a fictitious State such
  as ``XXA`` instead of a real one.

pycountry is imported only when a code is first checked.
"""

from __future__ import annotations

import re
from functools import lru_cache

EU = "EU"
_USER_ASSIGNED = re.compile(r"^(?:AA[A-Z]|Q[M-Z][A-Z]|X[A-Z][A-Z]|ZZ[A-Z])$")


@lru_cache(maxsize=1)
def _iso_alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def is_user_assigned(code: str) -> bool:
    """Whether ``code`` is in an alpha-3 range ISO 3166-1 leaves to users (e.g. ``XXA``)."""
    return bool(_USER_ASSIGNED.match(code))


def is_country_code(code: object) -> bool:
    """Whether ``code`` is accepted as the country of a response (exact, upper case)."""
    if not isinstance(code, str):
        return False
    return code == EU or is_user_assigned(code) or code in _iso_alpha3()


def country_name(code: str) -> str | None:
    """The English short name of a code (``None`` for user-assigned or unknown codes)."""
    if code == EU:
        return "European Union"
    return _iso_alpha3().get(code)


def suggest_country(text: object) -> str | None:
    """The accepted code someone probably meant by ``text`` (``arg``, ``AR``, ``Argentina``).

    Returns ``None`` when nothing plausible is found or ``text`` is already valid.
    """
    if not isinstance(text, str) or not text.strip() or is_country_code(text):
        return None
    t = text.strip()
    if t.upper() in (EU, "EUR", "EUROPEAN UNION"):
        return EU
    if is_country_code(t.upper()):
        return t.upper()
    import pycountry

    try:
        found = pycountry.countries.lookup(t)
    except LookupError:
        return None
    return str(found.alpha_3)
