"""Guarded YAML reading and safe writing: the only module that touches ruamel.yaml.

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

import contextlib
import glob
import io
import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from tipq.errors import FindingError, TipqError, UserError
from tipq.findings import Finding

try:  # the C parser, installed by the ruamel.yaml[oldlibyaml] extra
    from _ruamel_yaml import CParser as _CParser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the platform's wheels
    try:
        from ruamel.yaml.clib._ruamel_yaml import CParser as _CParser  # type: ignore
    except ImportError:
        _CParser = None

Path_ = tuple[Any, ...]
Position = tuple[int, int]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48
MAX_NODES = 100_000

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


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES


DEFAULT_LIMITS = Limits()


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


# --- reading bytes and text ------------------------------------------------------------


def _fail(code: str, file: str, line: int | None = None, col: int | None = None,
          **params: Any) -> FindingError:
    return FindingError(Finding(code, params, file=file, line=line, col=col))


def read_bytes(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS,
               display: str | None = None) -> bytes:
    """Read a regular file of at most ``limits.max_bytes`` bytes, or raise a Y0xx finding."""
    name = display or os.fspath(path)
    try:
        st = os.stat(path)
    except OSError as e:
        raise _fail("Y001", name, reason=_os_reason(e)) from e
    if stat.S_ISDIR(st.st_mode):
        raise _fail("Y001", name, reason="it is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise _fail("Y001", name, reason="it is not a regular file (a FIFO, socket or device)")
    if st.st_size > limits.max_bytes:
        raise _fail("Y002", name, size=st.st_size, limit=limits.max_bytes)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as e:
        raise _fail("Y001", name, reason=_os_reason(e)) from e
    if len(data) > limits.max_bytes:  # grew while we looked
        raise _fail("Y002", name, size=len(data), limit=limits.max_bytes)
    return data


def _os_reason(e: OSError) -> str:
    return e.strerror.lower() if e.strerror else type(e).__name__


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with BOM)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with BOM)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with BOM)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with BOM)"),
)


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 (a BOM is accepted and dropped) to text; anything else is a finding."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise _fail("Y004", file, 1, 1, encoding=name)
    if b"\x00" in data:
        head = data[:512]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if len(head) >= 4 and odd > len(head) // 4 and even == 0:
            raise _fail("Y004", file, 1, 1, encoding="UTF-16 (little-endian, no BOM)")
        if len(head) >= 4 and even > len(head) // 4 and odd == 0:
            raise _fail("Y004", file, 1, 1, encoding="UTF-16 (big-endian, no BOM)")
        line, col = _line_col_of_byte(data, data.index(b"\x00"))
        raise _fail("Y005", file, line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col_of_byte(data, e.start)
        raise _fail("Y003", file, line, col, byte=f"{data[e.start]:02x}") from e
    return text[1:] if text.startswith("\ufeff") else text


def _line_col_of_byte(data: bytes, offset: int) -> Position:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


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
    if not value or value[0] not in _MAYBE_NOT_STR:
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
        return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return value


_TAG_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int, "float": (int, float), "bool": bool, "null": type(None)}


def _scalar(event: Any, file: str) -> Any:
    tag = event.tag
    plain = not event.style  # None (PyYAML) or "" (ruamel.yaml.clib) for plain scalars
    if tag is None:
        return _resolve_plain(event.value) if plain else event.value
    if tag not in _SCALAR_TAGS:
        m = event.start_mark
        raise _fail("Y009", file, m.line + 1, m.column + 1, tag=tag.replace(_STD, "!!"))
    if tag in ("!", f"{_STD}str"):
        return event.value
    value: Any = _resolve_plain(event.value)
    wanted: type | tuple[type, ...] = _TAG_TYPES[tag[len(_STD):]]
    if not isinstance(value, wanted) or (tag.endswith("int") and isinstance(value, bool)):
        m = event.start_mark
        raise _fail("Y009", file, m.line + 1, m.column + 1,
                    tag=f"{tag.replace(_STD, '!!')} on the value '{event.value}'")
    return float(cast(float, value)) if tag.endswith("float") else value


_KIND = {dict: "a mapping", list: "a list", str: "a text", int: "a number", float: "a number",
         bool: "a true/false value", type(None): "nothing (an empty document)"}


def parse_yaml(text: str, *, file: str = "<input>", positions: bool = True,
               limits: Limits = DEFAULT_LIMITS, require_mapping: bool = True) -> YamlDocument:
    """Parse YAML text into plain Python values, refusing hostile constructs.

    Raises :class:`~tipq.errors.FindingError` with a ``Y0xx`` finding on the first problem.
    With ``positions`` the document records where every value was written.
    """
    pos: dict[Path_, Position] | None = {} if positions else None
    # A frame: [container, is_mapping, path, pending key or _NO_KEY, {key: line}]
    stack: list[list[Any]] = []
    root: Any = _NO_VALUE
    documents = 0
    yaml11_plain: dict[str, list[Position]] = {}
    max_depth = limits.max_depth
    nodes_left = limits.max_nodes

    def add(value: Any, mark: Any) -> Path_ | None:
        nonlocal root
        if not stack:
            root = value
            if pos is not None:
                pos[()] = (mark.line + 1, mark.column + 1)
            return ()
        frame = stack[-1]
        container = frame[0]
        if frame[1]:
            key = frame[3]
            if key is _NO_KEY:  # this value is a key
                if isinstance(value, (dict, list)):
                    raise _fail("Y013", file, mark.line + 1, mark.column + 1,
                                kind=_KIND[type(value)])
                seen = frame[4]
                if value in seen:
                    raise _fail("Y010", file, mark.line + 1, mark.column + 1, key=value,
                                first_line=seen[value])
                seen[value] = mark.line + 1
                frame[3] = value
                frame[5] = mark
                return None
            container[key] = value
            frame[3] = _NO_KEY
            if pos is not None:
                path = (*frame[2], key)
                km = frame[5]
                pos[path] = (km.line + 1, km.column + 1)
                return path
            return None
        container.append(value)
        if pos is not None:
            path = (*frame[2], len(container) - 1)
            pos[path] = (mark.line + 1, mark.column + 1)
            return path
        return None

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
                    raise _fail("Y008", file, m.line + 1, m.column + 1, what="anchors")
                value = _scalar(event, file)
                if (type(value) is str and not event.style and event.tag is None
                        and value[:1] in _YAML11_FIRST and _YAML11_NOT_STR.match(value)):
                    m = event.start_mark
                    yaml11_plain.setdefault(value, []).append((m.line + 1, m.column + 1))
                add(value, event.start_mark)
            elif cls is _MAP_START or cls is _SEQ_START:
                m = event.start_mark
                nodes_left -= 1
                if nodes_left < 0:
                    raise _too_many(event, file, limits)
                if event.anchor:
                    raise _fail("Y008", file, m.line + 1, m.column + 1, what="anchors")
                is_map = cls is _MAP_START
                if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                    raise _fail("Y009", file, m.line + 1, m.column + 1,
                                tag=str(event.tag).replace(_STD, "!!"))
                if len(stack) >= max_depth:
                    raise _fail("Y007", file, m.line + 1, m.column + 1, limit=max_depth)
                container: Any = {} if is_map else []
                path = add(container, m)
                stack.append([container, is_map, path, _NO_KEY, {}, None])
            elif cls is _MAP_END or cls is _SEQ_END:
                stack.pop()
            elif cls is _STREAM_END:
                break
            elif cls is _ALIAS:
                m = event.start_mark
                raise _fail("Y008", file, m.line + 1, m.column + 1, what="aliases")
            elif cls is _DOC_START:
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    raise _fail("Y011", file, m.line + 1, m.column + 1,
                                problem="the file holds more than one YAML document")
    except YAMLError as e:
        raise _syntax_error(e, file) from e
    except RecursionError as e:  # pragma: no cover - the depth guard comes first
        raise _fail("Y007", file, limit=max_depth) from e
    finally:
        close()

    if root is _NO_VALUE:
        raise _fail("Y011", file, 1, 1, problem="the file is empty")
    if require_mapping and not isinstance(root, dict):
        raise _fail("Y012", file, 1, 1, kind=_KIND.get(type(root), "a value"))
    return YamlDocument(data=root, file=file, text=text, positions=pos, yaml11_plain=yaml11_plain)


def _too_many(event: Any, file: str, limits: Limits) -> FindingError:
    m = event.start_mark
    return _fail("Y014", file, m.line + 1, m.column + 1, limit=limits.max_nodes)


class _Sentinel:
    pass


_NO_KEY = _Sentinel()
_NO_VALUE = _Sentinel()


def _syntax_error(e: YAMLError, file: str) -> FindingError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or getattr(e, "reason", None) or str(e).strip()
    context = getattr(e, "context", None)
    if isinstance(e, MarkedYAMLError) and context and problem:
        problem = f"{problem} ({context})"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return _fail("Y006", file, line, col, problem=str(problem).strip().rstrip("."))


def load_yaml(path: str | os.PathLike[str], *, positions: bool = True,
              limits: Limits = DEFAULT_LIMITS, display: str | None = None) -> YamlDocument:
    """Read and parse one YAML file with every guard of this module."""
    name = display or os.fspath(path)
    text = decode_text(read_bytes(path, limits=limits, display=name), name)
    return parse_yaml(text, file=name, positions=positions, limits=limits)


# --- writing --------------------------------------------------------------------------


def _roundtrip() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    y.allow_unicode = True
    return y


def load_roundtrip(text: str) -> Any:
    """Round-trip load (comments kept) of text that :func:`parse_yaml` already accepted."""
    return _roundtrip().load(text)


def dump_roundtrip(data: Any) -> str:
    """Serialize with ruamel's round-trip dumper (keeps comments of loaded data)."""
    buf = io.StringIO()
    _roundtrip().dump(data, buf)
    return buf.getvalue()


