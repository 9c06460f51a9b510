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

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tipq.core import countries
from tipq.core.answers import is_answered
from tipq.core.conditions import applicability, blocking_condition
from tipq.core.errors import FindingError
from tipq.core.findings import Finding, Severity
from tipq.core.hashing import short
from tipq.core.kinds import AnswerKind, kind_of
from tipq.core.questionnaire import Item, Questionnaire
from tipq.core.response import QuestionnaireRef, Response
from tipq.io.files import decode_text, iter_yaml_files, read_bytes
from tipq.io.loading import validate_document
from tipq.io.repository import Entry, QuestionnaireRepository, Source
from tipq.io.yaml_load import YamlDocument, load_yaml, parse_yaml

#: How far in the future a timestamp may be before it is flagged (clocks drift).
CLOCK_SKEW = timedelta(minutes=10)

# --- one response ------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """How far a response is answered: applicable questions, and how many have an answer."""

    answered: int
    applicable: int


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
        answer_findings, completion = _check_answers(response, questionnaire, loc, broken)
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


@dataclass(frozen=True)
class _Plan:
    """What :func:`_check_answers` reads of a questionnaire, worked out once for it (a
    batch judges hundreds of responses against one questionnaire)."""

    #: the items with an answer form, in document order: (item, its form, its kind)
    answerable: tuple[tuple[Item, Any, AnswerKind[Any]], ...]
    #: by id (the item :attr:`QuestionnaireIndex.by_id` gives): its form and kind, or None
    forms: dict[str, tuple[Any, AnswerKind[Any]] | None]
    #: by id, for questions moved elsewhere (and their follow-ups): where, for R112
    moved: dict[str, str]
    #: every item's id and the ids its applicability hangs on (its conditions, its parent)
    deps: tuple[tuple[str, tuple[str, ...]], ...]
    #: citations follow-ups: (its id, the closed question's item, the values needing it)
    citations: tuple[tuple[str, Item, frozenset[str]], ...]


_PLANS: dict[int, tuple[Questionnaire, _Plan]] = {}


def _plan(q: Questionnaire) -> _Plan:
    cached = _PLANS.get(id(q))
    if cached is not None and cached[0] is q:
        return cached[1]
    index = q.index
    forms: dict[str, tuple[Any, AnswerKind[Any]] | None] = {}
    moved: dict[str, str] = {}
    for qid, item in index.by_id.items():
        forms[qid] = (item.answer, kind_of(item.answer)) if item.answer is not None else None
        if item.top.is_moved:
            to = item.top.moved_to
            moved[qid] = (f"'{to.questionnaire}' question '{to.question}'" if to
                          else "another questionnaire")
    deps = []
    citations = []
    for item in index.items:
        when = item.question.when
        on = [c.question for c in when.conditions] if when is not None else []
        if item.parent is not None:
            on.append(item.parent.id)
        deps.append((item.id, tuple(on)))
        if (item.parent is not None and item.answer is not None
                and kind_of(item.answer).lists_legislation):
            top = index.by_id[item.parent.id]
            if top.answer is not None:
                citations.append((item.id, top, kind_of(top.answer).needs_citation))
    plan = _Plan(tuple((i, i.answer, kind_of(i.answer)) for i in index.items
                       if i.answer is not None), forms, moved, tuple(deps), tuple(citations))
    if len(_PLANS) >= 32:  # a long interview session may load many; keep a few
        _PLANS.clear()
    _PLANS[id(q)] = (q, plan)
    return plan


