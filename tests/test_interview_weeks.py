"""Issue 11: the interview over weeks of real answering (scripted sessions, no terminal).

The submit gate judges the file as it will be saved; skipped questions are remembered; clear;
commands at every prompt; n/a, data not available and unknown with a reason; citations
saved as typed, edited by number, and a legislation list reused by three questions; edit in
$EDITOR; UN country names; the review screen.
"""

from __future__ import annotations

import io
import re
import shlex
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from helpers import SMALL_QUESTIONNAIRE

from tipq.checks.batch import validate_paths
from tipq.core import countries
from tipq.core.errors import InterruptedSession
from tipq.core.kinds import check_value
from tipq.core.questionnaire import NumberAnswer
from tipq.interview import InterviewOptions, run_interview
from tipq.interview.prompters import CTRL_C, ScriptedPrompter

RESPONDENT = ["Ana Example", "Ministry of Justice of XXA", "ana@example.org"]
Q1_YES = ["1", "Penal Code of XXA", "art. 301", "https://example.org/penal-code", ""]
SMALL_FULL = [*RESPONDENT, *Q1_YES, "It covers the act, the means and the purpose.", ".", "2",
              "12", "1, 3"]

def _closed(n: int) -> str:
    return f"""\
      - id: q-{n}
        number: {n}
        obligation: shall
        requirement: mandatory
        text: {{en: "Is offence {n} established in your law?"}}
        answer: {{type: closed}}
        follow_ups:
          - id: q-{n}-cite
            text: {{en: "Please cite the applicable legislation."}}
            when: {{question: q-{n}, in: ["yes", partly]}}
            answer: {{type: citations, min_items: 1}}
"""


WEEKS = """\
id: weeks-example
title: {en: "A questionnaire answered over weeks"}
description: {en: "Every question is to be answered, mandatory or not."}
instrument: tip-protocol
version: "2018-07-03T18:00"
status: non-paper
languages: [en]
retired_numbers:
  - {number: 4, reason: "moved to the general questionnaire"}
sections:
  - id: laws
    title: {en: Laws}
    description: {en: "The legislation of the State."}
    questions:
""" + "".join(_closed(n) for n in (1, 2, 3)) + """\
      - id: q-convictions
        number: 5
        obligation: shall
        requirement: mandatory
        text: {en: "How many persons were convicted in the last full year?"}
        answer: {type: number, min: 0, integer: true, allow: [not-available, unknown]}
      - id: q-notes
        number: 6
        obligation: shall
        requirement: mandatory
        text: {en: "Please describe the measures taken."}
        answer: {type: text}
"""


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def weeks(tmp_path: Path) -> Path:
    (tmp_path / "weeks.yaml").write_text(WEEKS, encoding="utf-8")
    return tmp_path / "weeks.yaml"


def run(tmp_path: Path, lines: list, questionnaire: Path = SMALL_QUESTIONNAIRE,
        prompter: ScriptedPrompter | None = None, **kw):
    prompter = prompter or ScriptedPrompter(lines)
    opts = InterviewOptions(questionnaire=questionnaire, country="XXA",
                            out=tmp_path / "XXA.yaml", **kw)
    return prompter, run_interview(opts, prompter, clock=Clock())


def data(tmp_path: Path) -> dict:
    return yaml.safe_load((tmp_path / "XXA.yaml").read_text(encoding="utf-8"))


def values(tmp_path: Path) -> dict:
    return {k: a["value"] for k, a in data(tmp_path)["answers"].items()}


def validate(tmp_path: Path, questionnaire: Path):
    return validate_paths([tmp_path / "XXA.yaml"], [questionnaire], exclusive=True).results[0]


# --- 1. the submit gate judges the file as it will be saved ------------------------------


class EditsAtSubmit(ScriptedPrompter):
    """Another process edits the file while the submit question is on screen."""

    def __init__(self, lines: list, path: Path) -> None:
        super().__init__(lines)
        self.path = path
        self.done = False

    def ask(self, prompt: str) -> str:
        if "Mark the response as submitted" in prompt and not self.done:
            self.done = True
            text = self.path.read_text(encoding="utf-8")
            edited = re.sub(r"(ex-prosecutions:\n\s+value:) 12", r"\1 twelve", text)
            assert edited != text
            self.path.write_text(edited, encoding="utf-8")
        return super().ask(prompt)


