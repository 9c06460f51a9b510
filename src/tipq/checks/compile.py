"""``tipq report``: the secretariat's compilation of what States answered and need.

:func:`compile_responses` validates every response file with the rules of
``tipq validate`` (:func:`tipq.checks.response.validate_file`, in worker processes for large
batches), turns each valid one into tidy rows — one per State × question × value — and
streams them into a :class:`~tipq.checks.compile_store.Store` (SQLite), so memory stays flat
in the number of files. Invalid files are counted and listed, never mixed into the
counts. It returns a :class:`Compilation`: the views of the report, each a list of small
rows built from the store, which every output format (``tipq.render.compilation``)
renders:

- :meth:`Compilation.states`: per State, the response kept (status, answered / applicable,
  last update), with the other responses of that State and the rule that picked one
  (:data:`CHOICE_RULE`); :meth:`Compilation.expected`: the States expected (``--expected``)
  with no response, only a draft or only an invalid file;
- :meth:`Compilation.counts`: per question, the States behind each value (Yes / Yes, in
  part / No, the options of choice questions, kinds of assistance), not applicable and
  unanswered, with the question's requirement tag (report para 32) and section;
- :meth:`Compilation.assistance` and :meth:`Compilation.gaps`: technical assistance
  (report para 5) by provision and kind, and the mandatory provisions answered No or
  Yes, in part where assistance is requested;
- :meth:`Compilation.changes`: with a previous cycle, per State, what changed since.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Any, get_args

from tipq.checks.compile_store import (
    AnswerRow,
    AssistanceRow,
    CitationRow,
    FindingRow,
    Store,
)
from tipq.checks.response import (
    FileResult,
    _iter_parallel,
    _worker_count,
    validate_file,
)
from tipq.core import countries
from tipq.core.answers import is_answered
from tipq.core.conditions import applicability
from tipq.core.errors import UserError
from tipq.core.kinds import kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import CLOSED_VALUES, Questionnaire
from tipq.core.response import Response, ResponseStatus
from tipq.io.files import iter_yaml_files, os_reason
from tipq.io.repository import QuestionnaireRepository

#: The statuses of a response, in lifecycle order (the later one is kept for a State).
STATUSES: tuple[str, ...] = tuple(get_args(ResponseStatus))

#: How one response is picked when a State sent several (said in every report).
CHOICE_RULE = ("the response furthest in its lifecycle is kept (submitted over draft), then "
               "the one updated last, then the first by file name")

#: Answers of Yes / Yes, in part / No that count as a gap (with assistance requested).
GAP_VALUES: tuple[str, ...] = tuple(v for v in CLOSED_VALUES if v != "yes")

#: The value of an assistance answer that needs none.
NOT_NEEDED = "not-needed"

# --- one file, in a worker ------------------------------------------------------------


@dataclass
class Digest:
    """What :func:`digest_file` makes of one file: its validation result and, when the file
    is valid, its rows (small, so that workers send little back)."""

    result: FileResult
    created: str | None = None
    updated: str | None = None
    submitted_at: str | None = None
    questionnaire: tuple[str, str, str] | None = None  # id, version, hash
    answers: list[AnswerRow] = field(default_factory=list)
    citations: list[CitationRow] = field(default_factory=list)
    assistance: list[AssistanceRow] = field(default_factory=list)


def digest_file(path: str | os.PathLike[str], repo: QuestionnaireRepository, lang: str, *,
                now: datetime | None = None) -> Digest:
    """Validate one file (exactly as ``tipq validate`` does) and, when it has no error,
    make its tidy rows: every applicable question and follow-up, with its value(s)."""
    result = validate_file(path, repo, now=now, keep=True)
    loaded, result.loaded = result.loaded, None
    if loaded is None:
        return Digest(result)
    response, q = loaded
    digest = Digest(result, response.created.isoformat(), response.updated.isoformat(),
                    response.submitted_at.isoformat() if response.submitted_at else None,
                    (response.questionnaire.id, response.questionnaire.version,
                     response.questionnaire.hash))
    if result.ok:
        _rows(response, q, lang, digest)
    return digest


def _rows(response: Response, q: Questionnaire, lang: str, out: Digest) -> None:
    values = {qid: a.value for qid, a in response.answers.items()}
    applies = applicability(q, values)
    for item in q.index.items:
        form = item.answer
        if form is None or item.top.is_moved:
            continue
        qid = item.id
        if not applies.get(qid, False):
            out.answers.append((qid, 0, "not-applicable", None, None))
            continue
        value: Any = values.get(qid)
        if not is_answered(value):
            out.answers.append((qid, 0, "unanswered", None, None))
            continue
        kind = kind_of(form)
        if form.type == "assistance":
            _assistance_rows(item.id, item.top.id, form, value, lang, out)
        elif form.type == "citations":
            for i, c in enumerate(value):
                title, provision, link = c.get("title"), c.get("provision"), c.get("link")
                out.citations.append((qid, i, title, provision, link))
                shown = ", ".join(str(b) for b in (title, provision) if b)
                out.answers.append((qid, i, "answered", title, shown))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                out.answers.append((qid, i, "answered", str(v), kind.display(form, v, lang)))
        elif isinstance(value, str):
            shown = value if form.type == "text" else kind.display(form, value, lang)
            out.answers.append((qid, 0, "answered", value, shown))
        else:
            text = json.dumps(value) if isinstance(value, (int, float, bool)) else str(value)
            out.answers.append((qid, 0, "answered", text, kind.display(form, value, lang)))


def _assistance_rows(qid: str, top: str, form: Any, value: dict[str, Any], lang: str,
                     out: Digest) -> None:
    kind = kind_of(form)
    description = value.get("description")
    if not kind.requests_assistance(value):
        out.assistance.append((qid, top, 0, 0, None, None, description))
        out.answers.append((qid, 0, "answered", NOT_NEEDED, kind.display(form, value, lang)))
        return
    labels = {o.value: pick_text(o.label, lang)[0] for o in kind.options(form)}
    for i, k in enumerate(value.get("kinds") or []):
        label = labels.get(k, k)
        out.assistance.append((qid, top, i, 1, k, label, description))
        out.answers.append((qid, i, "answered", k, label))


def _digest_chunk(lang: str, files: list[str]) -> list[Digest]:
    """A worker's job (see :func:`tipq.checks.response._iter_parallel`)."""
    from tipq.checks.response import _WORKER

    repo: QuestionnaireRepository = _WORKER["repo"]
    return [digest_file(f, repo, lang, now=_WORKER["now"]) for f in files]


