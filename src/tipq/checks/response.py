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

from tipq.core import countries
from tipq.core.answers import is_answered
from tipq.core.conditions import applicability, blocking_condition
from tipq.core.errors import FindingError
from tipq.core.findings import Finding, Severity
from tipq.core.hashing import short
from tipq.core.kinds import check_value, kind_of
from tipq.core.questionnaire import Item, Questionnaire
from tipq.core.response import Response
from tipq.io.files import iter_yaml_files
from tipq.io.loading import validate_document
from tipq.io.repository import Entry, QuestionnaireRepository, Source
from tipq.io.yaml_load import YamlDocument, load_yaml

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
                   doc: YamlDocument | None = None,
                   now: datetime | None = None) -> tuple[list[Finding], Completion]:
    """:func:`validate_response`, with the completion counts of the summary table."""
    loc = _Locator(file, doc)
    findings = _check_header(response, loc, now=now)
    answer_findings, completion = _check_answers(response, questionnaire, loc)
    findings.extend(answer_findings)
    return _sorted(findings), completion


def _check_header(response: Response, loc: _Locator, *,
                  now: datetime | None = None) -> list[Finding]:
    """Country and timestamps: what can be judged without the questionnaire."""
    findings: list[Finding] = []
    if not countries.is_known(response.country):
        findings.append(_country_finding(response.country, loc))
    findings.extend(_check_timestamps(response, loc, now or datetime.now(timezone.utc)))
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
    invalid: set[str] = set()  # ids whose value has the wrong form (R108)

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
        elif _unquoted_for_yaml11(answer.value, ("answers", qid, "value"), loc.doc):
            findings.append(loc.at("R115", ("answers", qid, "value"), question_id=qid,
                                   number=item.label, id=qid, value=answer.value))
        if not applies.get(qid, False):
            not_applying.append(item)
    # Answered follow-ups that do not apply, unless only because of an answer that is
    # wrongly formed (a typo in 'ref' is R108 already: no second finding for it).
    for item in not_applying:
        ref = blocking_condition(item, values, applies) or (
            item.parent.id if item.parent is not None else item.id)
        if ref not in invalid:
            findings.append(loc.at("R110", ("answers", item.id, "value"),
                                   question_id=item.id, id=item.id, ref=ref))

    # Questions that apply: answered or open; "Yes" without its citations.
    answered = applicable = 0
    cited = _citation_follow_ups(q, values, applies) if submitted else {}
    for item in index.items:
        if item.answer is None or not applies.get(item.id, False):
            continue
        applicable += 1
        given = r.answers.get(item.id)
        if given is not None and is_answered(given.value):
            answered += 1
            continue
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
    if not submitted and answered < applicable:
        findings.append(loc.at("R107", ("status",), count=applicable - answered,
                               total=applicable))
    return findings, Completion(answered, applicable)


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
    #: The response and the questionnaire it was checked against, when ``validate_file``
    #: was asked to keep them (``keep=True``, for ``tipq report``); never in ``columns()``.
    loaded: tuple[Response, Questionnaire] | None = field(default=None, repr=False,
                                                           compare=False)

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
                  display: str | None = None, now: datetime | None = None,
                  keep: bool = False) -> FileResult:
    """Read one response file and validate it; every problem becomes a finding. ``keep``:
    also keep the response and its questionnaire in :attr:`FileResult.loaded`."""
    name = display or os.fspath(path)
    try:
        doc = load_yaml(path, positions=False, display=name)
    except FindingError as e:
        return FileResult(name, [e.finding])
    data = doc.data
    result = FileResult(name, country=_text_or_none(data.get("country")),
                        status=_text_or_none(data.get("status")))
    loc = _Locator(name, doc)
    if "sections" in data and "questionnaire" not in data and "answers" not in data:
        result.status = None  # a questionnaire's status, not a response's
        result.findings.append(loc.at("R001", (), message="this file is a questionnaire, "
                                      "not a response (check it with 'tipq check')"))
        return result
    loaded = validate_document(doc, Response, "R001")
    if not loaded.ok:
        result.findings.extend(_structure_findings(loaded.findings, data, loc))
        return result
    response: Response = loaded.model
    ref = response.questionnaire
    result.questionnaire = f"{ref.id} {ref.version}"
    entry, findings = resolve_questionnaire(repo, ref, loc, response=os.fspath(path))
    if entry is None or entry.questionnaire is None:
        findings.extend(_check_header(response, loc, now=now))
    else:
        result.questionnaire_file = entry.path
        result.questionnaire_hash = entry.hash
        more, completion = check_response(response, entry.questionnaire, file=name, doc=doc,
                                          now=now)
        findings.extend(more)
        result.answered, result.applicable = completion.answered, completion.applicable
        if keep:
            result.loaded = (response, entry.questionnaire)
    stem = Path(name).stem
    if (_COUNTRY_NAME.match(stem) and countries.is_known(stem.upper())
            and stem.upper() != response.country):
        findings.append(loc.at("R105", ("country",), country=response.country,
                               name=Path(name).name))
    result.findings = _sorted(findings)
    return result


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _structure_findings(findings: list[Finding], data: dict[str, Any],
                        loc: _Locator) -> list[Finding]:
    """Model findings, with a bad country code told as R104 (with a suggestion) rather than
    as a pattern mismatch."""
    country = data.get("country")
    if "country" not in data or (isinstance(country, str) and countries.is_known(country)):
        return findings
    kept = [f for f in findings if not str(f.params.get("message", "")).startswith("country: ")]
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
                   now: datetime | None,
                   work: Callable[[list[str]], list[Any]] | None = None) -> Iterator[Any]:
    """Chunks of files to worker processes; results in order, a bounded number in flight.

    The workers are spawned (not forked) on every platform, as Windows does it, and get
    only paths: each reads the questionnaires once and returns small results. ``work``
    (a top-level function of a chunk of paths; default: validate them) is what each
    worker runs (``tipq report`` digests the files there too).
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    chunks = [files[i:i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES)]
    window = workers * 4
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker,
                               initargs=(repo.given, repo.exclusive, now))
    work = work or _validate_chunk
    pending: deque[Future[list[Any]]] = deque()
    try:
        it = iter(chunks)
        for chunk in it:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= window:
                break
        while pending:
            chunk_results = pending.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(pool.submit(work, nxt))
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
