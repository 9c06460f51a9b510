"""Guarded YAML reading: ruamel's C parser's events, built into plain values with positions.

YAML files reaching tipq come from outside (hand-edited responses, e-mailed files), so
reading is defensive. :func:`load_yaml` refuses, each with a finding that says where:

- files that are not regular files (directories, FIFOs, symlink loops), too large, binary,
  UTF-16/32, or not valid UTF-8 (given as line and column, not a byte offset);
- YAML syntax errors, more than one document, a top level that is not a mapping;
- nesting deeper than ``max_depth`` (checked as the events arrive, so a 10,000-deep file
  costs microseconds, not a RecursionError);
- anchors and aliases (so an "alias bomb" can never expand), any tag beyond the plain
  YAML 1.2 core ones, complex keys, and duplicate keys at any level;
- more than ``max_nodes`` values (a "wide bomb": 8 MiB of ``[1,1,1,...]`` is four million
  values, which would cost seconds and a gigabyte; real files hold a few thousand).

How it reads: the C parser of ``ruamel.yaml.clib`` turns the text into a stream of events;
a small iterative constructor here builds plain ``dict``/``list``/``str``/``int``/``float``/
``bool``/``None`` values with YAML 1.2 core-schema rules (so ``no`` stays the text "no"),
checking every guard on the way, and, when asked, records the 1-based line and column of
every value so that a model error can point at the line a person has to fix. With the C
parser absent, ruamel's pure-Python parser gives the same events, slower.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from tipq.core.errors import FindingError
from tipq.core.findings import Finding
from tipq.io.files import DEFAULT_LIMITS, Limits, decode_text, fail, read_bytes

try:  # the C parser, installed by the ruamel.yaml[oldlibyaml] extra
    from _ruamel_yaml import CParser as _CParser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the platform's wheels
    try:
        from ruamel.yaml.clib._ruamel_yaml import CParser as _CParser  # type: ignore
    except ImportError:
        _CParser = None

Path_ = tuple[Any, ...]
Position = tuple[int, int]

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null")} | {"!"}
_MAP_TAGS = {None, "!", f"{_STD}map"}
_SEQ_TAGS = {None, "!", f"{_STD}seq"}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_MAYBE_NOT_STR = frozenset("~nNtTfF-+.0123456789")


@dataclass
class YamlDocument:
    """A loaded YAML mapping, with where each value was written (when recorded)."""

    data: dict[str, Any]
    file: str
    text: str
    positions: dict[Path_, Position] | None = field(default=None, repr=False)
    #: Plain (unquoted) text that YAML 1.1 readers such as PyYAML would read as something
    #: else (``yes`` as true, ``2018-07-03`` as a date): text -> where it was written.
    yaml11_plain: dict[str, list[Position]] = field(default_factory=dict, repr=False)

    def locate(self, loc: Sequence[Any]) -> Position | None:
        """Line and column (1-based) of the value at ``loc``, or of its nearest parent.

        For a mapping entry the position is that of its key (the line where ``key:`` is
        written); for a list item, where the item starts.
        """
        if self.positions is None:
            self.positions = parse_yaml(self.text, file=self.file, positions=True).positions
        assert self.positions is not None
        path = tuple(loc)
        while path:
            pos = self.positions.get(path)
            if pos is not None:
                return pos
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def finding(self, code: str, loc: Sequence[Any] = (), *, question_id: str | None = None,
                **params: Any) -> Finding:
        pos = self.locate(loc)
        line, col = pos if pos else (None, None)
        return Finding(code, params, file=self.file, line=line, col=col,
                       question_id=question_id)



# --- parsing --------------------------------------------------------------------------


def _event_source(text: str) -> tuple[Callable[[], Any], Callable[[], None]]:
    """``(next_event, close)`` over the events of ``text``: the C parser's own method when
    it is installed (no generator in between: this loop is most of validate's time)."""
    if _CParser is not None:
        parser = _CParser(text)
        return parser.get_event, parser.dispose
    from ruamel.yaml import YAML  # pragma: no cover - exercised only without the C extension

    events = iter(YAML(typ="safe", pure=True).parse(io.StringIO(text)))  # pragma: no cover
    return events.__next__, lambda: None  # pragma: no cover


_SCALAR, _MAP_START, _SEQ_START = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
_MAP_END, _SEQ_END, _ALIAS = ev.MappingEndEvent, ev.SequenceEndEvent, ev.AliasEvent
_DOC_START, _STREAM_END = ev.DocumentStartEvent, ev.StreamEndEvent


def c_parser_available() -> bool:
    return _CParser is not None


def _resolve_plain(value: str) -> Any:
    if not value:  # an empty plain scalar (``key:``) is null, as in YAML 1.2's core schema
        return None
    if value[0] not in _MAYBE_NOT_STR:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    try:
        if _INT.match(value):
            return int(value, 10)
        if _INT_OCT.match(value):
            return int(value[2:], 8)
        if _INT_HEX.match(value):
            return int(value[2:], 16)
    except ValueError:  # more digits than Python converts; keep the text
        return value
    if _FLOAT.match(value) or _INF.match(value) or _NAN.match(value):
        number = float(value.replace(".inf", "inf").replace(".Inf", "inf")
                       .replace(".INF", "inf").replace(".nan", "nan").replace(".NaN", "nan")
                       .replace(".NAN", "nan"))
        return number if math.isfinite(number) else WrittenFloat(number, value)
    return value


class WrittenFloat(float):
    """A number that is not finite (``1e400``, ``.inf``), with the text it was written as,
    so that a finding quotes the file rather than Python's ``inf``."""

    written: str

    def __new__(cls, number: float, written: str) -> WrittenFloat:
        self = super().__new__(cls, number)
        self.written = written
        return self


_TAG_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int, "float": (int, float), "bool": bool, "null": type(None)}


