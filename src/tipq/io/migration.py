"""``tipq migrate``: apply a :class:`~tipq.core.migration.MigrationPlan` to response files.

For each response file: read it (guarded loader), find the version it was written for
(:class:`~tipq.io.repository.QuestionnaireRepository`: by id, version and hash), plan, and
edit it through :class:`~tipq.io.document.ResponseDocument` (comments, line endings and BOM
kept; each edit proved). Answers to questions moved to another questionnaire go into the
State's response to it, ``<folder>/<questionnaire id>/<file name>`` beside the response
(created, or added to without touching what it holds). The original is kept as a backup
(``XXA.yaml.v2018-06-01T1200.bak``) before anything is written; both files are replaced
atomically. A response already at the target version is left alone, byte for byte: running
a migration twice changes nothing the second time.

Errors in one file are values (:attr:`FileMigration.problem`); a batch keeps going.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tipq.core.errors import TipqError
from tipq.core.migration import Fate, MigrationPlan, plan_migration
from tipq.core.questionnaire import Questionnaire
from tipq.core.response import Response
from tipq.io.document import FileStyle, ResponseDocument
from tipq.io.files import atomic_write_text, decode_text, read_bytes
from tipq.io.loading import parse_response_text
from tipq.io.repository import QuestionnaireRepository
from tipq.io.versions import find_in
from tipq.io.yaml_emit import dump_fragment

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _stamp(t: datetime) -> str:
    return t.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class FileMigration:
    """What happened (or, with ``dry_run``, would happen) to one response file."""

    path: Path
    state: str = "migrated"  # migrated | up-to-date | failed
    plan: MigrationPlan | None = None
    backup: Path | None = None
    moved_files: dict[str, Path] = field(default_factory=dict)  # questionnaire id -> file
    problem: str = ""
    from_version: str = ""

    @property
    def ok(self) -> bool:
        return self.state != "failed"


def backup_path(path: Path, old_version: str, suffix: str | None = None) -> Path:
    """Where the original is kept: ``XXA.yaml.v2018-06-01T1200.bak`` (or ``suffix``); a
    number is added when that file exists already, so no backup is ever overwritten."""
    base = suffix if suffix is not None else f".v{old_version.replace(':', '')}.bak"
    candidate = path.with_name(path.name + base)
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}{base}.{n}")
        n += 1
    return candidate


def moved_path(path: Path, target_id: str, moved_dir: Path | None = None) -> Path:
    """The State's response to ``target_id``: ``<moved_dir or folder>/<target_id>/<name>``."""
    return (moved_dir if moved_dir is not None else path.parent) / target_id / path.name


def _read(path: Path) -> tuple[str, dict[str, Any], FileStyle]:
    raw = read_bytes(path)
    text = FileStyle.normalize(decode_text(raw, str(path)))
    loaded = parse_response_text(text, str(path))
    if not loaded.ok or loaded.doc is None:
        first = loaded.findings[0].format() if loaded.findings else "not a response"
        raise TipqError(f"it is not a valid response ({first}); fix it first "
                        f"(tipq validate {path})")
    return text, loaded.doc.data, FileStyle.of(raw)


def targets_for(old: Questionnaire, new: Questionnaire, repo: QuestionnaireRepository,
                near: Path | None) -> dict[str, Questionnaire]:
    """The newest version of each questionnaire ``new``'s moved questions went to."""
    wanted = {item.top.moved_to.questionnaire for item in new.index.items
              if item.parent is None and item.top.moved_to is not None}
    found: dict[str, Questionnaire] = {}
    for qid in sorted(wanted):
        entry = repo.latest(qid, near)
        if entry is not None and entry.questionnaire is not None:
            found[qid] = entry.questionnaire
    return found


