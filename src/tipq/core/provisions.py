"""The articles of the instruments, to check that a cited provision exists.

A provision is written ``article(paragraph)(subparagraph)``: ``5(2)(a)``, ``6(3)``, ``13``.
A provision of another instrument takes its id as a prefix: ``untoc:10(1)``.

The Trafficking in Persons Protocol (General Assembly resolution 55/25, annex II) is listed
to the subparagraph; the Convention (annex I) to the paragraph for the articles that its
questionnaires review, and to the article for the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# article: "1-3" paragraphs 1 to 3; "a-d" subparagraphs; "2(a-c)" paragraph 2 with (a)-(c);
# "" undivided; "*" divided, but not listed here (any subdivision accepted).
_TIP = {
    1: "1-3", 2: "a-c", 3: "a-d", 4: "", 5: "1,2(a-c)", 6: "1-6", 7: "1-2", 8: "1-6",
    9: "1-5", 10: "1(a-c),2-3", 11: "1-6", 12: "a-b", 13: "", 14: "1-2", 15: "1-4",
    16: "1-4", 17: "1-2", 18: "1-5", 19: "1-2", 20: "",
}
_UNTOC = {
    **dict.fromkeys(range(1, 42), "*"),
    2: "a-j", 3: "1(a-b),2(a-d)", 5: "1(a-b),2-3", 6: "1(a-b),2(a-f)", 8: "1-4", 10: "1-4",
    11: "1-6", 12: "1-9", 13: "1-9", 14: "1-3", 15: "1-6", 16: "1-17", 18: "1-30",
    20: "1-4", 23: "a-b", 24: "1-4", 25: "1-3", 26: "1-5", 27: "1-3", 29: "1-4", 31: "1-7",
    34: "1-3",
}
INSTRUMENT_NAMES = {
    "tip-protocol": "Trafficking in Persons Protocol",
    "untoc": "Convention against Transnational Organized Crime",
    "smuggling-protocol": "Smuggling of Migrants Protocol",
    "firearms-protocol": "Firearms Protocol",
}
_ARTICLES = {"tip-protocol": _TIP, "untoc": _UNTOC,
             "smuggling-protocol": dict.fromkeys(range(1, 26), "*"),
             "firearms-protocol": dict.fromkeys(range(1, 22), "*")}

_PROVISION = re.compile(r"^(?:(?P<instrument>[a-z-]+):)?(?P<article>[1-9]\d*)"
                        r"(?P<parts>(?:\((?:[1-9]\d*|[a-z]|[ivx]+)\))*)$")
_PART = re.compile(r"\(([^)]+)\)")

Tree = dict[str, "Tree"] | None  # None: any subdivision accepted


def _expand(item: str) -> list[str]:
    if "-" in item:
        lo, hi = item.split("-")
        if lo.isdigit():
            return [str(i) for i in range(int(lo), int(hi) + 1)]
        return [chr(c) for c in range(ord(lo), ord(hi) + 1)]
    return [item]


def _parse_spec(spec: str) -> Tree:
    if spec == "*":
        return None
    tree: dict[str, Tree] = {}
    for item in filter(None, re.split(r",(?![^(]*\))", spec)):
        m = re.fullmatch(r"([^()]+)(?:\((.+)\))?", item)
        assert m, item
        for key in _expand(m.group(1)):
            tree[key] = _parse_spec(m.group(2)) if m.group(2) else {}
    return tree


@cache
def _tree(instrument: str) -> dict[int, Tree]:
    return {art: _parse_spec(spec) for art, spec in _ARTICLES[instrument].items()}


@dataclass(frozen=True)
class Provision:
    instrument: str
    article: int
    parts: tuple[str, ...]

    def __str__(self) -> str:
        return f"art. {self.article}" + "".join(f"({p})" for p in self.parts)


def parse_provision(text: str, default_instrument: str) -> Provision | None:
    """The provision written as ``text``, or None if it is not well formed or not known."""
    m = _PROVISION.match(text.strip())
    if not m:
        return None
    instrument = m.group("instrument") or default_instrument
    if instrument not in _ARTICLES:
        return None
    article = int(m.group("article"))
    parts = tuple(_PART.findall(m.group("parts")))
    tree: Tree = _tree(instrument).get(article, {})
    if article not in _tree(instrument):
        return None
    for part in parts:
        if tree is None:
            break
        if part not in tree:
            return None
        tree = tree[part]
    return Provision(instrument, article, parts)


def article_of(text: str) -> int | None:
    """The article number of a provision as written (``"5(2)(a)"`` → 5), if well formed."""
    m = _PROVISION.match(text.strip())
    return int(m.group("article")) if m else None
