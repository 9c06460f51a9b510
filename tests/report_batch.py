"""A generated batch of responses with known content, for the tests of ``tipq report``.

:func:`write_batch` writes a small questionnaire (closed questions with citations, text and
assistance follow-ups; a choice, a multi-choice and a number question; mandatory and
non-mandatory; two sections) and seeded random responses to it: submitted ones, drafts
with open questions, a State that sent a draft and a submitted response, a file with an
error, and a text answer that is a spreadsheet formula.

:func:`expected_counts` and friends compute what the report must say **from the files
alone** (read back with PyYAML), by rules written here again on purpose — not through
tipq's code.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

QID = "report-test"
VERSION = "2018-07-03T18:00"
KINDS = ["legal-advice", "capacity-building", "technology", "coordination"]
OPTIONS = ["police", "prosecutors", "ngos"]
FORMULA = '=HYPERLINK("http://x","y")'


def _closed(qid: str, number: int, requirement: str, provisions: list[str]) -> dict[str, Any]:
    return {
        "id": qid, "number": number, "provisions": provisions,
        "obligation": "shall" if requirement == "mandatory" else "may",
        "requirement": requirement,
        "text": {"en": f"Closed question {number}?", "ar": f"سؤال مغلق {number}؟"},
        "answer": {"type": "closed"},
        "follow_ups": [
            {"id": f"{qid}-citations", "text": {"en": "Cite the legislation.",
                                                "ar": "اذكر التشريعات."},
             "when": {"question": qid, "in": ["yes", "partly"]},
             "answer": {"type": "citations", "min_items": 1}},
            {"id": f"{qid}-details", "text": {"en": "Describe.", "ar": "صِف."},
             "answer": {"type": "text"}},
            {"id": f"{qid}-assistance", "text": {"en": "Assistance?", "ar": "مساعدة؟"},
             "answer": {"type": "assistance"}},
        ],
    }


def questionnaire() -> dict[str, Any]:
    opts = [{"value": v, "label": {"en": v.title(), "ar": f"خيار {v}"}} for v in OPTIONS]
    return {
        "id": QID, "title": {"en": "Report test questionnaire", "ar": "استبيان اختبار"},
        "instrument": "tip-protocol", "version": VERSION, "status": "non-paper",
        "languages": ["en", "ar"],
        "sections": [
            {"id": "crim", "title": {"en": "Criminalization", "ar": "التجريم"},
             "questions": [_closed("q1", 1, "mandatory", ["5(1)"]),
                           _closed("q2", 2, "non-mandatory", ["9(1)"])]},
            {"id": "prot", "title": {"en": "Protection", "ar": "الحماية"},
             "questions": [
                 _closed("q3", 3, "mandatory", ["6(1)", "6(2)"]),
                 {"id": "q4", "number": 4, "provisions": ["10(1)"], "obligation": "shall",
                  "requirement": "mandatory", "text": {"en": "Who?", "ar": "من؟"},
                  "answer": {"type": "choice", "options": opts}},
                 {"id": "q5", "number": 5, "provisions": ["10(2)"], "obligation": "may",
                  "requirement": "non-mandatory", "text": {"en": "Which?", "ar": "أيّ؟"},
                  "answer": {"type": "multi-choice", "options": opts}},
                 {"id": "q6", "number": 6, "provisions": ["10(2)"], "obligation": "may",
                  "requirement": "non-mandatory", "text": {"en": "How many?", "ar": "كم؟"},
                  "answer": {"type": "number", "min": 0, "integer": True}},
             ]},
        ],
    }


#: Question ids in document order, with their type and the closed question they follow.
ITEMS: list[tuple[str, str, str | None]] = [
    *((i, t, p) for n in (1, 2, 3) for i, t, p in (
        (f"q{n}", "closed", None), (f"q{n}-citations", "citations", f"q{n}"),
        (f"q{n}-details", "text", f"q{n}"), (f"q{n}-assistance", "assistance", f"q{n}"))),
    ("q4", "choice", None), ("q5", "multi-choice", None), ("q6", "number", None)]


def _answer(rng: random.Random, kind: str, country: str) -> Any:
    if kind == "closed":
        return rng.choice(["yes", "partly", "no"])
    if kind == "citations":
        return [{"title": f"Law {k} of {country}", "provision": f"art. {k}"}
                for k in range(rng.randint(1, 2))]
    if kind == "text":
        return f"Measures of {country}: {rng.randint(1, 99)}."
    if kind == "assistance":
        if rng.random() < 0.5:
            return {"needed": False}
        return {"needed": True, "kinds": rng.sample(KINDS, rng.randint(1, 2)),
                "description": f"Help for {country}"}
    if kind == "choice":
        return rng.choice(OPTIONS)
    if kind == "multi-choice":
        return rng.sample(OPTIONS, rng.randint(1, 3))
    return rng.randint(0, 50)


def build_response(rng: random.Random, country: str, digest: str, *, status: str,
                   updated_day: int, open_rate: float = 0.0) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for qid, kind, parent in ITEMS:
        if parent is not None and kind == "citations" and answers.get(parent, {}).get(
                "value") not in ("yes", "partly"):
            continue  # does not apply
        if status == "draft" and rng.random() < open_rate:
            continue
        answers[qid] = {"value": _answer(rng, kind, country)}
    if status == "submitted":  # every applicable question answered
        for qid, kind, parent in ITEMS:
            applies = kind != "citations" or answers[parent]["value"] in ("yes", "partly")
            if applies and qid not in answers:
                answers[qid] = {"value": _answer(rng, kind, country)}
    r: dict[str, Any] = {
        "questionnaire": {"id": QID, "version": VERSION, "hash": digest},
        "country": country, "status": status,
        "created": "2018-09-01T09:00:00Z", "updated": f"2018-09-{updated_day:02d}T10:00:00Z",
        "answers": answers}
    if status == "submitted":
        r["submitted_at"] = r["updated"]
    return r


def write_batch(root: Path, *, seed: int = 15, states: int = 12,
                formula: bool = True) -> dict[str, Path]:
    """Write ``root/questionnaires/q.yaml`` and ``root/responses/*.yaml``; returns the
    folders. The responses: ``states`` States XAA.., every third a draft with open
    questions; XAB also sent a later draft (the submitted one counts); XAC a second
    submitted one, updated later (that one counts); ``BAD.yaml`` has an error."""
    from tipq.core.questionnaire import Questionnaire

    q = questionnaire()
    qdir, rdir = root / "questionnaires", root / "responses"
    qdir.mkdir(parents=True)
    rdir.mkdir(parents=True)
    (qdir / "q.yaml").write_text(json.dumps(q, ensure_ascii=False, indent=1), encoding="utf-8")
    digest = Questionnaire.model_validate(q).content_hash
    rng = random.Random(seed)
    codes = [f"XA{chr(65 + i)}" for i in range(states)]
    for i, code in enumerate(codes):
        status = "draft" if i % 3 == 2 else "submitted"
        r = build_response(rng, code, digest, status=status, updated_day=10 + i % 9,
                           open_rate=0.3)
        if formula and code == "XAA":
            r["answers"]["q1-details"] = {"value": FORMULA}
        _write(rdir / f"{code}.yaml", r)
    _write(rdir / "XAB-later-draft.yaml",
           build_response(rng, "XAB", digest, status="draft", updated_day=28, open_rate=0.5))
    _write(rdir / "XAC-second.yaml",
           build_response(rng, "XAC", digest, status="submitted", updated_day=27))
    bad = build_response(rng, "XAZ", digest, status="submitted", updated_day=20)
    bad["answers"]["q1"] = {"value": "Yes"}  # not a closed answer: an error
    _write(rdir / "BAD.yaml", bad)
    return {"questionnaires": qdir, "responses": rdir}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


# --- what the report must say, from the files alone ----------------------------------------

CLOSED = ("yes", "partly", "no")


def _valid(r: dict[str, Any]) -> bool:
    """Enough of the rules for this batch: closed answers must be one of three values."""
    return all(r["answers"].get(f"q{n}", {}).get("value", "yes") in CLOSED for n in (1, 2, 3))


def kept_responses(rdir: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """State -> (file name, response) of the response counted: valid ones only; submitted
    over draft, then the latest 'updated'."""
    best: dict[str, tuple[tuple[int, str], str, dict[str, Any]]] = {}
    for path in sorted(rdir.glob("*.yaml")):
        r = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not _valid(r):
            continue
        key = (1 if r["status"] == "submitted" else 0, r["updated"])
        if r["country"] not in best or key > best[r["country"]][0]:
            best[r["country"]] = (key, path.name, r)
    return {c: (name, r) for c, (_, name, r) in best.items()}


def buckets_of(r: dict[str, Any]) -> dict[str, list[str]]:
    """Question id -> the buckets one response puts it in."""
    answers = {k: v["value"] for k, v in r["answers"].items()}
    out: dict[str, list[str]] = {}
    for qid, kind, parent in ITEMS:
        if kind == "citations" and answers.get(parent) not in ("yes", "partly"):
            out[qid] = ["not-applicable"]
            continue
        v = answers.get(qid)
        if v is None or v in ("", [], {}):
            out[qid] = ["unanswered"]
        elif kind in ("closed", "choice"):
            out[qid] = [v]
        elif kind == "multi-choice":
            out[qid] = list(v)
        elif kind == "assistance":
            out[qid] = list(v["kinds"]) if v["needed"] else ["not-needed"]
        else:
            out[qid] = ["answered"]
    return out


def expected_counts(rdir: Path) -> dict[tuple[str, str], set[str]]:
    """(question id, bucket) -> the States in it."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for country, (_, r) in kept_responses(rdir).items():
        for qid, buckets in buckets_of(r).items():
            for b in buckets:
                found[(qid, b)].add(country)
    return dict(found)


def expected_assistance(rdir: Path) -> dict[tuple[str, str], set[str]]:
    """(numbered question, kind) -> States requesting it."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for country, (_, r) in kept_responses(rdir).items():
        for n in (1, 2, 3):
            v = r["answers"].get(f"q{n}-assistance", {}).get("value")
            if v and v["needed"]:
                for k in v["kinds"]:
                    found[(f"q{n}", k)].add(country)
    return dict(found)


def expected_gaps(rdir: Path) -> set[tuple[str, str]]:
    """(State, question): mandatory (q1, q3), answered no or partly, assistance needed."""
    gaps = set()
    for country, (_, r) in kept_responses(rdir).items():
        for n in (1, 3):
            v = r["answers"].get(f"q{n}", {}).get("value")
            a = r["answers"].get(f"q{n}-assistance", {}).get("value")
            if v in ("no", "partly") and a and a["needed"]:
                gaps.add((country, f"q{n}"))
    return gaps


def count_table(found: dict[tuple[str, str], set[str]]) -> Counter[tuple[str, str]]:
    return Counter({k: len(v) for k, v in found.items()})
