"""Properties, checked on generated questionnaires and answers (hypothesis).

1. The generator builds questionnaires that load and that ``tipq check`` finds no error in.
2. Save -> load: any sequence of answers (changes included) saved through the interview's
   store reads back as exactly the response intended, through the loader, a new sitting
   and ``tipq validate``; whatever the text (YAML 1.1 words, quotes, Arabic, line breaks).
3. The interview and the validator agree on what is valid (both use
   ``tipq.core.kinds.check_value``): what the interview accepts, validate accepts; a value
   whose typed form the interview refuses, validate flags (R108).
4. ``tipq check`` never crashes on a mutated valid questionnaire (keys dropped, types
   swapped, ids duplicated, random strings): findings, never an exception.
"""

from __future__ import annotations

import os
import random
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hostile.fuzz import load_seed_data, mutate_data, to_yaml_text
from hostile.generate import questionnaire_data
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from tipq.core.answers import is_answered
from tipq.core.findings import CATALOG
from tipq.core.kinds import accepted_values, check_value
from tipq.core.questionnaire import Questionnaire

#: TIPQ_PROPERTY_SCALE=N runs N times as many examples, with fresh random ones (long runs).
_SCALE = max(1, int(os.environ.get("TIPQ_PROPERTY_SCALE", "1")))


def _examples(n: int) -> settings:
    return settings(max_examples=n * _SCALE, deadline=None, derandomize=_SCALE == 1,
                    database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


_FAST = _examples(60)
_NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)

# --- generators -------------------------------------------------------------------------

_option_values = st.from_regex(r"[a-z][a-z0-9]{0,6}(?:-[a-z0-9]{1,4})?", fullmatch=True)


@st.composite
def options(draw: Any, min_size: int = 2) -> list[dict[str, Any]]:
    values = draw(st.lists(_option_values, min_size=min_size, max_size=6, unique=True))
    return [{"value": v, "label": {"en": v.replace("-", " ").title(), "ar": f"خيار {i}"}}
            for i, v in enumerate(values, 1)]


@st.composite
def answer_forms(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["closed", "choice", "multi-choice", "text", "number", "date",
                                 "citations", "assistance"]))
    form: dict[str, Any] = {"type": kind}
    if kind == "choice":
        form["options"] = draw(options())
    elif kind == "multi-choice":
        form["options"] = draw(options())
        form["min_selected"] = draw(st.integers(0, 2))
        if draw(st.booleans()):
            form["max_selected"] = draw(st.integers(max(1, form["min_selected"]), 6))
    elif kind == "text":
        form["multiline"] = draw(st.booleans())
        form["max_length"] = draw(st.sampled_from([20, 200, 20_000]))
    elif kind == "number":
        form["integer"] = draw(st.booleans())
        low = draw(st.none() | st.integers(-100, 100))
        if low is not None:
            form["min"] = low
        if draw(st.booleans()):
            form["max"] = (low or 0) + draw(st.integers(0, 10_000))
    elif kind == "date" and draw(st.booleans()):
        form["min"], form["max"] = "2000-01-01", "2030-12-31"
    elif kind == "citations":
        form["min_items"] = draw(st.integers(0, 2))
    return form


@st.composite
def questionnaires(draw: Any) -> Questionnaire:
    forms = draw(st.lists(answer_forms(), min_size=1, max_size=12))
    data = questionnaire_data(forms, per_section=draw(st.integers(1, 5)),
                              follow_up_every=draw(st.sampled_from([0, 1, 2])))
    return Questionnaire.model_validate(data)


_TRICKY_TEXT = st.sampled_from([
    "no", "yes", "No", "on", "off", "null", "~", "true", "12", "0777", "1:20", "2018-07-03",
    "- item", "key: value", "# not a comment", "'quoted'", '"double"', "a\\b", "!!str x",
    "&anchor", "*alias", "{flow}", "[flow]", "  leading", "trailing  ", "tab\there",
    "نعم، جزئياً", "القانون رقم 14 لسنة 2017", "Côte d'Ivoire", "line\u2028separator",
    "emoji \U0001f600", "...", "---", "|", ">", "@", "`", "%", "?", ",", "=", "<<",
])


def texts(multiline: bool) -> st.SearchStrategy[str]:
    alphabet = st.characters(exclude_categories=("Cs",),
                             exclude_characters=None if multiline else "\n\r\x85\u2028\u2029")
    return _TRICKY_TEXT | st.text(alphabet, min_size=1, max_size=80) | st.lists(
        _TRICKY_TEXT, min_size=1, max_size=4).map("\n".join if multiline else " ".join)


