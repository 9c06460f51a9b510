"""``tipq report``, in the workers: one response file validated (the rules of ``tipq
validate``) and turned into tidy rows; and the list of expected States."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from tipq.checks.batch import FileResult, _iter_parallel, _worker_count, validate_file
from tipq.checks.compile_consts import NOT_NEEDED
from tipq.checks.compile_store import (
    AnswerRow,
    AssistanceRow,
    CitationRow,
)
from tipq.core import countries
from tipq.core.answers import is_answered
from tipq.core.conditions import applicability
from tipq.core.errors import UserError
from tipq.core.kinds import kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import Questionnaire
from tipq.core.response import Response
from tipq.io.files import os_reason
from tipq.io.repository import QuestionnaireRepository

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
    """A worker's job (see :func:`tipq.checks.batch._iter_parallel`)."""
    from tipq.checks.batch import _WORKER

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


