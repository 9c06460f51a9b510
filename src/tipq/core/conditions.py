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


#: One item's rule, read once per questionnaire: (id, moved, the parent's id or None,
#: whether any condition suffices, the conditions as (question, values) or None for none).
_Rule = tuple[str, bool, "str | None", bool, "tuple[tuple[str, frozenset[str]], ...] | None"]
_RULES: dict[int, tuple[Questionnaire, tuple[_Rule, ...]]] = {}


def _rules(questionnaire: Questionnaire) -> tuple[_Rule, ...]:
    """:func:`item_applies`'s inputs for every item, in document order (a batch judges
    hundreds of responses against one questionnaire: this is done once for it)."""
    cached = _RULES.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    rules: list[_Rule] = []
    for item in questionnaire.index.items:
        when = item.question.when
        conditions = (None if when is None else
                      tuple((c.question, frozenset(c.in_)) for c in when.conditions))
        rules.append((item.id, item.top.is_moved,
                      item.parent.id if item.parent is not None else None,
                      when is not None and when.mode == "any", conditions))
    if len(_RULES) >= 32:  # a long interview session may load many; keep a few
        _RULES.clear()
    _RULES[id(questionnaire)] = (questionnaire, tuple(rules))
    return _RULES[id(questionnaire)][1]


def applicability(questionnaire: Questionnaire, values: Mapping[str, Any]) -> dict[str, bool]:
    """For every question and follow-up id: does it apply, given ``values`` (id → value)?

    Conditions refer only to earlier questions (``tipq check`` enforces it), so one pass in
    document order decides everything. (The same rules as :func:`item_applies`, with each
    item's conditions read once per questionnaire.)
    """
    applies: dict[str, bool] = {}
    get = applies.get
    for qid, moved, parent, any_mode, conditions in _rules(questionnaire):
        if moved or (parent is not None and not get(parent, False)):
            applies[qid] = False
            continue
        if conditions is None:
            applies[qid] = True
            continue
        result = not any_mode  # all(): true until one fails; any(): false until one holds
        for question, accepted in conditions:
            holds = False
            if get(question, False):
                value = values.get(question)
                if isinstance(value, list):
                    holds = any(v in accepted for v in value if isinstance(v, str))
                else:
                    holds = isinstance(value, str) and value in accepted
            if holds is any_mode:
                result = any_mode
                break
        applies[qid] = result
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