def _check_answers(r: Response, q: Questionnaire, loc: _Locator,
                   broken: Broken = NOTHING_BROKEN) -> tuple[list[Finding], Completion]:
    index = q.index
    plan = _plan(q)
    values = {qid: a.value for qid, a in r.answers.items()}
    applies = applicability(q, values)
    findings: list[Finding] = []
    # The status decides what must be answered: unknown when it is itself wrong (R001).
    completeness = "status" not in broken.fields
    submitted = r.status == "submitted"
    invalid: set[str] = set(broken.answers)  # ids whose value is unknown or wrongly formed

    # Answers given: unknown ids, moved questions, the form of the value.
    not_applying: list[Item] = []
    by_id, forms, moved = index.by_id, plan.forms, plan.moved
    # (the values a YAML 1.1 tool would misread, written plain: any other is not an R115)
    yaml11_plain = loc.doc.yaml11_plain if loc.doc is not None else {}
    for qid, answer in r.answers.items():
        item = by_id.get(qid)
        if item is None:
            findings.append(loc.at("R111", ("answers", qid), question_id=qid, id=qid))
            continue
        target = moved.get(qid)
        if target is not None:
            findings.append(loc.at("R112", ("answers", qid), question_id=qid, id=qid,
                                   target=target))
            continue
        form_kind = forms[qid]
        if form_kind is None or not is_answered(answer.value):
            continue
        form, kind = form_kind
        problem = kind.check(form, answer.value)  # check_value(form, value), its kind known
        if problem is not None:
            invalid.add(qid)
            findings.append(loc.at("R108", ("answers", qid, "value"), question_id=qid,
                                   number=item.label, id=qid, problem=problem.problem,
                                   fix=problem.fix))
        elif (isinstance(answer.value, str) and answer.value in yaml11_plain
              and _unquoted_for_yaml11(answer.value, ("answers", qid, "value"), loc.doc)):
            findings.append(loc.at("R115", ("answers", qid, "value"), question_id=qid,
                                   number=item.label, id=qid, value=answer.value))
        if not applies.get(qid, False):
            not_applying.append(item)
    # Whether a question applies is unknown when it hangs, at any depth, on an answer that
    # is wrongly formed or could not be read: no finding about it then (the R108 or R001
    # on that answer is the one cause).
    uncertain = _uncertain(plan, invalid)
    for item in not_applying:
        if item.id in uncertain:
            continue
        ref = blocking_condition(item, values, applies) or (
            item.parent.id if item.parent is not None else item.id)
        if ref in invalid:
            continue
        ref_item = index.by_id.get(ref)
        if ref in values and is_answered(values[ref]):
            reason, change = (f"to the answer given to '{ref}'",
                              f"change the answer to '{ref}'")
        else:
            reason, change = (f"while '{ref}', which it depends on, is not answered",
                              f"answer '{ref}' first")
        findings.append(loc.at("R110", ("answers", item.id, "value"), question_id=item.id,
                               id=item.id, number=item.label, ref=ref, reason=reason,
                               change=change,
                               ref_number=ref_item.label if ref_item else ref))

    # Questions that apply: answered or open; "Yes" without its citations.
    answered = applicable = 0
    cited = _citation_follow_ups(plan, values, applies) if submitted else {}
    for item, _form, _kind in plan.answerable:
        if not applies.get(item.id, False):
            continue
        applicable += 1
        given = r.answers.get(item.id)
        if given is not None and is_answered(given.value):
            answered += 1
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
    if completeness and not submitted and answered < applicable:
        findings.append(loc.at("R107", ("status",), count=applicable - answered,
                               total=applicable))
    return findings, Completion(answered, applicable)


def _uncertain(plan: _Plan, unknown: set[str]) -> set[str]:
    """Ids whose applicability depends (through their question or a 'when', at any depth)
    on an answer in ``unknown``."""
    found: set[str] = set()
    if not unknown:
        return found
    for qid, deps in plan.deps:  # conditions refer to earlier questions: one pass
        if any(d in unknown or d in found for d in deps):
            found.add(qid)
    return found


def _unquoted_for_yaml11(value: Any, path: tuple[Any, ...], doc: YamlDocument | None) -> bool:
    """Whether ``value`` is written plain at ``path`` in a form YAML 1.1 tools misread."""
    if doc is None or not isinstance(value, str) or value not in doc.yaml11_plain:
        return False
    pos = doc.locate(path)  # the line of 'value:'; a plain scalar after it is on that line
    return pos is not None and any(line == pos[0] for line, _ in doc.yaml11_plain[value])


def _citation_follow_ups(plan: _Plan, values: dict[str, Any],
                         applies: dict[str, bool]) -> dict[str, Item]:
    """Citations follow-ups that apply because their question is answered Yes / Yes, in
    part: follow-up id -> the closed question's item."""
    found: dict[str, Item] = {}
    for qid, top, needs in plan.citations:
        if applies.get(qid, False) and values.get(top.id) in needs:
            found[qid] = top
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


# --- one file ----------------------------------------------------------------------------


