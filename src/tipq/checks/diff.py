"""``tipq diff``: what changed between two versions of a questionnaire, keyed by stable id.

:func:`diff_questionnaires` returns a :class:`QuestionnaireDiff`, data only; the renderers in
:mod:`tipq.render.diff_output` write it as text, Markdown, HTML or JSON. Items are matched by
id and through ``replaces`` (:mod:`tipq.core.lineage`), never by position, so renumbering is
one change, not fifty.

Each change has an :data:`Impact`: ``harmless`` (answers stay as they are: a renumbering, a
new negotiation status, an option added or renamed) or ``review`` (a State should look at its
answer again: the question was reworded, re-tagged, moved, removed or added, its options
shrank, its condition or its kind of answer changed).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from tipq.core.lineage import build_lineage, option_codes, renamed_codes
from tipq.core.questionnaire import Item, Questionnaire

Impact = Literal["harmless", "review"]

#: Every kind of change, with its impact on the answers already given.
IMPACT_BY_KIND: dict[str, Impact] = {
    "added": "review",
    "removed": "review",
    "moved": "review",
    "replaced": "review",
    "renumbered": "harmless",
    "reworded": "review",
    "re-tagged": "review",
    "status": "harmless",
    "options-added": "harmless",
    "options-removed": "review",
    "options-renamed": "harmless",
    "condition": "review",
    "answer-kind": "review",
    "answer-form": "review",
    "guidance": "harmless",
    "alternatives": "harmless",
    "provisions": "harmless",
}
KINDS: tuple[str, ...] = tuple(IMPACT_BY_KIND)


@dataclass(frozen=True)
class Token:
    """A run of a redline: kept (``equal``), ``insert``-ed or ``delete``-d text."""

    op: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True)
class Change:
    """One change to one question or follow-up."""

    kind: str
    id: str  # the id in the new version (the old id for a removed or moved item)
    label: str  # its display number ("12", "12(a)")
    old_id: str | None = None  # the id it had, when it is another (replaced)
    old_label: str | None = None
    field: str | None = None  # requirement, obligation, guidance...
    old: Any = None
    new: Any = None
    lang: str | None = None  # for a rewording: the language of the redline
    redline: tuple[Token, ...] = ()
    target: str | None = None  # for a move: "questionnaire-id:question-id"
    top: bool = True  # a numbered question (False: a follow-up)

    @property
    def impact(self) -> Impact:
        return IMPACT_BY_KIND[self.kind]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "impact": self.impact, "id": self.id,
                               "label": self.label}
        for name in ("old_id", "old_label", "field", "old", "new", "lang", "target"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.redline:
            out["redline"] = [{"op": t.op, "text": t.text} for t in self.redline]
        out["question"] = self.top
        return out


@dataclass(frozen=True)
class VersionRef:
    id: str
    version: str
    status: str
    hash: str
    file: str = ""

    @classmethod
    def of(cls, q: Questionnaire, file: str = "") -> VersionRef:
        return cls(q.id, q.version, q.status, q.content_hash, file)


@dataclass
class QuestionnaireDiff:
    old: VersionRef
    new: VersionRef
    changes: list[Change] = field(default_factory=list)
    #: Questionnaire-level fields that changed: (field, old, new).
    header: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.changes and not self.header

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for c in self.changes:
            out[c.kind] += 1
        return {k: v for k, v in out.items() if v}

    def needs_review(self) -> list[Change]:
        return [c for c in self.changes if c.impact == "review"]

    def by_question(self) -> list[tuple[str, str, list[Change]]]:
        """The changes grouped under their numbered question: (label, id, changes)."""
        groups: dict[str, tuple[str, str, list[Change]]] = {}
        for c in self.changes:
            key = c.label.split("(")[0]
            if key not in groups:
                groups[key] = (key, c.id if c.top else "", [])
            elif c.top and not groups[key][1]:
                groups[key] = (key, c.id, groups[key][2])
            groups[key][2].append(c)
        return list(groups.values())

    def to_dict(self) -> dict[str, Any]:
        def ref(r: VersionRef) -> dict[str, Any]:
            return {"id": r.id, "version": r.version, "status": r.status, "hash": r.hash,
                    "file": r.file}

        return {
            "old": ref(self.old),
            "new": ref(self.new),
            "header": [{"field": f, "old": o, "new": n} for f, o, n in self.header],
            "summary": {"changes": len(self.changes),
                        "needs_review": len(self.needs_review()), "by_kind": self.counts()},
            "changes": [c.to_dict() for c in self.changes],
        }


# --- redlines -----------------------------------------------------------------------------

_WORDS = re.compile(r"\s+|[^\s]+")


def tokenize(text: str, lang: str | None = None) -> list[str]:
    """Words and the blanks between them; characters for Chinese (written without blanks)."""
    if lang == "zh":
        return list(text)
    return _WORDS.findall(text)


def redline(old: str, new: str, lang: str | None = None) -> tuple[Token, ...]:
    """A word-level redline of ``old`` into ``new`` (difflib over words)."""
    a, b = tokenize(old, lang), tokenize(new, lang)
    out: list[Token] = []

    def add(op: Literal["equal", "insert", "delete"], words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Token(op, out[-1].text + text)
        else:
            out.append(Token(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return tuple(out)


# --- the diff -----------------------------------------------------------------------------


def diff_questionnaires(old: Questionnaire, new: Questionnaire, *, old_file: str = "",
                        new_file: str = "") -> QuestionnaireDiff:
    """Every change from ``old`` to ``new``, in the new version's order (moved and removed
    items after, in the old version's order)."""
    result = QuestionnaireDiff(VersionRef.of(old, old_file), VersionRef.of(new, new_file))
    result.header = list(_header(old, new))
    lineage = build_lineage(old, new)
    carried: set[str] = set()
    for item in new.index.items:
        sources = lineage.predecessors(item.id)
        if not sources:
            result.changes.append(_change("added", item))
            continue
        for old_id in sources:
            carried.add(old_id)
            before = old.index.by_id[old_id]
            if item.top.is_moved and not before.top.is_moved:
                continue  # reported with the old question below
            result.changes.extend(_compare(before, item))
    for before in old.index.items:
        if before.id in carried and not _newly_moved(before, new):
            continue
        if _newly_moved(before, new):
            if before.parent is None:
                moved = new.index.by_id[before.id].top.moved_to
                assert moved is not None
                result.changes.append(_change(
                    "moved", before, target=f"{moved.questionnaire}:{moved.question}"))
            continue
        result.changes.append(_change("removed", before))
    return result