def test_an_edit_made_while_the_submit_question_is_asked_is_judged_and_refused(
        tmp_path: Path) -> None:
    prompter = EditsAtSubmit([*SMALL_FULL, "yes", "quit"], tmp_path / "XXA.yaml")
    _, result = run(tmp_path, [], prompter=prompter)
    assert result.outcome == "quit"
    assert data(tmp_path)["status"] == "draft"
    assert any("cannot be submitted yet" in s for s in prompter.said("error"))
    findings = [f for k, p in prompter.transcript if k == "findings" for f in p]
    assert [f.code for f in findings] == ["R108"] and "'twelve'" in findings[0].message
    # question 2 is open again; the edit made outside is kept, not overwritten
    assert prompter.questions()[-1] == "2"
    assert values(tmp_path)["ex-prosecutions"] == "twelve"


def test_after_the_refusal_the_fixed_answer_submits(tmp_path: Path) -> None:
    prompter = EditsAtSubmit([*SMALL_FULL, "yes", "13", "yes"], tmp_path / "XXA.yaml")
    _, result = run(tmp_path, [], prompter=prompter)
    assert result.outcome == "submitted"
    assert values(tmp_path)["ex-prosecutions"] == 13
    assert validate(tmp_path, SMALL_QUESTIONNAIRE).errors == 0


# --- 2. skipped questions are remembered; resume does not land on them -------------------


def test_skipped_questions_are_remembered_and_resume_lands_elsewhere(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "skip", "12", "quit"])
    assert prompter.questions() == ["1", "2", "3"]
    saved = data(tmp_path)
    assert saved["skipped"][:1] == ["ex-offence"] and "ex-offence-details" in saved["skipped"]
    assert validate(tmp_path, SMALL_QUESTIONNAIRE).errors == 0  # the schema knows skipped:

    prompter, _ = run(tmp_path, ["1, 3", "", "3", "Text for 1(b).", ".", "2", "quit"])
    assert prompter.questions()[0] == "3"  # not 1, which was skipped
    assert any("Skipped earlier and still open: 1, 1(b), 1(c)" in s for s in prompter.said())
    assert prompter.questions()[1:4] == ["1", "1(b)", "1(c)"]  # Enter: the skipped ones
    got = values(tmp_path)
    assert got["ex-offence-details"] == "Text for 1(b)."  # never saved under another question
    assert "skipped" not in data(tmp_path)  # all answered: the list is gone


def test_skip_on_an_answered_question_keeps_the_answer_and_says_so(tmp_path: Path) -> None:
    run(tmp_path, [*RESPONDENT, *Q1_YES, "quit"])
    prompter, _ = run(tmp_path, ["goto 1", "skip", "quit"])
    assert any("Question 1 keeps its answer" in s for s in prompter.said())
    assert not any("left open" in s for s in prompter.said())
    assert values(tmp_path)["ex-offence"] == "yes" and "skipped" not in data(tmp_path)


# --- 3. clear; answers that no longer apply offered for removal at submit ---------------


def test_clear_removes_an_answer_and_its_follow_ups_after_confirmation(tmp_path: Path) -> None:
    run(tmp_path, [*RESPONDENT, *Q1_YES, "Details.", ".", "quit"])
    prompter, _ = run(tmp_path, ["goto 1", "clear", "no", "clear", "yes", "quit"])
    asked = [p for k, p in prompter.transcript if k == "ask"]
    assert any("Remove the answer to 1 and the answers to its follow-ups 1(a), 1(b)" in a
               for a in asked)
    assert "Nothing removed." in prompter.said()
    assert any("Removed the answer to 1, 1(a), 1(b)" in s for s in prompter.said())
    assert values(tmp_path) == {}
    prompter, _ = run(tmp_path, ["goto 2", "clear", "quit"])
    assert any("Question 2 has no answer to remove" in s for s in prompter.said())


