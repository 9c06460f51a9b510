"""How far a response is answered: the one count that the interview's progress and review
and ``tipq validate``'s summary (answered / applicable) all use.

An item counts when it takes an answer and applies (:mod:`tipq.core.conditions`); it is
answered when its value counts as an answer (:func:`tipq.core.answers.is_answered`; a
no-answer entry such as ``{status: not-available, reason: ...}`` does), is valid for its
form (:func:`tipq.core.kinds.check_value`) and is not still being typed (``unfinished``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from tipq.core.answers import is_answered
from tipq.core.conditions import applicability
from tipq.core.kinds import check_value
from tipq.core.questionnaire import Questionnaire


@dataclass(frozen=True)
class Completion:
    """Applicable items (questions and follow-ups) and how many of them are answered."""

    answered: int
    applicable: int

    @property
    def open(self) -> int:
        return self.applicable - self.answered


def completion(questionnaire: Questionnaire, values: Mapping[str, Any], *,
               applies: Mapping[str, bool] | None = None,
               invalid: Collection[str] | None = None,
               unfinished: Collection[str] = ()) -> Completion:
    """The count. ``applies`` and ``invalid`` (ids whose value breaks its form's rules) are
    computed when not given; callers that hold them already pass them."""
    if applies is None:
        applies = applicability(questionnaire, values)
    answered = applicable = 0
    for item_id, form in _answerable(questionnaire):
        if not applies.get(item_id, False):
            continue
        applicable += 1
        value = values.get(item_id)
        if not is_answered(value) or item_id in unfinished:
            continue
        if invalid is None:
            if check_value(form, value) is not None:
                continue
        elif item_id in invalid:
            continue
        answered += 1
    return Completion(answered, applicable)


#: id(questionnaire) -> (the questionnaire, kept alive so its id is not reused; its items
#: that take an answer and are not moved, as (id, form)): the count runs at every prompt.
_ANSWERABLE: dict[int, tuple[Questionnaire, tuple[tuple[str, Any], ...]]] = {}


def _answerable(q: Questionnaire) -> tuple[tuple[str, Any], ...]:
    found = _ANSWERABLE.get(id(q))
    if found is None or found[0] is not q:
        items = tuple((item.id, item.answer) for item in q.index.items
                      if item.answer is not None and not item.top.is_moved)
        if len(_ANSWERABLE) > 32:  # a long-running process reading many questionnaires
            _ANSWERABLE.clear()
        found = _ANSWERABLE[id(q)] = (q, items)
    return found[1]


__all__ = ["Completion", "completion"]
