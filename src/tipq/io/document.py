"""A response file as an editable document: set, delete and rename values at any depth.

:class:`ResponseDocument` holds a response's text as pieces (:class:`SegmentedYaml`: one
per top-level key and one per answer) next to the data it says. An edit changes the data and
re-emits only the piece it touches, so everything else, comments a person typed between
sittings included, stays byte for byte; a piece that holds comments goes through ruamel's
round trip, which keeps them. :meth:`ResponseDocument.text` proves the result before it is
used: each re-emitted piece is parsed alone and must read as exactly the value intended
(after a deletion or rename, the whole text is parsed); when it does not, the document is
rewritten by a full round trip, and that is verified too. Line endings (CRLF from Notepad)
and a UTF-8 byte-order mark are kept as the file had them (:class:`FileStyle`).

The interview's store, ``tipq merge`` and ``tipq migrate`` edit responses through this one
API.
"""

from __future__ import annotations

import codecs
import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tipq.core.errors import TipqError
from tipq.io.segments import NotSegmentableError, SegmentedYaml, rename_key
from tipq.io.yaml_emit import dump_roundtrip, load_roundtrip, merge_into, yaml11_safe
from tipq.io.yaml_load import parse_yaml

#: The mapping whose entries are pieces of their own.
ANSWERS = "answers"
Path = tuple[Any, ...]


