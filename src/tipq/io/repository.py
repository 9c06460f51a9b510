"""The questionnaire repository: every command finds questionnaires through it.

A :class:`QuestionnaireRepository` knows the places searched, in order:

1. the paths given (``--questionnaire``, repeatable: files or folders);
2. unless ``exclusive``: the ``questionnaires/`` folder nearest to a response file (in its
   folder or the first folder above it that has one), so the same response gets the same
   verdict from whatever folder tipq is run in;
3. unless ``exclusive``: the questionnaires shipped with tipq.

It reads each folder once, and answers "id X, version V, hash H" (:meth:`match`), "every
version of X" (:meth:`versions`) and "the shipped default" (:meth:`default`), always
saying which file it used. A questionnaire that is asked for by path and does not load
raises one :class:`~tipq.core.errors.FindingsError` carrying its findings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tipq.core.errors import FindingsError, UsageError
from tipq.io.files import iter_yaml_files
from tipq.io.loading import Loaded, load_questionnaire_file

if TYPE_CHECKING:
    from tipq.core.questionnaire import Questionnaire

#: The questionnaire ``tipq interview``, ``show`` and ``export`` use when none is given.
SHIPPED_DEFAULT = "tip-protocol.yaml"
#: The folder, beside or above a response, where its questionnaires are looked for.
NEAR_FOLDER = "questionnaires"
SHIPPED_LABEL = "the questionnaires shipped with tipq"


def shipped_questionnaires_dir() -> Path:
    """Where the questionnaires shipped with tipq are.

    In an installed package they are ``tipq/questionnaires`` (the wheel copies the
    repository's ``questionnaires/`` there); in a source checkout, that folder itself.
    """
    package = Path(__file__).resolve().parent.parent
    inside = package / "questionnaires"
    if inside.is_dir():
        return inside
    return package.parent.parent / "questionnaires"


def default_questionnaire_path() -> Path:
    return shipped_questionnaires_dir() / SHIPPED_DEFAULT


@dataclass(frozen=True)
class Source:
    """A place questionnaires are looked for, with how it is named to the user."""

    label: str
    path: str
    kind: Literal["given", "near", "shipped"]


@dataclass(frozen=True)
class Entry:
    """One questionnaire file found: what it is (when it loaded) and where."""

    path: str
    source: Source
    id: str | None
    version: str | None
    questionnaire: Questionnaire | None = None
    reason: str = ""  # why it did not load, when questionnaire is None

    @property
    def hash(self) -> str | None:
        return self.questionnaire.content_hash if self.questionnaire is not None else None


@dataclass(frozen=True)
class Match:
    """What the repository holds for a response's ``(id, version, hash)``.

    ``state``: ``exact`` (a file with that hash), ``changed`` (that version, another
    hash: ``entry`` is the one that would be used), ``unreadable`` (that version, but the
    file does not load), ``other-versions`` (only other versions: ``versions``), or
    ``missing``. ``searched`` names the places looked in.
    """

    state: Literal["exact", "changed", "unreadable", "other-versions", "missing"]
    entry: Entry | None = None
    versions: tuple[str, ...] = ()
    searched: tuple[str, ...] = ()


@dataclass
class QuestionnaireRepository:
    """The questionnaires tipq can see; build one with :meth:`build`."""

    given: tuple[Source, ...] = ()
    exclusive: bool = False
    shipped: bool = True
    _entries: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _near: dict[str, Source | None] = field(default_factory=dict, repr=False)
    # Per-file work of a batch done once: folders resolved, the shipped source, each
    # entry's real path, and each questionnaire file read (a folder given and found near
    # the responses too is read once).
    _folders: dict[str, str] = field(default_factory=dict, repr=False)
    _shipped: list[Source] | None = field(default=None, repr=False)
    _real: dict[str, str] = field(default_factory=dict, repr=False)
    _read: dict[str, Loaded] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, paths: Iterable[str | os.PathLike[str]] = (), *,
              exclusive: bool = False) -> QuestionnaireRepository:
        """The repository for ``--questionnaire paths`` (and ``--exclusive``). A path that
        does not exist is a usage error."""
        given: list[Source] = []
        for p in paths:
            if not os.path.exists(p):
                raise UsageError(f"--questionnaire {os.fspath(p)}: no such file or folder; "
                                 "give a questionnaire file or a folder holding "
                                 "questionnaires")
            given.append(Source(os.fspath(p), os.fspath(p), "given"))
        if exclusive and not given:
            raise UsageError("--exclusive needs at least one --questionnaire PATH to search")
        return cls(tuple(given), exclusive)

    # --- the places ----------------------------------------------------------------------

    def sources_for(self, response: str | os.PathLike[str] | None = None) -> list[Source]:
        """The places searched for ``response`` (or in general), in order."""
        sources = list(self.given)
        if self.exclusive:
            return sources
        if response is not None:
            near = self._near_source(self._folder_of(response))
            if near is not None:
                sources.append(near)
        if self.shipped:
            if self._shipped is None:
                shipped = shipped_questionnaires_dir()
                self._shipped = ([Source(SHIPPED_LABEL, os.fspath(shipped), "shipped")]
                                 if shipped.is_dir() else [])
            sources.extend(self._shipped)
        return sources

    def _folder_of(self, response: str | os.PathLike[str]) -> Path:
        """``Path(response).resolve().parent``, resolved once per folder (a response that
        is a symbolic link is resolved itself: its folder is the link target's)."""
        name = os.fspath(response)
        if os.path.islink(name):
            return Path(name).resolve().parent
        folder = os.path.dirname(os.path.abspath(name))
        if folder not in self._folders:
            self._folders[folder] = os.fspath(Path(folder).resolve())
        return Path(self._folders[folder])

    def _near_source(self, folder: Path) -> Source | None:
        key = os.fspath(folder)
        if key not in self._near:
            found = None
            for above in (folder, *folder.parents):
                candidate = above / NEAR_FOLDER
                if candidate.is_dir():
                    found = Source(os.fspath(candidate), os.fspath(candidate), "near")
                    break
            self._near[key] = found
        return self._near[key]

    def entries(self, source: Source) -> list[Entry]:
        """Every questionnaire file of ``source``, read once."""
        if source.path not in self._entries:
            self._entries[source.path] = list(_read_source(source, self._read))
        return self._entries[source.path]

    def iter_entries(self, response: str | os.PathLike[str] | None = None) -> Iterator[Entry]:
        """Every questionnaire file in the places searched, in order, each file once."""
        return self._iter_entries(self.sources_for(response))

    def _iter_entries(self, sources: Sequence[Source]) -> Iterator[Entry]:
        seen: set[str] = set()
        real = self._real
        for source in sources:
            for entry in self.entries(source):
                key = real.get(entry.path)
                if key is None:
                    key = real[entry.path] = os.path.normcase(os.path.realpath(entry.path))
                if key not in seen:
                    seen.add(key)
                    yield entry

    # --- questions asked of it -----------------------------------------------------------

    def versions(self, qid: str, response: str | os.PathLike[str] | None = None) -> list[Entry]:
        """Every version of questionnaire ``qid`` that loads, oldest first."""
        found = [e for e in self.iter_entries(response)
                 if e.id == qid and e.questionnaire is not None]
        return sorted(found, key=lambda e: e.version or "")

    def match(self, qid: str, version: str, digest: str, *,
              response: str | os.PathLike[str] | None = None) -> Match:
        """The questionnaire a response names. A file with the exact hash wins wherever it
        is; else the first file (in search order) of that id and version."""
        sources = self.sources_for(response)
        searched = tuple(s.label for s in sources)
        same_id: list[Entry] = []
        for e in self._iter_entries(sources):
            if e.id != qid:
                continue
            if e.version == version and e.questionnaire is not None and e.hash == digest:
                # the first file with the exact hash, in search order: the places after it
                # need not be read
                return Match("exact", e, searched=searched)
            same_id.append(e)
        same_version = [e for e in same_id if e.version == version]
        loaded = [e for e in same_version if e.questionnaire is not None]
        if loaded:
            return Match("changed", loaded[0], searched=searched)
        if same_version:
            return Match("unreadable", same_version[0], searched=searched)
        versions = tuple(sorted({e.version for e in same_id if e.version}, reverse=True))
        if versions:
            return Match("other-versions", versions=versions, searched=searched)
        return Match("missing", searched=searched)

    def latest(self, qid: str, near: str | os.PathLike[str] | None = None) -> Entry | None:
        """The newest version of ``qid`` (for where a moved question went)."""
        versions = self.versions(qid, near)
        return versions[-1] if versions else None


def _read_source(source: Source, read: dict[str, Loaded] | None = None) -> Iterator[Entry]:
    """The entries of ``source``; ``read`` (real path -> the file loaded) spares reading a
    file twice when two places hold it (one that does not load is read again: its findings
    name the path it was found by)."""
    for path in iter_yaml_files([source.path]):
        real = os.path.normcase(os.path.realpath(path)) if read is not None else ""
        loaded = read.get(real) if read is not None else None
        if loaded is None:
            loaded = load_questionnaire_file(path, positions=False)
            if read is not None and loaded.ok:
                read[real] = loaded
        data = loaded.doc.data if loaded.doc is not None else {}
        qid, version = data.get("id"), data.get("version")
        if loaded.ok:
            yield Entry(os.fspath(path), source, loaded.model.id, loaded.model.version,
                        loaded.model)
        elif isinstance(qid, str) and isinstance(data.get("sections"), list):
            reason = f"{loaded.findings[0].where}: {loaded.findings[0].message}"
            yield Entry(os.fspath(path), source, qid, str(version), reason=reason)


# --- one questionnaire, by path ------------------------------------------------------------


def load_questionnaire(path: str | os.PathLike[str] | None = None) -> tuple[Questionnaire, Path]:
    """The questionnaire at ``path`` (default: the shipped one), or a
    :class:`~tipq.core.errors.FindingsError` with every finding that keeps it from loading."""
    target = Path(path) if path is not None else default_questionnaire_path()
    if path is None and not target.exists():
        raise UsageError(f"the shipped questionnaire is missing ({target}); reinstall tipq, "
                         "or pass a questionnaire file")
    loaded = load_questionnaire_file(target)
    if not loaded.ok:
        readable = not any(f.code == "Y001" for f in loaded.findings)
        hint = f"run `tipq check {target}` for every finding, each with its fix" if readable else ""
        raise FindingsError(f"the questionnaire {target} cannot be used", loaded.findings,
                            hint=hint)
    return loaded.model, target


def moved_targets(q: Questionnaire, path: str | os.PathLike[str],
                  known: Sequence[str] = ()) -> dict[str, Questionnaire]:
    """The questionnaires ``q``'s moved questions went to, found beside ``path`` as
    ``<id>.yaml`` (or ``.yml``); those already ``known`` are skipped. A target that does
    not load is simply not found (``tipq check`` says so)."""
    skip = {q.id, *known}
    wanted = sorted({item.top.moved_to.questionnaire for item in q.index.items
                     if item.parent is None and item.top.moved_to is not None} - skip)
    found: dict[str, Questionnaire] = {}
    for target in wanted:
        hit = _by_name(Path(path).parent, target)
        if hit is not None:
            found[target] = hit
    return found


def _by_name(folder: Path, qid: str) -> Questionnaire | None:
    for suffix in (".yaml", ".yml"):
        candidate = folder / f"{qid}{suffix}"
        if candidate.is_file():
            other = load_questionnaire_file(candidate, positions=False)
            if other.ok and other.model.id == qid:
                return other.model  # type: ignore[no-any-return]
    return None


__all__ = [
    "SHIPPED_DEFAULT",
    "Entry",
    "Match",
    "QuestionnaireRepository",
    "Source",
    "default_questionnaire_path",
    "load_questionnaire",
    "moved_targets",
    "shipped_questionnaires_dir",
]