def iter_digests(files: Sequence[str], repo: QuestionnaireRepository, lang: str, *,
                 jobs: int | None = None, now: datetime | None = None) -> Iterator[Digest]:
    """One :class:`Digest` per file, in order; in worker processes as ``tipq validate``
    would use them."""
    workers = _worker_count(files, jobs)
    if workers <= 1:
        return (digest_file(f, repo, lang, now=now) for f in files)
    return _iter_parallel(list(files), repo, workers, now, partial(_digest_chunk, lang))


# --- the expected States -------------------------------------------------------------------


def read_expected(path: str | os.PathLike[str]) -> list[tuple[str, int]]:
    """The States listed in ``path``: one ISO 3166-1 alpha-3 code per line (or EU); ``#``
    starts a comment; blank lines are skipped. Codes with their line numbers."""
    name = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        reason = os_reason(e) if isinstance(e, OSError) else "it is not UTF-8 text"
        raise UserError(f"{name}: cannot read the list of expected States: {reason}. Give a "
                        "text file with one ISO 3166-1 alpha-3 code per line.") from e
    found: list[tuple[str, int]] = []
    for n, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0].strip()
        if not code:
            continue
        if not countries.is_known(code.upper()):
            guesses = countries.suggest(code)
            hint = f" (did you mean {' or '.join(guesses[:3])}?)" if guesses else ""
            raise UserError(f"{name}:{n}: '{code}' is not an ISO 3166-1 alpha-3 country "
                            f"code{hint}. Write one code per line, e.g. FRA; '#' starts a "
                            "comment.")
        found.append((code.upper(), n))
    return found


