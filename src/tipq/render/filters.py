"""Which questions the non-paper shows: ``tipq show`` and ``tipq export`` filters."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import get_args

from tipq.core.errors import UsageError
from tipq.core.languages import pick_text
from tipq.core.provisions import article_of
from tipq.core.questionnaire import (
    NegotiationStatus,
    Obligation,
    Question,
    Questionnaire,
    Requirement,
    Section,
)
from tipq.render.labels import isolate, t

REQUIREMENTS: tuple[str, ...] = get_args(Requirement)
OBLIGATIONS: tuple[str, ...] = get_args(Obligation)
STATUSES: tuple[str, ...] = get_args(NegotiationStatus)

_ARTICLE_FILTER = re.compile(r"^(?:(?P<instrument>[a-z-]+):)?(?P<article>[1-9]\d*)$")


@dataclass(frozen=True)
class Filters:
    """Which numbered questions to show: values within a filter are alternatives (or);
    the filters together must all hold (and). Follow-ups go with their question."""

    requirements: frozenset[str] = frozenset()
    obligations: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    articles: tuple[str, ...] = ()  # "5", or "untoc:10" for another instrument
    sections: tuple[str, ...] = ()  # section ids; their subsections are included

    @property
    def active(self) -> bool:
        return bool(self.requirements or self.obligations or self.statuses or self.articles
                    or self.sections)

    def check(self, questionnaire: Questionnaire) -> None:
        """Raise :class:`UsageError` for a section or article that cannot match anything."""
        known = [s.id for _, s in questionnaire.iter_sections()]
        for sid in self.sections:
            if sid not in known:
                close = difflib.get_close_matches(sid, known, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise UsageError(f"--section {sid}: no section has this id; {hint}"
                                 f"the sections are: {', '.join(known)}")
        for a in self.articles:
            if not _ARTICLE_FILTER.match(a):
                raise UsageError(f"--article {a}: write an article number, e.g. --article 6, "
                                 "or one of another instrument, e.g. --article untoc:10")

    def matches(self, q: Question, sections: tuple[Section, ...], instrument: str) -> bool:
        if self.requirements and q.tag not in self.requirements:
            return False
        if self.obligations and q.obligation not in self.obligations:
            return False
        if self.statuses and q.status not in self.statuses:
            return False
        if self.sections and not any(s.id in self.sections for s in sections):
            return False
        return not self.articles or bool(
            {_article_key(p, instrument) for p in q.provisions}
            & {_article_key(a, instrument) for a in self.articles})

    def describe(self, lang: str, questionnaire: Questionnaire) -> tuple[str, ...]:
        out = []
        sep = t("or", lang)

        def head(key: str) -> str:
            return t(key, lang) + t("colon", lang) + " "

        if self.requirements:
            out.append(head("requirement") + sep.join(
                t(f"req.{r}", lang) for r in REQUIREMENTS if r in self.requirements))
        if self.obligations:
            out.append(head("obligation") + sep.join(
                t(f"obl.{o}", lang) for o in OBLIGATIONS if o in self.obligations))
        if self.statuses:
            out.append(head("negotiation") + sep.join(
                t(f"st.{s}", lang) for s in STATUSES if s in self.statuses))
        if self.articles:
            out.append(head("provisions") + sep.join(
                _article_label(a, lang) for a in self.articles))
        if self.sections:
            titles = {s.id: pick_text(s.title, lang)[0] for _, s in questionnaire.iter_sections()}
            out.append(head("section") + sep.join(titles[s] for s in self.sections))
        return tuple(out)


def _article_key(provision: str, instrument: str) -> tuple[str, int | None]:
    head, _, rest = provision.strip().rpartition(":")
    return (head or instrument, article_of(rest))


def _article_label(a: str, lang: str) -> str:
    head, _, rest = a.rpartition(":")
    label = t("article", lang, ref=isolate(rest, lang))
    return f"{t(f'inst.{head}', lang)} {label}" if head else label
