"""The JSON report of ``tipq validate`` and ``tipq check`` (``--format json``), as a model.

The model is the contract: ``schemas/findings.schema.json`` (and ``tipq schema findings``)
is generated from it, and the tests validate real JSON output against that schema. The
JSON reporter writes documents of this shape; a change of shape that a consumer would
notice raises :data:`FINDINGS_SCHEMA_VERSION`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: Raised when a field is removed or changes meaning (added fields keep the version).
FINDINGS_SCHEMA_VERSION = 1
FINDINGS_SCHEMA_ID = "https://tipq.invalid/schema/findings.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolInfo(_Strict):
    """The program that wrote the report."""

    name: Literal["tipq"]
    version: str = Field(description="tipq's version (tipq --version).")


class Counts(_Strict):
    """Findings of the run, by severity."""

    error: int = Field(ge=0)
    warning: int = Field(ge=0)
    info: int = Field(ge=0)


class FileEntry(BaseModel):
    """One file of the run. ``tipq check`` gives the file only; ``tipq validate`` adds the
    columns of its summary table. Further columns may be added (e.g. the questionnaire's
    file and hash) without a new schema version, so other keys are allowed."""

    model_config = ConfigDict(extra="allow")

    file: str
    country: str | None = None
    status: str | None = None
    questionnaire: str | None = Field(None, description="'id version' of its questionnaire.")
    questionnaire_file: str | None = None
    questionnaire_hash: str | None = None
    answered: int | None = Field(None, ge=0)
    applicable: int | None = Field(None, ge=0)
    errors: int | None = Field(None, ge=0)
    warnings: int | None = Field(None, ge=0)


class FindingEntry(_Strict):
    """One finding: see docs/finding-codes.md for the codes."""

    code: str = Field(pattern=r"^[A-Z][0-9]{3}$")
    name: str
    severity: Literal["error", "warning", "info"]
    message: str
    hint: str
    file: str | None
    line: int | None = Field(ge=1)
    col: int | None = Field(ge=1)
    question_id: str | None


class FindingsReport(_Strict):
    """The JSON report of ``tipq validate`` and ``tipq check``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str = Field(alias="$schema", description="The URI of this schema.")
    schema_version: Literal[1] = Field(description="Raised when the shape changes.")
    tool: ToolInfo
    command: Literal["validate", "check"]
    strict: bool = Field(description="Whether warnings fail the run (--strict).")
    counts: Counts
    files: list[FileEntry]
    findings: list[FindingEntry]
