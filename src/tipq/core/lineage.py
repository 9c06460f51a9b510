"""How the items of one questionnaire version descend from those of another.

A question or follow-up of the new version takes over the answers of the item of the old
version with the same id, and of the ids it lists under ``replaces``; a choice's
``renamed: {old: new}`` says which option codes changed. A question the new version marks
``status: moved`` goes, with its follow-ups, to the question ``moved_to`` names in another
questionnaire: the follow-up ``<old question id>-<rest>`` becomes ``<target id>-<rest>``
when the target has it (docs/versions.md).

Pure: no I/O. ``tipq check`` (Q119-Q121), ``tipq diff`` and ``tipq migrate`` share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tipq.core.questionnaire import Item, Questionnaire


@dataclass(frozen=True)
class Lineage:
    """Old item id -> the new item that takes it over (when one does)."""

    old: Questionnaire
    new: Questionnaire
    successor: dict[str, str]  # old id -> new id (same id, or through ``replaces``)
    via_replaces: frozenset[str]  # old ids carried through ``replaces``

    def predecessors(self, new_id: str) -> list[str]:
        return [o for o, n in self.successor.items() if n == new_id]


def build_lineage(old: Questionnaire, new: Questionnaire) -> Lineage:
    """Which new item takes over each old one. ``replaces`` wins over a same id."""
    successor: dict[str, str] = {}
    via: set[str] = set()
    for item in new.index.items:
        for old_id in item.question.replaces:
            if old_id in old.index.by_id and old_id not in successor:
                successor[old_id] = item.id
                via.add(old_id)
    for item in old.index.items:
        if item.id not in successor and item.id in new.index.by_id:
            successor[item.id] = item.id
    return Lineage(old, new, successor, frozenset(via))


def renamed_codes(item: Item) -> dict[str, str]:
    """The ``renamed`` codes of an item's answer form (empty when none)."""
    renamed = getattr(item.answer, "renamed", None)
    return dict(renamed) if renamed else {}


def option_codes(item: Item) -> list[str]:
    """The option codes of a choice or multi-choice item (empty for other kinds)."""
    options = getattr(item.answer, "options", None)
    return [o.value for o in options] if options else []


def moved_target(old_item: Item, new: Questionnaire) -> tuple[str, str] | None:
    """Where an old item went when the new version moved its question: (questionnaire id,
    question id of the target questionnaire, before the follow-up mapping)."""
    new_top = new.index.by_id.get(old_item.top.id)
    if new_top is None or not new_top.top.is_moved or new_top.top.moved_to is None:
        return None
    return new_top.top.moved_to.questionnaire, new_top.top.moved_to.question


def moved_item_id(old_item: Item, target_question: str, target: Questionnaire) -> str | None:
    """The id in ``target`` that takes an old item of a moved question: the target question
    itself for the question, ``<target>-<rest>`` for its follow-up ``<question>-<rest>``;
    or an item of ``target`` that lists the old id under ``replaces``."""
    for item in target.index.items:
        if old_item.id in item.question.replaces:
            return item.id
    if old_item.parent is None:
        return target_question if target_question in target.index.by_id else None
    prefix = old_item.top.id + "-"
    if old_item.id.startswith(prefix):
        candidate = f"{target_question}-{old_item.id[len(prefix):]}"
        found = target.index.by_id.get(candidate)
        if found is not None and found.top.id == target_question:
            return candidate
    return None


def kind_name(item: Item) -> str | None:
    answer: Any = item.answer
    return answer.type if answer is not None else None


__all__ = ["Lineage", "build_lineage", "kind_name", "moved_item_id", "moved_target",
           "option_codes", "renamed_codes"]
