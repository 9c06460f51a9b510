"""``tipq schema``: JSON Schema of the questionnaire and response formats."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer


class SchemaKind(str, enum.Enum):
    questionnaire = "questionnaire"
    response = "response"
    findings = "findings"


def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which format.")],
) -> int:
    """Print the JSON Schema of a format, generated from tipq's models: questionnaire and
    response files (for editors: the shipped files name it in a
    `# yaml-language-server: $schema=` comment), or findings, the report of
    `tipq validate/check --format json`."""
    from tipq.core.schema import schema_json

    sys.stdout.write(schema_json(kind.value))
    return 0


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