def test_answers_that_no_longer_apply_are_offered_for_removal_by_number(tmp_path: Path) -> None:
    run(tmp_path, [*SMALL_FULL, "no"])
    prompter, result = run(tmp_path, ["goto 1", "3", "The gaps.", ".", "", "yes", "yes"])
    assert result.outcome == "submitted"
    asked = [p for k, p in prompter.transcript if k == "ask"]
    assert any("These answers no longer apply: 1(a)" in a for a in asked)
    assert "ex-offence-citations" not in values(tmp_path)


def test_r110_names_question_numbers(tmp_path: Path) -> None:
    run(tmp_path, [*SMALL_FULL, "no"])
    run(tmp_path, ["goto 1", "3", "quit"])
    notes = [f for f in validate(tmp_path, SMALL_QUESTIONNAIRE).findings if f.code == "R110"]
    assert notes and "question 1 ('ex-offence')" in notes[0].message


# --- 4. not applicable, data not available, unknown, with a reason ----------------------


def test_data_not_available_with_a_reason(tmp_path: Path, weeks: Path) -> None:
    lines = [*RESPONDENT, "3", "3", "3", "data not available", "",
             "Statistics for 2017 are compiled in 2019.", "Notes.", ".", "yes"]
    prompter, result = run(tmp_path, lines, weeks)
    assert result.outcome == "submitted"
    assert values(tmp_path)["q-convictions"] == {
        "status": "not-available", "reason": "Statistics for 2017 are compiled in 2019."}
    assert result.answered == result.applicable == 5
    res = validate(tmp_path, weeks)
    assert res.errors == 0 and res.answered == res.applicable == 5
    # an empty reason is refused and asked again
    assert any("needs an answer" in s.lower() or "answer" in s for s in prompter.said("error"))


def test_no_answer_words_only_where_the_form_allows_them() -> None:
    strict = NumberAnswer(type="number")
    allows = NumberAnswer(type="number", allow=["unknown"])
    value = {"status": "unknown", "reason": "Not recorded."}
    assert check_value(allows, value) is None
    problem = check_value(strict, value)
    assert problem is not None and "cannot be answered 'unknown'" in problem.problem
    assert "allow" in problem.fix
    assert check_value(allows, {"status": "unknown"}).problem == "'unknown' is given without " \
        "a reason"
    assert check_value(allows, {"status": "maybe", "reason": "x"}) is not None


def test_unknown_is_refused_where_not_allowed(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "goto 2", "unknown", "quit"])
    assert any("'unknown' is not a number" in s for s in prompter.said("error"))


# --- 5. every command at every prompt ---------------------------------------------------


def test_commands_at_the_respondent_prompts(tmp_path: Path) -> None:
    prompter, result = run(tmp_path, ["Ana", "help", "back", "Ana Example", "quit"])
    assert result.outcome == "quit"
    assert any("At any prompt" in s for s in prompter.said("help"))
    assert data(tmp_path)["respondent"] == {"name": "Ana Example"}
    prompter, _ = run(tmp_path, ["respondent", "", "\\review", "-", "quit"])
    assert data(tmp_path)["respondent"] == {"name": "Ana Example", "institution": "review"}


def test_commands_inside_a_citation_and_the_assistance(tmp_path: Path) -> None:
    lines = [*RESPONDENT, "1", "Penal Code", "review", "\\help", "help", "", "",
             "Details.", ".", "1", "help", "2, 3", "quit"]
    prompter, result = run(tmp_path, lines)
    assert result.outcome == "quit"
    assert sum(1 for k, _ in prompter.transcript if k == "review") == 1
    got = values(tmp_path)
    assert got["ex-offence-citations"] == [{"title": "Penal Code", "provision": "help"}]
    assert "ex-offence-assistance" not in got  # quit at the description: nothing half-saved


# --- 6. citations as typed, edited by number, the legislation list ----------------------


