"""The per-questionnaire precomputations of validate (issue 10) decide as the plain rules do.

:func:`tipq.core.conditions.applicability` reads each item's conditions once per
questionnaire; for any answers (valid, wrong, of the wrong type) it must say what
:func:`tipq.core.conditions.item_applies`, applied in document order, says.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipq.core.conditions import applicability, item_applies
from tipq.core.kinds import accepted_values
from tipq.core.questionnaire import Questionnaire
from tipq.io.repository import load_questionnaire

QUESTIONNAIRES = sorted((REPO / "questionnaires").glob("*.yaml"))


@cache
def _questionnaire(path: Path) -> Questionnaire:
    return load_questionnaire(path)[0]


def _reference(q: Questionnaire, values: dict[str, Any]) -> dict[str, bool]:
    applies: dict[str, bool] = {}
    for item in q.index.items:
        applies[item.id] = item_applies(item, values, applies)
    return applies


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: p.name)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_applicability_is_the_rules_in_document_order(path: Any, data: Any) -> None:
    q = _questionnaire(path)
    values: dict[str, Any] = {}
    for item in q.index.items:
        accepted = accepted_values(item.answer) if item.answer is not None else []
        odd = [None, "", "x", 1, True, {"a": 1}, [*accepted[:1], "x"]]
        choice = data.draw(st.integers(0, 9))
        if choice < 6 and accepted:
            values[item.id] = accepted[choice % len(accepted)]
        elif choice < 8:
            values[item.id] = odd[data.draw(st.integers(0, len(odd) - 1))]
    assert applicability(q, values) == _reference(q, values)
    assert applicability(q, values) == _reference(q, values)  # the cached rules, again