def _newly_moved(before: Item, new: Questionnaire) -> bool:
    now = new.index.by_id.get(before.top.id)
    return now is not None and now.top.is_moved and not before.top.is_moved


def _change(kind: str, item: Item, **kw: Any) -> Change:
    return Change(kind, item.id, item.label, top=item.parent is None, **kw)


def _header(old: Questionnaire, new: Questionnaire) -> Iterator[tuple[str, Any, Any]]:
    for name in ("id", "version", "status", "source_document", "languages"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            yield name, a, b
    for name in ("title", "description"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            yield name, dict(a or {}), dict(b or {})


def _dump(value: Any) -> Any:
    if value is None or not hasattr(value, "model_dump"):
        return dict(value) if isinstance(value, dict) else value
    return value.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _compare(before: Item, after: Item) -> Iterator[Change]:
    """The changes from one old item to the new item that takes it over."""
    def change(kind: str, **kw: Any) -> Change:
        return _change(kind, after, **kw)

    if before.id != after.id:
        yield change("replaced", old_id=before.id, old_label=before.label)
    if after.parent is None and before.parent is None and before.label != after.label:
        yield change("renumbered", old_label=before.label, old=before.label, new=after.label)
    old_q, new_q = before.question, after.question
    for lang in sorted(set(old_q.text) | set(new_q.text)):
        a, b = old_q.text.get(lang, ""), new_q.text.get(lang, "")
        if a != b:
            yield change("reworded", field="text", lang=lang, old=a, new=b,
                         redline=redline(a, b, lang))
    if after.parent is None and before.parent is None:
        old_top, new_top = before.top, after.top
        tags = ("requirement", "obligation")
        a_tags = {name: getattr(old_top, name) for name in tags}
        b_tags = {name: getattr(new_top, name) for name in tags}
        if a_tags != b_tags:
            yield change("re-tagged", field="requirement", old=a_tags, new=b_tags)
        if old_top.status != new_top.status:
            yield change("status", field="status", old=old_top.status, new=new_top.status)
        if old_top.provisions != new_top.provisions:
            yield change("provisions", field="provisions", old=list(old_top.provisions),
                         new=list(new_top.provisions))
        if [_dump(a) for a in old_top.alternatives] != [_dump(a) for a in new_top.alternatives]:
            yield change("alternatives", field="alternatives", old=len(old_top.alternatives),
                         new=len(new_top.alternatives))
    if _dump(old_q.guidance) != _dump(new_q.guidance):
        yield change("guidance", field="guidance", old=_dump(old_q.guidance),
                     new=_dump(new_q.guidance))
    if _dump(old_q.when) != _dump(new_q.when):
        yield change("condition", field="when", old=_dump(old_q.when), new=_dump(new_q.when))
    yield from _compare_answers(before, after, change)


def _compare_answers(before: Item, after: Item, change: Any) -> Iterator[Change]:
    a, b = before.answer, after.answer
    if a is None or b is None:
        if (a is None) != (b is None):
            yield change("answer-kind", field="answer", old=getattr(a, "type", None),
                         new=getattr(b, "type", None))
        return
    if a.type != b.type:
        yield change("answer-kind", field="answer", old=a.type, new=b.type)
        return
    renamed = renamed_codes(after)
    old_codes = [renamed.get(c, c) for c in option_codes(before)]
    new_codes = option_codes(after)
    applied = {o: n for o, n in renamed.items() if o in option_codes(before)}
    if applied:
        yield change("options-renamed", field="options", old=list(applied),
                     new=list(applied.values()))
    added = [c for c in new_codes if c not in old_codes]
    removed = [c for c in old_codes if c not in new_codes]
    if added:
        yield change("options-added", field="options", new=added)
    if removed:
        yield change("options-removed", field="options", old=removed)
    skip = {"options", "renamed", "labels", "unit", "kinds"}
    rest_a = {k: v for k, v in (_dump(a) or {}).items() if k not in skip}
    rest_b = {k: v for k, v in (_dump(b) or {}).items() if k not in skip}
    if rest_a != rest_b:
        yield change("answer-form", field="answer", old=rest_a, new=rest_b)


__all__ = ["IMPACT_BY_KIND", "KINDS", "Change", "Impact", "QuestionnaireDiff", "Token",
           "VersionRef", "diff_questionnaires", "redline", "tokenize"]
