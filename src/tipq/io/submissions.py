"""Submissions of tipq's XLSForm, as KoboToolbox and ODK export them, become tipq responses
(``tipq import xlsform-submissions``; see docs/interop.md).

Read: a CSV export (comma, semicolon or tab separated; headers with or without the group
path, ``criminalization/criminalization-offence/tip-offence`` or ``tip-offence``; the
per-option 0/1 columns of a multi-choice are ignored) or a JSON export (a list of
submissions, KoboToolbox's ``{"results": [...]}``, ODK Central's ``{"value": [...]}``; flat
keys with group paths or nested groups; a repeat as a list of records: the citations).

Each submission's ``country`` (ISO 3166-1 alpha-3) names the State; the hidden
``tipq__questionnaire``/``tipq__version``/``tipq__hash`` fields, when present, must name the
questionnaire given. Each field is read by its answer kind
(:meth:`tipq.core.kinds.AnswerKind.from_field`, :meth:`~tipq.core.kinds.AnswerKind.compose`),
never evaluated: a cell is data, whatever it holds. The responses are drafts, written
through :class:`~tipq.io.document.ResponseDocument` like the interview's, so that
``tipq validate`` reads them as any other; it then says what is missing or wrong.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tipq.core.answers import InputProblem
from tipq.core.composite import COUNTRY_FIELD, QUESTIONNAIRE_FIELDS, RESPONDENT_FIELDS
from tipq.core.countries import is_well_formed
from tipq.core.errors import UserError
from tipq.core.hashing import short
from tipq.core.kinds import kind_of
from tipq.core.languages import pick_text
from tipq.core.questionnaire import Questionnaire
from tipq.io.document import ResponseDocument
from tipq.io.files import atomic_write_text, decode_text, os_reason, read_bytes
from tipq.io.yaml_emit import dump_fragment

#: A submission: field name (the last segment of its path) -> its text, or a list of
#: records (a repeat: field name -> text).
Submission = dict[str, Any]


@dataclass
class Imported:
    """One response made from a submission."""

    country: str
    source: str  # "row 3" or "submission 2"
    data: dict[str, Any]
    answers: dict[str, Any]
    problems: list[str] = field(default_factory=list)  # fields that could not be read


# --- reading the export -------------------------------------------------------------------


def read_submissions(path: Path) -> tuple[list[Submission], str]:
    """The submissions in a CSV or JSON export, and what one is called (row, submission)."""
    text = decode_text(read_bytes(path), str(path))  # a finding, with its fix, if not
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("[", "{"):
        return _from_json(text, path), "submission"
    return _from_csv(text, path), "row"


def _from_json(text: str, path: Path) -> list[Submission]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise UserError(f"{path}:{e.lineno}:{e.colno}: not valid JSON ({e.msg}); export the "
                        "submissions again as JSON, or as CSV") from e
    if isinstance(data, dict):
        data = data.get("results", data.get("value", [data]))
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise UserError(f"{path}: not a list of submissions; give the JSON export of the "
                        "form's data (KoboToolbox: data.json; ODK Central: OData)")
    return [dict(_flatten(s)) for s in data]


def _flatten(node: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in node.items():
        name = str(key).rsplit("/", 1)[-1]
        if isinstance(value, dict):
            yield from _flatten(value)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            yield name, [dict(_flatten(v)) for v in value]
        elif isinstance(value, list):
            yield name, " ".join(str(v) for v in value)
        elif value is not None:
            yield name, value if isinstance(value, str) else json.dumps(value)


def _from_csv(text: str, path: Path) -> list[Submission]:
    header = text.split("\n", 1)[0]
    # the separator from the header line (KoboToolbox writes ';' by default); quoting as
    # every spreadsheet writes it (a doubled quote inside a quoted cell)
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as e:
        raise UserError(f"{path}:{reader.line_num}: not a CSV file the export tools write "
                        f"({e}); export the submissions again") from e
    if not rows:
        raise UserError(f"{path} is empty; export the form's submissions as CSV or JSON")
    headers = rows[0]
    out = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        sub: Submission = {}
        for header, cell in zip(headers, row, strict=False):
            sub.setdefault(header, cell)
        out.append(sub)
    return out


def _field_values(sub: Submission, names: set[str]) -> dict[str, Any]:
    """The values of the form's fields in one submission, by field name: a header with a
    group path counts under its last segment; a per-option column (``.../q/option``) of a
    multi-choice is left out."""
    out: dict[str, Any] = {}
    for key, value in sub.items():
        parts = key.replace(".", "/").split("/") if key not in names else [key]
        name = parts[-1]
        if name in names:
            out[name] = value
    return out


# --- making responses ---------------------------------------------------------------------


def convert(submissions: list[Submission], q: Questionnaire, what: str,
            first: int) -> list[Imported]:
    """A response per submission (``first``: the number of the first one, for messages)."""
    names = _names(q)
    out = []
    for n, sub in enumerate(submissions, first):
        where = f"{what} {n}"
        values = _field_values(sub, names)
        out.append(_one(values, q, where))
    return out


def _names(q: Questionnaire) -> set[str]:
    names = {COUNTRY_FIELD, *QUESTIONNAIRE_FIELDS.values(), *RESPONDENT_FIELDS.values()}
    for item in q.index.items:
        names.add(item.id)
        if item.answer is not None:
            names.update(s.name(item.id) for s in kind_of(item.answer).sub_answers(item.answer))
    return names


def _one(values: dict[str, Any], q: Questionnaire, where: str) -> Imported:
    country = str(values.get(COUNTRY_FIELD, "")).strip().upper()
    if not country:
        raise UserError(f"{where} has no 'country'; every submission names its State with "
                        "an ISO 3166-1 alpha-3 code (ARG, NGA...) in the form's 'country' field")
    if not is_well_formed(country):
        raise UserError(f"{where}: the country '{country[:40]}' is not an ISO 3166-1 alpha-3 "
                        "code (three letters, e.g. ARG; EU for the European Union); correct "
                        "it in the submission and export again")
    _check_questionnaire(values, q, where)
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for item in q.index.items:
        form = item.answer
        if form is None or item.top.is_moved:
            continue
        kind = kind_of(form)
        subs = kind.sub_answers(form)
        try:
            if subs:
                records = values.get(item.id) if kind.repeats else [values]
                if not isinstance(records, list):
                    records = []
                parts = [{s.key: kind_of(s.form).from_field(s.form, str(r[s.name(item.id)]))
                          for s in subs if str(r.get(s.name(item.id), "")).strip()}
                         for r in records]
                value = kind.compose(form, parts)
            else:
                raw = values.get(item.id)
                value = (kind.from_field(form, str(raw)) if raw is not None
                         and str(raw).strip() else None)
        except InputProblem as e:
            problems.append(f"{item.id}: {e}")
            continue
        if value is not None:
            answers[item.id] = value
    respondent = {key: str(values[name]).strip() for key, name in RESPONDENT_FIELDS.items()
                  if str(values.get(name, "")).strip()}
    data: dict[str, Any] = {
        "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
        "country": country,
    }
    if respondent:
        data["respondent"] = respondent
    return Imported(country, where, data, answers, problems)


def _check_questionnaire(values: dict[str, Any], q: Questionnaire, where: str) -> None:
    expected = {"questionnaire": q.id, "version": q.version, "hash": q.content_hash}
    for key, name in QUESTIONNAIRE_FIELDS.items():
        got = str(values.get(name, "")).strip()
        if got and got != expected[key]:
            shown = short(got) if key == "hash" else got
            want = short(expected[key]) if key == "hash" else expected[key]
            raise UserError(f"{where} was made with a form of {key} {shown[:70]}, not {want} "
                            f"({q.id} version {q.version}); import it with the questionnaire "
                            "that form was exported from (--questionnaire)")


def response_text(imported: Imported, q: Questionnaire, source: str, now: datetime) -> str:
    """The response file of ``imported``, written as the interview writes one."""
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = {**imported.data, "status": "draft", "created": stamp, "updated": stamp,
            "answers": {}}
    title = pick_text(q.title, "en")[0]
    text = (f"# Response to {title} ({q.id}, version {q.version}), for {imported.country}.\n"
            f"# Imported by tipq import xlsform-submissions from {_comment(source)}, "
            f"{imported.source}.\n"
            "# Check it with: tipq validate\n"
            + dump_fragment({k: v for k, v in data.items() if k != "answers"})
            + "answers: {}\n")
    doc = ResponseDocument.parse(text, file=f"{imported.country}.yaml", data=data)
    for qid, value in imported.answers.items():
        doc.set(("answers", qid), {"value": value, "answered_at": stamp})
    return doc.file_text()


def _comment(text: str) -> str:
    """``text`` safe on one comment line."""
    from tipq.core.escape import visible

    return visible(text)


def write_responses(imported: list[Imported], q: Questionnaire, source: Path, out: Path, *,
                    force: bool = False, now: datetime | None = None) -> list[Path]:
    """Write one response per State in ``out``; the later of two submissions of a State
    wins. An existing file is replaced only with ``force``."""
    now = now or datetime.now(timezone.utc)
    latest: dict[str, Imported] = {}
    for imp in imported:
        latest[imp.country] = imp
    if not out.is_dir():
        raise UserError(f"cannot write to {out}: it is not a folder; create it, or give "
                        "another --out")
    targets = {c: out / f"{c}.yaml" for c in latest}
    existing = [p for p in targets.values() if p.exists()]
    if existing and not force:
        raise UserError(f"{existing[0]} exists already ({len(existing)} of the responses "
                        "would be replaced); choose another --out folder, or pass --force "
                        "to replace them")
    written = []
    for country, imp in latest.items():
        path = targets[country]
        try:
            atomic_write_text(path, response_text(imp, q, os.fspath(source.name), now))
        except OSError as e:
            raise UserError(f"cannot write {path}: {os_reason(e)}; choose another --out") \
                from e
        written.append(path)
    return written
