"""The exported JSON Schema accepts the shipped files and rejects structurally invalid ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from helpers import REPO
from typer.testing import CliRunner

from tipq.cli.app import app
from tipq.core.schema import build_schema
from tipq.io.yaml_load import load_yaml

QUESTIONNAIRES = sorted((REPO / "questionnaires").glob("*.yaml")) + sorted(
    (REPO / "tests/examples/questionnaires/valid").rglob("*.yaml"))
STRUCTURALLY_INVALID = [REPO / "tests/examples/questionnaires/invalid" / name / "questionnaire.yaml"
                        for name in ("unknown-field", "bad-status-and-language")]


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = build_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: p.name)
def test_schema_accepts_questionnaire(path: Path) -> None:
    errors = list(_validator("questionnaire").iter_errors(load_yaml(path).data))
    assert errors == []


@pytest.mark.parametrize("path", STRUCTURALLY_INVALID, ids=lambda p: p.parent.name)
def test_schema_rejects_structurally_invalid_questionnaire(path: Path) -> None:
    assert list(_validator("questionnaire").iter_errors(load_yaml(path).data))


@pytest.mark.parametrize("path", sorted((REPO / "responses").glob("*.yaml")), ids=lambda p: p.name)
def test_schema_accepts_sample_response(path: Path) -> None:
    assert list(_validator("response").iter_errors(load_yaml(path).data)) == []


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["schema", "response"])
    assert result.exit_code == 0
    assert json.loads(result.output)["properties"]["status"]["enum"] == ["draft", "submitted"]


def test_shipped_files_name_the_schema_for_editors() -> None:
    for path in sorted((REPO / "questionnaires").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/questionnaire.schema.json"
