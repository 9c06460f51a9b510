"""Pydantic models of questionnaires and responses: no I/O, no UI."""

from tipq.models.common import UN_LANGUAGES, Lang, LocalizedText, pick_text
from tipq.models.questionnaire import (
    CLOSED_VALUES,
    DISCRETE_TYPES,
    REQUIREMENT_BY_OBLIGATION,
    Item,
    Question,
    Questionnaire,
    Section,
)
from tipq.models.response import Answer, Response

__all__ = [
    "CLOSED_VALUES",
    "DISCRETE_TYPES",
    "REQUIREMENT_BY_OBLIGATION",
    "UN_LANGUAGES",
    "Answer",
    "Item",
    "Lang",
    "LocalizedText",
    "Question",
    "Questionnaire",
    "Response",
    "Section",
    "pick_text",
]
