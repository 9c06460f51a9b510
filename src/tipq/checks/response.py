"""``tipq validate``: check response files against their questionnaire.

Two layers:

- :func:`validate_response` judges one :class:`~tipq.core.response.Response` that loaded,
  against the questionnaire it was written for: country, timestamps, completeness per
  status, the form of every answer (through :func:`tipq.core.kinds.check_value`, the rules the
  interview uses too), citations after "Yes", follow-ups that do not apply (through
  :mod:`tipq.core.conditions`), unknown ids and answers to moved questions. The interview's
  submit step calls it; so does the file layer below.
- :func:`validate_paths` / :func:`iter_validate` take files and folders, find each
  response's questionnaire (by id and version, then hash), and give one
  :class:`FileResult` per file. A bad file (unreadable, binary, hostile YAML) becomes a
  finding; the batch goes on.

Speed: parsing is nearly all the cost. Files are parsed without recording positions; a
file that has findings is parsed a second time, with positions, only when a finding asks
for its line (:meth:`tipq.io.yaml_load.YamlDocument.locate`). Many files are shared among worker
processes (top-level functions, paths in, small results out), so memory stays flat in the
number of files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from tipq.core import countries
from tipq.core.answers import is_answered
from tipq.core.completion import Completion, completion
from tipq.core.conditions import applicability, blocking_condition
from tipq.core.findings import Finding
from tipq.core.hashing import short
from tipq.core.kinds import check_plausible, check_value, kind_of
from tipq.core.questionnaire import Item, Questionnaire
from tipq.core.response import Response
from tipq.io.repository import Entry, QuestionnaireRepository
from tipq.io.yaml_load import YamlDocument

#: How far in the future a timestamp may be before it is flagged (clocks drift).
CLOCK_SKEW = timedelta(minutes=10)

# --- one response ------------------------------------------------------------------------


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
            # A top-level key written once at the start of a line: found without a second
            # parse (every draft has an R107 note; this keeps drafts on the fast path).
            hits = list(re.finditer(rf"(?m)^{re.escape(str(loc[0]))}[ \t]*:", doc.text))
            if len(hits) == 1:
                return doc.text.count("\n", 0, hits[0].start()) + 1, 1
        pos = doc.locate(loc)
        return pos if pos else (None, None)


@dataclass(frozen=True)
class Broken:
    """What a file's structure findings already cover, so that no check reports it again.

    ``fields``: top-level fields with a structure finding (their value in the model is a
    stand-in); ``answers``: answer keys whose entry could not be read (as written, and in
    lower case: ``Tip-Offence`` covers ``tip-offence``).
    """

    fields: frozenset[str] = frozenset()
    answers: frozenset[str] = frozenset()


NOTHING_BROKEN = Broken()


def validate_response(response: Response, questionnaire: Questionnaire, *, file: str,
                      doc: YamlDocument | None = None,
                      now: datetime | None = None) -> list[Finding]:
    """Every answer-level finding about ``response`` against ``questionnaire``.

    ``doc`` (the YAML the response was read from) gives findings their line and column;
    without it they carry the file only. ``now`` is the time future timestamps are
    measured against (default: the current time).

    The questionnaire's identity (id, version, hash) is not checked here: the file layer
    (:func:`resolve_questionnaire`) does that before it calls this.
    """
    return check_response(response, questionnaire, file=file, doc=doc, now=now)[0]


def check_response(response: Response, questionnaire: Questionnaire, *, file: str,
                   doc: YamlDocument | None = None, now: datetime | None = None,
                   broken: Broken = NOTHING_BROKEN) -> tuple[list[Finding], Completion | None]:
    """:func:`validate_response`, with the completion counts of the summary table (None when
    the answers could not be read at all). ``broken``: what structure findings already
    say, left unchecked here."""
    loc = _Locator(file, doc)
    findings = _check_header(response, loc, now=now, broken=broken)
    completion = None
    if "answers" not in broken.fields:
        answer_findings, completion = _check_answers(response, questionnaire, loc, broken,
                                                     now=now)
        findings.extend(answer_findings)
    return _sorted(findings), completion


def _check_header(response: Response, loc: _Locator, *, now: datetime | None = None,
                  broken: Broken = NOTHING_BROKEN) -> list[Finding]:
    """Country and timestamps: what can be judged without the questionnaire."""
    findings: list[Finding] = []
    if "country" not in broken.fields and not countries.is_known(response.country):
        findings.append(_country_finding(response.country, loc))
    findings.extend(_check_timestamps(response, loc, now or datetime.now(timezone.utc),
                                      broken.fields))
    return findings


def _country_finding(country: object, loc: _Locator) -> Finding:
    guesses = countries.suggest(country) if isinstance(country, str) else []
    if len(guesses) > 1:
        guesses = [", ".join(guesses[:-1]), guesses[-1]]
    suggestion = f" (did you mean {' or '.join(guesses)}?)" if guesses else ""
    return loc.at("R104", ("country",), country=country, suggestion=suggestion)


def _aware(t: datetime) -> datetime:
    """Naive timestamps are taken as UTC, so that any two can be compared."""
    return t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)


#: How many ids a finding about many answers names before "and N more".
FEW = 3


def _check_timestamps(r: Response, loc: _Locator, now: datetime,
                      broken: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """Timestamps against each other and the clock; one finding per cause (one bad
    'updated' that many answers are dated after is one finding, on 'updated')."""
    created, updated = _aware(r.created), _aware(r.updated)
    limit = _aware(now) + CLOCK_SKEW
    ok = {name: name not in broken for name in ("created", "updated", "submitted_at",
                                                "status")}
    about_updated: list[str] = []
    if ok["updated"] and ok["created"] and updated < created:
        about_updated.append(f"is before 'created' ({r.created.isoformat()})")
    future, after = [], []
    for qid, answer in r.answers.items():
        if answer.answered_at is None:
            continue
        at = _aware(answer.answered_at)
        if at > limit:
            future.append((qid, answer.answered_at))
        elif ok["updated"] and at > updated + CLOCK_SKEW:
            after.append((qid, answer.answered_at))
    if len(after) == 1:
        qid, at = after[0]
        yield loc.at("R113", ("answers", qid, "answered_at"), question_id=qid,
                     problem=f"the answer to '{qid}' is dated {at.isoformat()}, after the "
                     f"response's 'updated' time ({r.updated.isoformat()})")
    elif after:
        about_updated.append(f"is earlier than the dates of {len(after)} answers "
                             f"({_few([q for q, _ in after])})")
    if about_updated:
        yield loc.at("R113", ("updated",), problem=f"'updated' ({r.updated.isoformat()}) "
                     + " and ".join(about_updated))
    for name, value in (("created", created), ("updated", updated),
                        ("submitted_at", r.submitted_at and _aware(r.submitted_at))):
        if ok[name] and value is not None and value > limit:
            yield loc.at("R113", (name,), problem=f"'{name}' ({value.isoformat()}) is in the "
                         "future")
    if len(future) == 1:
        qid, at = future[0]
        yield loc.at("R113", ("answers", qid, "answered_at"), question_id=qid,
                     problem=f"the answer to '{qid}' is dated {at.isoformat()}, in the future")
    elif future:
        qid = future[0][0]
        yield loc.at("R113", ("answers", qid, "answered_at"), question_id=qid,
                     problem=f"{len(future)} answers are dated in the future "
                     f"({_few([q for q, _ in future])})")
    if ok["status"] and ok["submitted_at"]:
        if r.status == "submitted" and r.submitted_at is None:
            yield loc.at("R113", ("status",), problem="the response is submitted but has no "
                         "'submitted_at' time")
        elif r.status == "draft" and r.submitted_at is not None:
            yield loc.at("R113", ("submitted_at",), problem="the response has a "
                         "'submitted_at' time but its status is 'draft'")
    if (ok["submitted_at"] and ok["created"] and r.submitted_at is not None
            and _aware(r.submitted_at) < created):
        yield loc.at("R113", ("submitted_at",), problem=f"'submitted_at' "
                     f"({r.submitted_at.isoformat()}) is before 'created' "
                     f"({r.created.isoformat()})")


def _few(ids: Sequence[str]) -> str:
    """``'a', 'b', 'c' and 4 more``."""
    shown = ", ".join(f"'{i}'" for i in ids[:FEW])
    return shown + (f" and {len(ids) - FEW} more" if len(ids) > FEW else "")


def _check_answers(r: Response, q: Questionnaire, loc: _Locator,
                   broken: Broken = NOTHING_BROKEN, *, now: datetime | None = None
                   ) -> tuple[list[Finding], Completion]:
    index = q.index
    values = {qid: a.value for qid, a in r.answers.items()}
    applies = applicability(q, values)
    findings: list[Finding] = []
    # The status decides what must be answered: unknown when it is itself wrong (R001).
    completeness = "status" not in broken.fields
    submitted = r.status == "submitted"
    invalid: set[str] = set(broken.answers)  # ids whose value is unknown or wrongly formed

    # Answers given: unknown ids, moved questions, the form of the value.
    not_applying: list[Item] = []
    for qid, answer in r.answers.items():
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
            invalid.add(qid)
            findings.append(loc.at("R108", ("answers", qid, "value"), question_id=qid,
                                   number=item.label, id=qid, problem=problem.problem,
                                   fix=problem.fix))
        elif (odd := check_plausible(item.answer, answer.value, values,
                                     (now or datetime.now(timezone.utc)).date())) is not None:
            findings.append(loc.at("R120", ("answers", qid, "value"), question_id=qid,
                                   number=item.label, id=qid, problem=odd.problem,
                                   fix=odd.fix))
        elif _unquoted_for_yaml11(answer.value, ("answers", qid, "value"), loc.doc):
            findings.append(loc.at("R115", ("answers", qid, "value"), question_id=qid,
                                   number=item.label, id=qid, value=answer.value))
        if not applies.get(qid, False):
            not_applying.append(item)
    # Whether a question applies is unknown when it hangs, at any depth, on an answer that
    # is wrongly formed or could not be read: no finding about it then (the R108 or R001
    # on that answer is the one cause).
    uncertain = _uncertain(q, invalid)
    for item in not_applying:
        if item.id in uncertain:
            continue
        ref = blocking_condition(item, values, applies) or (
            item.parent.id if item.parent is not None else item.id)
        if ref in invalid:
            continue
        ref_item = index.by_id.get(ref)
        ref_label = f"question {ref_item.label} ('{ref}')" if ref_item else f"'{ref}'"
        if ref in values and is_answered(values[ref]):
            reason, change = (f"to the answer given to {ref_label}",
                              f"change the answer to {ref_label}")
        else:
            reason, change = (f"while {ref_label}, which it depends on, is not answered",
                              f"answer {ref_label} first")
        findings.append(loc.at("R110", ("answers", item.id, "value"), question_id=item.id,
                               id=item.id, number=item.label, ref=ref, reason=reason,
                               change=change,
                               ref_number=ref_item.label if ref_item else ref))

    findings.extend(_check_legislation(r, q, loc))
    # Questions that apply: answered or open; "Yes" without its citations.
    unfinished = {qid for qid, a in r.answers.items() if a.unfinished}
    cited = _citation_follow_ups(q, values, applies) if submitted else {}
    for item in index.items:
        if item.answer is None or not applies.get(item.id, False):
            continue
        given = r.answers.get(item.id)
        if given is not None and is_answered(given.value) and item.id not in unfinished:
            continue
        if not submitted or not completeness or item.id in uncertain or item.id in invalid:
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
    done = completion(q, values, applies=applies, invalid=invalid, unfinished=unfinished)
    if completeness and not submitted and done.answered < done.applicable:
        findings.append(loc.at("R107", ("status",), count=done.open, total=done.applicable))
    findings.extend(_migration_notes(r, loc))
    return findings, done


def _check_legislation(r: Response, q: Questionnaire, loc: _Locator) -> Iterator[Finding]:
    """Citations that refer (``ref``) to an entry missing from the legislation list."""
    known = set(r.legislation or {})
    for qid, answer in r.answers.items():
        item = q.index.by_id.get(qid)
        if item is None or item.answer is None or not isinstance(answer.value, list):
            continue
        if not kind_of(item.answer).lists_legislation:
            continue
        for i, c in enumerate(answer.value):
            ref = c.get("ref") if isinstance(c, dict) else None
            if isinstance(ref, str) and ref not in known:
                yield loc.at("R119", ("answers", qid, "value", i, "ref"), question_id=qid,
                             number=item.label, id=qid, ref=ref, n=i + 1,
                             known=", ".join(sorted(known)) or "none")


def _migration_notes(r: Response, loc: _Locator) -> Iterator[Finding]:
    """What ``tipq migrate`` left for a person: answers to confirm (R116), answers kept
    under ``retired`` (R117). One note each per file."""
    marked = [qid for qid, a in r.answers.items() if a.review]
    if marked:
        more = f" and {len(marked) - FEW} more" if len(marked) > FEW else ""
        yield loc.at("R116", ("answers",), count=len(marked),
                     ids=", ".join(marked[:FEW]) + more)
    if r.retired:
        yield loc.at("R117", ("retired",), count=len(r.retired))


def _uncertain(q: Questionnaire, unknown: set[str]) -> set[str]:
    """Ids whose applicability depends (through their question or a 'when', at any depth)
    on an answer in ``unknown``."""
    found: set[str] = set()
    if not unknown:
        return found
    for item in q.index.items:  # conditions refer to earlier questions: one pass
        when = item.question.when
        deps = [c.question for c in when.conditions] if when is not None else []
        if item.parent is not None:
            deps.append(item.parent.id)
        if any(d in unknown or d in found for d in deps):
            found.add(item.id)
    return found


def _unquoted_for_yaml11(value: Any, path: tuple[Any, ...], doc: YamlDocument | None) -> bool:
    """Whether ``value`` is written plain at ``path`` in a form YAML 1.1 tools misread."""
    if doc is None or not isinstance(value, str) or value not in doc.yaml11_plain:
        return False
    pos = doc.locate(path)  # the line of 'value:'; a plain scalar after it is on that line
    return pos is not None and any(line == pos[0] for line, _ in doc.yaml11_plain[value])


def _citation_follow_ups(q: Questionnaire, values: dict[str, Any],
                         applies: dict[str, bool]) -> dict[str, Item]:
    """Citations follow-ups that apply because their question is answered Yes / Yes, in
    part: follow-up id -> the closed question's item."""
    found: dict[str, Item] = {}
    for item in q.index.items:
        if (item.parent is not None and item.answer is not None
                and kind_of(item.answer).lists_legislation and applies.get(item.id, False)):
            top = q.index.by_id[item.parent.id]
            if (top.answer is not None
                    and values.get(top.id) in kind_of(top.answer).needs_citation):
                found[item.id] = top
    return found


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line or 0, f.col or 0))


