"""JSON Schema of the file formats, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from tipq.core.questionnaire import Questionnaire
from tipq.core.response import Response

_TITLES = {
    "questionnaire": "tipq questionnaire",
    "response": "tipq response",
}


def build_schema(kind: str) -> dict[str, Any]:
    models: dict[str, type[BaseModel]] = {"questionnaire": Questionnaire, "response": Response}
    model = models[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://tipq.invalid/schema/{kind}.json",
        "title": _TITLES[kind],
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_json(kind: str) -> str:
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"
