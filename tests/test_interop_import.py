"""`tipq import xlsform-submissions`: KoboToolbox/ODK submissions of tipq's XLSForm become
responses that `tipq validate` accepts."""

from __future__ import annotations

import csv
import io
import json
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipq.checks.batch import validate_file
from tipq.cli.app import app
from tipq.core.questionnaire import Questionnaire
from tipq.io.repository import QuestionnaireRepository, load_questionnaire
from tipq.render.xlsform import build_xlsform


def shipped() -> Questionnaire:
    return load_questionnaire(None)[0]


def kobo_headers(q: Questionnaire) -> list[str]:
    """The columns of a KoboToolbox CSV export of the form: group paths, '/' separated,
    the per-option 0/1 columns of multi-choices, Kobo's own columns at the end; no repeats
    (Kobo's CSV leaves them out)."""
    form = build_xlsform(q)
    stack: list[str] = []
    headers = ["start", "end"]
    repeat = 0
    for row in form.survey.rows:
        type_, name = row["type"], row["name"]
        if type_ in ("begin_group", "begin_repeat"):
            stack.append(name)
            repeat += type_ == "begin_repeat"
        elif type_ in ("end_group", "end_repeat"):
            stack.pop()
            repeat -= type_ == "end_repeat"
        elif type_ != "note" and not repeat:
            path = "/".join([*stack, name])
            headers.append(path)
            if type_.startswith("select_multiple "):
                list_name = type_.split()[1]
                headers += [f"{path}/{c['name']}" for c in form.choices.rows
                            if c["list_name"] == list_name]
    return [*headers, "meta/instanceID", "_id", "_uuid", "_submission_time", "_validation_status",
            "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index"]


SUBMISSIONS = [
    {"country": "ARG", "tip-offence": "partly", "tip-offence-location": "penal-code",
     "tip-offence-penalties": "=HYPERLINK(\"http://evil.example\",\"x\")",
     "tip-offence-convictions": "12", "tip-offence-in-force": "2010-05-01",
     "tip-offence-gaps": "The means of abuse of a position of vulnerability; a bill is before "
                         "parliament.",
     "tip-offence-assistance__needed": "yes",
     "tip-offence-assistance__kinds": "capacity-building legal-advice",
     "tip-offence-assistance__description": "Training for judges; +1 @SUM(A1)",
     "respondent__name": "Focal point", "respondent__email": "fp@example.org"},
    {"country": "nga", "tip-offence": "no", "tip-offence-gaps": "Not yet.",
     "tip-offence-assistance__needed": "no"},
    {"country": "ITA", "tip-offence-scope": "no", "tip-offence-scope-gaps": "Both.",
     "tip-offence-scope-details": "Line one\nline two; \"quoted\""},
]


def kobo_csv(q: Questionnaire, rows: list[dict[str, str]], delimiter: str = ";") -> str:
    headers = kobo_headers(q)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(headers)
    for n, sub in enumerate(rows, 1):
        cells = []
        for h in headers:
            name = h.rsplit("/", 1)[-1]
            parent = h.rsplit("/", 2)[-2] if h.count("/") >= 1 else ""
            if name in sub:
                cells.append(sub[name])
            elif parent in sub and parent.endswith("__kinds"):
                cells.append("1" if name in sub[parent].split() else "0")
            elif h == "_id":
                cells.append(str(1000 + n))
            elif h == "tipq__hash" or h.endswith("/tipq__hash"):
                cells.append(q.content_hash)
            elif h.endswith("tipq__questionnaire"):
                cells.append(q.id)
            elif h.endswith("tipq__version"):
                cells.append(q.version)
            else:
                cells.append("")
        w.writerow(cells)
    return buf.getvalue()


def invoke(*args: str) -> typing.Any:
    return CliRunner().invoke(app, list(args))


