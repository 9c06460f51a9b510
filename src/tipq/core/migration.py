"""The plan for moving a response's answers to another version of its questionnaire.

Pure: answers in, a :class:`MigrationPlan` out; :mod:`tipq.io.migration` applies it to
files. Every old answer has exactly one fate (:class:`Fate`):

- ``keep``: same id, same value, the question unchanged;
- ``carry``: to the new item that takes it over (same id or ``replaces``), option codes
  renamed (``renamed``), marked for review (``review: [...]``) when the question was reworded,
  re-tagged, replaced, lost options or changed its condition;
- ``move``: the question moved to another questionnaire (report para 30): the answer goes
  into the State's response to that questionnaire, marked ``review: [moved]``;
- ``retire``: no question takes it, or its value does not fit the new form: kept under
  ``retired:`` with the reason. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tipq.core.kinds import check_value
from tipq.core.lineage import (
    build_lineage,
    moved_item_id,
    moved_target,
    option_codes,
    renamed_codes,
)
from tipq.core.questionnaire import Item, Questionnaire

Action = Literal["keep", "carry", "move", "retire"]


@dataclass(frozen=True)
class Fate:
    """What happens to one old answer."""

    action: Action
    old_id: str
    entry: Mapping[str, Any]  # the new answer entry (value, answered_at, review)
    new_id: str | None = None  # the id it is answered under (here, or in ``target``)
    target: str | None = None  # for ``move``: the questionnaire id it goes to
    reason: str | None = None  # for ``retire``: a RetiredReason
    detail: str = ""  # for ``retire``: why, in words
    review: tuple[str, ...] = ()

    @property
    def value(self) -> Any:
        return self.entry.get("value")


@dataclass
class MigrationPlan:
    old: Questionnaire
    new: Questionnaire
    fates: list[Fate] = field(default_factory=list)

    def by_action(self, action: Action) -> list[Fate]:
        return [f for f in self.fates if f.action == action]

    @property
    def changes_answers(self) -> bool:
        return any(f.action != "keep" for f in self.fates)

    def moved_to(self) -> dict[str, list[Fate]]:
        out: dict[str, list[Fate]] = {}
        for f in self.by_action("move"):
            assert f.target is not None
            out.setdefault(f.target, []).append(f)
        return out


def _review_reasons(before: Item, after: Item, via_replaces: bool) -> list[str]:
    reasons: list[str] = []
    if before.question.text != after.question.text:
        reasons.append("reworded")
    if before.parent is None and after.parent is None:
        a, b = before.top, after.top
        if (a.requirement, a.obligation) != (b.requirement, b.obligation):
            reasons.append("re-tagged")
    if via_replaces:
        reasons.append("replaced")
    renamed = renamed_codes(after)
    old_codes = {renamed.get(c, c) for c in option_codes(before)}
    if old_codes - set(option_codes(after)):
        reasons.append("options-changed")
    if _dump(before.question.when) != _dump(after.question.when):
        reasons.append("condition-changed")
    return reasons


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True) if model else None


def rename_value(value: Any, renamed: Mapping[str, str]) -> Any:
    """``value`` with its option codes renamed (a choice, or a multi-choice list)."""
    if not renamed:
        return value
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [renamed.get(v, v) for v in value]
    return value


def _entry(old_entry: Mapping[str, Any], value: Any, review: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value}
    if old_entry.get("answered_at") is not None:
        out["answered_at"] = old_entry["answered_at"]
    marks = [r for r in (old_entry.get("review") or []) if isinstance(r, str)]
    for r in review:
        if r not in marks:
            marks.append(r)
    if marks:
        out["review"] = marks
    return out


def plan_migration(answers: Mapping[str, Any], old: Questionnaire, new: Questionnaire,
                   targets: Mapping[str, Questionnaire] | None = None) -> MigrationPlan:
    """The fate of each answer in ``answers`` (id -> entry, as in the file) when the response
    moves from ``old`` to ``new``. ``targets``: the questionnaires moved questions went to,
    by id (a moved answer whose questionnaire is not there is retired, with the reason)."""
    plan = MigrationPlan(old, new)
    lineage = build_lineage(old, new)
    targets = targets or {}
    taken: set[str] = set()  # new ids already answered by an earlier old answer
    moved_taken: set[tuple[str, str]] = set()

    def retire(old_id: str, entry: Mapping[str, Any], reason: str, detail: str) -> None:
        plan.fates.append(Fate("retire", old_id, dict(entry), reason=reason, detail=detail))

    for old_id, entry in answers.items():
        if not isinstance(entry, Mapping):
            entry = {"value": entry}
        before = old.index.by_id.get(old_id)
        if before is None:
            if old_id in new.index.by_id and old_id not in taken:
                taken.add(old_id)
                plan.fates.append(Fate("keep", old_id, dict(entry), new_id=old_id))
            else:
                retire(old_id, entry, "removed", f"'{old_id}' is not a question of version "
                       f"{old.version} nor of version {new.version}")
            continue
        where = moved_target(before, new)
        if where is not None:
            target_qid, target_question = where
            target = targets.get(target_qid)
            if target is None:
                retire(old_id, entry, "moved-unmapped", f"question {before.top.number} moved "
                       f"to '{target_qid}', which was not found")
                continue
            new_id = moved_item_id(before, target_question, target)
            if new_id is None:
                retire(old_id, entry, "moved-unmapped", f"question {before.top.number} moved "
                       f"to '{target_qid}' question '{target_question}', which has no "
                       f"item for '{old_id}'")
                continue
            problem = check_value(target.index.by_id[new_id].answer, entry.get("value"))
            if problem is not None:
                retire(old_id, entry, "not-valid", f"moved to '{target_qid}' question "
                       f"'{new_id}', whose answer form does not take it: {problem.problem}")
                continue
            if (target_qid, new_id) in moved_taken:
                retire(old_id, entry, "conflict", f"another answer already goes to "
                       f"'{target_qid}' question '{new_id}'")
                continue
            moved_taken.add((target_qid, new_id))
            plan.fates.append(Fate("move", old_id, _entry(entry, entry.get("value"), ["moved"]),
                                   new_id=new_id, target=target_qid, review=("moved",)))
            continue
        new_id = lineage.successor.get(old_id)
        if new_id is None:
            retire(old_id, entry, "removed", f"version {new.version} has no question that "
                   f"takes over '{old_id}' (question {before.label} of version {old.version})")
            continue
        after = new.index.by_id[new_id]
        if new_id in taken:
            retire(old_id, entry, "conflict", f"another answer already carries to '{new_id}'")
            continue
        value = rename_value(entry.get("value"), renamed_codes(after))
        if after.answer is None:
            retire(old_id, entry, "removed", f"'{new_id}' takes no answer in version "
                   f"{new.version}")
            continue
        problem = check_value(after.answer, value)
        if problem is not None:
            retire(old_id, entry, "not-valid", f"the answer does not fit question "
                   f"{after.label} ('{new_id}') of version {new.version}: {problem.problem}")
            continue
        taken.add(new_id)
        reasons = _review_reasons(before, after, old_id in lineage.via_replaces)
        new_entry = _entry(entry, value, reasons)
        action: Action = ("keep" if new_id == old_id and new_entry == dict(entry)
                          else "carry")
        plan.fates.append(Fate(action, old_id, new_entry, new_id=new_id,
                               review=tuple(reasons)))
    return plan


__all__ = ["Fate", "MigrationPlan", "plan_migration", "rename_value"]
