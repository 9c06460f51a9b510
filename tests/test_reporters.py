"""The finding reporters through the real CLI: untrusted text escaped per output kind
(issue 10), SARIF, JUnit, JSON and GitHub output checked by their own validators,
--path-prefix, the step summary, and the pre-commit hooks file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import REPO, build_file_tree
from output_checks import (
    check_json_report,
    check_junit,
    check_sarif,
    external_schema,
    github_lines,
)
from typer.testing import CliRunner

from tipq.cli.app import app
from tipq.core import escape
from tipq.core.findings import CATALOG
from tipq.render.reporters import GITHUB_ANNOTATION_LIMIT, REPORTER_BY_NAME

EXAMPLES = REPO / "tests" / "examples" / "responses"
QUESTIONNAIRES = EXAMPLES / "_questionnaires"
COMPLETE = (EXAMPLES / "valid" / "complete" / "XXA.yaml").read_text(encoding="utf-8")

FORGED = "x\n::error file=README.md,line=1::Injected"
TERMINAL = "\x1b]0;pwned\a\x1b[2J"


@pytest.fixture(autouse=True)
def _not_on_github(monkeypatch):
    for name in ("GITHUB_WORKSPACE", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


def _response(country: str = "XXA", details: str | None = None) -> str:
    text = COMPLETE.replace("country: XXA", f"country: {json.dumps(country)}")
    if details is not None:
        text = text.replace("    value: |\n      Article 230 makes recruitment, transport, "
                            "transfer, harbouring or receipt of\n",
                            f"    value: {json.dumps(details)}\n    x-old: |\n      a\n")
    return text


def _validate(tmp_path: Path, fmt: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "responses"), "-q",
                                      str(QUESTIONNAIRES), "-f", fmt, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _one(tmp_path: Path, text: str, name: str = "XXA.yaml") -> None:
    build_file_tree(tmp_path / "responses", {name: text})


# --- the four cases of the issue -------------------------------------------------------------


def test_a_forged_workflow_command_in_a_value_is_not_one_in_text_output(tmp_path):
    _one(tmp_path, _response(FORGED))
    code, out = _validate(tmp_path, "text")
    assert code == 1
    assert not any(line.lstrip().startswith("::") for line in out.splitlines()), out
    assert escape.visible(FORGED) in out  # shown, visibly: x\n::error ...


def test_terminal_escapes_in_a_value_are_shown_not_sent(tmp_path):
    _one(tmp_path, _response(TERMINAL))
    code, out = _validate(tmp_path, "text")
    assert code == 1
    assert "\x1b" not in out and "\a" not in out
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in out


def test_github_output_keeps_no_esc_or_nul(tmp_path):
    _one(tmp_path, _response(TERMINAL + "\0end"))
    _, out = _validate(tmp_path, "github")
    assert "\x1b" not in out and "\0" not in out
    commands = [line for line in github_lines(out) if isinstance(line, tuple)]
    assert any("\\x1b]0;pwned\\x07\\x1b[2J\\x00end" in data for _, _, data in commands)


def test_junit_with_control_characters_parses_and_fits_the_xsd(tmp_path):
    _one(tmp_path, _response(TERMINAL + "\0\x0b<&>\"'" + FORGED))
    _, out = _validate(tmp_path, "junit")
    suite = check_junit(out)
    [failure] = suite.iter("failure")
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x00\\x0b<&>\"'x\\n::error" in (failure.text or "")


# --- each format's own validator ---------------------------------------------------------------


def _mixed(tmp_path: Path) -> None:
    build_file_tree(tmp_path / "responses", {
        "XXA.yaml": COMPLETE,
        "XXB.yaml": COMPLETE.replace("country: XXA", "country: XXB")
        + "  not-a-question:\n    value: 1\n",
        "XXC.yaml": COMPLETE.replace("country: XXA", "country: XXC")
        .replace("submitted_at: 2018-09-14T16:30:00Z", "submitted_at: 2018-08-14T16:30:00Z"),
        "XXD.yaml": b"\x00\x01binary",
    })


def test_json_report_validates_against_its_schema_and_names_the_tool(tmp_path):
    _mixed(tmp_path)
    code, out = _validate(tmp_path, "json")
    doc = check_json_report(out)
    assert code == 1
    assert doc["tool"]["name"] == "tipq" and doc["tool"]["version"]
    assert doc["$schema"].endswith("findings.json") and doc["schema_version"] == 1
    assert {Path(f["file"]).name for f in doc["files"]} == {"XXA.yaml", "XXB.yaml",
                                                            "XXC.yaml", "XXD.yaml"}


def test_tipq_schema_findings_is_the_shipped_schema():
    result = CliRunner().invoke(app, ["schema", "findings"])
    assert result.exit_code == 0
    shipped = (REPO / "schemas" / "findings.schema.json").read_text(encoding="utf-8")
    assert result.stdout == shipped


def test_json_schema_rejects_a_report_without_the_tool(tmp_path):
    import jsonschema

    _mixed(tmp_path)
    doc = json.loads(_validate(tmp_path, "json")[1])
    del doc["tool"]
    with pytest.raises(jsonschema.ValidationError):
        check_json_report(json.dumps(doc))


def test_json_schema_allows_the_questionnaire_columns_to_come(tmp_path):
    _mixed(tmp_path)
    doc = json.loads(_validate(tmp_path, "json")[1])
    doc["files"][0] |= {"questionnaire_file": "questionnaires/x.yaml",
                        "questionnaire_hash": None, "something_later": [1]}
    check_json_report(json.dumps(doc))


def test_sarif_validates_and_maps_every_finding(tmp_path, monkeypatch):
    _mixed(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, out = _validate(tmp_path, "sarif")
    doc = check_sarif(out)
    [run] = doc["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(CATALOG)
    by_rule = {r["ruleId"]: r for r in run["results"]}
    unknown = by_rule["R111"]
    assert unknown["level"] == "error"
    loc = unknown["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "responses/XXB.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == COMPLETE.count("\n") + 1
    assert by_rule["R113"]["level"] == "warning"
    json_doc = json.loads(_validate(tmp_path, "json")[1])
    assert len(run["results"]) == len(json_doc["findings"])
    if external_schema("sarif-schema-2.1.0.json") is None:
        pytest.skip("sarif-schema-2.1.0.json not found (tests/schemas/README.md): "
                    "structure checked, schema not")


def test_sarif_schema_check_can_fail(tmp_path):
    if external_schema("sarif-schema-2.1.0.json") is None:
        pytest.skip("sarif-schema-2.1.0.json not found (tests/schemas/README.md)")
    import jsonschema

    _mixed(tmp_path)
    doc = json.loads(_validate(tmp_path, "sarif")[1])
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        check_sarif(json.dumps(doc))


@pytest.mark.parametrize("strict", [False, True])
def test_junit_failures_match_the_exit_code(tmp_path, strict):
    _mixed(tmp_path)
    code, out = _validate(tmp_path, "junit", *(["--strict"] if strict else []))
    suite = check_junit(out)
    failed = {Path(c.get("name", "")).name for c in suite.iter("testcase")
              if c.find("failure") is not None}
    # XXB: unknown question (error); XXC: timestamp warning; XXD: binary (error)
    assert failed == ({"XXB.yaml", "XXC.yaml", "XXD.yaml"} if strict else
                      {"XXB.yaml", "XXD.yaml"})
    assert code == 1
    clean = tmp_path / "clean"
    build_file_tree(clean / "responses", {"XXC.yaml": (tmp_path / "responses" / "XXC.yaml")
                                          .read_text(encoding="utf-8")})
    code, out = _validate(clean, "junit", *(["--strict"] if strict else []))
    suite = check_junit(out)
    assert suite.get("failures") == ("1" if strict else "0")
    assert code == (1 if strict else 0)


def test_junit_xsd_check_can_fail(tmp_path):
    if external_schema("JUnit.xsd") is None:
        pytest.skip("JUnit.xsd not found (tests/schemas/README.md)")
    import xmlschema

    _mixed(tmp_path)
    out = _validate(tmp_path, "junit")[1]
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        check_junit(re.sub(r"<properties>.*?</properties>", "", out, flags=re.S))


# --- GitHub: paths, the annotation limit, the step summary -------------------------------------


def test_paths_are_relative_to_github_workspace_with_the_prefix(tmp_path, monkeypatch):
    _mixed(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    _, out = _validate(tmp_path, "github", "--path-prefix", "data/")
    files = {props["file"] for line in github_lines(out) if isinstance(line, tuple)
             for _, props, _ in [line]}
    assert files == {"data/responses/XXB.yaml", "data/responses/XXC.yaml",
                     "data/responses/XXD.yaml"}
    suite = check_junit(_validate(tmp_path, "junit", "--path-prefix", "data")[1])
    assert {c.get("name") for c in suite.iter("testcase")} == {
        f"data/responses/XX{c}.yaml" for c in "ABCD"}
    sarif = check_sarif(_validate(tmp_path, "sarif", "--path-prefix", "data")[1])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    assert uris == {"data/responses/XXB.yaml", "data/responses/XXC.yaml",
                    "data/responses/XXD.yaml"}


def test_github_output_says_how_many_annotations_github_hides(tmp_path):
    extra = "".join(f"  unknown-{n}:\n    value: 1\n" for n in range(GITHUB_ANNOTATION_LIMIT + 3))
    _one(tmp_path, COMPLETE + extra)
    _, out = _validate(tmp_path, "github")
    plain = [line for line in github_lines(out) if isinstance(line, str)]
    [note] = [line for line in plain if "annotations" in line]
    assert "3 errors" in note and "-f sarif" in note
    _one(tmp_path, COMPLETE + extra.split("  unknown-3:")[0])
    _, out = _validate(tmp_path, "github")
    assert not any("annotations" in line for line in github_lines(out) if isinstance(line, str))


def test_step_summary_is_appended_and_escaped(tmp_path, monkeypatch):
    _one(tmp_path, _response("|<script>*" + FORGED), name="XXA.yaml")
    summary = tmp_path / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _ = _validate(tmp_path, "text")
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("before\n### tipq validate: failed")
    assert "<script>" not in text and "\n::" not in text
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<table>" in html and "<script>" not in html
    rows = [r for r in html.split("<tr>") if "XXA" in r]
    assert len(rows) == 1 and rows[0].count("<td") == 6  # the pipe stayed in its cell


def test_step_summary_write_failure_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    _one(tmp_path, COMPLETE)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "file"))
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "responses"), "-q",
                                      str(QUESTIONNAIRES)])
    assert result.exit_code == 0
    assert "GITHUB_STEP_SUMMARY" in result.stderr and "Traceback" not in result.stderr


def test_check_has_path_prefix_and_every_format(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(REPO))
    for fmt in REPORTER_BY_NAME:
        result = CliRunner().invoke(app, ["check", str(REPO / "questionnaires"), "-f", fmt,
                                          "--path-prefix", "sub"])
        assert result.exit_code == 0, result.output
        if fmt == "junit":
            suite = check_junit(result.stdout)
            assert all(c.get("name", "").startswith("sub/questionnaires/")
                       for c in suite.iter("testcase"))
        elif fmt == "sarif":
            check_sarif(result.stdout)
        elif fmt == "json":
            check_json_report(result.stdout)


# --- pre-commit hooks ---------------------------------------------------------------------------


def test_pre_commit_hooks_name_real_commands_and_options():
    import typer
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    group = typer.main.get_command(app)
    by_id = {h["id"]: h for h in hooks}
    for hook in hooks:
        words = hook["entry"].split() + hook.get("args", [])
        assert words[0] == "tipq"
        command = group.get_command(None, words[1])  # type: ignore[arg-type]
        assert command is not None, hook["id"]
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        for word in words[2:]:
            if word.startswith("-"):
                assert word.split("=")[0] in options, (hook["id"], word)
        assert re.compile(hook["files"])
    validate = by_id["tipq-validate"]
    # a commit changing only a questionnaire re-validates every response
    assert re.search(validate["files"], "questionnaires/untoc-general.yaml")
    assert re.search(validate["files"], "responses/ARG.yaml")
    assert validate["pass_filenames"] is False and validate["args"] == ["responses"]
    changed = by_id["tipq-validate-changed"]
    assert not re.search(changed["files"], "questionnaires/untoc-general.yaml")
