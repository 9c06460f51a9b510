"""``tipq validate``: check response files against their questionnaire.

Two layers:

- :func:`validate_response` judges one :class:`~tipq.models.response.Response` that loaded,
  against the questionnaire it was written for: country, timestamps, completeness per
  status, the form of every answer (through :func:`tipq.answers.check_value`, the rules the
  interview uses too), citations after "Yes", follow-ups that do not apply (through
  :mod:`tipq.conditions`), unknown ids and answers to moved questions. The interview's
  submit step calls it; so does the file layer below.
- :func:`validate_paths` / :func:`iter_validate` take files and folders, find each
  response's questionnaire (by id and version, then hash), and give one
  :class:`FileResult` per file. A bad file (unreadable, binary, hostile YAML) becomes a
  finding; the batch goes on.

Speed: parsing is nearly all the cost. Files are parsed without recording positions; a
file that has findings is parsed a second time, with positions, only when a finding asks
for its line (:meth:`tipq.yamlio.YamlDocument.locate`). Many files are shared among worker
processes (top-level functions, paths in, small results out), so memory stays flat in the
number of files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tipq.answers import check_value, is_answered
from tipq.conditions import applicability, blocking_condition
from tipq.countries import is_country_code, suggest_country
from tipq.findings import Finding, Severity
from tipq.models.questionnaire import CitationsAnswer, ClosedAnswer, Item, Questionnaire
from tipq.models.response import Response
from tipq.yamlio import YamlDocument

#: How far in the future a timestamp may be before it is flagged (clocks drift).
CLOCK_SKEW = timedelta(minutes=10)

_CITED_VALUES = frozenset({"yes", "partly"})


# --- one response ------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """How far a response is answered: applicable questions, and how many have an answer."""

    answered: int
    applicable: int

    @property
    def open(self) -> int:
        return self.applicable - self.answered


class _Locator:
    """Findings placed in a response document (or without a line when there is none)."""

    def __init__(self, file: str, doc: YamlDocument | None) -> None:
        self.file = file
        self.doc = doc

    def at(self, code: str, loc: Sequence[Any], *, question_id: str | None = None,
           **params: Any) -> Finding:
        line, col = self._position(tuple(loc))
        return Finding(code, params, file=self.file, line=line, col=col, question_id=question_id)

    def _position(self, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
        doc = self.doc
        if doc is None:
            return None, None
        if len(loc) == 1 and doc.positions is None:
            # A top-level key written at the start of a line: found without a second parse
            # (drafts all carry an R107 note; this keeps them on the fast path).
            hits = re.findall(rf"(?m)^{re.escape(str(loc[0]))}[ \t]*:", doc.text)
            if len(hits) == 1:
                m = re.search(rf"(?m)^{re.escape(str(loc[0]))}[ \t]*:", doc.text)
                assert m is not None
                return doc.text.count("\n", 0, m.start()) + 1, 1
        pos = doc.locate(loc)
        return pos if pos else (None, None)


def validate_response(response: Response, questionnaire: Questionnaire, *, file: str,
                      doc: YamlDocument | None = None,
                      now: datetime | None = None) -> list[Finding]:
    """Every answer-level finding about ``response`` against ``questionnaire``.

    ``doc`` (the YAML the response was read from) gives findings their line and column;
    without it they carry the file only. ``now`` is the time future timestamps are
    measured against (default: the current time).

    The questionnaire's identity (id, version, hash) is not checked here:
    :func:`check_identity` does that, and the file layer runs both.
    """
    return check_response(response, questionnaire, file=file, doc=doc, now=now)[0]


def check_response(response: Response, questionnaire: Questionnaire, *, file: str,
                   doc: YamlDocument | None = None,
                   now: datetime | None = None) -> tuple[list[Finding], Completion]:
    """:func:`validate_response`, with the completion counts of the summary table."""
    loc = _Locator(file, doc)
    findings = check_header(response, loc, now=now)
    answer_findings, completion = _check_answers(response, questionnaire, loc)
    findings.extend(answer_findings)
    return _sorted(findings), completion


def check_header(response: Response, loc: _Locator, *,
                 now: datetime | None = None) -> list[Finding]:
    """Country and timestamps: what can be judged without the questionnaire."""
    findings: list[Finding] = []
    if not is_country_code(response.country):
        findings.append(_country_finding(response.country, loc))
    findings.extend(_check_timestamps(response, loc, now or datetime.now(timezone.utc)))
    return findings


def _country_finding(country: object, loc: _Locator) -> Finding:
    guess = suggest_country(country)
    suggestion = f" (did you mean {guess}?)" if guess else ""
    return loc.at("R104", ("country",), country=country, suggestion=suggestion)


def _aware(t: datetime) -> datetime:
    """Naive timestamps are taken as UTC, so that any two can be compared."""
    return t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)


def _check_timestamps(r: Response, loc: _Locator, now: datetime) -> Iterator[Finding]:
    created, updated = _aware(r.created), _aware(r.updated)
    limit = _aware(now) + CLOCK_SKEW
    if updated < created:
        yield loc.at("R113", ("updated",), problem=f"'updated' ({r.updated.isoformat()}) is "
                     f"before 'created' ({r.created.isoformat()})")
    for name, value in (("created", created), ("updated", updated),
                        ("submitted_at", r.submitted_at and _aware(r.submitted_at))):
        if value is not None and value > limit:
            yield loc.at("R113", (name,), problem=f"'{name}' ({value.isoformat()}) is in the "
                         "future")
    if r.status == "submitted" and r.submitted_at is None:
        yield loc.at("R113", ("status",), problem="the response is submitted but has no "
                     "'submitted_at' time")
    elif r.status == "draft" and r.submitted_at is not None:
        yield loc.at("R113", ("submitted_at",), problem="the response has a 'submitted_at' "
                     "time but its status is 'draft'")
    if r.submitted_at is not None and _aware(r.submitted_at) < created:
        yield loc.at("R113", ("submitted_at",), problem=f"'submitted_at' "
                     f"({r.submitted_at.isoformat()}) is before 'created' "
                     f"({r.created.isoformat()})")
    for qid, answer in r.answers.items():
        if answer.answered_at is None:
            continue
        at = _aware(answer.answered_at)
        where = ("answers", qid, "answered_at")
        if at > limit:
            yield loc.at("R113", where, question_id=qid, problem=f"the answer to '{qid}' is "
                         f"dated {answer.answered_at.isoformat()}, in the future")
        elif at > updated + CLOCK_SKEW:
            yield loc.at("R113", where, question_id=qid, problem=f"the answer to '{qid}' is "
                         f"dated {answer.answered_at.isoformat()}, after the response's "
                         f"'updated' time ({r.updated.isoformat()})")


def _check_answers(r: Response, q: Questionnaire,
                   loc: _Locator) -> tuple[list[Finding], Completion]:
    index = q.index
    values = {qid: a.value for qid, a in r.answers.items()}
    applies = applicability(q, values)
    findings: list[Finding] = []
    submitted = r.status == "submitted"

    # Answers given: unknown ids, moved questions, the form of the value, follow-ups
    # that do not apply.
    for qid, answer in r.answers.items():
        value_at = ("answers", qid, "value")
        item = index.by_id.get(qid)
        if item is None:
            findings.append(loc.at("R111", ("answers", qid), question_id=qid, id=qid))
            continue
        if item.top.is_moved:
            moved = item.top.moved_to
            target = (f"'{moved.questionnaire}' question '{moved.question}'" if moved
                      else "another questionnaire")
            findings.append(loc.at("R112", ("answers", qid), question_id=qid, id=qid,
                                   target=target))
            continue
        if not is_answered(answer.value) or item.answer is None:
            continue
        problem = check_value(item.answer, answer.value)
        if problem is not None:
            findings.append(loc.at("R108", value_at, question_id=qid, number=item.label,
                                   id=qid, problem=problem.problem, fix=problem.fix))
        if not applies.get(qid, False):
            ref = blocking_condition(item, values, applies) or (
                item.parent.id if item.parent is not None else qid)
            findings.append(loc.at("R110", value_at, question_id=qid, id=qid, ref=ref))

    # Questions that apply: answered or open; "Yes" without its citations.
    answered = applicable = 0
    cited = _citation_follow_ups(q, values, applies) if submitted else {}
    open_items: list[Item] = []
    for item in index.items:
        if item.answer is None or not applies.get(item.id, False):
            continue
        applicable += 1
        answer = r.answers.get(item.id)
        if answer is not None and is_answered(answer.value):
            answered += 1
            continue
        open_items.append(item)
        if not submitted:
            continue
        if item.id in cited:
            parent = cited[item.id]
            findings.append(loc.at(
                "R109", ("answers", parent.id, "value"), question_id=parent.id,
                number=parent.label, id=parent.id, value=values[parent.id],
                follow_up=item.id))
        else:
            findings.append(loc.at("R106", ("answers", item.id), question_id=item.id,
                                   number=item.label, id=item.id))
    if not submitted and open_items:
        findings.append(loc.at("R107", ("status",), count=len(open_items), total=applicable))
    return findings, Completion(answered, applicable)


def _citation_follow_ups(q: Questionnaire, values: dict[str, Any],
                         applies: dict[str, bool]) -> dict[str, Item]:
    """Citations follow-ups that apply because their question is answered Yes / Yes, in
    part: follow-up id -> the closed question's item."""
    found: dict[str, Item] = {}
    for item in q.index.items:
        if (item.parent is not None and isinstance(item.answer, CitationsAnswer)
                and applies.get(item.id, False)):
            top = q.index.by_id[item.parent.id]
            if isinstance(top.answer, ClosedAnswer) and values.get(top.id) in _CITED_VALUES:
                found[item.id] = top
    return found


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line or 0, f.col or 0))
