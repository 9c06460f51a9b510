"""Valid and invalid response examples, discovered and run automatically.

A new case is a new folder under tests/examples/responses/{valid,invalid}/ holding one or
more response files; an invalid case also has ``expected.txt``: one line per finding,
``CODE LINE QUESTION-ID`` (``-`` for none). The questionnaires they name are in
tests/examples/responses/_questionnaires/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import read_expected
from typer.testing import CliRunner

from tipq.checks.batch import validate_paths
from tipq.cli.app import app
from tipq.core.findings import Severity

EXAMPLES = Path(__file__).parent / "examples" / "responses"
QUESTIONNAIRES = EXAMPLES / "_questionnaires"
VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_example_has_no_errors_or_warnings(case: Path) -> None:
    run = validate_paths([case], [QUESTIONNAIRES])
    assert run.results, "no response in the example folder"
    assert [f.format() for f in run.findings if f.level is not Severity.INFO] == []
    for r in run.results:  # the summary row is filled in
        assert r.country and r.status and r.applicable and r.answered == r.applicable


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_gives_expected_findings(case: Path) -> None:
    expected = read_expected(case)
    assert expected, "an invalid example must list at least one finding"
    run = validate_paths([case], [QUESTIONNAIRES])
    got = sorted((f.code, f.line or 0, f.question_id) for f in run.findings)
    assert got == sorted(expected), "\n".join(f.format() for f in run.findings)
    for f in run.findings:  # every finding says where and how to fix it
        assert f.file and f.file.endswith(".yaml")
        assert f.line and f.col
        assert f.hint.strip() and "{" not in f.message and "{" not in f.hint


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_through_the_cli(case: Path) -> None:
    expected = read_expected(case)
    result = CliRunner().invoke(app, ["validate", str(case), "-q", str(QUESTIONNAIRES),
                                      "--strict"])
    assert result.exit_code == 1, result.output
    for code, line, _qid in expected:
        assert f":{line}:" in result.output and code in result.output
    assert "Traceback" not in result.output