def test_citations_survive_ctrl_c_and_one_is_edited_by_number(tmp_path: Path,
                                                              weeks: Path) -> None:
    lines = [*RESPONDENT, "1", "Penal Code", "art. 1", "", "Labour Code", "", "", CTRL_C]
    with pytest.raises(InterruptedSession):
        run(tmp_path, lines, weeks)
    entry = data(tmp_path)["answers"]["q-1-cite"]
    assert entry["unfinished"] is True
    assert entry["value"] == [{"title": "Penal Code", "provision": "art. 1"},
                              {"title": "Labour Code"}]
    assert validate(tmp_path, weeks).errors == 0

    prompter, _ = run(tmp_path, ["2", "", "art. 5", "https://example.org/labour", "", "quit"],
                      weeks)
    assert prompter.questions()[0] == "1(a)"  # an unfinished list is where resume lands
    card = next(p for k, p in prompter.transcript if k == "question")
    assert card.unfinished
    entry = data(tmp_path)["answers"]["q-1-cite"]
    assert "unfinished" not in entry
    assert entry["value"][1] == {"title": "Labour Code", "provision": "art. 5",
                                 "link": "https://example.org/labour"}


def test_a_legislation_entry_is_reused_by_three_questions(tmp_path: Path, weeks: Path) -> None:
    lines = [*RESPONDENT, "1", "Penal Code", "art. 1", "https://example.org/pc", "",
             "1", "L1", "art. 2", "", "1", "penal code", "art. 3", "", "quit"]
    run(tmp_path, lines, weeks)
    saved = data(tmp_path)
    assert saved["legislation"] == {"penal-code": {"title": "Penal Code",
                                                   "link": "https://example.org/pc"}}
    got = values(tmp_path)
    assert got["q-1-cite"] == [{"title": "Penal Code", "provision": "art. 1",
                                "link": "https://example.org/pc"}]
    assert got["q-2-cite"] == [{"ref": "penal-code", "provision": "art. 2"}]
    assert got["q-3-cite"] == [{"ref": "penal-code", "provision": "art. 3"}]
    assert validate(tmp_path, weeks).errors == 0
    text = (tmp_path / "XXA.yaml").read_text(encoding="utf-8")
    head, _, tail = text.rpartition("ref: penal-code")
    (tmp_path / "XXA.yaml").write_text(head + "ref: criminal-code" + tail, encoding="utf-8")
    codes = [f.code for f in validate(tmp_path, weeks).findings]
    assert "R119" in codes


# --- 7. edit in $EDITOR -----------------------------------------------------------------


def _editor(tmp_path: Path) -> str:
    script = tmp_path / "append.py"
    script.write_text("import sys\nwith open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
                      "    f.write('Added by the editor.\\n')\n", encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_edit_writes_text_in_the_editor(tmp_path: Path, weeks: Path, monkeypatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor(tmp_path))
    run(tmp_path, [*RESPONDENT, "3", "3", "3", "4", "edit", "quit"], weeks)
    assert values(tmp_path)["q-notes"] == "Added by the editor."
    run(tmp_path, ["goto 6", "edit", "quit"], weeks)
    assert values(tmp_path)["q-notes"] == "Added by the editor.\nAdded by the editor."


def test_edit_without_an_editor_or_with_a_broken_one_says_how_to_fix(
        tmp_path: Path, weeks: Path, monkeypatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    prompter, _ = run(tmp_path, [*RESPONDENT, "3", "3", "3", "4", "edit", "Typed.", ".",
                                 "quit"], weeks)
    assert any("Set VISUAL or EDITOR" in s for s in prompter.said("warning"))
    assert values(tmp_path)["q-notes"] == "Typed."
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    prompter, _ = run(tmp_path, ["goto 6", "edit", "quit"], weeks)
    assert any("cannot run the editor" in s for s in prompter.said("error"))
    assert values(tmp_path)["q-notes"] == "Typed."


# --- 8. UN country names ----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "code"), [
    ("Republic of Korea", "KOR"), ("Bolivia (Plurinational State of)", "BOL"),
    ("Iran (Islamic Republic of)", "IRN"), ("State of Palestine", "PSE"),
    ("Netherlands (Kingdom of the)", "NLD"), ("Türkiye", "TUR"), ("UK", "GBR"),
    ("South Korea", "KOR"), ("دولة فلسطين", "PSE"), ("uk", "GBR"),
])
def test_un_country_names_are_accepted(typed: str, code: str) -> None:
    assert countries.lookup(typed) == code