def atomic_write_text(path: str | os.PathLike[str], text: str, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that readers see the old or the new file.

    Writes a temporary file beside the target, flushes it to disk, then ``os.replace``s it
    over the target: atomic on POSIX and on Windows (NTFS). On POSIX the directory is
    synced too, so the rename itself survives a power cut.
    """
    target = resolve_write_target(Path(path))
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if mode is not None:
            os.chmod(tmp, mode)  # mkstemp makes 0600; keep the file's mode, or the default
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        _replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if fsync and os.name == "posix":
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def resolve_write_target(path: Path) -> Path:
    """The file to replace: through a symbolic link, the file it points to.

    Replacing the link itself would fork the file: the linked one (in a synced or shared
    folder, say) would silently never see the new text.
    """
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # a link to a file not written yet: write it there
        return Path(os.path.realpath(path))
    except OSError as e:  # a symlink loop
        raise UserError(f"cannot write {path}: {_os_reason(e)}. Give the path of a regular "
                        "file.") from e


def remove_leftover_temps(path: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files an interrupted :func:`atomic_write_text` left beside
    ``path`` (a process killed between writing and replacing). Call it only while holding
    the file's lock, when no other writer can be midway. Returns what was removed."""
    target = resolve_write_target(Path(path))
    removed = []
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _mode_for(target: Path) -> int | None:
    """The permission bits the new file should have: the old file's, else the umask's."""
    if os.name != "posix":
        return None
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _replace(src: str, dst: Path) -> None:
    # On Windows a reader (an editor, a virus scanner) may hold the target open for a
    # moment; os.replace then fails with PermissionError. Retry briefly before giving up.
    import time

    for attempt in range(20):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 19:
                raise
            time.sleep(0.05)


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
# Text starting with one of these is quoted whatever follows ("2018-07-03T18:00", "1st"):
# cheaper and surer than knowing every reader's number and date forms.
_QUOTE_FIRST = frozenset("0123456789+-.~")
_UNUSUAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Characters a literal block may hold (YAML's printable set, without CR).
_LITERAL_OK = re.compile("^[\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def yaml11_safe(value: Any) -> Any:
    """``value`` prepared for the round-trip dumper so that YAML 1.1 and 1.2 read it alike.

    Text a YAML 1.1 tool would misread (``no``, ``on``, ``2018-07-03``, ``1:20``, ``0777``...)
    is single-quoted; multi-line text becomes a literal block (``|``) where YAML allows one.
    Mappings and lists are converted recursively; other values are returned as they are.
    """
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, str):
        if _UNUSUAL.search(value):  # line breaks YAML knows but readers fold, BOM, controls
            return DoubleQuotedScalarString(value)
        if "\n" in value.rstrip("\n"):
            if (_LITERAL_OK.match(value) and not value.endswith("\n\n")
                    and not value.startswith((" ", "\n"))):
                return LiteralScalarString(value)
            return value  # the dumper picks a double-quoted form with escapes
        if value[:1] in _QUOTE_FIRST or _YAML11_NOT_STR.match(value):
            return SingleQuotedScalarString(value)
        return value
    if isinstance(value, dict):
        return {yaml11_safe(k): yaml11_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [yaml11_safe(v) for v in value]
    return value


_fragment_yaml: Any = None
_SIMPLE_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
_SIMPLE_VALUE = re.compile(r"^[A-Za-z0-9:.+-]+$")


def dump_fragment(mapping: dict[str, Any], indent: int = 0) -> str:
    """Block-style YAML for ``mapping`` (made :func:`yaml11_safe`), indented by ``indent``."""
    global _fragment_yaml
    if len(mapping) == 1:  # a timestamp or a code: no need for the dumper
        (key, value), = mapping.items()
        if (isinstance(key, str) and _SIMPLE_KEY.match(key) and isinstance(value, str)
                and _SIMPLE_VALUE.match(value)):
            return _indent(f"{key}: '{value}'\n", indent)
    if _fragment_yaml is None:
        _fragment_yaml = _roundtrip()
    buf = io.StringIO()
    _fragment_yaml.dump(yaml11_safe(mapping), buf)
    return _indent(buf.getvalue(), indent)


def _indent(text: str, n: int) -> str:
    if n == 0:
        return text
    pad = " " * n
    return "".join(pad + line if line.strip("\n") else line
                   for line in text.splitlines(keepends=True))


# --- a document held as pieces, so one entry is rewritten at a time ---------------------


class NotSegmentableError(TipqError):
    """The text is not laid out one block-style entry per line range (e.g. flow style)."""


@dataclass
class _Piece:
    key: str
    body: str  # from the key's line to its last line of content
    tail: str  # blank lines and comments after it (kept verbatim)
    indent: int

    @property
    def text(self) -> str:
        return self.body + self.tail


_DOC_MARKERS = ("---", "...")


def _split_tail(lines: list[str], indent: int) -> tuple[str, str]:
    """Trailing blank lines, comments at the entry's indentation or less, document markers."""
    cut = len(lines)
    while cut > 1:
        line = lines[cut - 1]
        stripped = line.strip()
        lead = len(line) - len(line.lstrip(" "))
        if not stripped or stripped in _DOC_MARKERS or (stripped.startswith("#") and lead <= indent):
            cut -= 1
            continue
        break
    return "".join(lines[:cut]), "".join(lines[cut:])


class SegmentedYaml:
    """A YAML mapping as text pieces: one per top-level key, and one per entry of ``nested``.

    Setting a value re-emits only that piece (through the round-trip dumper, so comments
    inside it survive), and :meth:`text` joins the pieces: everything else, including
    comments a person typed between sittings, stays byte for byte. Cost: one small dump,
    instead of a round trip of the whole document.
    """

    def __init__(self, preamble: str, top: list[_Piece], nested_key: str,
                 nested: list[_Piece]) -> None:
        self.preamble = preamble
        self.top = top
        self.nested_key = nested_key
        self.nested = nested
        #: pieces written since :meth:`take_changed`, as (nested?, piece), to verify them
        self.changed: list[tuple[bool, _Piece]] = []

    @classmethod
    def parse(cls, text: str, nested_key: str, *, file: str = "<input>") -> SegmentedYaml:
        """Split ``text`` (already accepted by :func:`parse_yaml`) into pieces."""
        doc = parse_yaml(text, file=file, positions=True)
        pos = doc.positions or {}
        if not text.endswith("\n"):
            text += "\n"
        lines = text.splitlines(keepends=True)
        top_lines: list[int] = []
        for key in doc.data:
            line, col = pos[(key,)]
            if col != 1 or not isinstance(key, str) or (top_lines and line <= top_lines[-1]):
                raise NotSegmentableError(f"top-level key {key!r} is not on its own line")
            top_lines.append(line)
        if not top_lines:
            raise NotSegmentableError("empty mapping")
        bounds = [*top_lines, len(lines) + 1]
        top: list[_Piece] = []
        nested: list[_Piece] = []
        for i, key in enumerate(doc.data):
            chunk = lines[bounds[i] - 1:bounds[i + 1] - 1]
            if key == nested_key and isinstance(doc.data[key], dict) and doc.data[key]:
                inner = [pos[(key, k)] for k in doc.data[key]]
                col = inner[0][1]
                starts = [ln for ln, c in inner]
                if (any(c != col for _, c in inner) or col == 1 or starts[0] <= bounds[i]
                        or starts != sorted(set(starts))):
                    raise NotSegmentableError(f"the entries of {key!r} are not one per line")
                head = chunk[:starts[0] - bounds[i]]
                ends = [*starts, bounds[i + 1]]
                for j, k in enumerate(doc.data[key]):
                    sub = lines[ends[j] - 1:ends[j + 1] - 1]
                    body, tail = _split_tail(sub, col - 1)
                    _check_indent(body, col - 1)
                    nested.append(_Piece(str(k), body, tail, col - 1))
                # comments between 'answers:' and its first entry stay there: what follows
                # the last entry is that entry's tail
                top.append(_Piece(key, "".join(head), "", 0))
                continue
            body, tail = _split_tail(chunk, 0)
            top.append(_Piece(key, body, tail, 0))
        preamble = "".join(lines[:top_lines[0] - 1])
        return cls(preamble, top, nested_key, nested)

    def text(self) -> str:
        out = [self.preamble]
        for piece in self.top:
            out.append(piece.body)
            if piece.key == self.nested_key:
                out.extend(p.text for p in self.nested)
            out.append(piece.tail)
        return "".join(out)

    def _find(self, pieces: list[_Piece], key: str) -> int | None:
        for i, p in enumerate(pieces):
            if p.key == key:
                return i
        return None

    def set_top(self, key: str, value: Any) -> None:
        """Set a top-level key (added at the end, before ``nested_key``, when new)."""
        i = self._find(self.top, key)
        if i is None:
            piece = _Piece(key, dump_fragment({key: value}), "", 0)
            at = self._find(self.top, self.nested_key)
            self.top.insert(len(self.top) if at is None else at, piece)
        else:
            piece = self.top[i]
            piece.body = _reemit(piece, value)
        self.changed.append((False, piece))

    def delete_top(self, key: str) -> None:
        i = self._find(self.top, key)
        if i is not None and key != self.nested_key:
            piece = self.top.pop(i)
            if i > 0:  # its trailing comments and blank lines stay where they were
                self.top[i - 1].tail += piece.tail
            else:
                self.preamble += piece.tail

    def set_nested(self, key: str, value: Any, *, after: list[str] | None = None) -> None:
        """Set an entry of the nested mapping; a new entry goes after the last of ``after``
        that is present (else first), so entries can be kept in the questionnaire's order."""
        if self._find(self.top, self.nested_key) is None:
            self.top.append(_Piece(self.nested_key, f"{self.nested_key}:\n", "", 0))
        head = self.top[self._find(self.top, self.nested_key)]  # type: ignore[index]
        i = self._find(self.nested, key)
        if i is not None:
            self.nested[i].body = _reemit(self.nested[i], value)
            self.changed.append((True, self.nested[i]))
            return
        indent = self.nested[0].indent if self.nested else 2
        if not self.nested:
            head.body = f"{self.nested_key}:\n"  # was empty: 'answers: {}' or 'answers:'
        piece = _Piece(key, dump_fragment({key: value}, indent), "", indent)
        at = 0
        for k in after or []:
            j = self._find(self.nested, k)
            if j is not None:
                at = max(at, j + 1)
        if at:
            before = self.nested[at - 1]
            before.tail, piece.tail = _part_after(before.tail, before.indent)
        self.nested.insert(at, piece)
        self.changed.append((True, piece))

    def take_changed(self) -> list[tuple[bool, _Piece]]:
        out, self.changed = self.changed, []
        return out

    def nested_keys(self) -> list[str]:
        return [p.key for p in self.nested]


def _part_after(tail: str, indent: int) -> tuple[str, str]:
    """Split the tail of an entry for a new entry placed after it: (what stays with the
    entry, what goes after the new one).

    Comments at the entries' indentation (or deeper) stay with the entry above them. From the
    first comment written further left (``# NOTE`` at the end of the file, above the next
    top-level key) on, the lines belong to what follows: the new entry goes before them, so a
    comment block at the end of the file stays at the end. Blank lines that separate entries
    stay between entries (after the new one)."""
    lines = tail.splitlines(keepends=True)
    cut = next((i for i, line in enumerate(lines)
                if (line.strip().startswith("#") or line.strip() in _DOC_MARKERS)
                and len(line) - len(line.lstrip(" ")) < indent), len(lines))
    stays = lines[:cut]
    if not "".join(stays).strip():  # only blank lines: they separate, so they move
        stays = []
    return "".join(stays), "".join(lines[len(stays):])


def _check_indent(body: str, indent: int) -> None:
    for line in body.splitlines()[1:]:
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent \
                and not line.lstrip().startswith("#"):
            raise NotSegmentableError("an entry continues at a lower indentation")


def _reemit(piece: _Piece, value: Any) -> str:
    """The piece's body with ``value``: a fresh dump, or (when it may hold comments) a
    round trip of just this piece, so that comments inside it survive."""
    if "#" not in piece.body:
        return dump_fragment({piece.key: value}, piece.indent)
    pad = piece.indent
    dedented = "".join(
        line[pad:] if line[:pad].strip() == "" else line.lstrip(" ")
        for line in piece.body.splitlines(keepends=True)
    )
    y = _roundtrip()
    data = y.load(dedented)
    _merge(data, piece.key, value)
    buf = io.StringIO()
    y.dump(data, buf)
    return _indent(buf.getvalue(), pad)


def _merge(container: Any, key: Any, new: Any) -> None:
    """Put ``new`` at ``container[key]``, updating mappings in place (their comments stay)."""
    old = container.get(key) if isinstance(container, dict) else None
    if isinstance(old, dict) and isinstance(new, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            _merge(old, k, v)
        return
    if old == new and type(old) is type(new):
        return  # unchanged: keep its quoting and style
    container[key] = yaml11_safe(new)
