"""The guarded loader's event loop as it was before its rewrite for speed (issue 10),
kept verbatim as the reference that ``tests/test_yaml_differential.py`` holds the fast loop
to: same data, positions, YAML 1.1 look-alikes, or the same finding."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.error import YAMLError

from tipq.io.files import DEFAULT_LIMITS, Limits, fail
from tipq.io.yaml_load import (
    _ALIAS,
    _DOC_START,
    _KIND,
    _MAP_END,
    _MAP_START,
    _MAP_TAGS,
    _NO_KEY,
    _NO_VALUE,
    _SCALAR,
    _SEQ_END,
    _SEQ_START,
    _SEQ_TAGS,
    _STD,
    _STREAM_END,
    _YAML11_FIRST,
    _YAML11_NOT_STR,
    Path_,
    Position,
    YamlDocument,
    _event_source,
    _scalar,
    _syntax_error,
    _too_many,
)


def reference_parse_yaml(text: str, *, file: str = "<input>", positions: bool = True,
               limits: Limits = DEFAULT_LIMITS, require_mapping: bool = True,
               allow_duplicates: bool = False) -> YamlDocument:
    """Parse YAML text into plain Python values, refusing hostile constructs.

    Raises :class:`~tipq.core.errors.FindingError` with a ``Y0xx`` finding on the first problem.
    With ``positions`` the document records where every value was written.
    ``allow_duplicates`` (only to describe a file already refused for a duplicate key, Y010):
    the last of two equal keys wins.
    """
    pos: dict[Path_, Position] | None = {} if positions else None
    # A frame: [container, is_mapping, path, pending key or _NO_KEY, {key: line}, key mark,
    #           where (the container's path, kept even without positions)]
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
                    raise fail("Y013", file, mark.line + 1, mark.column + 1,
                                kind=_KIND[type(value)])
                seen = frame[4]
                if value in seen and not allow_duplicates:
                    raise fail("Y010", file, mark.line + 1, mark.column + 1, key=value,
                                first_line=seen[value], where="", path=(*frame[6], value))
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
                    raise fail("Y008", file, m.line + 1, m.column + 1, what="anchors")
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
                    raise fail("Y008", file, m.line + 1, m.column + 1, what="anchors")
                is_map = cls is _MAP_START
                if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                    raise fail("Y009", file, m.line + 1, m.column + 1,
                                tag=str(event.tag).replace(_STD, "!!"))
                if len(stack) >= max_depth:
                    raise fail("Y007", file, m.line + 1, m.column + 1, limit=max_depth)
                container: Any = {} if is_map else []
                if stack:  # where this container sits, for findings without positions
                    up = stack[-1]
                    where: Path_ = (*up[6], up[3] if up[1] else len(up[0]))
                else:
                    where = ()
                path = add(container, m)
                stack.append([container, is_map, path, _NO_KEY, {}, None, where])
            elif cls is _MAP_END or cls is _SEQ_END:
                stack.pop()
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
