"""JSON Schema of the file formats and of the JSON report, generated from the pydantic
models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from tipq.core.questionnaire import Questionnaire
from tipq.core.report import FINDINGS_SCHEMA_ID, FindingsReport
from tipq.core.response import Response

_TITLES = {
    "questionnaire": "tipq questionnaire",
    "response": "tipq response",
    "findings": "tipq findings report (tipq validate/check --format json)",
}

#: Every kind of ``tipq schema KIND``, and its model.
MODEL_BY_KIND: dict[str, type[BaseModel]] = {
    "questionnaire": Questionnaire, "response": Response, "findings": FindingsReport}


def build_schema(kind: str) -> dict[str, Any]:
    model = MODEL_BY_KIND[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    ids = {"findings": FINDINGS_SCHEMA_ID}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ids.get(kind, f"https://tipq.invalid/schema/{kind}.json"),
        "title": _TITLES[kind],
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_json(kind: str) -> str:
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"
