"""A YAML document held as text pieces, so that one entry is rewritten at a time."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tipq.core.errors import TipqError
from tipq.io.yaml_emit import _indent, _roundtrip, dump_fragment, merge_into
from tipq.io.yaml_load import parse_yaml


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
        comment = stripped.startswith("#") and lead <= indent
        if not stripped or stripped in _DOC_MARKERS or comment:
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

    def delete_nested(self, key: str) -> None:
        """Remove an entry of the nested mapping; comments after it stay where they were."""
        i = self._find(self.nested, key)
        if i is None:
            return
        piece = self.nested.pop(i)
        if i > 0:
            self.nested[i - 1].tail += piece.tail
        else:
            at = self._find(self.top, self.nested_key)
            assert at is not None
            head = self.top[at]
            if not self.nested:  # the last entry: an empty mapping, not null
                head.body = f"{self.nested_key}: {{}}\n" + _comments_only(head.body)
                head.tail = piece.tail + head.tail
            else:
                head.body += piece.tail
        self.changed = [(n, p) for n, p in self.changed if p is not piece]

    def edit(self, nested: bool, key: str, change: Callable[[Any], None]) -> None:
        """Apply ``change`` to the round-trip data of one piece (``{key: value}``, comments
        kept) and re-emit it: deletions and renames below the piece's own key."""
        pieces = self.nested if nested else self.top
        i = self._find(pieces, key)
        if i is None:
            raise KeyError(key)
        piece = pieces[i]
        piece.body = _edit(piece, change)
        self.changed.append((nested, piece))

    def rename(self, nested: bool, key: str, new_key: str) -> None:
        """Rename a top-level key or an entry of the nested mapping, in place, with its
        comments."""
        pieces = self.nested if nested else self.top
        i = self._find(pieces, key)
        if i is None:
            raise KeyError(key)
        piece = pieces[i]
        piece.body = _edit(piece, lambda root: rename_key(root, key, new_key))
        piece.key = new_key
        self.changed.append((nested, piece))

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


def _comments_only(body: str) -> str:
    """The comment lines of a piece's body after its first line."""
    return "".join(line for line in body.splitlines(keepends=True)[1:]
                   if line.strip().startswith("#"))


def _edit(piece: _Piece, change: Callable[[Any], None]) -> str:
    """The piece's body after ``change`` on its round-trip data (comments kept)."""
    pad = piece.indent
    dedented = "".join(
        line[pad:] if line[:pad].strip() == "" else line.lstrip(" ")
        for line in piece.body.splitlines(keepends=True)
    )
    y = _roundtrip()
    data = y.load(dedented)
    change(data)
    buf = io.StringIO()
    y.dump(data, buf)
    return _indent(buf.getvalue(), pad)


def rename_key(mapping: Any, key: Any, new_key: Any) -> None:
    """Rename ``key`` of a round-trip mapping in place: same position, same value, and the
    comments attached to it moved along."""
    if key == new_key:
        return
    if new_key in mapping:
        raise KeyError(f"{new_key!r} is already there")
    position = list(mapping).index(key)
    value = mapping.pop(key)
    mapping.insert(position, new_key, value)
    comments = getattr(mapping, "ca", None)
    if comments is not None and key in comments.items:
        comments.items[new_key] = comments.items.pop(key)


def _reemit(piece: _Piece, value: Any) -> str:
    """The piece's body with ``value``: a fresh dump, or (when it may hold comments) a
    round trip of just this piece, so that comments inside it survive."""
    if "#" not in piece.body:
        return dump_fragment({piece.key: value}, piece.indent)
    return _edit(piece, lambda data: merge_into(data, piece.key, value))

