"""`tipq show` and `tipq export` through the real command line."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import typing
from pathlib import Path

import html5lib
import pytest
from helpers import REPO, SMALL_QUESTIONNAIRE, build_file_tree
from typer.testing import CliRunner

from tipq.cli import show_cmd
from tipq.cli.app import app
from tipq.core.questionnaire import NegotiationStatus, Obligation, Requirement
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
        assert "bad.yaml:" in result.stderr and "Y006" in result.stderr
        assert f"run `tipq check {tmp_path / 'bad.yaml'}`" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["show", "export"])
def test_a_missing_file_is_reported_once(tmp_path: Path, command: str) -> None:
    """Reported: a second message called a missing file "not a questionnaire tipq can
    read". The loader's finding says it all; `tipq check` would only repeat it."""
    for path in (tmp_path / "nope.yaml", tmp_path):  # missing; a folder
        result = tipq(command, str(path))
        assert result.returncode == 2
        assert result.stderr.count("Y001") == 1 and len(result.stderr.splitlines()) == 1
        assert "tipq check" not in result.stderr and "not a questionnaire" not in result.stderr
    assert "no such file or directory" in tipq(command, str(tmp_path / "nope.yaml")).stderr


def test_show_in_a_windows_console_encoding_prints_arabic() -> None:
    result = tipq("show", SMALL, "--lang", "ar")
    assert result.returncode == 0, result.stderr
    assert "التجريم" in result.stdout  # logical order, UTF-8
    assert "\x1b[" not in result.stdout  # not a terminal: no colours


def test_show_reorders_arabic_only_with_bidi() -> None:
    """Reported: `tipq show --lang ar > out.txt` stored visually reversed text, and `tipq
    interview` did not reorder by default. Now neither does unless --bidi is given (then
    even into a file or pipe: the user asked for it)."""
    plain = tipq("show", SMALL, "--lang", "ar")
    assert "التجريم" in plain.stdout and "ميرجتلا" not in plain.stdout
    assert "\u20663(a)\u2069" in plain.stdout  # references isolated for bidi terminals
    reordered = tipq("show", SMALL, "--lang", "ar", "--bidi")
    assert reordered.returncode == 0 and "ميرجتلا" in reordered.stdout
    assert "3(a) ةداملا" in reordered.stdout and "\u2066" not in reordered.stdout
    assert tipq("show", SMALL, "--lang", "ar", "--no-bidi").stdout == plain.stdout


def test_bidi_is_in_the_help_and_documented_like_the_interview() -> None:
    help_text = invoke("show", "--help").output
    assert "--bidi" in help_text and "--no-bidi" in help_text

    def table(doc: str) -> list[str]:
        lines = (REPO / "docs" / doc).read_text(encoding="utf-8").splitlines()
        start = lines.index("| terminal | does its own bidi? | use |")
        end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
        return lines[start:end]

    assert table("non-paper.md") == table("interview.md"), (
        "docs/non-paper.md and docs/interview.md must give the same terminal table")


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
    result = tipq("export", SMALL, "-o", str(tmp_path))
    assert result.returncode == 2
    assert "it is a folder; give a file name" in result.stderr


def test_export_dash_means_standard_output(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Reported: `-o -` wrote a file named "-"."""
    monkeypatch.chdir(tmp_path)
    result = invoke("export", SMALL, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# A small example questionnaire\n")
    assert "wrote" not in result.output and not (tmp_path / "-").exists()
    html = tipq("export", SMALL, "--format", "html", "-o", "-", cwd=tmp_path)
    assert html.returncode == 0 and html.stdout.startswith("<!DOCTYPE html>")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout")
def test_export_to_dev_stdout_writes_standard_output(tmp_path: Path) -> None:
    """Reported: `-o /dev/stdout` failed. Into a pipe and into a redirected file."""
    result = tipq("export", SMALL, "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# A small example questionnaire\n")
    out = tmp_path / "out.md"
    with out.open("w", encoding="utf-8") as fh:
        done = subprocess.run([sys.executable, "-m", "tipq", "export", SMALL, "-o",
                               "/dev/stdout"], stdout=fh, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# A small example questionnaire\n")


def _special_files(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a socket and (where allowed) a character device, made in tmp_path: never a
    real /dev node, so that a regression cannot destroy one."""
    import socket
    import stat

    made = {}
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    made["a FIFO"] = fifo
    sock_path = tmp_path / "sock"
    # a path too long for a socket (macOS): no socket case
    with socket.socket(socket.AF_UNIX) as sock, contextlib.suppress(OSError):
        sock.bind(str(sock_path))
        made["a socket"] = sock_path
    try:
        os.mknod(tmp_path / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        made["a character device"] = tmp_path / "null"
    except (PermissionError, OSError):
        pass  # not root: FIFO and socket still cover the check
    return made


@pytest.mark.skipif(os.name != "posix", reason="FIFOs, sockets and device nodes are POSIX")
def test_export_refuses_to_replace_what_is_not_a_regular_file(tmp_path: Path) -> None:
    """Reported: as root, `-o /dev/full` said "wrote /dev/full" and replaced the device
    with a regular file. Devices, FIFOs and sockets, also behind a symlink, are refused."""
    import stat

    for kind, path in _special_files(tmp_path).items():
        link = tmp_path / f"link-to-{path.name}"
        link.symlink_to(path)
        before = os.lstat(path).st_mode
        for target in (path, link):
            result = tipq("export", SMALL, "--format", "html", "-o", str(target))
            assert result.returncode == 2, (kind, result.stderr)
            assert f"it is {kind}" in result.stderr and "-o - for standard output" in result.stderr
            assert "wrote" not in result.stderr
        assert os.lstat(path).st_mode == before and not stat.S_ISREG(before), kind
        assert link.is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_export_writes_through_a_symlink_to_a_regular_file(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "np.md"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "np.md"
    link.symlink_to(real)
    assert invoke("export", SMALL, "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# A small")


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
    from tipq.core.errors import UserError

    def refuse(path: object, text: str, **kw: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tipq.io.files.atomic_write_text", refuse)
    with pytest.raises(UserError, match=r"permission denied .*read-only"):
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