@dataclass(frozen=True)
class FileStyle:
    """How a response's text is laid out on disk: line endings, and a UTF-8 byte-order mark.

    Text is held with ``\\n`` line endings while it is edited (YAML reads CRLF and LF alike,
    so the data is the same) and converted back when it is written, so a file edited in
    Windows Notepad stays CRLF, with its BOM, on every line, new answers included.
    """

    newline: str = "\n"
    bom: bool = False

    @classmethod
    def of(cls, raw: bytes) -> FileStyle:
        """The style of a file's bytes; mixed line endings: the more common one."""
        crlf = raw.count(b"\r\n")
        newline = "\r\n" if crlf and 2 * crlf >= raw.count(b"\n") else "\n"
        return cls(newline, raw.startswith(codecs.BOM_UTF8))

    @staticmethod
    def normalize(text: str) -> str:
        """``text`` with ``\\n`` line endings (how it is held in memory)."""
        return text.replace("\r\n", "\n") if "\r" in text else text

    def apply(self, text: str) -> str:
        """``text`` (``\\n`` line endings) as it is written in this style."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return "\ufeff" + text if self.bom else text


class ResponseDocument:
    """A response's text and data, edited together. Build one with :meth:`parse`."""

    def __init__(self, pieces: SegmentedYaml, data: dict[str, Any], *, file: str,
                 style: FileStyle = FileStyle()) -> None:
        self.pieces = pieces
        self.data = data
        self.file = file
        self.style = style
        self._structural = False  # a deletion or rename since the last text()

    @classmethod
    def parse(cls, text: str, *, file: str = "<input>", style: FileStyle = FileStyle(),
              data: dict[str, Any] | None = None) -> ResponseDocument:
        """The document of ``text`` (``\\n`` line endings, already accepted by the guarded
        loader; ``data`` is what it reads as, parsed again when not given). Flow style or an
        odd hand-made layout is laid out in block style once."""
        if data is None:
            data = parse_yaml(text, file=file, positions=False).data
        try:
            pieces = SegmentedYaml.parse(text, ANSWERS, file=file)
        except NotSegmentableError:
            doc = load_roundtrip(text)
            _block_style(doc)
            pieces = SegmentedYaml.parse(dump_roundtrip(doc), ANSWERS, file=file)
        return cls(pieces, data, file=file, style=style)

    # --- reading ---------------------------------------------------------------------------

    def get(self, path: Sequence[Any], default: Any = None) -> Any:
        node: Any = self.data
        for part in path:
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if not (in_list or (isinstance(node, Mapping) and part in node)):
                return default
            node = node[part]
        return node

    def __contains__(self, path: object) -> bool:
        marker = object()
        return isinstance(path, tuple) and self.get(path, marker) is not marker

    @property
    def answers(self) -> dict[str, Any]:
        found = self.data.get(ANSWERS)
        return found if isinstance(found, dict) else {}

    # --- editing ---------------------------------------------------------------------------

    def set(self, path: Sequence[Any], value: Any, *, after: Sequence[str] = ()) -> None:
        """Set the value at ``path`` (created when missing). A new answer goes after the last
        of ``after`` that is present (else first), so answers keep the questionnaire's order;
        a new top-level key goes before ``answers``."""
        path = tuple(path)
        if not path:
            raise ValueError("set() needs a path")
        value = copy.deepcopy(value)
        head, rest = path[0], path[1:]
        if head == ANSWERS and rest:
            answers = self._answers_for_edit()
            key, below = rest[0], rest[1:]
            entry = _with(answers.get(key), below, value) if below else value
            answers[key] = entry
            self.pieces.set_nested(key, entry, after=list(after))
            self.data[ANSWERS] = {k: answers[k] for k in self.pieces.nested_keys()}
            return
        entry = _with(self.data.get(head), rest, value) if rest else value
        self.data[head] = entry
        self.pieces.set_top(head, entry)

    def delete(self, path: Sequence[Any]) -> None:
        """Remove the value at ``path`` (nothing happens when it is not there)."""
        path = tuple(path)
        if path not in self:
            return
        nested, key, below, holder = self._piece_of(path)
        self._structural = True
        if below:
            self.pieces.edit(nested, key, lambda root: _delete_in(root[key], below))
            _delete_in(holder[key], below)
            return
        del holder[key]
        if nested:
            self.pieces.delete_nested(key)
        else:
            self.pieces.delete_top(key)

    def rename(self, path: Sequence[Any], new_key: str) -> None:
        """Rename the key at the end of ``path`` to ``new_key``, keeping its place, value
        and comments (an answer moved to a new question id, say)."""
        path = tuple(path)
        if path not in self:
            raise KeyError(f"{'.'.join(map(str, path))} is not in {self.file}")
        nested, key, below, holder = self._piece_of(path)
        self._structural = True
        if below:
            self.pieces.edit(nested, key, lambda root: _rename_in(root[key], below, new_key))
            _rename_in(holder[key], below, new_key)
            return
        if new_key in holder:
            raise KeyError(f"'{new_key}' is already in {self.file}")
        self.pieces.rename(nested, key, new_key)
        renamed = {(new_key if k == key else k): v for k, v in holder.items()}
        if nested:
            self.data[ANSWERS] = renamed
        else:
            self.data = renamed

    def _piece_of(self, path: Path) -> tuple[bool, str, Path, dict[str, Any]]:
        """Where ``path`` lives: (in an answer's piece?, the piece's key, the rest of the
        path below it, the mapping that holds the piece's value)."""
        head, rest = path[0], path[1:]
        if head == ANSWERS and rest:
            return True, rest[0], rest[1:], self._answers_for_edit()
        return False, head, rest, self.data

    def _answers_for_edit(self) -> dict[str, Any]:
        if not isinstance(self.data.get(ANSWERS), dict):
            self.data[ANSWERS] = {}
        answers: dict[str, Any] = self.data[ANSWERS]
        return answers

    # --- the text ----------------------------------------------------------------------------

    def text(self) -> str:
        """The document's text (``\\n`` line endings), proved to read as :attr:`data`."""
        if self._changes_read_back():
            return self.pieces.text()
        return self._full_rewrite()

    def file_text(self) -> str:
        """:meth:`text` in the file's own style (line endings, BOM)."""
        return self.style.apply(self.text())

    def reads_as_data(self, text: str) -> bool:
        """Whether ``text`` parses (with tipq's guarded loader) as exactly :attr:`data`."""
        try:
            return parse_yaml(text, file=self.file, positions=False).data == self.data
        except TipqError:
            return False

    def _changes_read_back(self) -> bool:
        """Each re-emitted piece, parsed alone, holds exactly the value intended; after a
        deletion or rename, the whole text reads as the data.

        The pieces' boundaries were found by a full parse when the text was read, and the
        others are unchanged bytes, so this proves the whole new text without parsing all
        of it again (about 5 ms for 150 answers)."""
        structural, self._structural = self._structural, False
        changed = self.pieces.take_changed()
        if structural:
            return self.reads_as_data(self.pieces.text())
        answers = self.answers
        for nested, piece in changed:
            want = answers.get(piece.key) if nested else self.data.get(piece.key)
            try:
                got = parse_yaml(piece.body, file=self.file, positions=False).data
            except TipqError:
                return False
            if got != {piece.key: want}:
                return False
        return True

    def _full_rewrite(self) -> str:
        """The slow, sure way: a round trip of the whole document (comments kept)."""
        doc = load_roundtrip(self.pieces.text()) or {}
        for key in [k for k in doc if k not in self.data]:
            del doc[key]
        for key, value in self.data.items():
            merge_into(doc, key, value)
        text = dump_roundtrip(doc)
        if not self.reads_as_data(text):
            text = dump_roundtrip(yaml11_safe(self.data))
            if not self.reads_as_data(text):  # pragma: no cover - would be a bug in tipq
                raise TipqError(f"cannot write {self.file} so that it reads back the same")
        self.pieces = SegmentedYaml.parse(text, ANSWERS, file=self.file)
        self.pieces.take_changed()
        return text


def _with(node: Any, path: Path, value: Any) -> Any:
    """A copy of ``node`` with ``value`` at ``path`` (mappings created on the way)."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if isinstance(node, list) and isinstance(key, int):
        out_list = list(node)
        out_list[key] = _with(node[key], rest, value)
        return out_list
    out = dict(node) if isinstance(node, dict) else {}
    out[key] = _with(out.get(key), rest, value)
    return out


def _delete_in(node: Any, path: Path) -> None:
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def _rename_in(node: Any, path: Path, new_key: str) -> None:
    for part in path[:-1]:
        node = node[part]
    if hasattr(node, "ca"):  # round-trip data: keep the place and the comments
        rename_key(node, path[-1], new_key)
        return
    if new_key in node:
        raise KeyError(f"'{new_key}' is already there")
    items = [((new_key if k == path[-1] else k), v) for k, v in node.items()]
    node.clear()
    node.update(items)


def _block_style(node: Any) -> None:
    fa = getattr(node, "fa", None)
    if fa is not None and isinstance(node, Mapping):
        fa.set_block_style()
    if isinstance(node, Mapping):
        for v in node.values():
            _block_style(v)
