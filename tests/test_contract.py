"""One contract: tipq's structure verdict (R001 or not) is the exported JSON Schema's.

Probe responses are generated: valid ones, and ones with one mutation each (a field
missing, an unknown field, a value of another type, an answer key that is not an id, a
timestamp in an odd form). For each, tipq's verdict and jsonschema's (Draft 2020-12, with
format checking) must agree. ``docs/response-format.md`` lists exactly the schema's
required fields.

One deviation is left out of the probes: jsonschema matches patterns with Python's
``re.search``, whose ``$`` also matches before a final newline (ECMA 262's does not, nor
does pydantic's): text ending in a newline is not generated.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema
import pytest
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipq.core.response import Response
from tipq.core.schema import build_schema
from tipq.io.loading import validate_document
from tipq.io.yaml_load import YamlDocument, load_yaml

pytest.importorskip("rfc3339_validator", reason="jsonschema checks date-time with it")

SCHEMA = build_schema("response")
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
BASE = load_yaml(REPO / "responses" / "XXA.yaml", positions=False).data


def tipq_accepts(data: Any) -> bool:
    doc = YamlDocument(data=data, file="probe.yaml", text="", positions={})
    return validate_document(doc, Response, "R001").ok


def schema_accepts(data: Any) -> bool:
    return VALIDATOR.is_valid(data)


# --- probes ------------------------------------------------------------------------------

text = st.text(max_size=12).filter(lambda t: not t.endswith("\n"))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), text)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)), max_leaves=6)
TIMESTAMPS = [
    "2025-10-01T09:00:00Z", "2025-10-01T09:00:00+02:00", "2025-10-01T09:00:00.5Z",
    "2025-10-01T09:00:00-00:00", "2025-10-01", "2025-10-01T09:00:00", "2025-10-01T09:00Z",
    "2025-10-01 09:00:00Z", "2025-10-01t09:00:00z", "2025-10-01T09:00:00+0200",
    "2025-10-01T24:00:00Z", "2025-10-01T23:59:60Z", "2025-02-30T09:00:00Z",
    "0000-01-01T00:00:00Z", "20251001T090000Z", " 2025-10-01T09:00:00Z", "1756717200",
]
timestamps = st.one_of(st.sampled_from(TIMESTAMPS), st.integers(0, 2**32),
                       st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                       st.builds(lambda y, mo, d, h, mi, s, z: f"{y:04d}-{mo:02d}-{d:02d}T"
                                 f"{h:02d}:{mi:02d}:{s:02d}{z}",
                                 st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32),
                                 st.integers(0, 24), st.integers(0, 60), st.integers(0, 60),
                                 st.sampled_from(["Z", "+01:00", "-23:59", "+24:00", "", "z"])))
keys = st.one_of(st.sampled_from(["Tip-Offence", "tip offence", "1st", "tip--offence",
                                  "tip-offence-", "a" * 65, "a" * 64, "ok-id", "x_y"]), text)
TIMESTAMP_FIELDS = [("created",), ("updated",), ("submitted_at",),
                    ("answers", "tip-offence", "answered_at")]
FIELDS = [("questionnaire",), ("questionnaire", "id"), ("questionnaire", "version"),
          ("questionnaire", "hash"), ("country",), ("respondent",), ("respondent", "name"),
          ("respondent", "email"), ("status",), ("created",), ("updated",), ("submitted_at",),
          ("answers",), ("answers", "tip-offence"), ("answers", "tip-offence", "value"),
          ("answers", "tip-offence", "answered_at")]
MAPPINGS = [(), ("questionnaire",), ("respondent",), ("answers", "tip-offence")]


def _parent(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else {}
    return node


def _drop(data: dict[str, Any], path: tuple[str, ...]) -> None:
    _parent(data, path).pop(path[-1], None)


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    parent = _parent(data, path)
    if isinstance(parent, dict):
        parent[path[-1]] = value


@st.composite
def probes(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    kind = draw(st.sampled_from(["valid", "missing", "extra", "type", "key", "timestamp",
                                 "status", "country"]))
    if kind == "missing":
        _drop(data, draw(st.sampled_from(FIELDS)))
    elif kind == "extra":
        where = draw(st.sampled_from(MAPPINGS))
        node = data
        for part in where:
            node = node[part]
        node[draw(text)] = draw(values)
    elif kind == "type":
        _set(data, draw(st.sampled_from(FIELDS)), draw(values))
    elif kind == "key":
        data["answers"][draw(keys)] = {"value": draw(values)}
    elif kind == "timestamp":
        _set(data, draw(st.sampled_from(TIMESTAMP_FIELDS)), draw(timestamps))
    elif kind == "status":
        data["status"] = draw(st.sampled_from(["draft", "submitted", "Submitted", "DRAFT",
                                               "final", "", None]))
    elif kind == "country":
        data["country"] = draw(st.one_of(st.sampled_from(["ARG", "arg", "EU", "eu", "UK",
                                                          "XXAA", "X1A"]), text))
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(probes())
def test_tipq_and_the_schema_agree_on_structure(data: dict[str, Any]) -> None:
    assert tipq_accepts(data) == schema_accepts(data), data


@pytest.mark.parametrize("value", TIMESTAMPS)
def test_timestamp_forms_agree(value: str) -> None:
    data = copy.deepcopy(BASE)
    data["created"] = value
    assert tipq_accepts(data) == schema_accepts(data)
    ok = value in ("2025-10-01T09:00:00Z", "2025-10-01T09:00:00+02:00",
                   "2025-10-01T09:00:00.5Z", "2025-10-01T09:00:00-00:00")
    assert tipq_accepts(data) is ok


def test_the_sample_is_valid_for_both() -> None:
    assert tipq_accepts(BASE) and schema_accepts(BASE)


def test_the_docs_list_exactly_the_required_fields() -> None:
    text = (REPO / "docs" / "response-format.md").read_text(encoding="utf-8")
    table = text.split("## Fields", 1)[1].split("\n\n", 2)[1]
    required = set()
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) >= 2 and cells[1] == "yes":
            for name in re.findall(r"`([a-z_]+)`", cells[0]):  # top-level names only
                required.add(name)
    assert required == set(SCHEMA["required"])
