"""``tipq report``: the secretariat's compilation of what States answered and need.

:func:`compile_responses` validates every response file with the rules of
``tipq validate`` (:func:`tipq.checks.batch.validate_file`, in worker processes for large
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
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from tipq.checks.compile_consts import CHOICE_RULE, NOT_NEEDED, STATUSES
from tipq.checks.compile_digest import Digest, digest_file, iter_digests, read_expected
from tipq.checks.compile_store import (
    FindingRow,
    Store,
)
from tipq.checks.compile_views import Compilation
from tipq.core.errors import UserError
from tipq.core.kinds import kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import Questionnaire
from tipq.io.files import iter_yaml_files
from tipq.io.repository import QuestionnaireRepository

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
