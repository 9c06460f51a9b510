"""`tipq check` through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, SMALL_QUESTIONNAIRE, build_file_tree
from typer.testing import CliRunner

from tipq import __version__
from tipq.cli.app import app

INVALID = REPO / "tests/examples/questionnaires/invalid"


def tipq(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}  # a Windows-like console encoding
    return subprocess.run([sys.executable, "-m", "tipq", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=60)


def test_version() -> None:
    result = tipq("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"tipq {__version__}"


def test_shipped_questionnaires_are_clean() -> None:
    shipped = sorted((REPO / "questionnaires").glob("*.yaml"))
    if not shipped:
        pytest.skip("no shipped questionnaire yet")
    result = tipq("check", "--strict", str(REPO / "questionnaires"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(f"0 errors, 0 warnings, 0 info in {len(shipped)} files")


def test_default_is_the_shipped_questionnaires_from_any_folder(tmp_path: Path) -> None:
    result = tipq("check", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert " in " in result.stdout and "file" in result.stdout


def test_json_format_is_machine_readable() -> None:
    target = str(INVALID / "duplicate-question-id")
    result = CliRunner().invoke(app, ["check", "-f", "json", target])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["counts"]["error"] == 1
    [finding] = doc["findings"]
    assert finding["code"] == "Q101" and finding["line"] == 47
    assert finding["question_id"] == "q-forms" and finding["hint"]


def test_github_format_annotates_the_line() -> None:
    result = CliRunner().invoke(app, ["check", "-f", "github", str(INVALID / "numbering-gap")])
    assert result.exit_code == 0  # a warning only
    first = result.output.splitlines()[0]
    assert first.startswith("::warning file=") and ",line=48,col=9," in first
    assert "Q115" in first


def test_strict_fails_on_warnings() -> None:
    result = CliRunner().invoke(app, ["check", "--strict", str(INVALID / "numbering-gap")])
    assert result.exit_code == 1


def test_unreadable_input_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"bomb.yaml": "a: &a [x]\nb: [*a, *a]\n",
                               "utf16.yaml": "id: x\n".encode("utf-16")})
    for name, code in (("bomb.yaml", "Y008"), ("utf16.yaml", "Y004")):
        result = tipq("check", str(tmp_path / name))
        assert result.returncode == 2
        assert "Traceback" not in result.stdout + result.stderr
        assert f"{name}:1:" in result.stdout and code in result.stdout


def test_mixed_folder_reports_every_file(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"good.yaml": SMALL_QUESTIONNAIRE.read_text(encoding="utf-8"),
                               "empty.yml": "", "notes.txt": "ignored"})
    result = tipq("check", str(tmp_path))
    assert result.returncode == 2
    assert "empty.yml:1:1: error Y011" in result.stdout
    assert "1 error, 0 warnings, 0 info in 2 files" in result.stdout


def test_no_files_is_a_usage_error(tmp_path: Path) -> None:
    result = tipq("check", str(tmp_path))
    assert result.returncode == 2 and "no questionnaire files" in result.stderr


def test_arabic_messages_survive_a_non_utf8_console(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"q.yaml": "id: x\ntitle: {ar: عنوان}\nunknown: 1\n"})
    result = tipq("check", str(tmp_path / "q.yaml"))
    assert result.returncode == 1
    assert "unknown field 'unknown'" in result.stdout


def test_one_changed_file_finds_its_moved_targets_beside_it(tmp_path: Path) -> None:
    """As a pre-commit hook runs it: only the file a commit touched."""
    result = tipq("check", str(REPO / "questionnaires" / "tip-protocol.yaml"))
    assert result.returncode == 0, result.stdout
    alone = tmp_path / "tip-protocol.yaml"
    alone.write_bytes((REPO / "questionnaires" / "tip-protocol.yaml").read_bytes())
    result = tipq("check", str(alone))
    assert result.returncode == 1
    assert result.stdout.count(" Q112 ") == 10


def test_usage_errors_speak_plainly(tmp_path: Path) -> None:
    result = tipq("check", "-f", "pdf")
    assert result.returncode == 2
    assert "'pdf' is not one of" in result.stderr and "Value error" not in result.stderr
    result = tipq("check", str(tmp_path))
    assert str(tmp_path) in result.stderr


def test_an_unknown_field_that_belongs_elsewhere_is_not_suggested_as_itself(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"q.yaml": SMALL_QUESTIONNAIRE.read_text(encoding="utf-8")
                               .replace("status: non-paper", "status: non-paper\nnumber: 3")})
    result = tipq("check", str(tmp_path / "q.yaml"))
    assert result.returncode == 1
    assert "unknown field 'number'." in result.stdout
    assert "did you mean 'number'" not in result.stdout