def valid_values(form: Any) -> st.SearchStrategy[Any]:
    """Values check_value accepts for ``form`` (hypothesis filters the rare misses)."""
    kind = form.type
    if kind in ("closed", "choice"):
        return st.sampled_from(accepted_values(form))
    if kind == "multi-choice":
        high = form.max_selected or len(form.options)
        return st.lists(st.sampled_from(accepted_values(form)), min_size=form.min_selected,
                        max_size=high, unique=True)
    if kind == "text":
        return texts(form.multiline).filter(lambda t: len(t) <= form.max_length)
    if kind == "number":
        low = form.min if form.min is not None else -1e9
        high = form.max if form.max is not None else 1e9
        ints = st.integers(int(low) if low == int(low) else int(low) + 1, int(high))
        return ints if form.integer else ints | st.floats(low, high, allow_nan=False)
    if kind == "date":
        return st.dates(form.min or datetime(1950, 1, 1).date(),
                        form.max or datetime(2049, 12, 31).date()).map(str)
    if kind == "citations":
        citation = st.fixed_dictionaries(
            {"title": texts(False).filter(str.strip)},
            optional={"provision": st.sampled_from(["art. 3", "s. 12(2)", "المادة 5"]),
                      "link": st.sampled_from(["https://example.invalid/law",
                                               "http://example.invalid/a?b=c#d"])})
        return st.lists(citation, min_size=form.min_items, max_size=3)
    if kind == "assistance":
        kinds = accepted_values(form)
        return st.just({"needed": False}) | st.fixed_dictionaries(
            {"needed": st.just(True),
             "kinds": st.lists(st.sampled_from(kinds), min_size=1, max_size=3, unique=True)},
            optional={"description": texts(True)})
    raise AssertionError(kind)


# --- 1. the generator -------------------------------------------------------------------


@_FAST
@given(q=questionnaires())
def test_generated_questionnaires_pass_check(q: Questionnaire) -> None:
    from tipq.checks.questionnaire import check_questionnaire
    from tipq.io.yaml_load import parse_yaml

    doc = parse_yaml(to_yaml_text(q.model_dump(mode="json", by_alias=True,
                                               exclude_none=True)))
    errors = [f.format() for f in check_questionnaire(q, doc) if f.level.value == "error"]
    assert errors == []


# --- 2. save -> load --------------------------------------------------------------------


@st.composite
def questionnaire_and_answers(draw: Any) -> tuple[Questionnaire, list[tuple[str, Any]]]:
    q = draw(questionnaires())
    items = [i for i in q.index.items if i.answer is not None]
    steps = draw(st.lists(st.sampled_from(items), min_size=1, max_size=15))
    return q, [(item.id, draw(valid_values(item.answer))) for item in steps]


@_examples(80)
@given(case=questionnaire_and_answers())
def test_save_then_load_gives_the_same_response(
        case: tuple[Questionnaire, list[tuple[str, Any]]]) -> None:
    from tipq.checks.response import check_response
    from tipq.interview.store import ResponseStore
    from tipq.io.loading import load_response_file

    q, steps = case
    forms = {item.id: item.answer for item in q.index.items}
    steps = [(qid, v) for qid, v in steps if check_value(forms[qid], v) is None]
    assume(steps)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "XXA.yaml"
        store = ResponseStore.open(path, q, country="XXA")
        try:
            for qid, value in steps:
                store.set_answer(qid, value)
        finally:
            store.close()
        expected = dict(steps)  # the last value given to each question
        loaded = load_response_file(path)
        assert loaded.ok, [f.format() for f in loaded.findings]
        assert {k: a.value for k, a in loaded.model.answers.items()} == expected
        again = ResponseStore.open(path, q, country=None)  # the next sitting reads the same
        try:
            assert again.values == expected
        finally:
            again.close()
        findings, _ = check_response(loaded.model, q, file=str(path), now=_NOW)
        assert not [f.format() for f in findings if f.code == "R108"]


# --- 3. the interview and the validator agree --------------------------------------------

REFUSED = object()


def interview_reads(form: Any, lines: list[str]) -> Any:
    """What the interview's reader makes of ``lines`` typed at a question: a value, or
    REFUSED (it asked again, or took the line as a command)."""
    from tipq.interview.entry import Command, Keep, Reader
    from tipq.interview.prompters import ScriptedPrompter

    try:
        got = Reader(ScriptedPrompter(lines), "en").read(form, answered=False)
    except EOFError:  # it asked again: the input was refused
        return REFUSED
    return REFUSED if isinstance(got, (Command, Keep)) else got


def validate_flags(q: Questionnaire, qid: str, value: Any) -> bool:
    """Whether ``tipq validate`` reports an invalid answer (R108) for ``value``."""
    from tipq.checks.response import check_response
    from tipq.core.response import Response

    now = "2026-05-01T10:00:00Z"
    response = Response.model_validate({
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "country": "XXA", "status": "draft", "created": now, "updated": now,
        "answers": {qid: {"value": value}}})
    findings, _ = check_response(response, q, file="XXA.yaml", now=_NOW)
    return any(f.code == "R108" and f.question_id == qid for f in findings)