def test_three_kobo_csv_submissions_become_three_valid_responses(tmp_path: Path) -> None:
    q = shipped()
    export = tmp_path / "kobo.csv"
    export.write_text(kobo_csv(q, SUBMISSIONS), encoding="utf-8")
    out = tmp_path / "responses"
    result = invoke("import", "xlsform-submissions", str(export), "-o", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.yaml"))
    assert [f.stem for f in files] == ["ARG", "ITA", "NGA"]
    repo = QuestionnaireRepository.build()
    for f in files:
        r = validate_file(f, repo)
        assert r.errors == 0, [x.format() if hasattr(x, "format") else x for x in r.findings]
    from ruamel.yaml import YAML

    arg = YAML(typ="safe").load(files[0].read_text(encoding="utf-8"))
    answers = {k: v["value"] for k, v in arg["answers"].items()}
    assert answers["tip-offence"] == "partly"
    assert answers["tip-offence-convictions"] == 12
    # a cell is data: the formula is kept as text, never run or changed
    assert answers["tip-offence-penalties"].startswith("=HYPERLINK(")
    assert answers["tip-offence-assistance"] == {
        "needed": True, "kinds": ["capacity-building", "legal-advice"],
        "description": "Training for judges; +1 @SUM(A1)"}
    assert arg["respondent"] == {"name": "Focal point", "email": "fp@example.org"}
    assert arg["status"] == "draft" and arg["questionnaire"]["hash"] == q.content_hash
    ita = YAML(typ="safe").load(files[1].read_text(encoding="utf-8"))
    assert ita["answers"]["tip-offence-scope-details"]["value"] == (
        "Line one\nline two; \"quoted\"")
    # again: the files exist, so --force is needed
    again = invoke("import", "xlsform-submissions", str(export), "-o", str(out))
    assert again.exit_code != 0 and "--force" in again.output
    assert "Traceback" not in again.output


def test_a_json_export_brings_the_citations(tmp_path: Path) -> None:
    q = shipped()
    group = "criminalization/criminalization-offence"
    record = {f"{group}/tip-offence-citations/tip-offence-citations__title": "Penal Code",
              f"{group}/tip-offence-citations/tip-offence-citations__provision": "art. 301",
              f"{group}/tip-offence-citations/tip-offence-citations__link":
                  "https://example.org/code"}
    data = {"results": [{"tipq__respondent/country": "FRA", f"{group}/tip-offence": "yes",
                         f"{group}/tip-offence-citations": [record],
                         "tipq__version": q.version, "_id": 1}]}
    export = tmp_path / "data.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "r"
    result = invoke("import", "xlsform-submissions", str(export), "-o", str(out))
    assert result.exit_code == 0, result.output
    r = validate_file(out / "FRA.yaml", QuestionnaireRepository.build())
    assert r.errors == 0
    text = (out / "FRA.yaml").read_text(encoding="utf-8")
    assert "Penal Code" in text and "https://example.org/code" in text


@pytest.mark.parametrize(("rows", "message"), [
    ([{"country": "Argentina"}], "is not an ISO 3166-1 alpha-3 code"),
    ([{"tip-offence": "yes"}], "has no 'country'"),
])
def test_bad_submissions_say_where_and_how(tmp_path: Path, rows: list[dict[str, str]],
                                           message: str) -> None:
    export = tmp_path / "kobo.csv"
    export.write_text(kobo_csv(shipped(), rows, delimiter=","), encoding="utf-8")
    result = invoke("import", "xlsform-submissions", str(export), "-o", str(tmp_path))
    assert result.exit_code != 0
    assert "row 2" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_a_form_of_another_version_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "data.json"
    export.write_text(json.dumps([{"country": "ARG", "tipq__version": "2017-01-01T00:00"}]),
                      encoding="utf-8")
    result = invoke("import", "xlsform-submissions", str(export), "-o", str(tmp_path))
    assert result.exit_code != 0 and "submission 1 was made with a form of version" \
        in result.output


def test_an_unreadable_number_is_reported_not_imported(tmp_path: Path) -> None:
    export = tmp_path / "data.json"
    export.write_text(json.dumps([{"country": "ARG", "tip-offence": "yes",
                                   "tip-offence-convictions": "twelve"}]), encoding="utf-8")
    result = invoke("import", "xlsform-submissions", str(export), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "tip-offence-convictions" in result.output
    assert (tmp_path / "ARG.yaml").exists()