def apply_plan(doc: ResponseDocument, plan: MigrationPlan, now: str) -> None:
    """Edit ``doc`` as ``plan`` says: answers carried, renamed, marked; moved and retired
    answers taken out of ``answers`` (retired ones into ``retired:``); the questionnaire
    named is the new version."""
    retired = list(doc.data.get("retired") or [])
    order = {item.id: item.position for item in plan.new.index.items}
    for fate in plan.fates:
        if fate.action == "keep":
            continue
        if fate.action == "carry":
            assert fate.new_id is not None
            if fate.new_id != fate.old_id:
                doc.rename(("answers", fate.old_id), fate.new_id)
            before = [k for k in doc.answers if order.get(k, -1) < order.get(fate.new_id, 0)]
            doc.set(("answers", fate.new_id), dict(fate.entry), after=before)
            continue
        doc.delete(("answers", fate.old_id))
        if fate.action == "retire":
            retired.append(_retired(fate, plan.old.version, now))
    if retired:
        doc.set(("retired",), retired)
    doc.set(("questionnaire",), {"id": plan.new.id, "version": plan.new.version,
                                 "hash": plan.new.content_hash})
    doc.set(("updated",), now)


def _retired(fate: Fate, version: str, now: str) -> dict[str, Any]:
    out: dict[str, Any] = {"question": fate.old_id, "version": version,
                           "reason": fate.reason, "detail": fate.detail,
                           "value": fate.entry.get("value")}
    if fate.entry.get("answered_at") is not None:
        out["answered_at"] = fate.entry["answered_at"]
    out["retired_at"] = now
    return out


def _moved_text(path: Path, target: Questionnaire, data: Mapping[str, Any],
                fates: list[Fate], now: str, source: str) -> tuple[str, FileStyle]:
    """The text of the State's response to ``target`` with the moved answers added."""
    country = data["country"]
    if path.exists():
        text, existing, style = _read(path)
        ref = existing.get("questionnaire") or {}
        if ref.get("id") != target.id or existing.get("country") != country:
            raise TipqError(f"{path} is not the response of {country} to '{target.id}'; "
                            "move it away, or give another folder with --moved-dir")
        doc = ResponseDocument.parse(text, file=str(path), style=style, data=existing)
    else:
        head = {"questionnaire": {"id": target.id, "version": target.version,
                                  "hash": target.content_hash},
                "country": country, "status": "draft", "created": now, "updated": now}
        text = (f"# Response of {country} to '{target.id}' (version {target.version}).\n"
                f"# Started by tipq migrate with the answers to questions moved from {source}.\n"
                f"# Check it with: tipq validate {path}\n"
                + dump_fragment(head) + "answers: {}\n")
        style = FileStyle()
        doc = ResponseDocument.parse(text, file=str(path), style=style)
    order = {item.id: item.position for item in target.index.items}
    retired = list(doc.data.get("retired") or [])
    changed = False
    for fate in fates:
        assert fate.new_id is not None
        if fate.new_id in doc.answers:
            if doc.answers[fate.new_id].get("value") != fate.value:
                retired.append(_retired(Fate("retire", fate.old_id, fate.entry,
                                             reason="conflict",
                                             detail=f"'{fate.new_id}' was already answered "
                                             "here; this is the answer given to "
                                             f"'{fate.old_id}' in {source}"), source, now))
                changed = True
            continue
        before = [k for k in doc.answers if order.get(k, -1) < order.get(fate.new_id, 0)]
        doc.set(("answers", fate.new_id), dict(fate.entry), after=before)
        changed = True
    if retired != list(doc.data.get("retired") or []):
        doc.set(("retired",), retired)
    if changed and path.exists():
        doc.set(("updated",), now)
    _check(doc.data, path)
    return doc.text(), doc.style


def _check(data: Mapping[str, Any], path: Path) -> None:
    try:
        Response.model_validate(data)
    except ValidationError as e:  # pragma: no cover - would be a bug in the plan
        raise TipqError(f"the migrated {path} would not be a valid response: {e}") from e


