"""``tipq validate`` through the real CLI: the issue's acceptance test, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import build_file_tree
from typer.testing import CliRunner

from tipq.cli.app import app

EXAMPLES = Path(__file__).parent / "examples" / "responses"
QUESTIONNAIRES = EXAMPLES / "_questionnaires"
COMPLETE = (EXAMPLES / "valid" / "complete" / "XXA.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _mixed_folder(root: Path) -> dict[str, str | bytes]:
    """The folder of the issue's "Done when"."""
    draft = (COMPLETE.replace("status: submitted", "status: draft")
             .replace("country: XXA", "country: XXB")
             .replace("submitted_at: 2018-09-14T16:30:00Z\n", "")
             .replace("  ex-recovery:\n    value: [housing, medical]\n", ""))
    files: dict[str, str | bytes] = {
        "XXA.yaml": COMPLETE,
        "XXB.yaml": draft,
        "XXC.yaml": COMPLETE.replace("country: XXA", "country: XXC")
        .replace('"2018-07-03T18:00"', '"2017-10-09T10:00"'),
        "XXD.yaml": COMPLETE.replace("country: XXA", "country: XXD")
        .replace('value: "yes"', "value: Yes, in part"),
        "XXE.yaml": COMPLETE.replace("country: XXA", "country: XXE")
        + "  ex-prosecutions:\n    value: 15\n",
        "XXF.yaml": "",
        "XXG.yaml": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    }
    build_file_tree(root, files)
    return files


def test_done_when_one_table_precise_findings_exit_1(tmp_path):
    files = _mixed_folder(tmp_path / "responses")
    proc = subprocess.run(
        [sys.executable, "-m", "tipq", "validate", "responses", "--questionnaire",
         str(QUESTIONNAIRES)],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert proc.stderr == ""  # no progress bar, no traceback: stderr is not a terminal
    table = out.split("\n\n")[0].splitlines()
    assert table[0].split() == ["file", "country", "status", "answered", "errors", "warnings"]
    rows = {line.split()[0]: line.split()[1:] for line in table[2:]}
    sep = "/" if "/" in table[2] else "\\"
    name = lambda n: f"responses{sep}{n}"  # noqa: E731
    assert rows[name("XXA.yaml")] == ["XXA", "submitted", "6/6", "0", "0"]
    assert rows[name("XXB.yaml")] == ["XXB", "draft", "5/6", "0", "0"]
    assert rows[name("XXC.yaml")] == ["XXC", "submitted", "-", "1", "0"]
    # the citations follow-up waits for a valid answer to ex-offence: 5 apply; the invalid
    # answer does not count as answered (the count the interview shows too)
    assert rows[name("XXD.yaml")] == ["XXD", "submitted", "4/5", "1", "0"]
    for bad in ("XXE.yaml", "XXF.yaml", "XXG.yaml"):
        assert rows[name(bad)] == ["-", "-", "-", "1", "0"]
    findings = [line for line in out.splitlines() if ": error " in line or ": info " in line]
    xxd, xxe = str(files["XXD.yaml"]), str(files["XXE.yaml"])
    expected = [
        f"{name('XXB.yaml')}:{_line_of(COMPLETE, 'status:')}:1: info R107",
        f"{name('XXC.yaml')}:{_line_of(COMPLETE, 'version:')}:3: error R102",
        f"{name('XXD.yaml')}:{_line_of(xxd, 'Yes, in part')}:5: error R108 [ex-offence]",
        f"{name('XXE.yaml')}:{len(xxe.splitlines()) - 1}:3: error Y010",
        f"{name('XXF.yaml')}:1:1: error Y011",
        f"{name('XXG.yaml')}:1:6: error Y005",  # the first NUL byte
    ]
    assert len(findings) == len(expected), out
    for line, prefix in zip(findings, expected, strict=False):
        assert line.startswith(prefix + " "), out
    assert "written for version 2017-10-09T10:00 of 'small-example'" in out
    assert "'Yes, in part' is not a closed answer. Write one of: yes, partly" in out
    assert "the key 'ex-prosecutions' appears twice" in out
    assert out.rstrip().endswith("5 errors, 0 warnings, 1 info in 7 files")


def test_json_report_has_a_row_and_findings_per_file(tmp_path):
    _mixed_folder(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "-q", str(QUESTIONNAIRES),
                                      "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["command"] == "validate"
    assert doc["counts"] == {"error": 5, "warning": 0, "info": 1}
    files = {Path(f["file"]).name: f for f in doc["files"]}
    assert files["XXA.yaml"] == {"file": str(tmp_path / "XXA.yaml"), "country": "XXA",
                                 "status": "submitted",
                                 "questionnaire": "small-example 2018-07-03T18:00",
                                 "questionnaire_file": str(QUESTIONNAIRES / "small-example.yaml"),
                                 "questionnaire_hash": files["XXA.yaml"]["questionnaire_hash"],
                                 "answered": 6, "applicable": 6, "errors": 0, "warnings": 0}
    assert files["XXA.yaml"]["questionnaire_hash"].startswith("sha256")
    [y010] = [f for f in doc["findings"] if f["code"] == "Y010"]
    assert y010["name"] == "duplicate-key" and y010["line"] and y010["col"] == 3


def test_github_annotations_and_junit_cases(tmp_path):
    _mixed_folder(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "-q", str(QUESTIONNAIRES),
                                      "-f", "github"])
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=") and ",line=" in line and "R108" in line
               for line in lines)
    assert any(line.startswith("::notice ") and "R107" in line for line in lines)
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "-q", str(QUESTIONNAIRES),
                                      "-f", "junit"])
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite.get("tests") == "7" and suite.get("failures") == "5"
    cases = {Path(c.get("name")).name: c for c in suite.iter("testcase")}
    assert cases["XXA.yaml"].find("failure") is None
    assert "Y005" in cases["XXG.yaml"].find("failure").text


