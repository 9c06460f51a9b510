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
    schema = _closed_keys(model.model_json_schema(by_alias=True, mode="validation"))
    ids = {"findings": FINDINGS_SCHEMA_ID}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ids.get(kind, f"https://tipq.invalid/schema/{kind}.json"),
        "title": _TITLES[kind],
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _closed_keys(node: Any) -> Any:
    """Mappings with constrained keys (answers keyed by question id) as the models read them.

    pydantic writes such a key pattern as ``patternProperties``, which lets any other key
    through; the models refuse it. So the pattern goes into ``propertyNames`` (every key must
    match it) and the value schema into ``additionalProperties``.
    """
    if isinstance(node, list):
        return [_closed_keys(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _closed_keys(v) for k, v in node.items()}
    patterns = out.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in out:
        (pattern, value), = patterns.items()
        del out["patternProperties"]
        out["propertyNames"] = {**out.get("propertyNames", {}), "pattern": pattern}
        out["additionalProperties"] = value
    return out


def schema_json(kind: str) -> str:
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"