def _scalar(event: Any, file: str) -> Any:
    tag = event.tag
    plain = not event.style  # None (PyYAML) or "" (ruamel.yaml.clib) for plain scalars
    if tag is None:
        return _resolve_plain(event.value) if plain else event.value
    if tag not in _SCALAR_TAGS:
        m = event.start_mark
        raise fail("Y009", file, m.line + 1, m.column + 1, tag=tag.replace(_STD, "!!"))
    if tag in ("!", f"{_STD}str"):
        return event.value
    value: Any = _resolve_plain(event.value)
    wanted: type | tuple[type, ...] = _TAG_TYPES[tag[len(_STD):]]
    if not isinstance(value, wanted) or (tag.endswith("int") and isinstance(value, bool)):
        m = event.start_mark
        raise fail("Y009", file, m.line + 1, m.column + 1,
                    tag=f"{tag.replace(_STD, '!!')} on the value '{event.value}'")
    return float(cast(float, value)) if tag.endswith("float") else value


_KIND = {dict: "a mapping", list: "a list", str: "a text", int: "a number", float: "a number",
         bool: "a true/false value", type(None): "nothing (an empty document)"}


def parse_yaml(text: str, *, file: str = "<input>", positions: bool = True,
               limits: Limits = DEFAULT_LIMITS, require_mapping: bool = True,
               allow_duplicates: bool = False) -> YamlDocument:
    """Parse YAML text into plain Python values, refusing hostile constructs.

    Raises :class:`~tipq.core.errors.FindingError` with a ``Y0xx`` finding on the first problem.
    With ``positions`` the document records where every value was written.
    ``allow_duplicates`` (only to describe a file already refused for a duplicate key, Y010):
    the last of two equal keys wins.
    """
    # This loop is most of validate's time: one pass over the events, the open container's
    # state in locals (its parents' saved on ``stack``), no call per value but the
    # resolution of plain scalars that may not be text, and no mark read unless needed.
    pos: dict[Path_, Position] | None = {} if positions else None
    # A saved frame: (container, is_mapping, path, pending key or _NO_KEY, {key: key mark},
    #                 key mark, where: the container's path, kept even without positions)
    stack: list[tuple[Any, ...]] = []
    container: Any = None  # the open container (None: at the top level)
    is_map = False
    path: Path_ = ()  # the open container's path (kept only with positions)
    key: Any = _NO_KEY
    seen: dict[Any, Any] = {}
    key_mark: Any = None
    where: Path_ = ()
    depth = 0
    root: Any = _NO_VALUE
    documents = 0
    yaml11_plain: dict[str, list[Position]] = {}
    max_depth = limits.max_depth
    nodes_left = limits.max_nodes
    check_duplicates = not allow_duplicates
    maybe_not_str, yaml11_first = _MAYBE_NOT_STR, _YAML11_FIRST
    word_first, core_words, yaml11_words = _WORD_FIRST, _CORE_WORDS, _YAML11_WORDS
    yaml11_match = _YAML11_NOT_STR.match
    resolve = _resolve_plain
    no_key = _NO_KEY

    next_event, close = _event_source(text)
    try:
        while True:
            event = next_event()
            cls = event.__class__
            if cls is _SCALAR:
                nodes_left -= 1
                if nodes_left < 0:
                    raise _too_many(event, file, limits)
                if event.anchor:
                    m = event.start_mark
                    raise fail("Y008", file, m.line + 1, m.column + 1, what="anchors")
                value: Any = event.value
                if event.ctag is not None:  # ``tag`` is str(ctag), or None when ctag is
                    value = _scalar(event, file)
                elif not event.style:  # plain: None (PyYAML) or "" (ruamel.yaml.clib)
                    if not value:  # an empty plain scalar (``key:``) is null
                        value = None
                    else:
                        first = value[0]
                        if first in word_first and value[-1] != "\n":
                            # a letter: only whole words are other than text (null, true,
                            # ...), or read otherwise by YAML 1.1 (yes, on, ...)
                            if value in core_words:
                                value = core_words[value]
                            elif value in yaml11_words:
                                m = event.start_mark
                                yaml11_plain.setdefault(value, []).append((m.line + 1,
                                                                           m.column + 1))
                        elif first in maybe_not_str or first in yaml11_first:
                            if first in maybe_not_str:
                                value = resolve(value)
                            if (first in yaml11_first and type(value) is str
                                    and yaml11_match(value)):
                                m = event.start_mark
                                yaml11_plain.setdefault(value, []).append((m.line + 1,
                                                                           m.column + 1))
                if is_map:
                    if key is no_key:  # this value is a key
                        if check_duplicates and value in seen:
                            m = event.start_mark
                            raise fail("Y010", file, m.line + 1, m.column + 1, key=value,
                                       first_line=seen[value].line + 1, where="",
                                       path=(*where, value))
                        key = value
                        key_mark = seen[value] = event.start_mark
                        continue
                    container[key] = value
                    if pos is not None:
                        pos[(*path, key)] = (key_mark.line + 1, key_mark.column + 1)
                    key = no_key
                elif container is not None:
                    container.append(value)
                    if pos is not None:
                        m = event.start_mark
                        pos[(*path, len(container) - 1)] = (m.line + 1, m.column + 1)
                else:
                    root = value
                    if pos is not None:
                        m = event.start_mark
                        pos[()] = (m.line + 1, m.column + 1)
            elif cls is _MAP_END or cls is _SEQ_END:
                depth -= 1
                container, is_map, path, key, seen, key_mark, where = stack.pop()
            elif cls is _MAP_START or cls is _SEQ_START:
                m = event.start_mark
                nodes_left -= 1
                if nodes_left < 0:
                    raise _too_many(event, file, limits)
                if event.anchor:
                    raise fail("Y008", file, m.line + 1, m.column + 1, what="anchors")
                new_is_map = cls is _MAP_START
                if event.tag not in (_MAP_TAGS if new_is_map else _SEQ_TAGS):
                    raise fail("Y009", file, m.line + 1, m.column + 1,
                                tag=str(event.tag).replace(_STD, "!!"))
                if depth >= max_depth:
                    raise fail("Y007", file, m.line + 1, m.column + 1, limit=max_depth)
                new: Any = {} if new_is_map else []
                new_path: Path_ = ()
                if is_map:
                    if key is no_key:  # this value is a key
                        raise fail("Y013", file, m.line + 1, m.column + 1,
                                   kind=_KIND[type(new)])
                    new_where: Path_ = (*where, key)
                    container[key] = new
                    if pos is not None:
                        new_path = (*path, key)
                        pos[new_path] = (key_mark.line + 1, key_mark.column + 1)
                    stack.append((container, is_map, path, no_key, seen, key_mark, where))
                elif container is not None:
                    new_where = (*where, len(container))
                    container.append(new)
                    if pos is not None:
                        new_path = (*path, len(container) - 1)
                        pos[new_path] = (m.line + 1, m.column + 1)
                    stack.append((container, is_map, path, key, seen, key_mark, where))
                else:
                    root = new
                    new_where = ()
                    if pos is not None:
                        pos[()] = (m.line + 1, m.column + 1)
                    stack.append((None, False, (), no_key, {}, None, ()))
                depth += 1
                container, is_map, path, key, seen, key_mark, where = (
                    new, new_is_map, new_path, no_key, {}, None, new_where)
            elif cls is _STREAM_END:
                break
            elif cls is _ALIAS:
                m = event.start_mark
                raise fail("Y008", file, m.line + 1, m.column + 1, what="aliases")
            elif cls is _DOC_START:
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    raise fail("Y011", file, m.line + 1, m.column + 1,
                                problem="the file holds more than one YAML document")
    except YAMLError as e:
        raise _syntax_error(e, file, text) from e
    except RecursionError as e:  # pragma: no cover - the depth guard comes first
        raise fail("Y007", file, limit=max_depth) from e
    finally:
        close()

    if root is _NO_VALUE:
        raise fail("Y011", file, 1, 1, problem="the file is empty")
    if require_mapping and not isinstance(root, dict):
        raise fail("Y012", file, 1, 1, kind=_KIND.get(type(root), "a value"))
    return YamlDocument(data=root, file=file, text=text, positions=pos, yaml11_plain=yaml11_plain)