# --- the rows of the views ----------------------------------------------------------------


@dataclass(frozen=True)
class StateRow:
    """A State in the compilation: the response kept for it, and the others."""

    country: str
    file: str
    status: str | None
    answered: int | None
    applicable: int | None
    updated: str | None
    questionnaire: str
    others: tuple[str, ...] = ()  # the other (valid) responses of this State, not counted
    expected: bool | None = None  # None: no list of expected States was given


@dataclass(frozen=True)
class InvalidRow:
    """A file left out of the counts: it has errors (``tipq validate`` tells them)."""

    file: str
    country: str | None
    status: str | None
    errors: int
    first: str  # the first error, as one line


@dataclass(frozen=True)
class ExpectedRow:
    """An expected State without a submitted response: ``missing``, ``draft`` or
    ``invalid`` (only files with errors)."""

    country: str
    situation: str
    file: str | None


@dataclass(frozen=True)
class QuestionInfo:
    questionnaire: int
    id: str
    position: int
    label: str
    top_id: str
    section_id: str
    section: str
    tag: str | None
    provisions: str
    kind: str
    discrete: bool
    text: str


@dataclass(frozen=True)
class CountRow:
    """How many States gave ``bucket`` to a question (a value, ``answered`` for open
    questions, ``not-applicable`` or ``unanswered``), and which."""

    question: QuestionInfo
    bucket: str
    display: str
    count: int
    countries: tuple[str, ...]


@dataclass(frozen=True)
class AssistanceNeed:
    """A provision (its numbered question) × a kind of assistance: the States asking."""

    question: QuestionInfo  # the numbered question the assistance item belongs to
    kind: str
    kind_label: str
    count: int
    countries: tuple[str, ...]


@dataclass(frozen=True)
class GapRow:
    """A mandatory provision a State answered No or Yes, in part, asking for assistance."""

    country: str
    question: QuestionInfo
    value: str
    display: str
    kinds: tuple[str, ...]  # labels
    description: str | None


@dataclass(frozen=True)
class ChangeRow:
    """What changed for a State since the previous cycle, on one question."""

    country: str
    question: str
    label: str
    change: str  # answer, assistance-new, assistance-dropped
    before: str | None
    after: str | None


@dataclass(frozen=True)
class LongRow:
    """One row of the long (tidy) table: a State × question × value."""

    country: str
    file: str
    status: str
    questionnaire: str
    section: str
    tag: str | None
    question: str
    label: str
    kind: str
    state: str
    seq: int
    value: str | None
    display: str | None


# --- the compilation -----------------------------------------------------------------------


