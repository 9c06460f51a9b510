"""Reading questionnaires and responses from files into models, or into findings.

:func:`load_questionnaire_file` and :func:`load_response_file` return a result whose
``findings`` say what is wrong, with file, line and column; they raise nothing for bad
data. A pydantic error's ``loc`` is followed through the loaded data, so that the finding
lands on the line where the offending key or item is written.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from tipq.core.errors import FindingError
from tipq.core.findings import Finding
from tipq.core.questionnaire import Questionnaire
from tipq.core.response import Response
from tipq.io.files import DEFAULT_LIMITS, Limits
from tipq.io.yaml_load import YamlDocument, load_yaml, parse_yaml


@dataclass
class Loaded:
    """A file read as a model (``model`` is None when it could not be)."""

    file: str
    model: Any = None
    doc: YamlDocument | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.model is not None


def data_path(data: Any, loc: Sequence[Any]) -> tuple[Any, ...]:
    """The part of a pydantic ``loc`` that exists in ``data`` (union tags and the like dropped)."""
    path: list[Any] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if (isinstance(node, dict) and part in node) or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)


@cache
def _field_names(model: type[BaseModel]) -> frozenset[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def walk(m: type[BaseModel]) -> None:
        if m in seen:
            return
        seen.add(m)
        for name, f in m.model_fields.items():
            names.add(f.alias or name)
            for arg in _model_types(f.annotation):
                walk(arg)

    walk(model)
    return frozenset(names)


def _model_types(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            found.append(a)
        stack.extend(getattr(a, "__args__", ()) or ())
        meta = getattr(a, "__metadata__", None)
        if meta is not None:
            stack.append(getattr(a, "__origin__", None))
    return found


def _describe(err: Any, data: Any, model: type[BaseModel]) -> str:
    loc = err["loc"]
    path = data_path(data, loc)
    dotted = ".".join(str(p) for p in path) or "the top level"
    typ = err["type"]
    last = loc[-1] if loc else None
    if typ == "missing":
        return f"'{last}' is missing {'at' if not path else 'in'} {dotted}"
    if typ == "extra_forbidden":
        where = f" in {'.'.join(str(p) for p in path[:-1])}" if len(path) > 1 else ""
        close = difflib.get_close_matches(str(last), sorted(_field_names(model) - {last}), n=1)
        did = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{last}'{where}{did}"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{dotted}: {msg}"


def question_id_at(data: Any, path: Sequence[Any]) -> str | None:
    """The id of the innermost question (or follow-up, or answer) on ``path`` in ``data``."""
    node = data
    found = None
    for i, part in enumerate(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str) and "text" in node:
            found = node["id"]
        elif i == 1 and path[0] == "answers" and isinstance(part, str):
            found = part  # a response's answers are keyed by question id
    return found


def model_findings(exc: ValidationError, doc: YamlDocument, model: type[BaseModel],
                   code: str) -> list[Finding]:
    """One finding per pydantic error, placed at the line of the offending value."""
    findings = []
    for err in exc.errors(include_url=False, include_input=False):
        path = data_path(doc.data, err["loc"])
        findings.append(doc.finding(code, path, question_id=question_id_at(doc.data, path),
                                    message=_describe(err, doc.data, model)))
    return findings


def _load(path: str | os.PathLike[str], model: type[BaseModel], code: str, *,
          positions: bool, limits: Limits, display: str | None) -> Loaded:
    name = display or os.fspath(path)
    try:
        doc = load_yaml(path, positions=positions, limits=limits, display=name)
    except FindingError as e:
        return Loaded(name, findings=[e.finding])
    return validate_document(doc, model, code)


def validate_document(doc: YamlDocument, model: type[BaseModel], code: str) -> Loaded:
    try:
        obj = model.model_validate(doc.data)
    except ValidationError as e:
        return Loaded(doc.file, doc=doc, findings=model_findings(e, doc, model, code))
    return Loaded(doc.file, model=obj, doc=doc)


def load_questionnaire_file(path: str | os.PathLike[str], *, positions: bool = True,
                            limits: Limits = DEFAULT_LIMITS,
                            display: str | None = None) -> Loaded:
    return _load(path, Questionnaire, "Q001", positions=positions, limits=limits,
                 display=display)


def load_response_file(path: str | os.PathLike[str], *, positions: bool = False,
                       limits: Limits = DEFAULT_LIMITS, display: str | None = None) -> Loaded:
    return _load(path, Response, "R001", positions=positions, limits=limits, display=display)


def parse_response_text(text: str, file: str) -> Loaded:
    try:
        doc = parse_yaml(text, file=file)
    except FindingError as e:
        return Loaded(file, findings=[e.finding])
    return validate_document(doc, Response, "R001")