def _too_many(event: Any, file: str, limits: Limits) -> FindingError:
    m = event.start_mark
    return fail("Y014", file, m.line + 1, m.column + 1, limit=limits.max_nodes)


class _Sentinel:
    pass


_NO_KEY = _Sentinel()
_NO_VALUE = _Sentinel()


_SYNTAX_FIX = ("Fix the YAML at this line; check the indentation and the quotes around text "
               "containing ': ' or '#'.")


def _syntax_error(e: YAMLError, file: str, text: str = "") -> FindingError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or getattr(e, "reason", None) or str(e).strip()
    context = getattr(e, "context", None)
    if isinstance(e, MarkedYAMLError) and context and problem:
        problem = f"{problem} ({context})"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    fix = _SYNTAX_FIX
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        # The C parser says "found character that cannot start any token" without naming it.
        problem = "a tab character here: YAML does not allow tabs for indentation"
        fix = "Indent with spaces (two per level) instead of tabs."
    return fail("Y006", file, line, col, problem=str(problem).strip().rstrip("."), fix=fix)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def load_yaml(path: str | os.PathLike[str], *, positions: bool = True,
              limits: Limits = DEFAULT_LIMITS, display: str | None = None) -> YamlDocument:
    """Read and parse one YAML file with every guard of this module."""
    name = display or os.fspath(path)
    text = decode_text(read_bytes(path, limits=limits, display=name), name)
    return parse_yaml(text, file=name, positions=positions, limits=limits)