class Compilation:
    """The result of :func:`compile_responses`: the store and its views. Close it (or use
    it as a context manager) to delete the temporary database."""

    def __init__(self, store: Store, lang: str, *, files: int, previous: bool,
                 expected_given: bool, tmpdir: tempfile.TemporaryDirectory[str] | None) -> None:
        self.store = store
        self.lang = lang
        self.files = files  # files of the current cycle
        self.has_previous = previous
        self.expected_given = expected_given
        self._tmpdir = tmpdir

    def __enter__(self) -> Compilation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    # --- completion -------------------------------------------------------------------

    @cached_property
    def questionnaire_names(self) -> dict[int, str]:
        return {k: f"{qid} {version}" for k, qid, version in self.store.rows(
            "SELECT id, questionnaire_id, version FROM questionnaires")}

    @cached_property
    def title(self) -> str:
        titles = [t for (t,) in self.store.rows("SELECT title FROM questionnaires ORDER BY id")]
        return "; ".join(dict.fromkeys(titles))

    @cached_property
    def states(self) -> list[StateRow]:
        """Per State, the response kept for it (valid responses of the current cycle)."""
        expected = {c for (c,) in self.store.rows("SELECT country FROM expected")}
        others: dict[str, list[str]] = defaultdict(list)
        for country, file in self.store.rows(
                "SELECT country, file FROM responses WHERE cycle = 'current' AND valid AND "
                "NOT chosen ORDER BY country, file"):
            others[country].append(file)
        rows = []
        for country, file, status, answered, applicable, updated, qkey in self.store.rows(
                "SELECT country, file, status, answered, applicable, updated, questionnaire "
                "FROM responses WHERE cycle = 'current' AND chosen ORDER BY country"):
            rows.append(StateRow(country, file, status, answered, applicable, updated,
                                 self.questionnaire_names.get(qkey, ""),
                                 tuple(others.get(country, ())),
                                 (country in expected) if self.expected_given else None))
        return rows

    @cached_property
    def invalid(self) -> list[InvalidRow]:
        rows = []
        for rid, file, country, status, errors in self.store.rows(
                "SELECT id, file, country, status, errors FROM responses "
                "WHERE cycle = 'current' AND NOT valid ORDER BY file"):
            first = self.store.rows("SELECT line, col, code, message FROM findings WHERE "
                                    "response = ? AND severity = 'error' ORDER BY seq LIMIT 1",
                                    (rid,))
            where = ""
            text = ""
            if first:
                line, col, code, message = first[0]
                where = f"{line}:{col}: " if line else ""
                text = f"{where}{code} {message}"
            rows.append(InvalidRow(file, country, status, errors, text))
        return rows

    @cached_property
    def expected(self) -> list[ExpectedRow]:
        """Expected States with no response, only a draft, or only files with errors."""
        rows = []
        for country, chosen_status, chosen_file, invalid_file in self.store.rows(
                "SELECT e.country, c.status, c.file, "
                "(SELECT min(file) FROM responses i WHERE i.cycle = 'current' AND NOT i.valid "
                " AND i.country = e.country) "
                "FROM expected e LEFT JOIN responses c ON c.country = e.country "
                "AND c.cycle = 'current' AND c.chosen ORDER BY e.country"):
            if chosen_file is None:
                situation = "invalid" if invalid_file else "missing"
                rows.append(ExpectedRow(country, situation, invalid_file))
            elif chosen_status != "submitted":
                rows.append(ExpectedRow(country, chosen_status or "draft", chosen_file))
        return rows

    @cached_property
    def unexpected(self) -> list[str]:
        """States that responded but are not on the list of expected States."""
        if not self.expected_given:
            return []
        return [s.country for s in self.states if not s.expected]

    @cached_property
    def status_counts(self) -> dict[str, int]:
        """States by the status of the response kept, with ``invalid`` (States with files
        with errors only) and ``missing`` (expected States without any file)."""
        counts: dict[str, int] = {s: 0 for s in STATUSES}
        for s in self.states:
            counts[s.status or "draft"] = counts.get(s.status or "draft", 0) + 1
        kept = {s.country for s in self.states}
        invalid_states = {r.country for r in self.invalid if r.country and r.country not in kept}
        counts["invalid"] = len(invalid_states) + sum(
            1 for r in self.invalid if not r.country)
        if self.expected_given:
            counts["missing"] = sum(1 for e in self.expected if e.situation == "missing")
        return counts

    # --- answers --------------------------------------------------------------------------

    @cached_property
    def questions(self) -> dict[tuple[int, str], QuestionInfo]:
        """Every question and follow-up of the questionnaires used, in document order."""
        return {(r[0], r[1]): QuestionInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                                           r[8], r[9], bool(r[10]), r[11])
                for r in self.store.rows(
                    "SELECT questionnaire, id, position, label, top_id, section_id, section, "
                    "tag, provisions, kind, discrete, text FROM questions "
                    "ORDER BY questionnaire, position")}

    @cached_property
    def counts(self) -> list[CountRow]:
        """Per question (document order), the States behind each value, then not
        applicable and unanswered. Choice values come in the questionnaire's order."""
        order = self._bucket_order()
        found: dict[tuple[int, str], list[CountRow]] = defaultdict(list)
        for qkey, qid, bucket, display, n, states in self.store.rows(
                "SELECT a.questionnaire, a.question, "
                "CASE WHEN a.state != 'answered' THEN a.state "
                "WHEN q.discrete THEN a.value ELSE 'answered' END AS bucket, "
                "min(a.display), count(DISTINCT r.id), group_concat(DISTINCT r.country) "
                "FROM answers a JOIN responses r ON r.id = a.response "
                "JOIN questions q ON q.questionnaire = a.questionnaire AND q.id = a.question "
                "WHERE r.chosen AND r.cycle = 'current' "
                "GROUP BY a.questionnaire, a.question, bucket"):
            info = self.questions[(qkey, qid)]
            shown = display if info.discrete and bucket not in ("unanswered",
                                                                 "not-applicable") else bucket
            found[(qkey, qid)].append(CountRow(info, bucket, shown or bucket, n,
                                               tuple(sorted(states.split(",")))))
        rows: list[CountRow] = []
        for key in self.questions:
            rank = order.get(key, {})
            rows.extend(sorted(found.get(key, []),
                               key=lambda c: (rank.get(c.bucket, len(rank)), c.bucket)))
        return rows

    def _bucket_order(self) -> dict[tuple[int, str], dict[str, int]]:
        """The order of values per question: options as listed, then the other states."""
        orders: dict[tuple[int, str], dict[str, int]] = {}
        for key, options in self._options.items():
            seq = [*options, NOT_NEEDED, "answered", "not-applicable", "unanswered"]
            orders[key] = {b: i for i, b in enumerate(seq)}
        return orders

    @cached_property
    def _options(self) -> dict[tuple[int, str], list[str]]:
        return dict(self._option_rows())

    def _option_rows(self) -> Iterator[tuple[tuple[int, str], list[str]]]:
        for key, value in self.store.rows("SELECT key, value FROM meta WHERE key LIKE "
                                          "'options:%'"):
            _, qkey, qid = key.split(":", 2)
            yield (int(qkey), qid), json.loads(value)

    # --- technical assistance -------------------------------------------------------------

    @cached_property
    def assistance(self) -> list[AssistanceNeed]:
        """Provision × kind of assistance × States asking, in document order."""
        rows = []
        for qkey, top, kind, label, n, states in self.store.rows(
                "SELECT r.questionnaire, s.top_id, s.kind, min(s.kind_label), "
                "count(DISTINCT r.id), group_concat(DISTINCT r.country) "
                "FROM assistance s JOIN responses r ON r.id = s.response "
                "WHERE r.chosen AND r.cycle = 'current' AND s.needed "
                "GROUP BY r.questionnaire, s.top_id, s.kind"):
            rows.append(AssistanceNeed(self.questions[(qkey, top)], kind, label, n,
                                       tuple(sorted(states.split(",")))))
        return sorted(rows, key=lambda a: (a.question.questionnaire, a.question.position,
                                           -a.count, a.kind))

    @cached_property
    def assistance_by_kind(self) -> list[tuple[str, str, int]]:
        """Kind of assistance, its label, and how many States ask for it anywhere."""
        return [(k, label, n) for k, label, n in self.store.rows(
            "SELECT s.kind, min(s.kind_label), count(DISTINCT r.country) "
            "FROM assistance s JOIN responses r ON r.id = s.response "
            "WHERE r.chosen AND r.cycle = 'current' AND s.needed "
            "GROUP BY s.kind ORDER BY count(DISTINCT r.country) DESC, s.kind")]

    @cached_property
    def gaps(self) -> list[GapRow]:
        """Mandatory provisions answered No or Yes, in part where assistance is requested:
        the list a donor or the secretariat acts on. By provision, then State."""
        marks = ",".join("?" for _ in GAP_VALUES)
        rows = []
        for country, qkey, top, value, display, kinds, description in self.store.rows(
                "SELECT r.country, r.questionnaire, s.top_id, a.value, a.display, "
                "group_concat(s.kind_label, '\x1f'), min(s.description) "
                "FROM assistance s JOIN responses r ON r.id = s.response "
                "JOIN questions q ON q.questionnaire = r.questionnaire AND q.id = s.top_id "
                "JOIN answers a ON a.response = r.id AND a.question = s.top_id "
                "AND a.state = 'answered' "
                f"WHERE r.chosen AND r.cycle = 'current' AND s.needed AND q.tag = 'mandatory' "
                f"AND q.kind = 'closed' AND a.value IN ({marks}) "
                "GROUP BY r.id, s.question", GAP_VALUES):
            rows.append(GapRow(country, self.questions[(qkey, top)], value, display,
                               tuple(kinds.split("\x1f")), description))
        return sorted(rows, key=lambda g: (g.question.questionnaire, g.question.position,
                                           g.country))

    # --- changes since the previous cycle -------------------------------------------------

    @cached_property
    def changes(self) -> list[ChangeRow]:
        return [ChangeRow(*r) for r in self.store.rows(
            "SELECT c.country, c.question, c.label, c.change, c.before, c.after "
            "FROM changes c JOIN responses r ON r.id = c.response "
            "JOIN questions q ON q.questionnaire = r.questionnaire AND q.id = c.question "
            "ORDER BY c.country, q.position, c.change, c.id")]

    # --- the long table ------------------------------------------------------------------

    def iter_long(self) -> Iterator[LongRow]:
        """Every answer row of the responses kept, State by State, in document order."""
        names = self.questionnaire_names
        for row in self.store.iter_rows(
                "SELECT r.country, r.file, r.status, r.questionnaire, q.section, q.tag, "
                "a.question, q.label, q.kind, a.state, a.seq, a.value, a.display "
                "FROM answers a JOIN responses r ON r.id = a.response "
                "JOIN questions q ON q.questionnaire = a.questionnaire AND q.id = a.question "
                "WHERE r.chosen AND r.cycle = 'current' "
                "ORDER BY r.country, r.id, q.position, a.seq"):
            yield LongRow(row[0], row[1], row[2], names.get(row[3], ""), *row[4:])

    # --- totals ------------------------------------------------------------------------------

    @property
    def invalid_count(self) -> int:
        return len(self.invalid)


