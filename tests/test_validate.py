"""``tipq validate`` as a library: one response (validate_response) and many files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers import build_file_tree

from tipq.checks.batch import FileResult, iter_validate, validate_file, validate_paths
from tipq.checks.response import validate_response
from tipq.core.errors import UsageError
from tipq.io.loading import load_questionnaire_file, load_response_file
from tipq.io.repository import QuestionnaireRepository, Source

EXAMPLES = Path(__file__).parent / "examples" / "responses"
QUESTIONNAIRES = EXAMPLES / "_questionnaires"
COMPLETE = (EXAMPLES / "valid" / "complete" / "XXA.yaml").read_text(encoding="utf-8")
NOW = datetime(2018, 10, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire_file(QUESTIONNAIRES / "small-example.yaml").model


def _response(tmp_path: Path, text: str, name: str = "XXA.yaml"):
    build_file_tree(tmp_path, {name: text})
    loaded = load_response_file(tmp_path / name)
    assert loaded.ok, loaded.findings
    return loaded


def _codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_complete_response_has_no_findings_and_is_never_parsed_twice(tmp_path, questionnaire):
    loaded = _response(tmp_path, COMPLETE)
    assert loaded.doc.positions is None  # read on the fast path
    assert validate_response(loaded.model, questionnaire, file="XXA.yaml", doc=loaded.doc,
                             now=NOW) == []
    assert loaded.doc.positions is None  # no finding: no second parse for positions


def test_findings_carry_file_line_column_and_question_id(tmp_path, questionnaire):
    loaded = _response(tmp_path, COMPLETE.replace("value: 14", "value: fourteen"))
    [f] = validate_response(loaded.model, questionnaire, file="XXA.yaml", doc=loaded.doc,
                            now=NOW)
    assert (f.code, f.file, f.question_id) == ("R108", "XXA.yaml", "ex-prosecutions")
    line = COMPLETE.splitlines().index("    value: 14") + 1
    assert (f.line, f.col) == (line, 5)
    assert f.params["number"] == "2" and "'fourteen' is not a number" in f.message


def test_without_a_document_findings_have_the_file_but_no_line(tmp_path, questionnaire):
    loaded = _response(tmp_path, COMPLETE.replace("value: 14", "value: -1"))
    [f] = validate_response(loaded.model, questionnaire, file="x.yaml", now=NOW)
    assert (f.code, f.file, f.line, f.col) == ("R108", "x.yaml", None, None)


def test_every_applicable_question_counts_mandatory_or_not(tmp_path, questionnaire):
    # ex-recovery is non-mandatory (report para 32): still required in a submitted response
    text = COMPLETE.replace("  ex-recovery:\n    value: [housing, medical]\n", "")
    loaded = _response(tmp_path, text)
    findings = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc, now=NOW)
    assert [(f.code, f.question_id) for f in findings] == [("R106", "ex-recovery")]
    assert questionnaire.index.by_id["ex-recovery"].question.requirement == "non-mandatory"


def test_empty_values_are_unanswered(tmp_path, questionnaire):
    text = COMPLETE.replace("value: [housing, medical]", "value: []")
    loaded = _response(tmp_path, text)
    findings = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc, now=NOW)
    assert _codes(findings) == ["R106"]
    assert findings[0].line == text.splitlines().index("  ex-recovery:") + 1


def test_draft_lists_open_questions_as_one_info_on_the_fast_path(tmp_path, questionnaire):
    text = (COMPLETE.replace("status: submitted", "status: draft")
            .replace("submitted_at: 2018-09-14T16:30:00Z\n", "")
            .replace("  ex-recovery:\n    value: [housing, medical]\n", ""))
    loaded = _response(tmp_path, text)
    [f] = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc, now=NOW)
    assert f.code == "R107" and f.level.value == "info"
    assert f.params == {"count": 1, "total": 6}
    assert f.line == text.splitlines().index("status: draft") + 1
    assert loaded.doc.positions is None  # a top-level key is found without a second parse


def test_no_answer_means_follow_up_citations_do_not_apply(tmp_path, questionnaire):
    text = COMPLETE.replace('value: "yes"', 'value: "no"')
    loaded = _response(tmp_path, text)
    findings = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc, now=NOW)
    assert [(f.code, f.question_id, f.params["ref"]) for f in findings] == [
        ("R110", "ex-offence-citations", "ex-offence")]
    assert findings[0].level.value == "warning"


def test_yes_without_citations_is_r109_not_r106(tmp_path, questionnaire):
    text = COMPLETE.replace("    value:\n      - title: Penal Code of XXA\n"
                            "        provision: Article 230\n"
                            "        link: https://example.org/xxa/penal-code\n",
                            "    value: []\n")
    loaded = _response(tmp_path, text)
    [f] = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc, now=NOW)
    assert (f.code, f.question_id) == ("R109", "ex-offence")
    assert f.params["follow_up"] == "ex-offence-citations" and f.params["value"] == "yes"


def test_timestamps_are_checked_against_now(tmp_path, questionnaire):
    loaded = _response(tmp_path, COMPLETE)
    early = datetime(2018, 9, 1, 12, tzinfo=timezone.utc)  # before 'updated'
    findings = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc,
                                 now=early)
    assert _codes(findings) == ["R113", "R113"]
    assert all("in the future" in f.message for f in findings)


def test_a_timestamp_without_time_zone_is_refused_and_the_rest_still_checked(tmp_path):
    # Naive timestamps used to be taken as UTC; the format (and the schema) asks for a zone.
    text = COMPLETE.replace("created: 2018-09-01T09:00:00Z", "created: 2018-09-20T09:00:00")
    build_file_tree(tmp_path, {"XXA.yaml": text})
    repo = QuestionnaireRepository.build([QUESTIONNAIRES])
    result = validate_file(tmp_path / "XXA.yaml", repo, now=NOW)
    [f] = result.findings
    assert f.code == "R001" and "without a time zone" in f.message
    assert "'2018-09-20T09:00:00Z'" in f.hint
    assert result.answered == result.applicable  # the answers were checked all the same


def test_invalid_country_suggests_a_code(tmp_path, questionnaire):
    loaded = _response(tmp_path, COMPLETE.replace("country: XXA", "country: ARX"))
    [f] = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc, now=NOW)
    assert f.code == "R104" and "ARG" in f.hint


# --- files -------------------------------------------------------------------------------


def test_one_bad_file_never_stops_the_batch(tmp_path):
    build_file_tree(tmp_path, {
        "a/XXA.yaml": COMPLETE,
        "a/broken.yaml": "answers: [\n",
        "a/deep.yaml": "a: " + "[" * 200 + "]" * 200 + "\n",
        "a/alias.yaml": "a: &x [1]\nb: *x\n",
        "a/utf16.yaml": COMPLETE.encode("utf-16"),
        "a/z.yaml": COMPLETE,
        "a/notes.txt": "not yaml, not looked at",
    })
    run = validate_paths([tmp_path / "a"], [QUESTIONNAIRES], now=NOW)
    by_name = {Path(r.file).name: r for r in run.results}
    assert sorted(by_name) == ["XXA.yaml", "alias.yaml", "broken.yaml", "deep.yaml",
                               "utf16.yaml", "z.yaml"]
    assert _codes(by_name["broken.yaml"].findings) == ["Y006"]
    assert _codes(by_name["deep.yaml"].findings) == ["Y007"]
    assert _codes(by_name["alias.yaml"].findings) == ["Y008"]
    assert _codes(by_name["utf16.yaml"].findings) == ["Y004"]
    assert by_name["XXA.yaml"].findings == [] and by_name["z.yaml"].findings == []
    assert run.has_errors


def test_file_name_compared_with_country_only_where_it_looks_like_a_code(tmp_path):
    build_file_tree(tmp_path, {"arg.yaml": COMPLETE, "response-2018.yaml": COMPLETE,
                               "new.yaml": COMPLETE,
                               "EU.yaml": COMPLETE.replace("country: XXA", "country: EU")})
    run = validate_paths([tmp_path], [QUESTIONNAIRES], now=NOW)
    codes = {Path(r.file).name: _codes(r.findings) for r in run.results}
    assert codes == {"EU.yaml": [], "arg.yaml": ["R105"], "new.yaml": [],
                     "response-2018.yaml": []}


def test_questionnaire_found_by_version_then_hash(tmp_path):
    q = (QUESTIONNAIRES / "small-example.yaml").read_text(encoding="utf-8")
    older = q.replace('version: "2018-07-03T18:00"', 'version: "2018-02-01T10:00"')
    edited = q.replace("How many prosecutions", "How many prosecutions and convictions")
    build_file_tree(tmp_path, {"qs/older.yaml": older, "edited/small.yaml": edited,
                               "r/XXA.yaml": COMPLETE})
    older_hash = load_questionnaire_file(tmp_path / "qs/older.yaml").model.content_hash
    build_file_tree(tmp_path, {"r/old.yaml": COMPLETE.replace(
        '"2018-07-03T18:00"', '"2018-02-01T10:00"').replace(
        COMPLETE.split("hash: ")[1].split("\n")[0], older_hash)})
    # Both versions side by side: each response finds its own.
    run = validate_paths([tmp_path / "r"], [tmp_path / "qs", QUESTIONNAIRES], now=NOW)
    assert [(Path(r.file).name, r.questionnaire, _codes(r.findings)) for r in run.results] == [
        ("XXA.yaml", "small-example 2018-07-03T18:00", []),
        ("old.yaml", "small-example 2018-02-01T10:00", [])]
    # An edited copy of the same version comes first but its hash differs: the original
    # (found later, same id and version, same hash) is used.
    run = validate_paths([tmp_path / "r/XXA.yaml"], [tmp_path / "edited", QUESTIONNAIRES],
                         now=NOW)
    assert run.findings == []
    # Only the edited copy: R103 says the content changed.
    edited = QuestionnaireRepository.build([tmp_path / "edited"], exclusive=True)
    result = validate_file(tmp_path / "r/XXA.yaml", edited, now=NOW)
    assert _codes(result.findings) == ["R103"]
    assert str(tmp_path / "edited") in result.findings[0].params["file"]
    # With --exclusive the edited copy is used even though the original is around.
    run = validate_paths([tmp_path / "r/XXA.yaml"], [tmp_path / "edited"], exclusive=True,
                         now=NOW)
    assert _codes(run.findings) == ["R103"]
    # No version of it: R101 says where it looked.
    qs = QuestionnaireRepository((Source("qs", "qs", "given"),), exclusive=True)
    result = validate_file(tmp_path / "r/XXA.yaml", qs, now=NOW)
    assert _codes(result.findings) == ["R101"] and "looked in: qs" in result.findings[0].message


def test_questionnaire_sources_order_and_missing_path(tmp_path):
    build_file_tree(tmp_path, {"questionnaires/.keep": "", "responses/XXA.yaml": COMPLETE})
    repo = QuestionnaireRepository.build([QUESTIONNAIRES])
    labels = [s.label for s in repo.sources_for(tmp_path / "responses" / "XXA.yaml")]
    assert labels[:2] == [str(QUESTIONNAIRES), str(tmp_path / "questionnaires")]
    assert labels[-1] == "the questionnaires shipped with tipq"
    with pytest.raises(UsageError, match="no such file or folder"):
        QuestionnaireRepository.build([tmp_path / "missing"])
    with pytest.raises(UsageError, match="--exclusive needs"):
        QuestionnaireRepository.build([], exclusive=True)


def test_the_verdict_does_not_depend_on_the_folder_run_from(tmp_path, monkeypatch):
    """A response is checked against the questionnaires/ folder nearest to it, not the one
    in the current folder, and the file used is named in the result."""
    edited = (QUESTIONNAIRES / "small-example.yaml").read_text(encoding="utf-8").replace(
        "Small example", "Small example, edited", 1)
    build_file_tree(tmp_path, {"repo/questionnaires/small-example.yaml": edited,
                               "repo/responses/XXA.yaml": COMPLETE,
                               "elsewhere/questionnaires/small-example.yaml": edited})
    verdicts = []
    for cwd in (tmp_path / "repo", tmp_path / "elsewhere", tmp_path):
        monkeypatch.chdir(cwd)
        [result] = validate_paths([tmp_path / "repo/responses/XXA.yaml"], [QUESTIONNAIRES],
                                  now=NOW).results
        verdicts.append((_codes(result.findings), result.questionnaire_file))
    assert verdicts[0] == verdicts[1] == verdicts[2]
    assert verdicts[0] == ([], str(QUESTIONNAIRES / "small-example.yaml"))


def test_progress_is_reported_per_file(tmp_path):
    build_file_tree(tmp_path, {f"r{i}.yaml": COMPLETE for i in range(3)})
    calls: list[tuple[int, int]] = []
    results = list(iter_validate([tmp_path], [QUESTIONNAIRES], progress=lambda d, t:
                                 calls.append((d, t)), now=NOW))
    assert len(results) == 3 and calls == [(1, 3), (2, 3), (3, 3)]


def test_worker_processes_give_the_same_results_in_order(tmp_path):
    files = {}
    for i in range(40):
        text = COMPLETE if i % 3 else COMPLETE.replace("value: 14", "value: -1")
        files[f"r{i:02d}.yaml"] = text
    files["r05.yaml"] = "\x00 binary"
    build_file_tree(tmp_path, files)
    one = validate_paths([tmp_path], [QUESTIONNAIRES], jobs=1, now=NOW)
    two = validate_paths([tmp_path], [QUESTIONNAIRES], jobs=2, now=NOW)
    assert [r.file for r in two.results] == sorted(str(tmp_path / f) for f in files)
    assert _rows(one.results) == _rows(two.results)
    assert sum(1 for r in two.results if r.errors) == 15


def _rows(results: list[FileResult]) -> list[tuple[str, list[str], dict]]:
    return [(r.file, [f.format() for f in r.findings], r.columns()) for r in results]


def test_follow_up_written_before_its_question_is_judged_the_same(tmp_path, questionnaire):
    # The citations come first in the file; the closed answer after them has a typo:
    # one R108 on the typo, no R110 on the citations that wait for a valid answer.
    citations, rest = COMPLETE.split("  ex-offence-citations:\n")
    block, after = rest.split("  ex-offence-details:\n")
    text = (citations.replace('  ex-offence:\n    value: "yes"\n',
                              "  ex-offence-citations:\n" + block)
            + '  ex-offence:\n    value: "Yess"\n  ex-offence-details:\n' + after)
    loaded = _response(tmp_path, text)
    assert list(loaded.model.answers)[:2] == ["ex-offence-citations", "ex-offence"]
    findings = validate_response(loaded.model, questionnaire, file="f", doc=loaded.doc, now=NOW)
    assert [(f.code, f.question_id) for f in findings] == [("R108", "ex-offence")]
