"""Reading questionnaires and responses from files into models, or into findings.

:func:`load_questionnaire_file` and :func:`load_response_file` return a result whose
``findings`` say what is wrong, with file, line and column; they raise nothing for bad
data. A pydantic error's ``loc`` is followed through the loaded data, so that the finding
lands on the line where the offending key or item is written.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    #: The pydantic errors behind the structure findings (``loc``, ``type``, ...), in order.
    errors: list[Any] = field(default_factory=list)

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


# --- pydantic errors in plain words ----------------------------------------------------

#: What a field's pattern asks for, in words, and an example (by the pattern's text).
_PATTERN_WORDS: dict[str, tuple[str, str]] = {
    r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$": (
        "an id: lower-case letters, digits and hyphens, starting with a letter",
        "tip-offence"),
    r"^sha256:[0-9a-f]{64}$": ("'sha256:' followed by 64 hexadecimal digits (0-9, a-f)",
                               "sha256:0c2da5d1...08db97, as tipq wrote it"),
    r"^(?:[A-Z]{3}|EU)$": ("an ISO 3166-1 alpha-3 country code in capitals, or EU", "ARG"),
    r"^[a-z0-9][a-z0-9-]*$": ("lower-case letters, digits and hyphens", "penal-code"),
}
_VERSION_WORDS = ("a date and time written YYYY-MM-DDTHH:MM, quoted", "'2018-07-03T18:00'")

_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "bool_type": "true or false",
    "dict_type": "a mapping of keys to values (indented 'key: value' lines)",
    "model_type": "a mapping of keys to values (indented 'key: value' lines)",
    "model_attributes_type": "a mapping of keys to values (indented 'key: value' lines)",
    "list_type": "a list (one '- item' line per item)",
    "tuple_type": "a list (one '- item' line per item)",
}
_EXAMPLE_BY_FIELD = {
    "status": "status: draft", "answers": "answers: {}", "country": "country: XXA",
    "created": "created: '2026-02-16T09:33:00Z'", "updated": "updated: '2026-02-16T09:33:00Z'",
    "questionnaire": "questionnaire: (with id, version and hash below it)",
    "value": "value: 'yes'", "id": "id: tip-offence", "version": "version: '2018-07-03T18:00'",
    "hash": "hash: sha256-v1:... (the questionnaire's hash, as tipq interview writes it)",
}
_TIMESTAMP_FIX = ("Write a date and time with a time zone, quoted: e.g. '2026-02-16T09:33:00Z' "
                  "(UTC) or '2026-02-16T10:33:00+01:00'.")


def _shown(value: Any) -> str:
    """A value as a person wrote it in YAML, short."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f"'{text}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return str(value)


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the value {_shown(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    return "a mapping" if isinstance(value, dict) else "a list"


def _models_at(model: type[BaseModel], loc: Sequence[Any]) -> list[type[BaseModel]]:
    """The models whose fields are allowed at ``loc`` (the mapping holding its last part)."""
    current = [model]
    for part in loc[:-1]:
        for m in current:
            names = {f.alias or n: f for n, f in m.model_fields.items()}
            if isinstance(part, str) and part in names:
                inner = _model_types(names[part].annotation)
                if inner:
                    tagged = [t for t in inner if _tag_of(t) == part]
                    current = tagged or inner
                break
        else:  # a dict key, list index or union tag: the same models, or the tagged one
            tagged = [m for m in current if _tag_of(m) == part]
            if tagged:
                current = tagged
    return current


def _tag_of(model: type[BaseModel]) -> Any:
    f = model.model_fields.get("type")
    args: tuple[Any, ...] = tuple(getattr(f.annotation, "__args__", ())) if f else ()
    return args[0] if len(args) == 1 else None


def describe_error(err: Any, data: Any, model: type[BaseModel]) -> tuple[str, str]:
    """A pydantic error as tipq says it: what is wrong (message) and how to fix it."""
    loc = tuple(err["loc"])
    path = data_path(data, loc)
    typ = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    is_key = bool(loc) and loc[-1] == "[key]"
    named = tuple(p for p in loc if p != "[key]")
    last = named[-1] if named else None
    dotted = ".".join(str(p) for p in (named if typ in ("missing", "extra_forbidden")
                                        or is_key else path)) or "the top level"
    parent = ".".join(str(p) for p in named[:-1])
    if typ == "missing":
        where = f" in {parent}" if parent else ""
        example = _EXAMPLE_BY_FIELD.get(str(last), f"{last}: ...")
        return f"the required field '{last}' is missing{where}", f"Add it: {example}."
    if typ == "extra_forbidden":
        where = f" in {parent}" if parent else ""
        allowed = sorted({f.alias or n for m in _models_at(model, loc)
                          for n, f in m.model_fields.items()} - {str(last)})
        close = difflib.get_close_matches(str(last), allowed, n=1, cutoff=0.6)
        if close:
            return (f"unknown field '{last}'{where} (did you mean '{close[0]}'?)",
                    f"Rename it to '{close[0]}'.")
        listed = ", ".join(allowed) if allowed else "none"
        return f"unknown field '{last}'{where}", f"Remove it; the fields allowed here: {listed}."
    if is_key:
        key = str(named[-1]) if named else "?"
        words, example = _PATTERN_WORDS.get(str(ctx.get("pattern")), ("an id", "tip-offence"))
        if typ == "string_too_long":
            words = f"{words}, at most {ctx.get('max_length')} characters"
        lower = key.strip().lower().replace(" ", "-")
        did = (f" Did you mean '{lower}'?" if lower != key and re.match(
            r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$", lower) else "")
        return (f"{parent or 'the top level'}: the key '{key}' is not a question id ({words})",
                f"Write the id as the questionnaire has it, e.g. {example}.{did}")
    if typ == "timestamp_format":
        msg = f"{dotted}: {_shown(value)} is {ctx.get('kind', 'not a date and time')}"
        fix = _TIMESTAMP_FIX
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            fix = f"Add the time and time zone, quoted: e.g. '{value}T00:00:00Z'."
        elif isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", value):
            fix = (f"Add the time zone: e.g. '{value.replace(' ', 'T')}Z' if it is UTC "
                   "(tipq writes UTC, with Z).")
        return msg, fix
    if typ.startswith(("datetime_", "timezone_")):
        return (f"{dotted}: {_shown(value)} is not a real date and time "
                f"({err['msg'][0].lower()}{err['msg'][1:]})", _TIMESTAMP_FIX)
    if typ == "date_format" or typ.startswith("date_"):
        return (f"{dotted}: {_shown(value)} is not a date written YYYY-MM-DD",
                "Write a date, quoted: e.g. '2018-07-03'.")
    if typ == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        words, example = (_VERSION_WORDS if "T([01]" in pattern
                          else _PATTERN_WORDS.get(pattern, (f"text matching {pattern}", "")))
        fix = f"Write {words}" + (f", e.g. {example}." if example else ".")
        return f"{dotted}: {_shown(value)} is not {words}", fix
    if typ == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        near = [c for c in choices if isinstance(value, str)
                and c.lower() == value.strip().lower()]
        did = f" (did you mean '{near[0]}'?)" if near else ""
        listed = ", ".join(choices) if choices else str(ctx.get("expected"))
        return (f"{dotted}: {_shown(value)} is not one of the choices{did}",
                f"Write one of: {listed} (exactly so, in lower case).")
    if typ == "union_tag_invalid":
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        return (f"{dotted}: {_shown(ctx.get('tag'))} is not a known type",
                f"Write one of: {', '.join(tags)}.")
    if typ == "union_tag_not_found":
        return (f"{dotted}: '{ctx.get('discriminator', 'type').strip(chr(39))}' is missing",
                "Add 'type:' with the kind of answer, e.g. type: closed.")
    if typ in _EXPECTED:
        expected = _EXPECTED[typ]
        return (f"{dotted} should be {expected}, not {_kind_of(value)}",
                f"Write {expected} here"
                + (f": {_EXAMPLE_BY_FIELD[str(last)]}." if str(last) in _EXAMPLE_BY_FIELD
                   else "."))
    if typ in ("too_short", "too_long", "string_too_short", "string_too_long"):
        return f"{dotted}: {err['msg'][0].lower()}{err['msg'][1:]}", (
            "Add to it." if "short" in typ else "Shorten it.")
    if typ in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return (f"{dotted}: {_shown(value)} is out of range ({err['msg'][0].lower()}"
                f"{err['msg'][1:]})", "Write a value in that range.")
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{dotted}: {msg}", "Correct the value at this line."


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
    return [f for _err, f in model_errors(exc, doc, model, code)]


def model_errors(exc: ValidationError, doc: YamlDocument, model: type[BaseModel],
                 code: str) -> list[tuple[Any, Finding]]:
    """Each pydantic error (its ``loc`` for callers that act on it) with its finding.

    One cause, one finding: a misspelt required field (``valeu:`` for ``value:``) is told
    once, as the unknown field with its did-you-mean, not also as the missing one.
    """
    errors = exc.errors(include_url=False, include_input=True)
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    renamed: set[tuple[Any, ...]] = set()
    out = []
    described = [(err, describe_error(err, doc.data, model)) for err in errors]
    for err, (_message, fix) in described:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden" and fix.startswith("Rename it to '"):
            target = (*loc[:-1], fix[len("Rename it to '"):-2])
            if target in missing:
                renamed.add(target)
    for err, (message, fix) in described:
        if err["type"] == "missing" and tuple(err["loc"]) in renamed:
            continue
        path = data_path(doc.data, err["loc"])
        out.append((err, doc.finding(code, path, question_id=question_id_at(doc.data, path),
                                     message=message, fix=fix)))
    return out


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
        pairs = model_errors(e, doc, model, code)
        return Loaded(doc.file, doc=doc, findings=[f for _, f in pairs],
                      errors=[err for err, _ in pairs])
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