# --- building it ---------------------------------------------------------------------------


def compile_responses(paths: Iterable[str | os.PathLike[str]],
                      questionnaire_paths: Iterable[str | os.PathLike[str]] = (), *,
                      exclusive: bool = False, expected: str | os.PathLike[str] | None = None,
                      previous: Iterable[str | os.PathLike[str]] = (), lang: str = "en",
                      jobs: int | None = None, now: datetime | None = None,
                      progress: Any = None) -> Compilation:
    """Validate and compile every response under ``paths`` (and, for the comparison, under
    ``previous``). Raises :class:`~tipq.core.errors.UserError` when no response file is
    found or the list of expected States cannot be read; bad response files are rows of
    :attr:`Compilation.invalid`, never errors."""
    qpaths = list(questionnaire_paths)
    repo = QuestionnaireRepository.build(qpaths, exclusive=exclusive)
    files = [os.fspath(p) for p in iter_yaml_files(paths)]
    if not files:
        raise UserError("no response files (*.yaml, *.yml) found in the paths given. Give "
                        "response files or folders that hold them.")
    previous = list(previous)
    before = [os.fspath(p) for p in iter_yaml_files(previous)]
    if previous and not before:
        raise UserError("no response files (*.yaml, *.yml) found in the --previous paths. "
                        "Give the files or folders of the previous cycle's responses.")
    codes = read_expected(expected) if expected is not None else []
    tmpdir = tempfile.TemporaryDirectory(prefix="tipq-report-")
    store = Store(os.path.join(tmpdir.name, "report.sqlite"))
    try:
        builder = _Builder(store, repo, lang)
        store.add_expected(codes)
        total = len(files) + len(before)
        done = 0
        for cycle, batch in (("current", files), ("previous", before)):
            for digest in iter_digests(batch, repo, lang, jobs=jobs, now=now):
                builder.add(cycle, digest)
                done += 1
                if progress is not None:
                    progress(done, total)
        _choose(store)
        if before:
            _record_changes(store)
        store.set_meta("lang", lang)
        store.finish()
    except BaseException:
        store.close()
        tmpdir.cleanup()
        raise
    return Compilation(store, lang, files=len(files), previous=bool(before),
                       expected_given=expected is not None, tmpdir=tmpdir)


