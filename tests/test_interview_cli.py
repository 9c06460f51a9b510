"""``tipq interview`` through the real CLI: options, paths, exit codes, piped input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SMALL_QUESTIONNAIRE
from typer.testing import CliRunner

from tipq.cli.app import app, run
from tipq.io.loading import load_response_file

TIPQ = [sys.executable, "-m", "tipq"]


def tipq(args: list[str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*TIPQ, *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=60)


@pytest.mark.parametrize("bad", ["../../etc", "..", "XX/A", "C:\\Windows", "xx a", "ZZZZ"])
def test_path_tricks_in_country_are_refused_clearly(tmp_path: Path, bad: str) -> None:
    r = tipq(["interview", str(SMALL_QUESTIONNAIRE), "--country", bad], tmp_path)
    assert r.returncode == 2
    assert "is not a country code tipq knows" in r.stderr
    assert not (tmp_path / "responses").exists() or not any((tmp_path / "responses").iterdir())


def test_a_typo_in_country_gets_a_suggestion(tmp_path: Path) -> None:
    r = tipq(["interview", str(SMALL_QUESTIONNAIRE), "--country", "ITL"], tmp_path)
    assert r.returncode == 2 and "did you mean Italy (ITA)" in r.stderr


def test_out_in_a_missing_folder_is_a_clear_usage_error(tmp_path: Path) -> None:
    r = tipq(["interview", str(SMALL_QUESTIONNAIRE), "--country", "XXA", "--out",
              str(tmp_path / "nowhere" / "XXA.yaml")], tmp_path)
    assert r.returncode == 2
    assert "does not exist. Create it, or choose another file with --out" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root and Windows ignore POSIX folder permissions")
def test_out_in_a_read_only_folder_is_a_clear_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        r = tipq(["interview", str(SMALL_QUESTIONNAIRE), "--country", "XXA", "--out",
                  str(folder / "XXA.yaml")], tmp_path)
    finally:
        folder.chmod(0o755)
    assert r.returncode == 2 and "you may write in it" in r.stderr


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs a folder nobody can write in")
def test_out_where_no_file_can_be_created_is_a_clear_usage_error(tmp_path: Path) -> None:
    r = tipq(["interview", str(SMALL_QUESTIONNAIRE), "--country", "XXA", "--out",
              "/proc/XXA.yaml"], tmp_path)
    assert r.returncode == 2 and "cannot create the lock file" in r.stderr


def test_piped_answers_default_path_and_the_resume_line(tmp_path: Path) -> None:
    """No --out: responses/<CODE>.yaml under the current folder, created if missing."""
    r = tipq(["interview", str(SMALL_QUESTIONNAIRE)], tmp_path,
             stdin="xxa\nAna\n\n\n3\n")
    assert r.returncode == 130, r.stderr
    assert "Country: fictitious State XXA" in r.stdout
    assert f"tipq interview {SMALL_QUESTIONNAIRE} --country XXA" in r.stderr
    loaded = load_response_file(tmp_path / "responses" / "XXA.yaml")
    assert loaded.ok and loaded.model.answers["ex-offence"].value == "no"
    assert loaded.model.respondent.name == "Ana"


def test_a_country_typed_as_a_name_or_with_a_typo_at_the_prompt(tmp_path: Path) -> None:
    r = tipq(["interview", str(SMALL_QUESTIONNAIRE)], tmp_path, stdin="Itlay\nItaly\n\n\n\nquit\n")
    assert "Did you mean: Italy (ITA)" in r.stdout
    assert (tmp_path / "responses" / "ITA.yaml").exists()
    assert r.returncode == 0


def test_a_second_interview_on_a_locked_file_is_refused(tmp_path: Path) -> None:
    from tipq.io.lock import ResponseLock

    out = tmp_path / "XXA.yaml"
    with ResponseLock(out):
        r = tipq(["interview", str(SMALL_QUESTIONNAIRE), "--country", "XXA", "--out",
                  str(out)], tmp_path, stdin="quit\n")
    assert r.returncode == 2
    assert "is being answered in another interview" in r.stderr
    assert f"process {os.getpid()}" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_second_interview_through_a_symlink_is_refused(tmp_path: Path) -> None:
    from tipq.io.lock import ResponseLock

    (tmp_path / "responses").mkdir()
    target = tmp_path / "responses" / "XXB.yaml"
    (tmp_path / "link.yaml").symlink_to(Path("responses") / "XXB.yaml")
    with ResponseLock(target):  # `tipq interview --country XXB` running elsewhere
        r = tipq(["interview", str(SMALL_QUESTIONNAIRE), "--country", "XXB", "--out",
                  "link.yaml"], tmp_path, stdin="\n\n\n1\nquit\n")
    assert r.returncode == 2, r.stdout
    assert "is being answered in another interview" in r.stderr
    assert not target.exists()  # nothing written through the link


def test_the_interview_is_registered_and_documented_in_help() -> None:
    result = CliRunner().invoke(app, ["interview", "--help"])
    assert result.exit_code == 0
    for option in ("--country", "--lang", "--out", "--order", "--bidi"):
        assert option in result.output


def test_run_maps_an_interrupt_to_130(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt="": (_ for _ in ()).throw(EOFError))
    code = run(["interview", str(SMALL_QUESTIONNAIRE), "--country", "XXA"])
    assert code == 130
    assert load_response_file(tmp_path / "responses" / "XXA.yaml").ok


def test_the_shipped_questionnaire_is_the_default(tmp_path: Path) -> None:
    r = tipq(["interview", "--country", "XXA"], tmp_path, stdin="\n\n\nquit\n")
    assert r.returncode == 0, r.stderr
    assert "Trafficking in Persons" in r.stdout
    loaded = load_response_file(tmp_path / "responses" / "XXA.yaml")
    assert loaded.ok and loaded.model.questionnaire.id == "tip-protocol"
