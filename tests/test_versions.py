"""Issue 12: versions of a questionnaire, tipq diff and tipq migrate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import html5lib
import pytest
from helpers import REPO, build_file_tree
from typer.testing import CliRunner

from tipq.checks.diff import diff_questionnaires, redline
from tipq.checks.questionnaire import check_paths
from tipq.cli.app import app
from tipq.core.questionnaire import Questionnaire
from tipq.interview import InterviewOptions, run_interview
from tipq.interview.engine import Interview
from tipq.interview.prompters import ScriptedPrompter
from tipq.io.loading import load_response_file
from tipq.io.repository import QuestionnaireRepository, load_questionnaire
from tipq.io.yaml_emit import dump_fragment
from tipq.io.yaml_load import parse_yaml
from tipq.render.diff_output import DIFF_RENDERERS_BY_NAME

SHIPPED = REPO / "questionnaires"
OLD_FILE = SHIPPED / "tip-protocol-2018-06.yaml"
NEW_FILE = SHIPPED / "tip-protocol.yaml"
MOVED = [f"tip-{x}" for x in (
    "legal-persons", "jurisdiction", "confiscation", "confiscated-proceeds", "extradition",
    "mutual-legal-assistance", "joint-investigations", "special-investigative-techniques",
    "witness-protection", "law-enforcement-cooperation")]
FIRST_ELEVEN = ["tip-offence", "tip-offence-scope", "tip-offence-acts", "tip-offence-means",
                "tip-offence-exploitation", "tip-offence-consent", "tip-offence-children",
                "tip-offence-child-age", "tip-attempt", "tip-accomplice", "tip-organizing"]


@pytest.fixture(scope="module")
def old() -> Questionnaire:
    return load_questionnaire(OLD_FILE)[0]


@pytest.fixture(scope="module")
def new() -> Questionnaire:
    return load_questionnaire(NEW_FILE)[0]


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


# --- the two shipped versions -------------------------------------------------------------


def test_the_versions_are_real(old: Questionnaire, new: Questionnaire) -> None:
    assert new.derived_from is not None
    assert (new.derived_from.id, new.derived_from.version) == (old.id, old.version)
    assert old.status == "draft" and old.version < new.version
    for qid in MOVED:
        assert not old.index.by_id[qid].top.is_moved and new.index.by_id[qid].top.is_moved
    for qid in FIRST_ELEVEN:  # first reading: open, untagged, another wording
        before, after = old.index.by_id[qid].top, new.index.by_id[qid].top
        assert before.status == "under-discussion" and after.status != "under-discussion"
        assert before.text["en"] != after.text["en"]
    assert all(i.top.tag is None for i in old.index.items)
    versions = QuestionnaireRepository.build().versions("tip-protocol")
    assert [e.version for e in versions] == [old.version, new.version]


def test_check_version_rules(tmp_path: Path) -> None:
    base = NEW_FILE.read_text(encoding="utf-8")
    shutil.copy(OLD_FILE, tmp_path / OLD_FILE.name)
    shutil.copy(SHIPPED / "untoc-general.yaml", tmp_path)
    bad = (base.replace("replaces: [tip-offence-sanctions]", "replaces: [tip-no-such, tip-attempt]")
           .replace("renamed: {special-law: specific-law}",
                    "renamed: {special-law: nowhere, penal-code: both, ghost: other}"))
    (tmp_path / "tip-protocol.yaml").write_text(bad, encoding="utf-8")
    found = check_paths([tmp_path / "tip-protocol.yaml"]).findings
    codes = sorted(f.code for f in found)
    assert codes == ["Q119", "Q120", "Q121", "Q121", "Q121"], [f.format() for f in found]
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "tip-protocol.yaml").write_text(base, encoding="utf-8")
    shutil.copy(SHIPPED / "untoc-general.yaml", alone)
    assert [f.code for f in check_paths([alone / "tip-protocol.yaml"]).findings] == ["Q122"]


def test_an_untagged_draft_is_clean_but_a_half_tagged_one_is_not(tmp_path: Path) -> None:
    text = OLD_FILE.read_text(encoding="utf-8").replace(
        "status: under-discussion", "status: under-discussion\n            obligation: shall", 1)
    build_file_tree(tmp_path, {"q.yaml": text})
    shutil.copy(SHIPPED / "untoc-general.yaml", tmp_path)
    assert "Q104" in {f.code for f in check_paths([tmp_path / "q.yaml"]).findings}


# --- tipq diff --------------------------------------------------------------------------


def test_diff_of_the_shipped_versions(old: Questionnaire, new: Questionnaire) -> None:
    d = diff_questionnaires(old, new)
    moved = [c for c in d.changes if c.kind == "moved"]
    assert [c.id for c in moved] == MOVED
    assert moved[0].target == "untoc-general:untoc-legal-persons"
    reworded = {(c.id, c.lang) for c in d.changes if c.kind == "reworded"}
    statuses = {c.id: (c.old, c.new) for c in d.changes if c.kind == "status"}
    for qid in FIRST_ELEVEN:
        assert {(qid, "en"), (qid, "ar")} <= reworded
        assert statuses[qid][0] == "under-discussion"
    assert statuses["tip-offence-scope"][1] == "no-consensus"
    kinds = d.counts()
    assert kinds["replaced"] == 1 and kinds["options-renamed"] == 1 and kinds["removed"] == 1
    assert all(c.impact == "review" for c in d.changes if c.kind in ("moved", "reworded"))
    assert all(c.impact == "harmless" for c in d.changes if c.kind == "status")
    assert diff_questionnaires(new, new).identical


def test_redline_is_word_level() -> None:
    tokens = redline("Does your law criminalize it?", "Has your State criminalized it?")
    assert [(t.op, t.text) for t in tokens] == [
        ("delete", "Does"), ("insert", "Has"), ("equal", " your "), ("delete", "law"),
        ("insert", "State"), ("equal", " "), ("delete", "criminalize"),
        ("insert", "criminalized"), ("equal", " it?")]


def test_diff_cli_text_markdown_json_and_exit_code() -> None:
    result = invoke("diff", str(OLD_FILE), str(NEW_FILE))
    assert result.exit_code == 0, result.output
    out = result.output
    for qid in MOVED:
        assert f"{qid}\n  ! moved to untoc-general:" in out
    assert "[-been established -]" in out and "negotiation status: under-discussion → agreed" in out
    result = invoke("diff", str(OLD_FILE), str(NEW_FILE), "--exit-code", "-f", "markdown")
    assert result.exit_code == 1
    assert result.output.count("moved to untoc\\-general") == 10
    assert "<del>" in result.output and "<ins>" in result.output
    result = invoke("diff", "tip-protocol@2018-06-01T12:00", "tip-protocol@2018-07-03T18:00",
                    "-f", "json")
    data = json.loads(result.output)
    assert data["summary"]["by_kind"]["moved"] == 10
    same = invoke("diff", str(NEW_FILE), str(NEW_FILE), "--exit-code")
    assert same.exit_code == 0 and "No differences." in same.output
    missing = invoke("diff", "tip-protocol@1999-01-01T00:00", str(NEW_FILE))
    assert missing.exit_code == 2 and "versions found: 2018-06-01T12:00" in missing.output


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_diff_html_marks_insertions_and_deletions(tmp_path: Path, lang: str, old: Questionnaire,
                                                  new: Questionnaire) -> None:
    out = tmp_path / "changes.html"
    result = invoke("diff", str(OLD_FILE), str(NEW_FILE), "-f", "html", "--lang", lang,
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = html5lib.parse(out.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    root = doc  # the <html> element
    assert root.get("lang") == lang and root.get("dir") == ("rtl" if lang == "ar" else "ltr")
    d = diff_questionnaires(old, new)
    tokens = [t for c in d.changes if c.kind == "reworded" and c.lang == lang for t in c.redline]
    assert len(root.findall(".//del")) == sum(t.op == "delete" for t in tokens) > 0
    assert len(root.findall(".//ins")) == sum(t.op == "insert" for t in tokens) > 0
    redlines = root.findall(".//p[@class='redline']")
    assert redlines and all(p.get("dir") == ("rtl" if lang == "ar" else "ltr") for p in redlines)


def test_diff_escapes_text_from_the_files(tmp_path: Path) -> None:
    text = NEW_FILE.read_text(encoding="utf-8").replace(
        "en: Has your State established trafficking in persons, as defined in article 3 of the "
        "Protocol, as a criminal offence when committed intentionally?",
        'en: "Has <script>alert(1)</script> \\e[31m?"', 1)
    (tmp_path / "q.yaml").write_text(text, encoding="utf-8")
    for fmt in DIFF_RENDERERS_BY_NAME:
        result = invoke("diff", str(NEW_FILE), str(tmp_path / "q.yaml"), "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        if fmt in ("html", "markdown"):
            assert "<script>" not in result.output


# --- tipq migrate -------------------------------------------------------------------------


def _value_for(form: Any, i: int) -> Any:
    kind = form.type
    if kind == "closed":
        return "partly"
    if kind == "choice":
        return form.options[1].value
    if kind == "multi-choice":
        return [o.value for o in form.options[:2]]
    if kind == "text":
        return f"Answer {i}: described in detail."
    if kind == "number":
        return min(7 + i, form.max) if form.max is not None else 7 + i
    if kind == "date":
        return "2016-03-01"
    if kind == "citations":
        return [{"title": f"Law No. {i} (fictitious)", "provision": "art. 2"}]
    return {"needed": True, "kinds": ["capacity-building"], "description": f"Training {i}"}


def complete_response(q: Questionnaire, only: set[str] | None = None) -> dict[str, Any]:
    answers = {item.id: {"value": _value_for(item.answer, i),
                         "answered_at": "2018-06-20T10:00:00Z"}
               for i, item in enumerate(q.index.items)
               if item.answer is not None and (only is None or item.id in only)}
    return {"questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
            "country": "XXA", "status": "draft", "created": "2018-06-20T09:00:00Z",
            "updated": "2018-06-20T10:00:00Z", "answers": answers}


def write_response(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# A comment typed by hand\n" + dump_fragment(data), encoding="utf-8")
    return path


def read(path: Path) -> dict[str, Any]:
    return parse_yaml(path.read_text(encoding="utf-8"), file=str(path), positions=False).data


def test_a_complete_response_migrates_without_losing_an_answer(tmp_path: Path, old: Questionnaire,
                                                               new: Questionnaire) -> None:
    before = complete_response(old)
    path = write_response(tmp_path / "responses" / "XXA.yaml", before)
    result = invoke("migrate", str(path), "--to", str(NEW_FILE))
    assert result.exit_code == 0, result.output
    after = read(path)
    convention = read(tmp_path / "responses" / "untoc-general" / "XXA.yaml")
    assert after["questionnaire"]["version"] == new.version
    assert convention["questionnaire"]["id"] == "untoc-general"
    assert convention["country"] == "XXA"
    renames: dict[str, str] = {}
    for item in new.index.items:
        renames.update(getattr(item.answer, "renamed", None) or {})
    places = ([a["value"] for a in after["answers"].values()]
              + [a["value"] for a in convention["answers"].values()])
    retired = after.get("retired") or []
    for old_id, entry in before["answers"].items():  # every old value, walked on its own
        value = entry["value"]
        renamed = renames.get(value, value) if isinstance(value, str) else value
        in_retired = [r for r in retired if r["question"] == old_id and r["value"] == value]
        assert value in places or renamed in places or in_retired, old_id
        for r in in_retired:
            assert r["reason"] and r["detail"] and r["version"] == old.version
    assert {r["question"] for r in retired} == {"tip-offence-definition",
                                                "tip-extradition-requests"}
    assert after["answers"]["tip-offence-location"]["value"] == "specific-law"
    assert after["answers"]["tip-offence-penalties"]["review"] == ["reworded", "replaced"]
    assert after["answers"]["tip-offence"]["review"] == ["reworded", "re-tagged"]
    assert convention["answers"]["untoc-legal-persons"]["review"] == ["moved"]
    assert not any(qid in after["answers"] for qid in MOVED)
    assert path.read_text(encoding="utf-8").startswith("# A comment typed by hand\n")
    backups = list(path.parent.glob("XXA.yaml.v*.bak"))
    assert len(backups) == 1 and read(backups[0]) == before
    result = invoke("validate", str(path), str(tmp_path / "responses" / "untoc-general"))
    assert result.exit_code == 0, result.output
    assert " R116 " in result.output and " R117 " in result.output


def test_a_second_migrate_changes_nothing(tmp_path: Path, old: Questionnaire) -> None:
    folder = tmp_path / "responses"
    paths = [write_response(folder / f"X{c}A.yaml", {**complete_response(old),
                                                      "country": f"X{c}A"}) for c in "BCD"]
    assert invoke("migrate", str(folder), "--to", str(NEW_FILE)).exit_code == 0
    snapshot = {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}
    result = invoke("migrate", str(folder), "--to", str(NEW_FILE))
    assert result.exit_code == 0 and "0 migrated, 3 already at version" in result.output
    assert {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()} == snapshot
    assert len(paths) == 3


def test_dry_run_writes_nothing_and_prints_the_plan(tmp_path: Path, old: Questionnaire) -> None:
    path = write_response(tmp_path / "XXA.yaml", complete_response(old))
    raw = path.read_bytes()
    result = invoke("migrate", str(path), "--to", "tip-protocol@2018-07-03T18:00", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "carry   tip-offence-sanctions -> tip-offence-penalties" in result.output
    assert "retire  tip-offence-definition (removed)" in result.output
    assert "move    tip-legal-persons -> untoc-general: untoc-legal-persons" in result.output
    assert path.read_bytes() == raw and sorted(p.name for p in tmp_path.iterdir()) == ["XXA.yaml"]


def test_migrate_errors_are_plain(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"bad.yaml": "questionnaire: 1\n"})
    result = invoke("migrate", str(tmp_path / "bad.yaml"), "--to", str(NEW_FILE))
    assert result.exit_code == 2 and "cannot be migrated" in result.output
    assert "Traceback" not in result.output
    result = invoke("migrate", str(tmp_path / "none.yaml"), "--to", str(NEW_FILE))
    assert result.exit_code == 2 and "no such file" in result.output


# --- the interview ------------------------------------------------------------------------


def test_the_interview_resumes_at_the_answers_marked_for_review(tmp_path: Path,
                                                                old: Questionnaire) -> None:
    only = {"tip-offence-scope", "tip-victim-privacy"}
    for via in ("migrate", "interview"):
        path = write_response(tmp_path / via / "XXA.yaml", complete_response(old, only))
        if via == "migrate":
            assert invoke("migrate", str(path), "--to", str(NEW_FILE)).exit_code == 0
        prompter = ScriptedPrompter(["quit"])
        opts = InterviewOptions(questionnaire=NEW_FILE, country="XXA", out=path,
                                update_questionnaire=via == "interview")
        run_interview(opts, prompter)
        assert prompter.questions()[:1] == ["2"], via  # not 1, the first open question
        loaded = load_response_file(path)
        assert loaded.ok and loaded.model.questionnaire.version == "2018-07-03T18:00"
        assert {k for k, a in loaded.model.answers.items() if a.review} == only


def test_answering_a_marked_question_clears_its_turn(new: Questionnaire) -> None:
    interview = Interview(new, {"tip-offence-scope": "yes", "tip-victim-privacy": "yes"},
                          to_review={"tip-offence-scope", "tip-victim-privacy"})
    first = interview.next_open()
    assert first is not None and interview.steps[first].id == "tip-offence-scope"
    interview.answer("tip-offence-scope", "yes")
    second = interview.next_open()
    assert second is not None and interview.steps[second].id == "tip-victim-privacy"