class _Builder:
    """Puts digests into the store, registering each questionnaire on first sight."""

    def __init__(self, store: Store, repo: QuestionnaireRepository, lang: str) -> None:
        self.store = store
        self.repo = repo
        self.lang = lang
        self.keys: dict[tuple[str, str, str], int | None] = {}

    def add(self, cycle: str, d: Digest) -> None:
        r = d.result
        qkey = self._questionnaire(d) if d.questionnaire else None
        valid = r.ok and qkey is not None
        findings: list[FindingRow] = [
            (i, f.code, f.level.value, f.line, f.col, f.question_id, f.message)
            for i, f in enumerate(r.findings)]
        self.store.add_response(
            cycle, (r.file, r.country, r.status, qkey, d.created, d.updated, d.submitted_at,
                    r.answered, r.applicable, r.errors, r.warnings, int(valid)),
            d.answers if valid else (), d.citations if valid else (),
            d.assistance if valid else (), findings)

    def _questionnaire(self, d: Digest) -> int | None:
        ref = d.questionnaire
        assert ref is not None
        if ref in self.keys:
            return self.keys[ref]
        match = self.repo.match(*ref, response=d.result.file)
        entry = match.entry
        if match.state != "exact" or entry is None or entry.questionnaire is None:
            self.keys[ref] = None
            return None
        q = entry.questionnaire
        key = self.store.add_questionnaire(ref[0], ref[1], ref[2], entry.path,
                                           pick_text(q.title, self.lang)[0],
                                           _question_rows(q, self.lang))
        for item in q.index.items:
            if item.answer is not None:
                opts = [o.value for o in kind_of(item.answer).options(item.answer)]
                if opts:
                    self.store.set_meta(f"options:{key}:{item.id}", json.dumps(opts))
        self.keys[ref] = key
        return key


