"""`tipq show` and `tipq export` through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from helpers import REPO, SMALL_QUESTIONNAIRE, build_file_tree
from tipq.cli import show_cmd
from tipq.cli.app import app
from tipq.models.questionnaire import NegotiationStatus, Obligation, Requirement
from tipq.render import EXPORT_FORMATS, LAYOUTS

SMALL = str(SMALL_QUESTIONNAIRE)


def invoke(*args: str) -> typing.Any:
    return CliRunner().invoke(app, list(args))


def test_cli_choices_match_the_models_and_the_registry() -> None:
    def values(e: typing.Any) -> tuple[str, ...]:
        return tuple(m.value for m in e)

    assert values(show_cmd.Requirement) == typing.get_args(Requirement)
    assert values(show_cmd.Obligation) == typing.get_args(Obligation)
    assert values(show_cmd.Status) == typing.get_args(NegotiationStatus)
    assert values(show_cmd.LayoutChoice) == LAYOUTS
    assert values(show_cmd.ExportFormat) == EXPORT_FORMATS


def test_show_filters_by_requirement_in_arabic() -> None:
    result = invoke("show", SMALL, "--requirement", "non-mandatory", "--lang", "ar",
                    "--width", "100", "--no-bidi")
    assert result.exit_code == 0, result.output
    assert "3. ما هي التدابير" in result.output
    assert "1. [هل جرّمت" not in result.output
    assert "حالة النص في 3 تموز/يوليه 2018، الساعة 18:00" in result.output


def test_show_filters_combine() -> None:
    result = invoke("show", SMALL, "-r", "mandatory", "--status", "agreed", "--width", "100")
    assert result.exit_code == 0
    assert "2. How many prosecutions" in result.output
    assert "1. [Has your State" not in result.output
    assert "— 1 of 4 questions" in result.output


@pytest.mark.parametrize(("args", "shown", "hidden"), [
    (["--article", "6"], "3. Which measures", "2. How many"),
    (["--section", "criminalization"], "2. How many", "3. Which measures"),
    (["--obligation", "shall-consider"], "3. Which measures", "1. [Has"),
    (["--layout", "annex"], "Annex. Questions on non-mandatory provisions", "Part 1."),
    (["--layout", "mandatory-first"], "Part 1. Questions on mandatory provisions", "Annex."),
])
def test_show_options(args: list[str], shown: str, hidden: str) -> None:
    result = invoke("show", SMALL, "--width", "120", *args)
    assert result.exit_code == 0, result.output
    assert shown in result.output and hidden not in result.output


def test_show_unknown_section_is_a_usage_error() -> None:
    from tipq.cli.app import run

    assert run(["show", SMALL, "--section", "protecton"]) == 2


def test_show_bad_choice_is_a_usage_error() -> None:
    result = invoke("show", SMALL, "--requirement", "optional")
    assert result.exit_code == 2
    assert "mandatory" in result.output


def test_show_without_argument_uses_the_shipped_questionnaire() -> None:
    result = invoke("show", "--width", "100")
    if not (REPO / "questionnaires" / "tip-protocol.yaml").exists():
        pytest.skip("no shipped questionnaire yet")
    assert result.exit_code == 0, result.output
    assert "1. " in result.output and "status: " in result.output


def tipq(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "tipq", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=env, timeout=60)


def test_unreadable_questionnaire_prints_findings_and_exits_2(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"bad.yaml": "id: x\ntitle: [unclosed\n"})
    for command in ("show", "export"):
        result = tipq(command, str(tmp_path / "bad.yaml"))
        assert result.returncode == 2, result.stderr
        assert "bad.yaml:" in result.stderr and "Y" in result.stderr
        assert "cannot show" in result.stderr and "Traceback" not in result.stderr
    missing = tipq("show", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "Y001" in missing.stderr


def test_show_in_a_windows_console_encoding_prints_arabic() -> None:
    result = tipq("show", SMALL, "--lang", "ar")
    assert result.returncode == 0, result.stderr
    assert "ميرجتلا" in result.stdout  # reordered for display, still UTF-8
    assert "\x1b[" not in result.stdout  # not a terminal: no colours


def test_export_html_annex_arabic_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "nonpaper.html"
    result = invoke("export", SMALL, "--format", "html", "--layout", "annex", "--lang", "ar",
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    html5lib.HTMLParser(strict=True).parse(html)
    assert "wrote" in result.output and "4 of 4 questions" in result.output
    assert list(tmp_path.iterdir()) == [out], "no temporary file left behind"


def test_export_format_follows_the_suffix(tmp_path: Path) -> None:
    assert invoke("export", SMALL, "-o", str(tmp_path / "a.html")).exit_code == 0
    assert (tmp_path / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert invoke("export", SMALL, "-o", str(tmp_path / "a.md")).exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# A small example")


def test_export_to_stdout_is_markdown_by_default() -> None:
    result = invoke("export", SMALL, "--requirement", "mandatory")
    assert result.exit_code == 0
    assert result.output.startswith("# A small example questionnaire\n")
    assert "| Shown | Requirement: Mandatory — 2 of 4 questions |" in result.output


def test_export_replaces_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "np.md"
    out.write_text("old", encoding="utf-8")
    assert invoke("export", SMALL, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# A small example")


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = tipq("export", SMALL, "-o", str(tmp_path / "no" / "such" / "np.html"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_export_to_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    from tipq.cli.app import run

    assert run(["export", SMALL, "-o", str(tmp_path)]) == 2


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="POSIX permissions; root may write anywhere")
def test_export_into_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = tipq("export", SMALL, "-o", str(folder / "np.html"))
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2
    assert "permission denied" in result.stderr and "read-only" in result.stderr


def test_write_output_reports_a_read_only_folder(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever runs the tests (root ignores permissions), a refused write reads clearly."""
    from tipq.errors import UserError

    def refuse(path: object, text: str, **kw: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tipq.yamlio.atomic_write_text", refuse)
    with pytest.raises(UserError, match="permission denied .*read-only"):
        show_cmd.write_output(tmp_path / "np.html", "x")


def test_missing_language_is_noted() -> None:
    result = invoke("export", SMALL, "--lang", "zh")
    assert result.exit_code == 0
    assert "small-example has no Chinese text" in result.output
    assert "（英文）" in result.output


def test_moved_questions_name_the_questionnaire_beside_it(tmp_path: Path) -> None:
    """A question moved to another questionnaire found beside it shows that one's title."""
    if not (REPO / "questionnaires" / "untoc-general.yaml").exists():
        pytest.skip("no shipped Convention questionnaire yet")
    result = invoke("export", str(REPO / "questionnaires" / "tip-protocol.yaml"),
                    "--status", "moved")
    assert result.exit_code == 0, result.output
    assert "(untoc-general), question 1 (" in result.output