# --- finding each response's questionnaire --------------------------------------------


def resolve_questionnaire(repo: QuestionnaireRepository, ref: Any, loc: _Locator, *,
                          response: str | None = None) -> tuple[Entry | None, list[Finding]]:
    """The questionnaire file a response names (``ref``: id, version, hash), or findings
    (R101, R102, R114) saying why there is none; R103 when its content changed."""
    match = repo.match(ref.id, ref.version, ref.hash, response=response)
    entry = match.entry
    if match.state == "exact":
        return entry, []
    if match.state == "changed":
        assert entry is not None and entry.hash is not None
        return entry, [loc.at("R103", ("questionnaire", "hash"), id=ref.id,
                              version=ref.version, expected=short(ref.hash),
                              found=short(entry.hash), file=entry.path)]
    if match.state == "unreadable":
        assert entry is not None
        return None, [loc.at("R114", ("questionnaire",), id=ref.id, reason=entry.reason)]
    if match.state == "other-versions":
        return None, [loc.at("R102", ("questionnaire", "version"), id=ref.id,
                             version=ref.version, found=" and ".join(match.versions))]
    where = "; ".join(match.searched) or "nowhere: no questionnaire given"
    return None, [loc.at("R101", ("questionnaire", "id"), id=ref.id, version=ref.version,
                         where=where)]