def migrate_document(doc: ResponseDocument, path: Path, new: Questionnaire,
                     repo: QuestionnaireRepository, *, dry_run: bool = False,
                     backup_suffix: str | None = None, moved_dir: Path | None = None,
                     clock: Clock = _now, original: bytes | None = None) -> FileMigration:
    """Migrate the response held in ``doc`` (read from ``path``) to ``new``: edits ``doc``,
    writes the backup of ``original`` and the moved answers' files (not ``path`` itself)."""
    result = FileMigration(path)
    ref = doc.data.get("questionnaire") or {}
    if ref.get("id") != new.id:
        raise TipqError(f"it answers the questionnaire '{ref.get('id')}', not '{new.id}'; "
                        f"give --to a version of '{ref.get('id')}'")
    result.from_version = str(ref.get("version"))
    if ref.get("version") == new.version and ref.get("hash") == new.content_hash:
        result.state = "up-to-date"
        return result
    old = find_in(repo, new.id, str(ref.get("version")), response=path,
                  digest=ref.get("hash"))
    if old is None:
        raise TipqError(f"version {ref.get('version')} of '{new.id}', which it was written "
                        "for, was not found; pass that questionnaire file with "
                        "--questionnaire PATH")
    if old.content_hash != ref.get("hash") and old.version == new.version:
        raise TipqError(f"it names version {new.version} of '{new.id}' with another hash "
                        f"({ref.get('hash')}); the file it was written for is needed: pass "
                        "it with --questionnaire PATH")
    targets = targets_for(old, new, repo, path)
    plan = plan_migration(doc.answers, old, new, targets)
    result.plan = plan
    now = _stamp(clock())
    moved_texts: dict[str, tuple[Path, str, FileStyle]] = {}
    for qid, fates in plan.moved_to().items():
        target_path = moved_path(path, qid, moved_dir)
        text, style = _moved_text(target_path, targets[qid], doc.data, fates, now,
                                  f"{new.id} version {old.version}")
        moved_texts[qid] = (target_path, text, style)
        result.moved_files[qid] = target_path
    apply_plan(doc, plan, now)
    _check(doc.data, path)
    if dry_run:
        return result
    if original is not None:
        result.backup = backup_path(path, old.version, backup_suffix)
        with open(result.backup, "xb") as f:
            f.write(original)
    for target_path, text, style in moved_texts.values():
        target_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target_path, style.apply(text))
    return result


def migrate_file(path: Path, new: Questionnaire, repo: QuestionnaireRepository, *,
                 dry_run: bool = False, backup_suffix: str | None = None,
                 moved_dir: Path | None = None, clock: Clock = _now) -> FileMigration:
    """Migrate one response file to ``new``; a problem is returned, never raised."""
    try:
        raw = read_bytes(path)
        text, data, style = _read(path)
        doc = ResponseDocument.parse(text, file=str(path), style=style, data=data)
        result = migrate_document(doc, path, new, repo, dry_run=dry_run,
                                  backup_suffix=backup_suffix, moved_dir=moved_dir,
                                  clock=clock, original=raw)
        if result.state == "migrated" and not dry_run:
            atomic_write_text(path, doc.file_text())
        return result
    except (TipqError, OSError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        return FileMigration(path, "failed", problem=reason)


def iter_migrate(paths: Iterable[Path], new: Questionnaire, repo: QuestionnaireRepository,
                 **options: Any) -> Iterator[FileMigration]:
    """:func:`migrate_file` over a batch, one file at a time (memory flat in the count)."""
    for path in paths:
        yield migrate_file(path, new, repo, **options)


__all__ = ["FileMigration", "apply_plan", "backup_path", "iter_migrate", "migrate_document",
           "migrate_file", "migrate_for_interview", "moved_path", "targets_for"]


def migrate_for_interview(doc: ResponseDocument, path: Path, new: Questionnaire,
                          clock: Clock = _now) -> bool:
    """``tipq interview --update-questionnaire`` on a response written for another version:
    :func:`migrate_document` with the questionnaires near the response and those shipped
    (backup and moved answers written; the store saves ``doc``). False when the version it
    was written for is not found (the caller then only names the new version)."""
    try:
        original = read_bytes(path)
        migrate_document(doc, path, new, QuestionnaireRepository.build(), clock=clock,
                         original=original)
    except TipqError:
        return False
    return True