def test_un_country_names_are_shown() -> None:
    assert countries.country_name("KOR") == "Republic of Korea"
    assert countries.country_name("PSE", "fr") == "État de Palestine"
    assert countries.country_name("BOL", "es") == "Bolivia (Estado Plurinacional de)"
    assert countries.country_name("TUR") == "Türkiye"
    assert countries.country_name("ITA", "ar") == "إيطاليا"


# --- 9. the review screen ---------------------------------------------------------------


def test_the_review_fits_80_columns_and_explains_itself(tmp_path: Path) -> None:
    from rich.console import Console

    from tipq.interview.engine import Interview
    from tipq.interview.terminal import TerminalPrompter
    from tipq.interview.views import build_review
    from tipq.io.repository import load_questionnaire

    q, _ = load_questionnaire(None)  # the shipped questionnaire: 44, then 55
    out = io.StringIO()
    console = Console(file=out, width=80, height=10_000, color_system=None)
    TerminalPrompter("en", console=console).show_review(build_review(Interview(q), "en",
                                                                      "draft"))
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    text = out.getvalue()
    assert "answered: every applicable part has an answer" in text
    assert "No question 45–54" in text
    assert "Has your State established" in text  # the question, shortened


def test_review_open_lists_only_open_questions(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, *Q1_YES, "review open", "quit"])
    review = next(p for k, p in prompter.transcript if k == "review")
    labels = [r.step.item.label for _, rows in review.sections for r in rows]
    assert labels == ["1", "2", "3"][: len(labels)] and all(
        r.state == "open" for _, rows in review.sections for r in rows)
    assert review.only_open


# --- 11. the response file as the argument ----------------------------------------------


def test_a_response_given_as_the_argument_is_continued(tmp_path: Path) -> None:
    import shutil

    (tmp_path / "questionnaires").mkdir()
    q = tmp_path / "questionnaires" / "small.yaml"
    shutil.copy(SMALL_QUESTIONNAIRE, q)
    prompter, _ = run(tmp_path, [*RESPONDENT, "1", "quit"], q)
    assert f"New response at {(tmp_path / 'XXA.yaml').absolute()}." in prompter.said()
    prompter = ScriptedPrompter(["Penal Code", "", "", "", "quit"])
    run_interview(InterviewOptions(questionnaire=tmp_path / "XXA.yaml"), prompter,
                  clock=Clock())
    assert f"{tmp_path / 'XXA.yaml'} is a response; continuing it." in prompter.said()
    assert values(tmp_path)["ex-offence-citations"] == [{"title": "Penal Code"}]


# --- 10. plausibility: warnings shared by the interview and validate ---------------------


def test_plausibility_limits_are_warnings_in_the_interview_and_in_validate(
        tmp_path: Path, weeks: Path) -> None:
    text = weeks.read_text(encoding="utf-8").replace(
        "allow: [not-available, unknown]}",
        "allow: [not-available, unknown], plausible: {max: 1000}}")
    weeks.write_text(text, encoding="utf-8")
    lines = [*RESPONDENT, "3", "3", "3", "5000", "no", "5000", "yes", "quit"]
    prompter, _ = run(tmp_path, lines, weeks)
    asked = [p for k, p in prompter.transcript if k == "ask"]
    assert sum("5000 is unusually high (above 1000)" in a for a in asked) == 2
    assert values(tmp_path)["q-convictions"] == 5000
    found = [f for f in validate(tmp_path, weeks).findings if f.code == "R120"]
    assert len(found) == 1 and found[0].level.value == "warning"


