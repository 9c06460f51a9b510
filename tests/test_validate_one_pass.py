"""Issue 10: every finding in one pass, one finding per cause, messages in plain words, and
no file in a folder left out without a word."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers import REPO, build_file_tree
from typer.testing import CliRunner

from tipq.checks.batch import validate_file, validate_paths
from tipq.cli.app import app
from tipq.core import countries
from tipq.core.findings import CATALOG
from tipq.io.repository import QuestionnaireRepository
from tipq.io.yaml_load import parse_yaml

SAMPLE = (REPO / "responses" / "XXA.yaml").read_text(encoding="utf-8")
NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)


def _validate(tmp_path: Path, text: str, name: str = "XXA.yaml"):
    build_file_tree(tmp_path, {name: text})
    return validate_file(tmp_path / name, QuestionnaireRepository.build([]), now=NOW)


def _codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def test_a_structure_error_does_not_stop_the_answer_checks(tmp_path):
    text = (SAMPLE.replace("status: draft", 'status: "Submitted"')
            .replace("respondent:", "respondant:")
            .replace("value: both", "value: bothh"))
    result = _validate(tmp_path, text)
    assert _codes(result) == ["R001", "R001", "R108"]  # no R106 flood: the status is unknown
    status, typo = (f for f in result.findings if f.code == "R001")
    assert "'Submitted'" in status.message and "did you mean 'submitted'" in status.message
    assert "draft, submitted" in status.hint
    assert "did you mean 'respondent'" in typo.message and "Rename it" in typo.hint
    assert result.answered is not None  # the answers were counted


def test_a_missing_answers_field_is_one_finding(tmp_path):
    text = SAMPLE.replace("status: draft", "status: submitted\nsubmitted_at: "
                          "'2026-02-16T10:09:00Z'").split("answers:")[0]
    result = _validate(tmp_path, text)
    [f] = result.findings
    assert f.code == "R001" and "'answers' is missing" in f.message and "answers: {}" in f.hint


def test_a_bad_answer_key_is_one_finding(tmp_path):
    text = SAMPLE.replace("  tip-offence:\n", "  Tip-Offence:\n")
    result = _validate(tmp_path, text)
    [f] = [f for f in result.findings if f.code != "R107"]  # R107: the draft's open questions
    assert f.code == "R001" and "Did you mean 'tip-offence'?" in f.hint
    assert "R110" not in _codes(result)  # its citations wait for it: no second finding


def test_follow_up_of_a_follow_up_below_a_typo_gets_no_r110(tmp_path):
    examples = REPO / "tests/examples/responses"
    q = (examples / "_questionnaires/small-example.yaml").read_text(encoding="utf-8")
    # details follows up a Yes to the offence; assistance follows up a Yes to details.
    q = q.replace("""            answer: {type: text}
          - id: ex-offence-assistance""", """            when: {question: ex-offence, in: ["yes"]}
            answer: {type: closed}
          - id: ex-offence-assistance
            when: {question: ex-offence-details, in: ["yes"]}""")
    r = (examples / "valid/complete/XXA.yaml").read_text(encoding="utf-8")
    r = r.replace('value: "yes"', 'value: "yse"', 1)
    start = r.index("  ex-offence-details:")
    end = r.index("  ex-offence-assistance:")
    r = r[:start] + '  ex-offence-details:\n    value: "yes"\n' + r[end:]
    build_file_tree(tmp_path, {"q/small-example.yaml": q, "XXA.yaml": r})
    run = validate_paths([tmp_path / "XXA.yaml"], [tmp_path / "q"], exclusive=True)
    codes = [f.code for f in run.findings if f.code != "R103"]  # the edited questionnaire
    assert codes == ["R108"], [f.format() for f in run.findings]


def test_r110_words_an_unanswered_controlling_question():
    spec = CATALOG["R110"]
    assert "{reason}" in spec.message and "{change}" in spec.hint


def test_one_r113_for_many_answers_dated_after_updated(tmp_path):
    text = SAMPLE.replace("updated: '2026-02-16T10:09:00Z'", "updated: '2026-02-16T09:34:00Z'")
    result = _validate(tmp_path, text)
    r113 = [f for f in result.findings if f.code == "R113"]
    assert len(r113) == 1
    # 9 of the 11 answers are dated more than the clock skew (10 minutes) after it
    assert "9 answers" in r113[0].message and "and 6 more" in r113[0].message


def test_a_tab_is_named_with_the_fix():
    from tipq.core.errors import FindingError

    with pytest.raises(FindingError) as e:
        parse_yaml("a:\n\tb: 1\n")
    assert "tab" in e.value.finding.message and "spaces" in e.value.finding.hint


def test_a_duplicate_answer_key_carries_the_question(tmp_path):
    text = SAMPLE.replace("answers:\n", "answers:\n  tip-offence-location:\n    value: both\n")
    result = _validate(tmp_path, text)
    [f] = result.findings
    assert f.code == "Y010" and f.question_id == "tip-offence-location"


@pytest.mark.parametrize(("typed", "first"), [("UK", "GBR"), ("FR", "FRA"), ("US", "USA"),
                                              ("DE", "DEU"), ("fra", "FRA")])
def test_country_suggestions_start_with_what_the_code_means(typed, first):
    assert countries.suggest(typed)[0] == first


def test_a_huge_number_is_quoted_as_written():
    from tipq.core.kinds import check_value
    from tipq.core.questionnaire import NumberAnswer

    value = parse_yaml("v: 1e400\n").data["v"]
    problem = check_value(NumberAnswer(type="number"), value)
    assert problem is not None and "1e400" in problem.problem and "too large" in problem.problem


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symbolic links")
def test_every_yaml_entry_of_a_folder_is_reported(tmp_path):
    folder = tmp_path / "in"
    build_file_tree(folder, {"XXA.yaml": SAMPLE})
    os.mkfifo(folder / "fifo.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "broken.yml").symlink_to(folder / "gone.yaml")
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2, result.output
    for name in ("fifo.yaml", "loop.yaml", "broken.yml"):
        assert f"{name}: error Y001" in result.output
    direct = CliRunner().invoke(app, ["validate", str(folder / "broken.yml")])
    assert direct.exit_code == 2 and "Y001" in direct.output and "symbolic link" in direct.output


def test_an_empty_folder_named_like_a_file_is_named(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "x.yaml (a folder)" in result.output


@pytest.mark.parametrize("out", [".", "./", "/"])
def test_interview_out_a_folder_is_a_usage_error(tmp_path, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["interview", "--country", "XXA", "--out", out])
    assert result.exit_code == 2, result.output
    assert "give the path of the response file" in result.output
