"""Valid and invalid example folders, discovered and run automatically.

A new case is a new folder under tests/examples/questionnaires/{valid,invalid}/ holding
questionnaire YAML files; an invalid case also has ``expected.txt``: one line per finding,
``CODE LINE QUESTION-ID`` (``-`` for none).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import read_expected
from typer.testing import CliRunner

from tipq.checks.questionnaire import check_paths
from tipq.cli.app import app

EXAMPLES = Path(__file__).parent / "examples" / "questionnaires"
VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_example_has_no_findings(case: Path) -> None:
    result = check_paths([case])
    assert result.files, "no questionnaire in the example folder"
    assert [f.format() for f in result.findings] == []


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_gives_expected_findings(case: Path) -> None:
    expected = read_expected(case)
    assert expected, "an invalid example must list at least one finding"
    result = check_paths([case])
    got = sorted((f.code, f.line or 0, f.question_id) for f in result.findings)
    assert got == sorted(expected), "\n".join(f.format() for f in result.findings)
    for f in result.findings:  # every finding says where and how to fix it
        assert f.file and f.file.endswith(".yaml")
        assert f.line and f.col
        assert f.hint.strip() and "{" not in f.message


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_through_the_cli(case: Path) -> None:
    expected = read_expected(case)
    result = CliRunner().invoke(app, ["check", str(case), "--strict"])
    unreadable = any(code.startswith("Y") for code, _, _ in expected)
    assert result.exit_code == (2 if unreadable else 1), result.output
    for code, line, _qid in expected:
        assert f":{line}:" in result.output and code in result.output
    assert "Traceback" not in result.output
