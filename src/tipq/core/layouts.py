"""The para 32 layouts: one definition, used by the interview's order, ``tipq show`` and
``tipq export``.

Report para 32: every question is tagged mandatory or non-mandatory, and the questions can be
grouped in separate sections or in an annex; all of them must be answered all the same. A
layout splits the numbered questions into *parts*, each keeping the questionnaire's sections
and order:

- ``document``: one part, as written;
- ``mandatory-first``: the questions on mandatory provisions, then the non-mandatory ones,
  then any without a tag;
- ``annex``: every question in place except the non-mandatory ones, which form a final annex.

The tag a question counts under is :attr:`tipq.core.questionnaire.Question.tag`: its
``requirement``, else the one its level of obligation implies. This module imports no
model at run time, so the CLI can take its choices from :data:`LAYOUTS` and start fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tipq.core.questionnaire import Question, Questionnaire

Layout = Literal["document", "mandatory-first", "annex"]
LAYOUTS: tuple[Layout, ...] = ("document", "mandatory-first", "annex")
#: Part keys: ``body`` (untitled), or the tag its questions share (``none``: untagged).
PartKey = Literal["body", "mandatory", "non-mandatory", "none"]


@dataclass(frozen=True)
class Part:
    """A part of a layout: the ids of its numbered questions, in document order."""

    key: PartKey
    question_ids: tuple[str, ...]
    annex: bool = False

    def __contains__(self, question_id: object) -> bool:
        return question_id in self.question_ids


def check_layout(layout: str) -> Layout:
    """``layout`` if it is one of :data:`LAYOUTS`; else a :class:`UsageError`."""
    from tipq.core.errors import UsageError

    for name in LAYOUTS:
        if layout == name:
            return name
    raise UsageError(f"unknown layout '{layout}'; choose one of: {', '.join(LAYOUTS)}")


def layout_parts(questionnaire: Questionnaire, layout: str,
                 keep: Callable[[Question], bool] | None = None) -> list[Part]:
    """The parts of ``questionnaire`` in ``layout``, over the numbered questions ``keep``
    accepts (all by default). Empty parts are left out, except a document's one part."""
    check_layout(layout)
    questions = [item.top for item in questionnaire.index.items
                 if item.parent is None and (keep is None or keep(item.top))]

    def ids(pred: Callable[[Question], bool]) -> tuple[str, ...]:
        return tuple(q.id for q in questions if pred(q))

    if layout == "document":
        return [Part("body", ids(lambda q: True))]
    if layout == "mandatory-first":
        parts = [Part("mandatory", ids(lambda q: q.tag == "mandatory")),
                 Part("non-mandatory", ids(lambda q: q.tag == "non-mandatory")),
                 Part("none", ids(lambda q: q.tag is None))]
    else:
        parts = [Part("body", ids(lambda q: q.tag != "non-mandatory")),
                 Part("non-mandatory", ids(lambda q: q.tag == "non-mandatory"), annex=True)]
    return [p for p in parts if p.question_ids]