# --- writing values that YAML 1.1 tools read the same ----------------------------------

# Plain scalars that a YAML 1.1 reader (PyYAML) resolves to something other than text:
# booleans (yes/no/on/off/y/n...), null, ints (incl. 0b, 0x, old octal, 1_000, 1:20),
# floats (incl. sexagesimal, .inf, .nan), timestamps, and the merge / value keys.
_YAML11_NOT_STR = re.compile(
    r"""^(?:
      y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    | ~|null|Null|NULL
    | [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
    | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    | [-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    | [0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
      (?:(?:[Tt]|[\ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
         (?:[\ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?
    | <<|=
    )$""",
    re.VERBOSE,
)
_YAML11_FIRST = frozenset("yYnNtTfFoO~0123456789+-.<=")
# A plain scalar starting with one of these letters is other than text, in YAML 1.2's core
# schema, only when it is one of _CORE_WORDS (no number or date starts with a letter), and
# read otherwise by YAML 1.1 only when it is one of _YAML11_WORDS (the letter-first
# alternatives of _YAML11_NOT_STR): the loader's quick way for keys such as 'title'.
_WORD_FIRST = frozenset("nNtTfFyYoO")
_CORE_WORDS: dict[str, Any] = {"null": None, "Null": None, "NULL": None, **_BOOL}
_YAML11_WORDS = frozenset([
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"])
# Text starting with one of these is quoted whatever follows ("2018-07-03T18:00", "1st"):
