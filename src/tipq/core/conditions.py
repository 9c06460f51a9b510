"""Which questions apply, given the answers so far: the declarative ``when`` rules.

A question applies when it is not moved (report para 30: moved questions are never
asked), the question it follows up (if any) applies, and its ``when`` holds. A condition
holds when the referenced question applies and its answer is one of the ``in`` values
(for a multi-choice answer: when any chosen value is). No expression language, no eval.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tipq.core.questionnaire import Condition, Item, Questionnaire, When


def condition_holds(cond: Condition, values: Mapping[str, Any],
                    applies: Mapping[str, bool]) -> bool:
    if not applies.get(cond.question, False):
        return False
    value = values.get(cond.question)
    if isinstance(value, list):
        return any(v in cond.in_ for v in value if isinstance(v, str))
    return isinstance(value, str) and value in cond.in_


def when_holds(when: When | None, values: Mapping[str, Any], applies: Mapping[str, bool]) -> bool:
    if when is None:
        return True
    results = (condition_holds(c, values, applies) for c in when.conditions)
    return any(results) if when.mode == "any" else all(results)


def applicability(questionnaire: Questionnaire, values: Mapping[str, Any]) -> dict[str, bool]:
    """For every question and follow-up id: does it apply, given ``values`` (id → value)?

    Conditions refer only to earlier questions (``tipq check`` enforces it), so one pass in
    document order decides everything.
    """
    applies: dict[str, bool] = {}
    for item in questionnaire.index.items:
        applies[item.id] = item_applies(item, values, applies)
    return applies


def item_applies(item: Item, values: Mapping[str, Any], applies: Mapping[str, bool]) -> bool:
    top = item.top
    if top.is_moved:
        return False
    if item.parent is not None and not applies.get(item.parent.id, False):
        return False
    return when_holds(item.question.when, values, applies)


def blocking_condition(item: Item, values: Mapping[str, Any],
                       applies: Mapping[str, bool]) -> str | None:
    """The id of the question whose answer keeps ``item`` from applying, if one does."""
    when = item.question.when
    if when is None:
        return item.parent.id if item.parent is not None else None
    for c in when.conditions:
        if not condition_holds(c, values, applies):
            return c.question
    return None