def _question_rows(q: Questionnaire, lang: str) -> Iterator[tuple[Any, ...]]:
    for item in q.index.items:
        if item.answer is None or item.top.is_moved:
            continue
        kind = kind_of(item.answer)
        yield (item.id, item.position, item.label, item.top.id,
               item.parent.id if item.parent is not None else None,
               item.section.id, pick_text(item.section.title, lang)[0], item.top.tag,
               ", ".join(item.top.provisions), item.answer.type,
               int(kind.discrete or item.answer.type == "assistance"),
               pick_text(item.question.text, lang)[0])


def _choose(store: Store) -> None:
    """Mark one valid response per State and cycle as the one counted (:data:`CHOICE_RULE`)."""
    rank = {s: i for i, s in enumerate(STATUSES)}
    best: dict[tuple[str, str], tuple[tuple[Any, ...], int]] = {}
    for rid, cycle, country, status, updated, file in store.rows(
            "SELECT id, cycle, country, status, updated, file FROM responses WHERE valid"):
        key = (rank.get(status, -1), _sortable(updated), _Reverse(file))
        current = best.get((cycle, country))
        if current is None or key > current[0]:
            best[(cycle, country)] = (key, rid)
    store.db.executemany("UPDATE responses SET chosen = 1 WHERE id = ?",
                         [(rid,) for _, rid in best.values()])