def typed_lines(form: Any, value: Any) -> list[str]:
    """What a person types to give ``value`` (lines; text ends with a lone '.')."""
    if form.type == "multi-choice":
        return [", ".join(map(str, value))] if isinstance(value, list) else [str(value)]
    if form.type == "text" and form.multiline:
        return [*str(value).split("\n"), "."]
    return [str(value)]


def any_values(form: Any) -> st.SearchStrategy[Any]:
    """Valid values and near misses: other options, bounds crossed, bad dates, wrong types."""
    near = st.sampled_from(["maybe", "Yes", "1", "0", "-5", "1e3", "nan", "inf", "2018-02-30",
                            "2018-7-3", "03/07/2018", "12.5", "", " ", "yes ", "None",
                            "10000000000", "-0", "٣", "99999", "1,5"])
    other = st.integers(-10**12, 10**12) | st.floats(allow_nan=True) | near
    if form.type == "multi-choice":
        other = st.lists(st.sampled_from(accepted_values(form)) | near, max_size=7)
    return valid_values(form) | other


@st.composite
def form_and_value(draw: Any) -> tuple[Questionnaire, str, Any]:
    kind = draw(answer_forms().filter(lambda f: f["type"] not in ("citations", "assistance")))
    q = Questionnaire.model_validate(questionnaire_data([kind]))
    item = q.index.items[0]
    return q, item.id, draw(any_values(item.answer))


@_examples(300)
@given(case=form_and_value())
def test_interview_and_validate_agree_on_every_value(case: tuple[Questionnaire, str, Any]) -> None:
    from tipq.core.i18n import command_words

    q, qid, value = case
    form = q.index.by_id[qid].answer
    lines = typed_lines(form, value)
    assume(is_answered(value))  # an empty answer is "open", not invalid, for both
    assume(lines[0].strip().casefold().split(" ")[0] not in command_words("en"))
    got = interview_reads(form, lines)
    event(f"{form.type}: " + ("refused" if got is REFUSED else "accepted"))
    if got is REFUSED:
        assert validate_flags(q, qid, value), f"the interview refuses {lines}, validate not"
    else:
        assert check_value(form, got) is None
        assert not validate_flags(q, qid, got), f"the interview accepts {got!r}, validate not"
        if type(got) is type(value) and got == value:
            assert not validate_flags(q, qid, value)


@st.composite
def form_and_typing(draw: Any) -> tuple[Questionnaire, str, list[str]]:
    q = Questionnaire.model_validate(questionnaire_data([draw(answer_forms())]))
    line = st.sampled_from(["yes", "no", "1", "2", "1, 2", "", ".", "https://example.invalid",
                            "ftp://x", "not a link", "art. 3", "3", "2018-07-03", "-1"]) | \
        st.text(max_size=20)
    return q, q.index.items[0].id, draw(st.lists(line, max_size=10))


@_examples(200)
@given(case=form_and_typing())
def test_whatever_the_interview_accepts_validates(
        case: tuple[Questionnaire, str, list[str]]) -> None:
    """Any lines typed at any form, citations and assistance included."""
    q, qid, lines = case
    got = interview_reads(q.index.by_id[qid].answer, lines)
    if got is not REFUSED:
        assert not validate_flags(q, qid, got), f"accepted {got!r} from {lines}"


def test_no_command_word_is_also_an_answer_word() -> None:
    """A word that is an answer (yes/no, a closed label) must never be taken as a command."""
    from tipq.core.answers import CLOSED_LABELS
    from tipq.core.i18n import LANGUAGES, NO_WORDS, YES_WORDS, command_words

    for lang in LANGUAGES:
        words = command_words(lang)
        answers = {w.casefold() for w in YES_WORDS | NO_WORDS}
        answers |= {label.casefold() for labels in CLOSED_LABELS.values()
                    for label in labels.values()}
        assert not answers & set(words), (lang, answers & set(words))


# --- 4. check on mutated questionnaires ------------------------------------------------------


def _seed_questionnaires() -> list[Path]:
    from hostile.fuzz import questionnaire_paths

    return questionnaire_paths()


@pytest.fixture(scope="module")
def seed_data() -> dict[str, Any]:
    return {p.name: load_seed_data(p) for p in _seed_questionnaires()}


@pytest.mark.parametrize("name", [p.name for p in _seed_questionnaires()])
@_examples(40)
@given(rng_seed=st.integers(0, 2**32 - 1))
def test_check_never_crashes_on_a_mutated_questionnaire(
        name: str, seed_data: dict[str, Any], rng_seed: int) -> None:
    from tipq.checks.questionnaire import check_paths

    data = mutate_data(seed_data[name], random.Random(rng_seed))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(to_yaml_text(data), encoding="utf-8")
        result = check_paths([path])  # raises nothing: findings only
    for f in result.findings:
        assert f.code in CATALOG and f.file == str(path), f
        assert f.line is None or f.line >= 1
        f.format()
