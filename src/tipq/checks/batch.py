"""``tipq validate`` over files: each response file read, its questionnaire found, and judged
by the rules of :mod:`tipq.checks.response`; many files shared among worker processes.

- :func:`validate_file` / :func:`validate_text` give one :class:`FileResult` per file (or per
  text the interview is about to write). A bad file (unreadable, binary, hostile YAML)
  becomes a finding; a structure error in one field is reported and that field set aside,
  the rest still checked.
- :func:`validate_paths` / :func:`iter_validate` take files and folders. Speed: parsing is
  nearly all the cost. Files are parsed without recording positions; a file that has
  findings is parsed a second time, with positions, only when a finding asks for its line.
  Many files are shared among worker processes (top-level functions, paths in, small
  results out), so memory stays flat in the number of files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tipq.checks.response import (
    NOTHING_BROKEN,
    Broken,
    _check_header,
    _country_finding,
    _Locator,
    _sorted,
    check_response,
    resolve_questionnaire,
)
from tipq.core import countries
from tipq.core.errors import FindingError
from tipq.core.findings import Finding, Severity
from tipq.core.hashing import short
from tipq.core.questionnaire import Questionnaire
from tipq.core.response import QuestionnaireRef, Response
from tipq.io.files import decode_text, iter_yaml_files, read_bytes
from tipq.io.loading import validate_document
from tipq.io.repository import Entry, QuestionnaireRepository, Source
from tipq.io.yaml_load import YamlDocument, load_yaml, parse_yaml

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
        return FileResult(name, [_in_answers(e.finding, path, repo)])

    def resolve(ref: Any, loc: _Locator) -> tuple[Entry | None, list[Finding]]:
        return resolve_questionnaire(repo, ref, loc, response=os.fspath(path))

    return _validate_document(doc, name, resolve, now=now, keep=keep)


def validate_text(text: str, questionnaire: Questionnaire, *, display: str,
                  source: str | None = None, now: datetime | None = None) -> FileResult:
    """:func:`validate_file` on ``text`` (what a file would hold), with ``questionnaire``
    as the one questionnaire it may answer: the same rules, for the interview's submit
    gate, before the text is written. ``source``: the questionnaire's file, for messages."""
    try:
        doc = parse_yaml(text, file=display, positions=False)
    except FindingError as e:
        return FileResult(display, [e.finding])
    where = source or "the interview's questionnaire"
    entry = Entry(where, Source("the interview", where, "given"), questionnaire.id,
                  questionnaire.version, questionnaire)

    def resolve(ref: Any, loc: _Locator) -> tuple[Entry | None, list[Finding]]:
        if ref.id != questionnaire.id:
            return None, [loc.at("R101", ("questionnaire", "id"), id=ref.id,
                                 version=ref.version, where=entry.path)]
        if ref.version != questionnaire.version:
            return None, [loc.at("R102", ("questionnaire", "version"), id=ref.id,
                                 version=ref.version, found=questionnaire.version)]
        if ref.hash != questionnaire.content_hash:
            return entry, [loc.at("R103", ("questionnaire", "hash"), id=ref.id,
                                  version=ref.version, expected=short(ref.hash),
                                  found=short(questionnaire.content_hash), file=entry.path)]
        return entry, []

    return _validate_document(doc, display, resolve, now=now)


Resolver = Callable[[Any, "_Locator"], tuple[Entry | None, list[Finding]]]


def _validate_document(doc: YamlDocument, name: str, resolve: Resolver, *,
                       now: datetime | None, keep: bool = False) -> FileResult:
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
        entry, found = resolve(ref, loc)
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
            if keep:
                result.loaded = (response, entry.questionnaire)
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
