"""One funnel maps exceptions to exit codes: the console script, run() and CliRunner agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipq.cli.app import app, run
from tipq.cli.exits import ExitStatus

SMALL = str(Path(__file__).parent / "examples" / "questionnaires" / "valid" / "small"
            / "questionnaire.yaml")

CASES = [
    (["show", "/nonexistent.yaml"], ExitStatus.USAGE),  # a UserError from the library
    (["validate", "--format", "xml"], ExitStatus.USAGE),  # a typer usage error
    (["show", SMALL, "--section", "protecton"], ExitStatus.USAGE),  # UsageError from render
    (["check", SMALL], ExitStatus.OK),
    (["schema", "response"], ExitStatus.OK),
    ([], ExitStatus.USAGE),  # no command: help, exit 2 (click's no_args_is_help)
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(a) or "-" for a, _ in CASES])
def test_same_exit_code_everywhere(args: list[str], expected: int) -> None:
    under_runner = CliRunner().invoke(app, args)
    assert under_runner.exception is None or isinstance(under_runner.exception, SystemExit)
    assert under_runner.exit_code == expected
    assert run(args) == expected
    shell = subprocess.run([sys.executable, "-m", "tipq", *args], capture_output=True,
                           text=True, encoding="utf-8", check=False)
    assert shell.returncode == expected, shell.stderr
    assert "Traceback" not in shell.stderr


def test_internal_error_is_exit_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import tipq.cli.schema_cmd as schema_cmd

    def boom(kind: str) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr("tipq.core.schema.schema_json", boom)
    result = CliRunner().invoke(app, ["schema", "response"])
    assert result.exit_code == ExitStatus.INTERNAL
    assert "internal error: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output
    del schema_cmd


def test_start_up_loads_no_model_and_no_rich() -> None:
    """`tipq --help` and every command's parsing stay light: the questionnaire models
    (pydantic), rich and ruamel are imported inside the commands that need them."""
    code = ("import sys; import tipq.cli.app; "
            "print(sorted(m for m in ('pydantic', 'rich', 'ruamel.yaml', 'tipq.core.questionnaire')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