def test_clean_folder_exits_0_and_warnings_fail_only_with_strict(tmp_path):
    build_file_tree(tmp_path, {"XXA.yaml": COMPLETE,
                               "ITA.yaml": COMPLETE})  # R105: XXA in a file named ITA
    runner = CliRunner()
    clean = runner.invoke(app, ["validate", str(tmp_path / "XXA.yaml"), "-q",
                                str(QUESTIONNAIRES)])
    assert clean.exit_code == 0, clean.output
    assert clean.stdout.rstrip().endswith("0 errors, 0 warnings, 0 info in 1 file")
    warned = runner.invoke(app, ["validate", str(tmp_path), "-q", str(QUESTIONNAIRES)])
    assert warned.exit_code == 0 and "warning R105" in warned.stdout
    strict = runner.invoke(app, ["validate", str(tmp_path), "-q", str(QUESTIONNAIRES),
                                 "--strict"])
    assert strict.exit_code == 1


def test_bad_usage_exits_2(tmp_path, monkeypatch):
    from tipq.cli.app import run

    monkeypatch.chdir(tmp_path)
    assert run(["validate", "missing.yaml"]) == 2  # no such path
    assert run(["validate"]) == 2  # no ./responses to default to
    (tmp_path / "empty").mkdir()
    assert run(["validate", "empty"]) == 2  # no response files
    build_file_tree(tmp_path, {"responses/XXA.yaml": COMPLETE})
    assert run(["validate", "-q", "nowhere"]) == 2  # no such questionnaire path
    assert run(["validate", "--format", "xml"]) == 2
    assert run(["validate", "-q", str(QUESTIONNAIRES)]) == 0  # ./responses by default


def test_check_output_keeps_its_format_without_a_table(tmp_path):
    result = CliRunner().invoke(app, ["check", str(QUESTIONNAIRES / "small-example.yaml")])
    assert result.stdout.splitlines()[0].startswith("0 errors")


def test_pre_commit_hooks_run_real_commands():
    from tipq.io.yaml_load import parse_yaml

    repo = Path(__file__).resolve().parent.parent
    text = (repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = {h["id"]: h for h in parse_yaml(text, require_mapping=False).data}
    assert sorted(hooks) == ["tipq-check", "tipq-validate", "tipq-validate-changed"]
    commands = {c.name for c in app.registered_commands}
    for hook in hooks.values():
        program, command = hook["entry"].split()
        assert program == "tipq" and command in commands
        assert hook["language"] == "python" and hook["name"] and hook["files"]
    assert hooks["tipq-validate"]["entry"] == "tipq validate"


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_progress_bar_on_a_terminal_only(tmp_path):
    import os
    import pty

    build_file_tree(tmp_path, {f"r{i:02d}.yaml": COMPLETE for i in range(25)})
    cmd = [sys.executable, "-m", "tipq", "validate", str(tmp_path), "-q", str(QUESTIONNAIRES),
           "-j", "1"]
    main, sub = pty.openpty()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=sub, timeout=120)
    os.close(sub)
    drawn = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal is closed
            break
        if not chunk:
            break
        drawn += chunk
    os.close(main)
    assert proc.returncode == 0
    assert b"validating" in drawn and b"25/25" in drawn
    assert b"validating" not in proc.stdout  # the bar never mixes with the report
    piped = subprocess.run(cmd, capture_output=True, timeout=120)
    assert piped.stderr == b"" and piped.stdout == proc.stdout


def test_the_secretariat_doc_shows_real_output(tmp_path, monkeypatch):
    import re
    import shutil

    _mixed_folder(tmp_path / "responses")
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(QUESTIONNAIRES / "small-example.yaml", tmp_path / "questionnaires")
    monkeypatch.chdir(tmp_path)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "secretariat.md").read_text(
        encoding="utf-8")
    shown = re.search(r"```console\n\$ tipq validate responses/\n(file .*?)```", doc, re.S)
    assert shown, "the sample run is missing from docs/secretariat.md"
    result = CliRunner().invoke(app, ["validate", "responses/"])
    assert result.stdout.replace("\\", "/") == shown.group(1)