@dataclass
class FileResult:
    """What ``tipq validate`` found in one file: its findings and its summary row."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    country: str | None = None
    status: str | None = None
    questionnaire: str | None = None  # "id version"
    questionnaire_file: str | None = None  # the file it was checked against
    questionnaire_hash: str | None = None  # that file's content hash
    answered: int | None = None
    applicable: int | None = None

    def count(self, level: Severity) -> int:
        return sum(1 for f in self.findings if f.level is level)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def columns(self) -> dict[str, Any]:
        """The row of the summary table (and of the JSON report)."""
        return {
            "country": self.country,
            "status": self.status,
            "questionnaire": self.questionnaire,
            "questionnaire_file": self.questionnaire_file,
            "questionnaire_hash": self.questionnaire_hash,
            "answered": self.answered,
            "applicable": self.applicable,
            "errors": self.errors,
            "warnings": self.warnings,
        }


_COUNTRY_NAME = re.compile(r"^(?:[A-Za-z]{3}|EU|eu)$")


def validate_file(path: str | os.PathLike[str], repo: QuestionnaireRepository, *,
                  display: str | None = None, now: datetime | None = None) -> FileResult:
    """Read one response file and validate it; every problem becomes a finding."""
    name = display or os.fspath(path)
    try:
        doc = load_yaml(path, positions=False, display=name)
    except FindingError as e:
        return FileResult(name, [_in_answers(e.finding, path, repo)])
    data = doc.data
    result = FileResult(name, country=_text_or_none(data.get("country")),
                        status=_text_or_none(data.get("status")))
    loc = _Locator(name, doc)
    if "sections" in data and "questionnaire" not in data and "answers" not in data:
        result.status = None  # a questionnaire's status, not a response's
        result.findings.append(loc.at("R001", (), message="this file is a questionnaire, "
                                      "not a response",
                                      fix="Check it with 'tipq check' instead."))
        return result
    loaded = validate_document(doc, Response, "R001")
    broken = NOTHING_BROKEN
    findings: list[Finding] = []
    if loaded.ok:
        response: Response = loaded.model
    else:
        # Findings in one pass: the fields that are wrong are reported and set aside, and
        # everything else is still checked (answers included) with stand-ins for them.
        findings = _structure_findings(loaded.findings, loaded.errors, data, loc)
        salvaged = _salvage(data, loaded.errors)
        if salvaged is None:
            result.findings = _sorted(findings)
            return result
        response, broken = salvaged
    if "questionnaire" in broken.fields:
        findings.extend(_check_header(response, loc, now=now, broken=broken))
    else:
        ref = response.questionnaire
        result.questionnaire = f"{ref.id} {ref.version}"
        entry, found = resolve_questionnaire(repo, ref, loc, response=os.fspath(path))
        findings.extend(found)
        if entry is None or entry.questionnaire is None:
            findings.extend(_check_header(response, loc, now=now, broken=broken))
        else:
            result.questionnaire_file = entry.path
            result.questionnaire_hash = entry.hash
            more, completion = check_response(response, entry.questionnaire, file=name,
                                              doc=doc, now=now, broken=broken)
            findings.extend(more)
            if completion is not None:
                result.answered, result.applicable = completion.answered, completion.applicable
    stem = Path(name).stem
    if ("country" not in broken.fields and _COUNTRY_NAME.match(stem)
            and countries.is_known(stem.upper()) and stem.upper() != response.country):
        findings.append(loc.at("R105", ("country",), country=response.country,
                               name=Path(name).name))
    result.findings = _sorted(findings)
    return result


#: Stand-ins for required top-level fields with a structure finding: valid values that no
#: check reads (each check skips a field named in :attr:`Broken.fields`).
_STAND_INS: dict[str, Any] = {
    "questionnaire": {"id": "unknown", "version": "unknown", "hash": "sha256:" + "0" * 64},
    "country": "XXA",
    "status": "draft",
    "created": "1970-01-01T00:00:00Z",
    "updated": "1970-01-01T00:00:00Z",
    "answers": {},
}


def _salvage(data: dict[str, Any], errors: Sequence[Any]) -> tuple[Response, Broken] | None:
    """The response with each field that has a structure error set aside (dropped, or a
    stand-in when it is required), and what was set aside; None when nothing can be kept."""
    patched = dict(data)
    answers = data.get("answers")
    kept_answers = dict(answers) if isinstance(answers, dict) else None
    fields: set[str] = set()
    bad_answers: set[str] = set()
    for err in errors:
        loc = tuple(err["loc"])
        if not loc or not isinstance(loc[0], str):
            return None
        top = loc[0]
        if top == "answers" and len(loc) >= 2 and kept_answers is not None:
            key = loc[1]
            entry = kept_answers.get(key)
            if (len(loc) >= 3 and loc[2] not in ("value", "[key]") and isinstance(entry, dict)
                    and "value" in entry):
                # A bad 'answered_at' or an extra field: the value itself is still checked.
                kept_answers[key] = {k: v for k, v in entry.items() if k != loc[2]}
            else:
                kept_answers.pop(key, None)
                bad_answers.update({str(key), str(key).strip().lower()})
            continue
        fields.add(top)
        if top in _STAND_INS:
            patched[top] = _STAND_INS[top]
        else:  # optional fields, and unknown ones: left out
            patched.pop(top, None)
    if kept_answers is not None and "answers" not in fields:
        patched["answers"] = kept_answers
    for stamp in ("created", "updated"):  # a good one stands in for a bad one
        other = "updated" if stamp == "created" else "created"
        if stamp in fields and other not in fields:
            patched[stamp] = patched[other]
    try:
        response = Response.model_validate(patched)
    except ValidationError:  # pragma: no cover - the stand-ins are valid by construction
        return None
    return response, Broken(frozenset(fields), frozenset(bad_answers))


def _in_answers(finding: Finding, path: str | os.PathLike[str],
                repo: QuestionnaireRepository) -> Finding:
    """A file-level finding inside ``answers:`` (a duplicate key, Y010) with the question id,
    and its number when the questionnaire the file names is found."""
    where = finding.params.get("path")
    if not isinstance(where, tuple) or len(where) < 2 or where[0] != "answers":
        return finding
    qid = str(where[1])
    label = None
    try:  # read again, the last of the two keys kept, only to find the questionnaire
        text = decode_text(read_bytes(path), finding.file or "")
        data = parse_yaml(text, positions=False, allow_duplicates=True).data
        ref = QuestionnaireRef.model_validate(data.get("questionnaire"))
        entry = repo.match(ref.id, ref.version, ref.hash, response=os.fspath(path)).entry
        if entry is not None and entry.questionnaire is not None:
            item = entry.questionnaire.index.by_id.get(qid)
            label = item.label if item is not None else None
    except (FindingError, ValidationError):
        pass
    question = f"question {label} ('{qid}')" if label else f"'{qid}'"
    text_where = (f" (the answers: {question} is answered twice)" if len(where) == 2
                  else f" (in the answer to {question})")
    return Finding(finding.code, {**finding.params, "where": text_where}, file=finding.file,
                   line=finding.line, col=finding.col, question_id=qid)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _structure_findings(findings: list[Finding], errors: Sequence[Any],
                        data: dict[str, Any], loc: _Locator) -> list[Finding]:
    """Model findings, with a bad country code told as R104 (with a suggestion) rather than
    as a pattern mismatch."""
    country = data.get("country")
    if not isinstance(country, str) or countries.is_known(country):
        return findings
    kept = [f for f, e in zip(findings, errors, strict=True) if tuple(e["loc"]) != ("country",)]
    if len(kept) == len(findings):
        return findings
    return _sorted([*kept, _country_finding(country, loc)])


# --- many files ---------------------------------------------------------------------------


@dataclass
class ValidationRun:
    """The results of ``tipq validate``, one per file, in the order the files were given."""

    results: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.results)


#: Below this many bytes in all, one process is faster than starting workers.
PARALLEL_MIN_BYTES = 3 * 1024 * 1024
PARALLEL_MIN_FILES = 8
CHUNK_FILES = 16

Progress = Callable[[int, int], None]


def validate_paths(paths: Iterable[str | os.PathLike[str]],
                   questionnaire_paths: Iterable[str | os.PathLike[str]] = (), *,
                   exclusive: bool = False, jobs: int | None = None,
                   progress: Progress | None = None,
                   now: datetime | None = None) -> ValidationRun:
    """Validate every response under ``paths`` (files, or folders searched for ``*.yaml``
    and ``*.yml``); see :func:`iter_validate`."""
    return ValidationRun(list(iter_validate(paths, questionnaire_paths, exclusive=exclusive,
                                            jobs=jobs, progress=progress, now=now)))


def iter_validate(paths: Iterable[str | os.PathLike[str]],
                  questionnaire_paths: Iterable[str | os.PathLike[str]] = (), *,
                  exclusive: bool = False, jobs: int | None = None,
                  progress: Progress | None = None,
                  now: datetime | None = None) -> Iterator[FileResult]:
    """One :class:`FileResult` per response file, in order, as they are ready.

    ``jobs``: worker processes (``None``: two when the batch is large enough to gain from
    them, else one; ``1``: everything in this process). ``progress(done, total)`` is
    called after each file. Questionnaires are found by a
    :class:`~tipq.io.repository.QuestionnaireRepository`: ``questionnaire_paths`` first,
    then (unless ``exclusive``) the ``questionnaires/`` folder nearest to each response
    and the shipped ones.
    """
    repo = QuestionnaireRepository.build(questionnaire_paths, exclusive=exclusive)
    files = [os.fspath(p) for p in iter_yaml_files(paths)]
    total = len(files)
    workers = _worker_count(files, jobs)
    results: Iterator[FileResult]
    if workers <= 1:
        results = (validate_file(f, repo, now=now) for f in files)
    else:
        results = _iter_parallel(files, repo, workers, now)
    for done, result in enumerate(results, 1):
        if progress is not None:
            progress(done, total)
        yield result


def _worker_count(files: Sequence[str], jobs: int | None) -> int:
    if jobs is not None:
        return max(1, min(jobs, len(files) // 2 or 1))
    if len(files) < PARALLEL_MIN_FILES:
        return 1
    size = 0
    for f in files:
        try:
            size += os.stat(f).st_size
        except OSError:
            continue
        if size >= PARALLEL_MIN_BYTES:
            return min(2, os.cpu_count() or 1)
    return 1


def _iter_parallel(files: list[str], repo: QuestionnaireRepository, workers: int,
                   now: datetime | None) -> Iterator[FileResult]:
    """Chunks of files shared by this process and ``workers - 1`` worker processes; results
    in order, a bounded number in flight.

    The workers are spawned (not forked) on every platform, as Windows does it, and get
    only paths: each reads the questionnaires once and returns small results. This process,
    which has everything imported and read already, works too: whenever the next result is
    not ready, it takes a chunk that no worker has started (so one worker start-up, about
    half a second of CPU, is saved per batch, and no core waits).
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    chunks = [files[i:i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES)]
    window = workers * 4
    pool = ProcessPoolExecutor(max(1, workers - 1),
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker,
                               initargs=(repo.given, repo.exclusive, now))
    # Each slot: [the future of a chunk given to the pool, or None once done here; the
    #             chunk; its results when done here]
    pending: deque[list[Any]] = deque()
    try:
        it = iter(chunks)

        def refill() -> None:
            while len(pending) < window:
                nxt = next(it, None)
                if nxt is None:
                    return
                pending.append([pool.submit(_validate_chunk, nxt), nxt, None])

        refill()
        while pending:
            head = pending[0]
            future: Future[list[FileResult]] | None = head[0]
            while future is not None and not future.done():
                # Not ready: do a chunk no worker has started, the nearest first.
                stolen = next((slot for slot in pending
                               if slot[0] is not None and slot[0].cancel()), None)
                if stolen is None:
                    break
                stolen[2] = [validate_file(f, repo, now=now) for f in stolen[1]]
                stolen[0] = None
                future = head[0]
            chunk_results = head[2] if future is None else future.result()
            pending.popleft()
            refill()
            yield from chunk_results
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


_WORKER: dict[str, Any] = {}


def _init_worker(given: tuple[Source, ...], exclusive: bool, now: datetime | None) -> None:
    _WORKER["repo"] = QuestionnaireRepository(given, exclusive)
    _WORKER["now"] = now


def _validate_chunk(files: list[str]) -> list[FileResult]:
    repo: QuestionnaireRepository = _WORKER["repo"]
    return [validate_file(f, repo, now=_WORKER["now"]) for f in files]