def _sortable(stamp: str | None) -> str:
    """ISO timestamps compared as instants: naive ones taken as UTC, offsets applied."""
    if not stamp:
        return ""
    from datetime import timezone

    t = datetime.fromisoformat(stamp)
    t = t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).isoformat()


class _Reverse:
    """A string that sorts backwards (so that, among equals, the first file name wins)."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __lt__(self, other: _Reverse) -> bool:
        return self.s > other.s

    def __gt__(self, other: _Reverse) -> bool:
        return self.s < other.s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reverse) and self.s == other.s

    def __hash__(self) -> int:
        return hash(self.s)


def _record_changes(store: Store) -> None:
    """Per State kept in both cycles: answers that changed, assistance asked anew and
    assistance no longer asked."""
    pairs = store.rows(
        "SELECT c.country, c.id, p.id, c.questionnaire FROM responses c JOIN responses p "
        "ON p.country = c.country AND p.cycle = 'previous' AND p.chosen "
        "WHERE c.cycle = 'current' AND c.chosen ORDER BY c.country")
    labels = {(k, q): label for k, q, label in store.rows(
        "SELECT questionnaire, id, label FROM questions")}
    out: list[tuple[Any, ...]] = []
    for country, now_id, before_id, qkey in pairs:
        now, before = _answers_of(store, now_id), _answers_of(store, before_id)
        for qid, (kind, state, values, shown) in now.items():
            label = labels.get((qkey, qid), qid)
            old = before.get(qid)
            if kind == "assistance":
                new_kinds = set(values) - {NOT_NEEDED}
                old_kinds = set(old[2]) - {NOT_NEEDED} if old else set()
                names = dict(zip(values, shown, strict=True))
                old_names = dict(zip(old[2], old[3], strict=True)) if old else {}
                for k in sorted(new_kinds - old_kinds):
                    out.append((country, now_id, before_id, qid, label, "assistance-new",
                                None, names[k]))
                for k in sorted(old_kinds - new_kinds):
                    out.append((country, now_id, before_id, qid, label,
                                "assistance-dropped", old_names[k], None))
                continue
            if old is None or (old[1], old[2]) == (state, values) or "answered" not in (
                    old[1], state):
                continue  # the same, or answered neither time
            out.append((country, now_id, before_id, qid, label, "answer",
                        _shown(old[1], old[3]), _shown(state, shown)))
    store.db.executemany("INSERT INTO changes (country, response, previous, question, label, "
                         "change, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)


def _shown(state: str, shown: tuple[str, ...]) -> str:
    return "; ".join(shown) if state == "answered" else state


def _answers_of(store: Store, rid: int) -> dict[str, tuple[str, str, tuple[str, ...],
                                                         tuple[str, ...]]]:
    """question -> (kind, state, values, shown values) of one response."""
    found: dict[str, list[Any]] = {}
    for qid, kind, state, value, display in store.rows(
            "SELECT a.question, q.kind, a.state, a.value, a.display FROM answers a "
            "JOIN questions q ON q.questionnaire = a.questionnaire AND q.id = a.question "
            "WHERE a.response = ? ORDER BY q.position, a.seq", (rid,)):
        row = found.setdefault(qid, [kind, state, [], []])
        if value is not None:
            row[2].append(value)
            row[3].append(display if display is not None else value)
    return {q: (r[0], r[1], tuple(r[2]), tuple(r[3])) for q, r in found.items()}


__all__ = ["CHOICE_RULE", "Compilation", "Digest", "compile_responses", "digest_file",
           "iter_digests", "read_expected"]
