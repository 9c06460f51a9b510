"""The response file of an interview: created or resumed, locked, saved after every answer.

Guarantees:

- **The file on disk is always a complete, valid response.** Each save builds the whole new
  text, parses it back with tipq's own loader, checks that it reads as exactly the data
  intended and as a valid :class:`~tipq.core.response.Response`, and only then replaces the
  file atomically (:func:`tipq.io.files.atomic_write_text`: temporary file, fsync, rename).
  Killing the process at any moment leaves the old file or the new one, never half of one.
- **Fast.** The response is a :class:`~tipq.io.document.ResponseDocument`, held as pieces:
  a save re-emits only the answer that changed and the ``updated`` time, instead of
  re-serializing the whole document (about 83 ms for 150 answers); see
  ``benchmarks/bench_interview.py``.
- **Hand-written comments survive.** Pieces that did not change are written back byte for
  byte; a changed piece that holds comments goes through ruamel's round trip, which keeps
  them. A comment block at the end of the file stays at the end.
- **The file keeps its layout.** Line endings (a file saved by Windows Notepad has CRLF) and
  a UTF-8 byte-order mark are kept as they were, on every line of every save
  (:class:`~tipq.io.document.FileStyle`).

The store is the interview's domain operations (answer, clear, respondent, submit, move to
another version) over the document API, plus the file: lock, atomic saves, outside edits.
- **Edits made while the interview runs are not overwritten.** Before each save the file's
  size and modification time are compared with what tipq last wrote; if they differ, the
  file is read again and the new answer is applied on top of it.
- **One writer.** A :class:`~tipq.io.lock.ResponseLock` beside the file.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tipq.core.errors import FindingsError, TipqError, UsageError, UserError
from tipq.core.hashing import short
from tipq.core.questionnaire import Questionnaire
from tipq.core.response import Response
from tipq.io.document import FileStyle, ResponseDocument
from tipq.io.files import atomic_write_text, decode_text, read_bytes, remove_leftover_temps
from tipq.io.loading import parse_response_text
from tipq.io.lock import LockInfo, ResponseLock
from tipq.io.yaml_emit import dump_fragment

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def timestamp(t: datetime) -> str:
    """``2026-05-09T10:15:00Z``: how times are written in response files."""
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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
    doc: ResponseDocument
    lock: ResponseLock
    clock: Clock = utc_now
    created_now: bool = False
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
        from tipq.core.languages import pick_text

        title = pick_text(q.title, "en")[0]
        text = (f"# Response to {title} ({q.id}, version {q.version}), for {country}.\n"
                "# Written by tipq interview after every answer; you may edit it by hand "
                "(comments are kept).\n"
                f"# Check it with: tipq validate {command_path(path)}\n"
                + dump_fragment({k: v for k, v in data.items() if k != "answers"})
                + "answers: {}\n")
        store = cls(path, q, ResponseDocument.parse(text, file=str(path), data=data), lock,
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
                f"({short(ref['hash'])}); this questionnaire is version {q.version} "
                f"({short(q.content_hash)}). Answer with the questionnaire file it was "
                "written for, or run again with --update-questionnaire to migrate the "
                "answers to this version (as tipq migrate does: nothing is lost, changed "
                "questions are asked first).")
        store = cls(path, q, ResponseDocument.parse(text, file=str(path), style=style,
                                                    data=data), lock, clock)
        store._index_order()
        store._stamp = _stamp(path)
        if changed:
            from tipq.io.migration import migrate_for_interview

            if not migrate_for_interview(store.doc, path, q, clock):
                store.retarget(q)  # the version it was written for is not found
            store.save()
        return store

    def _index_order(self) -> None:
        self._order = {item.id: item.position for item in self.questionnaire.index.items}

    # --- reading -------------------------------------------------------------------------

    @property
    def data(self) -> dict[str, Any]:
        """The response's data as it will be saved."""
        return self.doc.data

    @property
    def style(self) -> FileStyle:
        return self.doc.style

    @property
    def response(self) -> Response:
        return Response.model_validate(self.data)

    @property
    def values(self) -> dict[str, Any]:
        return {k: a.get("value") for k, a in self.doc.answers.items() if isinstance(a, dict)}

    @property
    def review_ids(self) -> set[str]:
        """Answers marked for review by a migration (asked first)."""
        return {k for k, a in self.doc.answers.items() if isinstance(a, dict) and a.get("review")}

    @property
    def unfinished(self) -> set[str]:
        """Ids of answers still being typed (a citation list saved one citation at a time)."""
        return {k for k, a in self.doc.answers.items()
                if isinstance(a, dict) and a.get("unfinished") is True}

    @property
    def skipped(self) -> list[str]:
        found = self.data.get("skipped")
        return [str(i) for i in found] if isinstance(found, list) else []

    @property
    def legislation(self) -> dict[str, dict[str, Any]]:
        found = self.data.get("legislation")
        return {str(k): v for k, v in found.items() if isinstance(v, dict)} \
            if isinstance(found, dict) else {}

    @property
    def status(self) -> str:
        return str(self.data.get("status", "draft"))

    @property
    def recovered_lock(self) -> LockInfo | None:
        return self.lock.recovered

    # --- the domain operations -----------------------------------------------------------

    def set_answer(self, item_id: str, value: Any, *, unfinished: bool = False) -> None:
        """Record one answer with its time, and save. ``unfinished``: a list still being
        typed (saved so that nothing typed is lost; the question stays open). An answer
        takes its question off the ``skipped`` list."""
        now = timestamp(self.clock())
        entry: dict[str, Any] = {"value": value, "answered_at": now}
        if unfinished:
            entry["unfinished"] = True
        self.doc.set(("answers", item_id), entry,
                     after=self._before(item_id, self.doc.answers))
        if item_id in self.skipped:
            self._write_skipped([i for i in self.skipped if i != item_id])
        self._reopen_if_submitted()
        self.doc.set(("updated",), now)
        self.save()

    def set_skipped(self, item_ids: list[str]) -> None:
        """Remember the questions skipped (in the file, so that a later sitting knows)."""
        wanted = list(dict.fromkeys(item_ids))
        if wanted == self.skipped:
            return
        self._write_skipped(wanted)
        self.doc.set(("updated",), timestamp(self.clock()))
        self.save()

    def _write_skipped(self, ids: list[str]) -> None:
        if ids:
            self.doc.set(("skipped",), ids)
        else:
            self.doc.delete(("skipped",))

    def add_legislation(self, key: str, entry: dict[str, str]) -> None:
        """Add (or replace) one entry of the State's legislation list; saved with the next
        answer."""
        self.doc.set(("legislation",), {**self.legislation, key: entry})

    def clear_answers(self, item_ids: list[str]) -> None:
        """Remove the answers to ``item_ids`` (a question and its follow-ups, say), and save."""
        present = [i for i in item_ids if i in self.doc.answers]
        if not present:
            return
        for item_id in present:
            self.doc.delete(("answers", item_id))
        self._reopen_if_submitted()
        self.doc.set(("updated",), timestamp(self.clock()))
        self.save()

    def _reopen_if_submitted(self) -> None:
        if self.status == "submitted":
            self.doc.set(("status",), "draft")
            self.doc.delete(("submitted_at",))

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
        self.doc.set(("respondent",), respondent)
        self.doc.set(("updated",), timestamp(self.clock()))
        self.save()

    def retarget(self, q: Questionnaire) -> None:
        """Name ``q`` (its id, version and hash) as the questionnaire answered."""
        self.doc.set(("questionnaire",), {"id": q.id, "version": q.version,
                                          "hash": q.content_hash})

    def submitted_copy(self) -> Response:
        """The response as it would be once marked submitted (for the submit checks)."""
        now = self.clock()
        return self.response.model_copy(update={"status": "submitted", "submitted_at": now,
                                                "updated": now})

    def sync(self) -> bool:
        """Take in an edit made to the file since the last save (see :meth:`save`); True when
        there was one (:meth:`take_notices` says what happened)."""
        if self._stamp is not None and _stamp(self.path) != self._stamp:
            self._merge_outside_edit()
            return True
        return False

    def submission_text(self) -> str:
        """The text the file would hold once marked submitted, edits made outside merged
        first (:meth:`sync`): what the submit gate validates, as ``tipq validate`` would."""
        self.sync()
        draft = ResponseDocument.parse(self.doc.text(), file=str(self.path), style=self.style,
                                       data=copy.deepcopy(self.data))
        self._submit_edits(draft, timestamp(self.clock()))
        return draft.text()

    def mark_submitted(self) -> None:
        self._submit_edits(self.doc, timestamp(self.clock()))
        self.save()

    @staticmethod
    def _submit_edits(doc: ResponseDocument, now: str) -> None:
        doc.set(("status",), "submitted")
        doc.set(("submitted_at",), now)
        doc.set(("updated",), now)
        doc.delete(("skipped",))

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        """Write the file: verified, atomic; re-read first if it was edited meanwhile."""
        if self._stamp is not None and _stamp(self.path) != self._stamp:
            self._merge_outside_edit()
        text = self.doc.text()
        self._validate(self.data)
        self._write(text)

    def _validate(self, data: dict[str, Any]) -> None:
        try:
            Response.model_validate(data)
        except ValidationError as e:
            raise UserError(f"the answers cannot be saved as a valid response: {e}") from e

    def verify(self) -> None:
        """Parse the whole file on disk and check it reads as the data intended (tests)."""
        raw = read_bytes(self.path)
        if FileStyle.of(raw) != self.style:
            raise TipqError(f"{self.path} lost its line endings or byte-order mark")
        text = FileStyle.normalize(decode_text(raw, str(self.path)))
        if not self.doc.reads_as_data(text):
            raise TipqError(f"{self.path} does not read back as the answers saved")
        self._validate(self.data)

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

    def _merge_outside_edit(self) -> None:
        """Someone edited the file while the interview ran: take their version as the base,
        and apply what this sitting changed on top of it."""
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
        doc = ResponseDocument.parse(text, file=str(self.path), style=style, data=theirs)
        for key in ("status", "submitted_at", "updated", "respondent", "questionnaire",
                    "skipped", "legislation"):
            if key in mine and mine.get(key) != theirs.get(key):
                doc.set((key,), mine[key])
            elif key not in mine and key in theirs and key in ("submitted_at", "skipped"):
                doc.delete((key,))
        for k, entry in (mine.get("answers") or {}).items():
            old = doc.answers.get(k)
            if old is None or (entry.get("answered_at") or "") > (old.get("answered_at") or ""):
                doc.set(("answers", k), entry, after=self._before(k, doc.answers))
        self.doc = doc
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


def _read_response(path: Path) -> tuple[str, dict[str, Any], FileStyle]:
    """The text (``\n`` line endings), data and style of a response file, or a UserError
    listing what is wrong with it."""
    try:
        raw = read_bytes(path)
        text = FileStyle.normalize(decode_text(raw, str(path)))
    except TipqError as e:
        raise UserError(str(e)) from e
    loaded = parse_response_text(text, str(path))
    if not loaded.ok:  # its findings, printed by the CLI as every file's are
        raise FindingsError(f"{path} cannot be resumed", loaded.findings,
                            hint=f"{path} cannot be resumed: it is not a valid response. Fix "
                            "the file (see docs/response-format.md), or choose another file "
                            "with --out.")
    assert loaded.doc is not None
    return text, loaded.doc.data, FileStyle.of(raw)