def test_plausibility_rules() -> None:
    from datetime import date

    from tipq.core.kinds import check_plausible
    from tipq.core.questionnaire import DateAnswer

    count = NumberAnswer(type="number", plausible={"not_above": "prosecutions"})
    assert check_plausible(count, 5, {"prosecutions": 3}, date(2026, 1, 1)) is not None
    assert check_plausible(count, 3, {"prosecutions": 3}, date(2026, 1, 1)) is None
    when = DateAnswer(type="date", plausible={"not_future": True})
    assert check_plausible(when, "2027-01-01", {}, date(2026, 1, 1)).problem == \
        "2027-01-01 is in the future"
    assert check_plausible(when, "2025-01-01", {}, date(2026, 1, 1)) is None


def test_a_command_word_that_starts_a_sentence_is_text(tmp_path: Path) -> None:
    lines = [*RESPONDENT, "3", "Clear rules apply to every case.", ".", "quit"]
    run(tmp_path, lines)
    assert values(tmp_path)["ex-offence-details"] == "Clear rules apply to every case."


def test_review_asked_for_is_paged_in_a_short_terminal(monkeypatch) -> None:
    from rich.console import Console

    from tipq.interview.engine import Interview
    from tipq.interview.terminal import TerminalPrompter
    from tipq.interview.views import build_review
    from tipq.io.repository import load_questionnaire

    q, _ = load_questionnaire(None)
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "q")
    out = io.StringIO()
    console = Console(file=out, width=80, height=20, force_terminal=True, color_system=None)
    TerminalPrompter("en", console=console).show_review(
        build_review(Interview(q), "en", "draft", paged=True))
    assert asked == ["-- Enter: more · q: stop -- "]  # one screenful, then q stops
    assert len(out.getvalue().splitlines()) == 18


def test_the_shipped_questionnaire_case_convictions_edited_to_twelve(tmp_path: Path) -> None:
    """The issue's case: every question of the shipped questionnaire answered, the submit
    question on screen, another process writes `twelve` for tip-offence-convictions."""
    import random

    from hostile.generate import random_value

    from tipq.core.conditions import applicability
    from tipq.interview.store import ResponseStore
    from tipq.io.repository import load_questionnaire

    q, _ = load_questionnaire(None)
    rng = random.Random(11)
    given: dict = {}
    while True:
        applies = applicability(q, given)
        todo = [i for i in q.index.items if i.answer is not None and applies.get(i.id)
                and i.id not in given]
        if not todo:
            break
        for item in todo:
            kind = item.answer.type
            given[item.id] = ("yes" if item.id == "tip-offence" else "no") if kind == "closed" \
                else [{"title": "Penal Code"}] if kind == "citations" \
                else {"needed": False} if kind == "assistance" \
                else int(item.answer.min or 0) if kind == "number" \
                else random_value(item.answer, rng)
            assert check_value(item.answer, given[item.id]) is None, item.id
    store = ResponseStore.open(tmp_path / "XXA.yaml", q, country="XXA", clock=Clock())
    for item_id, value in given.items():
        store.doc.set(("answers", item_id), {"value": value})
    store.save()
    store.close()
    assert "tip-offence-convictions" in given

    class Edits(ScriptedPrompter):
        def ask(self, prompt: str) -> str:
            if "Mark the response as submitted" in prompt and self.lines[:1] == ["yes"]:
                path = tmp_path / "XXA.yaml"
                text = path.read_text(encoding="utf-8")
                edited = re.sub(r"(tip-offence-convictions:\n\s+value:) \S+", r"\1 twelve",
                                text)
                assert edited != text
                path.write_text(edited, encoding="utf-8")
            return super().ask(prompt)

    prompter = Edits(["yes", "quit"])
    result = run_interview(InterviewOptions(country="XXA", out=tmp_path / "XXA.yaml"),
                           prompter, clock=Clock())
    assert result.outcome == "quit"
    assert data(tmp_path)["status"] == "draft"
    findings = [f for k, p in prompter.transcript if k == "findings" for f in p]
    assert [f.question_id for f in findings] == ["tip-offence-convictions"]
    assert "'twelve' is not a number" in findings[0].message
