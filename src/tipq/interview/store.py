"""The response file of an interview: created or resumed, locked, saved after every answer.

Guarantees:

- **The file on disk is always a complete, valid response.** Each save builds the whole new
  text, parses it back with tipq's own loader, checks that it reads as exactly the data
  intended and as a valid :class:`~tipq.core.response.Response`, and only then replaces the
  file atomically (:func:`tipq.io.files.atomic_write_text`: temporary file, fsync, rename).
  Killing the process at any moment leaves the old file or the new one, never half of one.
- **Fast.** The text is held as pieces (:class:`tipq.io.segments.SegmentedYaml`): a save re-emits
  only the answer that changed and the ``updated`` time, instead of re-serializing the whole
  document (about 83 ms for 150 answers); see ``benchmarks/bench_interview.py``.
- **Hand-written comments survive.** Pieces that did not change are written back byte for
  byte; a changed piece that holds comments goes through ruamel's round trip, which keeps
  them. A comment block at the end of the file stays at the end.
- **The file keeps its layout.** Line endings (a file saved by Windows Notepad has CRLF) and
  a UTF-8 byte-order mark are kept as they were, on every line of every save
  (:class:`FileStyle`).
- **Edits made while the interview runs are not overwritten.** Before each save the file's
  size and modification time are compared with what tipq last wrote; if they differ, the
  file is read again and the new answer is applied on top of it.
- **One writer.** A :class:`~tipq.io.lock.ResponseLock` beside the file.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tipq.core.errors import TipqError, UsageError, UserError
from tipq.core.questionnaire import Questionnaire
from tipq.core.response import Response
from tipq.io.files import atomic_write_text, decode_text, read_bytes, remove_leftover_temps
from tipq.io.loading import parse_response_text
from tipq.io.lock import LockInfo, ResponseLock
from tipq.io.segments import NotSegmentableError, SegmentedYaml
from tipq.io.yaml_emit import dump_fragment, dump_roundtrip, load_roundtrip, yaml11_safe
from tipq.io.yaml_load import parse_yaml

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def timestamp(t: datetime) -> str:
    """``2026-05-09T10:15:00Z``: how times are written in response files."""
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class FileStyle:
    """How a response's text is laid out on disk: line endings, and a UTF-8 byte-order mark.

    Text is held with ``\n`` line endings while the interview runs (YAML reads CRLF and LF
    alike, so the data is the same) and converted back at each save, so a file edited in
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
        """``text`` with ``\n`` line endings (how it is held in memory)."""
        return text.replace("\r\n", "\n") if "\r" in text else text

    def apply(self, text: str) -> str:
        """``text`` (``\n`` line endings) as it is written in this style."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return "\ufeff" + text if self.bom else text


@dataclass
class SaveNotice:
    """Something the person should hear about a save (the file was edited meanwhile)."""

    kind: str  # "edited_outside" | "edited_outside_broken"
    backup: Path | None = None


@dataclass
class ResponseStore:
    """One response file, open for an interview. Use :meth:`open`; :meth:`close` at the end."""

    path: Path
    questionnaire: Questionnaire
    data: dict[str, Any]
    pieces: SegmentedYaml
    lock: ResponseLock
    clock: Clock = utc_now
    created_now: bool = False
    style: FileStyle = FileStyle()
    notices: list[SaveNotice] = field(default_factory=list)
    _stamp: tuple[int, int] | None = None
    _order: dict[str, int] = field(default_factory=dict)

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, questionnaire: Questionnaire, *, country: str | None,
             clock: Clock = utc_now, update_questionnaire: bool = False) -> ResponseStore:
        """Lock ``path`` and read it, or create it for ``country`` when it does not exist."""
        if not path.name or path.name in (".", "..") or path.is_dir():
            raise UsageError(f"{path} is a folder; give the path of the response file, e.g. "
                             f"{path / 'XXA.yaml'}")
        folder = path.parent
        if not folder.is_dir():
            raise UsageError(f"the folder {folder} does not exist. Create it, or choose "
                             "another file with --out.")
        lock = ResponseLock(path).acquire()
        try:
            remove_leftover_temps(path)  # left by a sitting killed in the middle of a save
            if path.exists():
                store = cls._resume(path, questionnaire, country, lock, clock,
                                    update_questionnaire)
            else:
                if country is None:  # pragma: no cover - the CLI always knows it by now
                    raise UsageError("a new response needs a country (--country CODE)")
                store = cls._create(path, questionnaire, country, lock, clock)
        except BaseException:
            lock.release()
            raise
        return store

    @classmethod
    def _create(cls, path: Path, q: Questionnaire, country: str, lock: ResponseLock,
                clock: Clock) -> ResponseStore:
        now = timestamp(clock())
        data: dict[str, Any] = {
            "questionnaire": {"id": q.id, "version": q.version, "hash": q.content_hash},
            "country": country,
            "status": "draft",
            "created": now,
            "updated": now,
            "answers": {},
        }
        from tipq.core.common import pick_text

        title = pick_text(q.title, "en")[0]
        text = (f"# Response to {title} ({q.id}, version {q.version}), for {country}.\n"
                "# Written by tipq interview after every answer; you may edit it by hand "
                "(comments are kept).\n"
                f"# Check it with: tipq validate {command_path(path)}\n"
                + dump_fragment({k: v for k, v in data.items() if k != "answers"})
                + "answers: {}\n")
        store = cls(path, q, data, SegmentedYaml.parse(text, "answers", file=str(path)), lock,
                    clock, created_now=True)
        store._index_order()
        store._write(text)
        return store

    @classmethod
    def _resume(cls, path: Path, q: Questionnaire, country: str | None, lock: ResponseLock,
                clock: Clock, update_questionnaire: bool) -> ResponseStore:
        text, data, style = _read_response(path)
        ref = data["questionnaire"]
        if ref["id"] != q.id:
            raise UserError(f"{path} answers the questionnaire '{ref['id']}', not '{q.id}'. "
                            "Pass that questionnaire, or choose another file with --out.")
        if country is not None and data["country"] != country:
            raise UserError(f"{path} is the response of {data['country']}, not {country}. "
                            "Check --country, or choose another file with --out.")
        changed = ref["version"] != q.version or ref["hash"] != q.content_hash
        if changed and not update_questionnaire:
            raise UserError(
                f"{path} was written for version {ref['version']} of '{q.id}' "
                f"({ref['hash'][:19]}...); this questionnaire is version {q.version} "
                f"({q.content_hash[:19]}...). Answer with the questionnaire file it was "
                "written for, or run again with --update-questionnaire to move the answers "
                "to this version (answers to questions that no longer exist are kept and "
                "reported by tipq validate).")
        store = cls(path, q, data, _segment(text, path), lock, clock, style=style)
        store._index_order()
        store._stamp = _stamp(path)
        if changed:
            store._set_top("questionnaire",
                           {"id": q.id, "version": q.version, "hash": q.content_hash})
            store.save()
        return store

    def _index_order(self) -> None:
        self._order = {item.id: item.position for item in self.questionnaire.index.items}

    # --- reading -------------------------------------------------------------------------

    @property
    def response(self) -> Response:
        return Response.model_validate(self.data)

    @property
    def values(self) -> dict[str, Any]:
        answers = self.data.get("answers") or {}
        return {k: a.get("value") for k, a in answers.items() if isinstance(a, dict)}

    @property
    def status(self) -> str:
        return str(self.data.get("status", "draft"))

    @property
    def recovered_lock(self) -> LockInfo | None:
        return self.lock.recovered

    # --- changing ------------------------------------------------------------------------

    def _set_top(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.pieces.set_top(key, value)

    def _del_top(self, key: str) -> None:
        if key in self.data:
            del self.data[key]
            self.pieces.delete_top(key)

    def set_answer(self, item_id: str, value: Any) -> None:
        """Record one answer with its time, and save."""
        now = timestamp(self.clock())
        entry = {"value": value, "answered_at": now}
        self.data.setdefault("answers", {})
        if self.data["answers"] is None:
            self.data["answers"] = {}
        self.data["answers"][item_id] = entry
        self.pieces.set_nested(item_id, entry, after=self._before(item_id, self.data["answers"]))
        # keep self.data's order equal to the file's
        self.data["answers"] = {k: self.data["answers"][k] for k in self.pieces.nested_keys()}
        if self.status == "submitted":
            self._set_top("status", "draft")
            self._del_top("submitted_at")
        self._set_top("updated", now)
        self.save()

    def _before(self, item_id: str, keys: Mapping[str, Any]) -> list[str]:
        """The ids in ``keys`` that come before ``item_id`` in the questionnaire."""
        pos = self._order.get(item_id, len(self._order))
        return [k for k in keys if k != item_id and self._order.get(k, -1) < pos]

    def set_respondent(self, name: str | None, institution: str | None,
                       email: str | None) -> None:
        fields = {"name": name, "institution": institution, "email": email}
        respondent = {k: v for k, v in fields.items() if v}
        if not respondent:
            return
        self._set_top("respondent", respondent)
        self._set_top("updated", timestamp(self.clock()))
        self.save()

    def submitted_copy(self) -> Response:
        """The response as it would be once marked submitted (for the submit checks)."""
        now = self.clock()
        return self.response.model_copy(update={"status": "submitted", "submitted_at": now,
                                                "updated": now})

    def mark_submitted(self) -> None:
        now = timestamp(self.clock())
        self._set_top("status", "submitted")
        self._set_top("submitted_at", now)
        self._set_top("updated", now)
        self.save()

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        """Write the file: verified, atomic; re-read first if it was edited meanwhile."""
        if self._stamp is not None and _stamp(self.path) != self._stamp:
            self._merge_outside_edit()
        text = self.pieces.text()
        if not self._pieces_read_back():
            text = self._full_rewrite()
        self._write(text)

    def _pieces_read_back(self) -> bool:
        """Each re-emitted piece, parsed alone, holds exactly the value intended.

        The pieces' boundaries were found by a full parse when the file was opened, and
        the others are unchanged bytes, so this proves the whole new text without parsing
        all of it again (about 5 ms for 150 answers).
        """
        answers = self.data.get("answers") or {}
        for nested, piece in self.pieces.take_changed():
            want = answers.get(piece.key) if nested else self.data.get(piece.key)
            try:
                got = parse_yaml(piece.body, file=str(self.path), positions=False).data
            except TipqError:
                return False
            if got != {piece.key: want}:
                return False
        try:
            Response.model_validate(self.data)
        except ValidationError as e:
            raise UserError(f"the answers cannot be saved as a valid response: {e}") from e
        return True

    def verify(self) -> None:
        """Parse the whole file on disk and check it reads as the data intended (tests)."""
        raw = read_bytes(self.path)
        if FileStyle.of(raw) != self.style:
            raise TipqError(f"{self.path} lost its line endings or byte-order mark")
        text = FileStyle.normalize(decode_text(raw, str(self.path)))
        if not self._reads_back(text):
            raise TipqError(f"{self.path} does not read back as the answers saved")

    def _write(self, text: str) -> None:
        try:
            atomic_write_text(self.path, self.style.apply(text))
        except OSError as e:  # disk full, quota, permissions changed meanwhile
            reason = e.strerror.lower() if e.strerror else type(e).__name__
            raise UserError(
                f"cannot save {self.path}: {reason}. The file still holds every answer saved "
                "before this one. Free some disk space (or restore write access to the "
                "folder), then run the same command again to continue.") from e
        self._stamp = _stamp(self.path)
        self.lock.heartbeat()

    def _reads_back(self, text: str) -> bool:
        try:
            data = parse_yaml(text, file=str(self.path), positions=False).data
        except TipqError:
            return False
        if data != self.data:
            return False
        try:
            Response.model_validate(data)
        except ValidationError as e:
            raise UserError(f"the answers cannot be saved as a valid response: {e}") from e
        return True

    def _full_rewrite(self) -> str:
        """The slow, sure way: a round trip of the whole document (comments kept)."""
        doc = load_roundtrip(self.pieces.text()) or {}
        from tipq.io.yaml_emit import merge_into

        for key in [k for k in doc if k not in self.data]:
            del doc[key]
        for key, value in self.data.items():
            merge_into(doc, key, value)
        text = dump_roundtrip(doc)
        if not self._reads_back(text):
            text = dump_roundtrip(yaml11_safe(self.data))
            if not self._reads_back(text):  # pragma: no cover - would be a bug in tipq
                raise TipqError(f"cannot write {self.path} so that it reads back the same")
        self.pieces = _segment(text, self.path)
        self.pieces.take_changed()
        return text

    def _merge_outside_edit(self) -> None:
        """Someone edited the file while the interview ran: take their version as the base."""
        mine = self.data
        try:
            text, theirs, style = _read_response(self.path)
        except UserError:
            backup = self.path.with_name(f"{self.path.name}.edited-"
                                         f"{timestamp(self.clock()).replace(':', '')}")
            try:
                os.replace(self.path, backup)
            except OSError:  # pragma: no cover - a file vanished meanwhile
                backup = None  # type: ignore[assignment]
            self.notices.append(SaveNotice("edited_outside_broken", backup))
            return
        # Apply what this session changed since the last save on top of their version.
        pieces = _segment(text, self.path)
        for key in ("status", "submitted_at", "updated", "respondent", "questionnaire"):
            if key in mine and mine.get(key) != theirs.get(key):
                theirs[key] = mine[key]
                pieces.set_top(key, mine[key])
        theirs_answers = theirs.setdefault("answers", {}) or {}
        theirs["answers"] = theirs_answers
        for k, entry in (mine.get("answers") or {}).items():
            old = theirs_answers.get(k)
            if old is None or (entry.get("answered_at") or "") > (old.get("answered_at") or ""):
                theirs_answers[k] = entry
                pieces.set_nested(k, entry, after=self._before(k, theirs_answers))
        theirs["answers"] = {k: theirs_answers[k] for k in pieces.nested_keys()}
        self.data, self.pieces, self.style = theirs, pieces, style
        self.notices.append(SaveNotice("edited_outside"))

    def take_notices(self) -> list[SaveNotice]:
        out, self.notices = self.notices, []
        return out

    def close(self) -> None:
        self.lock.release()


def command_path(path: Path) -> str:
    """``path`` as it is typed in a command run from the current folder: relative when the
    file is under it (``responses/XXA.yaml``), else absolute; quoted when it needs to be."""
    try:
        full = Path(os.path.abspath(path))
        shown = str(full.relative_to(os.getcwd()))
    except ValueError:
        shown = str(full)
    except OSError:  # the current folder was deleted meanwhile
        shown = str(path)
    if os.name == "nt":  # pragma: no cover - Windows quoting
        return f'"{shown}"' if " " in shown else shown
    import shlex

    return shlex.quote(shown)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _segment(text: str, path: Path) -> SegmentedYaml:
    try:
        return SegmentedYaml.parse(text, "answers", file=str(path))
    except NotSegmentableError:
        # Flow style or an odd layout written by hand: lay it out in block style once.
        doc = load_roundtrip(text)
        _block_style(doc)
        return SegmentedYaml.parse(dump_roundtrip(doc), "answers", file=str(path))


def _block_style(node: Any) -> None:
    fa = getattr(node, "fa", None)
    if fa is not None and isinstance(node, Mapping):
        fa.set_block_style()
    if isinstance(node, Mapping):
        for v in node.values():
            _block_style(v)


def _read_response(path: Path) -> tuple[str, dict[str, Any], FileStyle]:
    """The text (``\n`` line endings), data and style of a response file, or a UserError
    listing what is wrong with it."""
    try:
        raw = read_bytes(path)
        text = FileStyle.normalize(decode_text(raw, str(path)))
    except TipqError as e:
        raise UserError(str(e)) from e
    loaded = parse_response_text(text, str(path))
    if not loaded.ok:
        problems = "\n  ".join(f.format() for f in loaded.findings)
        raise UserError(f"{path} cannot be resumed: it is not a valid response.\n  {problems}\n"
                        "Fix the file (see docs/response-format.md), or choose another file "
                        "with --out.")
    assert loaded.doc is not None
    return text, loaded.doc.data, FileStyle.of(raw)
