"""The interview engine and session, driven by a scripted prompter (no terminal)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from helpers import SMALL_QUESTIONNAIRE, build_file_tree

from tipq.checks.response import validate_response
from tipq.core.errors import InterruptedSession
from tipq.interview import InterviewOptions, run_interview
from tipq.interview.engine import Interview, build_plan
from tipq.interview.prompters import CTRL_C, CTRL_D, ScriptedPrompter
from tipq.io.loading import load_questionnaire_file, load_response_file
from tipq.io.lock import lock_path_for

RESPONDENT = ["Ana Example", "Ministry of Justice of XXA", "ana@example.org"]
Q1_YES = ["1", "Penal Code of XXA", "art. 301", "https://example.org/penal-code", ""]
Q1_DETAILS = ["The offence covers the act, the means", "and the purpose of exploitation.", "."]
Q1_NO_ASSISTANCE = ["2"]
FULL = [*RESPONDENT, *Q1_YES, *Q1_DETAILS, *Q1_NO_ASSISTANCE, "12", "1, 3"]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def run(tmp_path: Path, lines: list, **kw) -> tuple[ScriptedPrompter, object]:
    prompter = ScriptedPrompter(lines)
    opts = InterviewOptions(questionnaire=SMALL_QUESTIONNAIRE, country="XXA",
                            out=tmp_path / "XXA.yaml", **kw)
    return prompter, run_interview(opts, prompter, clock=Clock())


def saved(tmp_path: Path) -> dict:
    loaded = load_response_file(tmp_path / "XXA.yaml")
    assert loaded.ok, loaded.findings
    return {k: a.value for k, a in loaded.model.answers.items()}


@pytest.fixture(scope="module")
def small():
    return load_questionnaire_file(SMALL_QUESTIONNAIRE).model


def test_a_whole_interview_answers_every_form_and_submits(tmp_path: Path, small) -> None:
    prompter, result = run(tmp_path, [*FULL, "yes"])
    assert result.outcome == "submitted"
    assert prompter.questions() == ["1", "1(a)", "1(b)", "1(c)", "2", "3"]  # 4 is moved
    loaded = load_response_file(tmp_path / "XXA.yaml")
    r = loaded.model
    assert r.status == "submitted" and r.submitted_at is not None
    assert r.respondent.name == "Ana Example"
    assert {k: a.value for k, a in r.answers.items()} == {
        "ex-offence": "yes",
        "ex-offence-citations": [{"title": "Penal Code of XXA", "provision": "art. 301",
                                  "link": "https://example.org/penal-code"}],
        "ex-offence-details": "The offence covers the act, the means\n"
                              "and the purpose of exploitation.",
        "ex-offence-assistance": {"needed": False},
        "ex-prosecutions": 12,
        "ex-recovery": ["housing", "medical"],
    }
    assert all(a.answered_at is not None for a in r.answers.values())
    # The secretariat's checks agree that it is complete and valid.
    assert [f for f in validate_response(r, small, file="XXA.yaml")
            if f.level.value == "error"] == []
    assert not lock_path_for(tmp_path / "XXA.yaml").exists()


def test_ctrl_c_keeps_every_answer_given_and_resume_starts_at_the_first_open(
        tmp_path: Path) -> None:
    with pytest.raises(InterruptedSession) as e:
        run(tmp_path, [*RESPONDENT, *Q1_YES, "First line of an answer", CTRL_C])
    assert "tipq interview" in str(e.value) and "--country XXA" in str(e.value)
    assert saved(tmp_path) == {"ex-offence": "yes", "ex-offence-citations": [
        {"title": "Penal Code of XXA", "provision": "art. 301",
         "link": "https://example.org/penal-code"}]}
    assert not lock_path_for(tmp_path / "XXA.yaml").exists()
    prompter, result = run(tmp_path, ["quit"])
    assert prompter.questions() == ["1(b)"]
    assert any("Welcome back: 2 of" in s for s in prompter.said())
    assert result.outcome == "quit"


def test_ctrl_d_is_an_interrupt_too(tmp_path: Path) -> None:
    with pytest.raises(InterruptedSession):
        run(tmp_path, [*RESPONDENT, "1", CTRL_D])
    assert saved(tmp_path) == {"ex-offence": "yes"}


def test_changing_an_answer_keeps_and_flags_a_follow_up_that_no_longer_applies(
        tmp_path: Path) -> None:
    run(tmp_path, [*FULL, "no"])
    prompter, _ = run(tmp_path, ["goto 1", "3", "review", "quit"])
    assert any("1(a) is kept, but it no longer applies" in s for s in prompter.said("warning"))
    answers = saved(tmp_path)
    assert answers["ex-offence"] == "no"
    assert answers["ex-offence-citations"][0]["title"] == "Penal Code of XXA"  # never deleted
    review = [p for k, p in prompter.transcript if k == "review"][-1]
    row = next(r for _, rows in review.sections for r in rows if r.step.item.label == "1")
    assert row.flagged == ("1(a)",)


def test_back_shows_the_previous_question_and_enter_keeps_its_answer(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "1", "back", "", "skip", "quit"])
    assert prompter.questions() == ["1", "1(a)", "1", "1(a)", "1(b)"]
    second = [c for k, c in prompter.transcript if k == "question"][2]
    assert second.current == "Yes"


def test_skip_leaves_a_question_open_and_asks_the_rest(tmp_path: Path) -> None:
    prompter, result = run(tmp_path, [*RESPONDENT, "skip", "12", "2", "", "3",
                                      *Q1_DETAILS, *Q1_NO_ASSISTANCE, "no"])
    # skipping a question skips its follow-ups; Enter at the end goes back to them
    assert prompter.questions() == ["1", "2", "3", "1", "1(b)", "1(c)"]
    assert result.outcome == "draft"
    assert saved(tmp_path)["ex-offence"] == "no"
    assert "ex-offence-citations" not in saved(tmp_path)  # does not apply after "No"


def test_invalid_input_is_refused_with_a_reason_and_asked_again(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "7", "maybe", "3", *Q1_DETAILS, "1", "99",
                                 "2, 3", "Needs training for judges", ".", "-4", "twelve",
                                 "12.5", "12", "quit"])
    errors = prompter.said("error")
    assert any("choose a number from 1 to 3" in e for e in errors)
    assert any("'maybe' is not one of the options" in e for e in errors)
    assert any("is less than the minimum 0" in e for e in errors)
    assert any("'twelve' is not a number" in e for e in errors)
    assert any("not a whole number" in e for e in errors)
    answers = saved(tmp_path)
    assert answers["ex-offence-assistance"] == {
        "needed": True, "kinds": ["model-legislation", "capacity-building"],
        "description": "Needs training for judges"}
    assert answers["ex-prosecutions"] == 12


def test_moved_questions_are_never_asked_and_goto_says_where_they_went(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "goto 4", "goto 1(a)", "goto 99", "quit"])
    assert prompter.questions() == ["1"]
    warnings = " ".join(prompter.said())
    assert "Question 4 was moved to small-example (ex-offence)" in warnings
    assert "does not apply, given the answer to question 1" in warnings
    assert "There is no question 99" in warnings


def test_order_mandatory_first_and_annex(tmp_path: Path, small) -> None:
    ids = [s.id for s in build_plan(small, "mandatory-first")]
    assert ids.index("ex-prosecutions") < ids.index("ex-recovery")
    annex = build_plan(small, "annex")
    assert [s.annex for s in annex if s.id == "ex-recovery"] == [True]
    prompter, _ = run(tmp_path, [*RESPONDENT, "skip", "skip", "skip", "skip", "skip", "quit"],
                      order="annex")
    cards = [c for k, c in prompter.transcript if k == "question"]
    assert cards[-1].label == "3" and cards[-1].annex
    assert "Annex" in cards[-1].section.text
    assert cards[-1].progress.section_count == 2


def test_progress_counts_questions_and_sections() -> None:
    small = load_questionnaire_file(SMALL_QUESTIONNAIRE).model
    iv = Interview(small, {"ex-offence": "no"})
    p = iv.progress(iv.index_of("ex-prosecutions"))
    assert (p.number, p.total, p.section_index, p.section_count) == (2, 3, 1, 2)
    assert (p.answered, p.applicable) == (1, 5)  # 1(a) does not apply after "No"


def test_arabic_interview_uses_arabic_words_and_accepts_arabic_commands(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, ["", "", "", "نعم", "مراجعة", "رجوع", "خروج"], lang="ar")
    assert saved(tmp_path) == {"ex-offence": "yes"}
    cards = [c for k, c in prompter.transcript if k == "question"]
    assert cards[0].text.text.startswith("هل جرّمت") and not cards[0].text.fallback
    assert any("حُفظ في" in s for s in prompter.said())
    assert ("review" in [k for k, _ in prompter.transcript])


def test_missing_translation_falls_back_to_english_with_a_marker(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, ["", "", "", "quit"], lang="fr")
    card = next(c for k, c in prompter.transcript if k == "question")
    assert card.text.fallback and card.text.text.startswith("Has your State")
    assert any("Qui répond" in s for s in prompter.said())


def test_a_hand_edited_invalid_answer_is_asked_again(tmp_path: Path) -> None:
    run(tmp_path, [*RESPONDENT, "1", "quit"])
    path = tmp_path / "XXA.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 'yes'", "value: maybe"),
                    encoding="utf-8")
    prompter, _ = run(tmp_path, ["3", "quit"])
    card = next(c for k, c in prompter.transcript if k == "question")
    assert card.label == "1" and "'maybe' is not a closed answer" in card.invalid
    assert saved(tmp_path)["ex-offence"] == "no"


def test_submit_is_refused_while_the_secretariat_checks_find_errors(
        tmp_path: Path, monkeypatch) -> None:
    import tipq.checks.batch
    from tipq.core.findings import Finding

    def one_error(response, questionnaire, *, file, doc=None, now=None, broken=None):
        return [Finding("R104", {"country": response.country, "suggestion": ""},
                        file=file)], None

    monkeypatch.setattr(tipq.checks.batch, "check_response", one_error)  # as the gate calls it
    prompter, result = run(tmp_path, [*FULL, "yes", "quit"])
    assert result.outcome == "quit"
    assert any(k == "findings" for k, _ in prompter.transcript)
    assert any("cannot be submitted yet: 1 problem" in s for s in prompter.said("error"))
    assert yaml.safe_load((tmp_path / "XXA.yaml").read_text(encoding="utf-8"))["status"] == "draft"


def test_a_submitted_response_becomes_a_draft_again_when_an_answer_changes(
        tmp_path: Path) -> None:
    run(tmp_path, [*FULL, "yes"])
    prompter, _ = run(tmp_path, ["goto 2", "13", "no"])
    data = yaml.safe_load((tmp_path / "XXA.yaml").read_text(encoding="utf-8"))
    assert data["status"] == "draft" and "submitted_at" not in data
    assert any("draft again" in s for s in prompter.said())


def test_every_form_of_the_format_can_be_answered(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"q.yaml": """
        id: forms
        title: {en: Every answer form}
        instrument: tip-protocol
        version: "2026-01-01T00:00"
        status: draft
        languages: [en]
        sections:
          - id: s
            title: {en: Forms}
            questions:
              - id: f-choice
                number: 1
                requirement: mandatory
                text: {en: "Which body coordinates?"}
                answer:
                  type: choice
                  options:
                    - {value: ministry, label: {en: "A ministry"}}
                    - {value: commission, label: {en: A national commission}}
                follow_ups:
                  - id: f-since
                    text: {en: "Since when?"}
                    when: {question: f-choice, in: [commission]}
                    answer: {type: date, min: 2000-01-01}
              - id: f-name
                number: 2
                requirement: non-mandatory
                text: {en: Name of the national rapporteur}
                answer: {type: text, multiline: false}
              - id: f-help
                number: 3
                requirement: mandatory
                text: {en: "Technical assistance?"}
                answer: {type: assistance}
        """})
    prompter = ScriptedPrompter(["", "", "", "a national commission", "1999-12-31", "2018-7-3",
                                 "2018-07-03", "  N. Rapporteur  ", "yes", "3", "", "yes"])
    run_interview(InterviewOptions(questionnaire=tmp_path / "q.yaml", country="XXA",
                                   out=tmp_path / "XXA.yaml"), prompter, clock=Clock())
    assert saved(tmp_path) == {"f-choice": "commission", "f-since": "2018-07-03",
                               "f-name": "N. Rapporteur",
                               "f-help": {"needed": True, "kinds": ["capacity-building"]}}
    errors = " ".join(prompter.said("error"))
    assert "is before 2000-01-01" in errors and "is not a date written YYYY-MM-DD" in errors


# --- numbers, retry messages and escaped command words ---------------------------------


def test_a_grouped_number_is_stored_as_the_int_it_reads_and_said_back(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "skip", "1,000", "quit"])
    value = saved(tmp_path)["ex-prosecutions"]
    assert value == 1000 and type(value) is int
    assert "Read as 1000." in prompter.said("info")
    text = (tmp_path / "XXA.yaml").read_text(encoding="utf-8")
    assert "value: 1000\n" in text


def test_an_exponent_in_a_whole_number_question_is_stored_as_an_int(tmp_path: Path) -> None:
    run(tmp_path, [*RESPONDENT, "skip", "1e3", "quit"])
    value = saved(tmp_path)["ex-prosecutions"]
    assert value == 1000 and type(value) is int


def test_a_decimal_comma_and_a_huge_number_are_refused_quoting_what_was_typed(
        tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "skip", "1,5", "1e400", "12", "quit"])
    errors = prompter.said("error")
    assert any("'1,5' has a comma where a decimal point may be meant: write 1.5" in e
               for e in errors)
    assert any("'1e400' is too large a number" in e for e in errors)
    assert not any("'inf'" in e for e in errors)
    assert saved(tmp_path)["ex-prosecutions"] == 12
    assert "Read as" not in prompter.text()  # typed as it is stored: nothing to say


def test_retry_messages_end_with_one_full_stop(tmp_path: Path) -> None:
    prompter, _ = run(tmp_path, [*RESPONDENT, "skip", "-1", "", "12", "quit"])
    errors = prompter.said("error")
    assert "Not accepted: -1 is less than the minimum 0. Write a number of at least 0. " \
           "Please try again." in errors
    assert "Not accepted: an answer is needed (or type skip to leave it open). " \
           "Please try again." in errors
    assert not any(".." in e for e in errors)


def test_a_saved_answer_breaking_the_rules_is_shown_with_one_full_stop(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from tipq.interview.terminal import TerminalPrompter
    from tipq.interview.views import build_card

    run(tmp_path, [*RESPONDENT, "skip", "12", "quit"])
    path = tmp_path / "XXA.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 12", "value: -1"),
                    encoding="utf-8")
    q = load_questionnaire_file(SMALL_QUESTIONNAIRE).model
    interview = Interview(q, {"ex-prosecutions": -1})
    buf = io.StringIO()
    terminal = TerminalPrompter(console=Console(file=buf, width=200, color_system=None))
    terminal.show_question(build_card(interview, interview.index_of("ex-prosecutions"), "en"))
    assert ("Not accepted: -1 is less than the minimum 0. Write a number of at least 0. "
            "Please try again.") in buf.getvalue()


def test_a_backslash_makes_a_command_word_the_answer(tmp_path: Path) -> None:
    """1(b) is a multi-line text, 1(a)'s citation title goes through the same first line."""
    prompter, _ = run(tmp_path, [*RESPONDENT, "1", "\\review", "", "", "", "\\back", ".",
                                 "\\goto 12", "quit"])
    answers = saved(tmp_path)
    assert answers["ex-offence-citations"] == [{"title": "review"}]
    assert answers["ex-offence-details"] == "back"
    assert prompter.questions() == ["1", "1(a)", "1(b)", "1(c)"]  # no command was run
    assert not any(k == "review" for k, _ in prompter.transcript)


def test_the_escape_is_taken_only_before_a_command_word() -> None:
    from tipq.interview.entry import Reader

    reader = Reader(ScriptedPrompter([]), "fr")
    assert reader.unescape("\\back") == "back"
    assert reader.unescape("  \\quitter") == "quitter"  # the chosen language's words too
    assert reader.unescape("\\goto 12") == "goto 12"
    assert reader.unescape("\\\\back") == "\\back"  # one backslash taken each time
    assert reader.unescape("\\\\server\\share") is None  # kept as typed
    assert reader.unescape("\\n") is None
    assert reader.unescape("back") is None


def test_help_mentions_the_escape_in_every_language() -> None:
    from tipq.core.i18n import COMMAND_WORDS, LANGUAGES, t

    for lang in LANGUAGES:
        back = COMMAND_WORDS["back"].get(lang, COMMAND_WORDS["back"]["en"])[-1]
        assert f"\\{back}" in t("help", lang), lang
