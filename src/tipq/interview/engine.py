"""The interview engine: which question comes next, progress, review, and what an answer
changes. Pure: no I/O, no clock, no terminal; the session drives it.

Questions are asked in a *plan*, the questionnaire's items in one of the para 32 layouts
(:mod:`tipq.core.layouts`, shared with ``tipq show`` and ``tipq export``): ``document``,
``mandatory-first`` or ``annex`` (the non-mandatory questions in a final annex section).

Moved questions (report para 30) are not in the plan: they are never asked. Follow-ups stay
with their question and apply only when their ``when`` holds (:mod:`tipq.core.conditions`).
Every applicable question must be answered before a response is submitted, mandatory or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tipq.core.answers import Problem, is_answered
from tipq.core.completion import completion
from tipq.core.conditions import applicability, blocking_condition
from tipq.core.kinds import check_value, kind_of
from tipq.core.layouts import LAYOUTS, Layout, layout_parts
from tipq.core.questionnaire import Item, Questionnaire, Section

Order = Layout
ORDERS: tuple[Order, ...] = LAYOUTS


@dataclass(frozen=True)
class Step:
    """One item of the plan; ``annex`` when it is shown in the final annex section."""

    item: Item
    annex: bool = False

    @property
    def id(self) -> str:
        return self.item.id


@dataclass(frozen=True)
class Progress:
    number: int  # this question's rank among the numbered questions asked (1-based)
    total: int  # numbered questions that apply
    answered: int  # applicable items (questions and follow-ups) answered
    applicable: int
    section_index: int  # 1-based, in plan order
    section_count: int

    @property
    def percent(self) -> int:
        return 100 * self.answered // self.applicable if self.applicable else 100


@dataclass(frozen=True)
class ReviewRow:
    """One numbered question in the review table, with its follow-ups folded in."""

    step: Step
    state: Literal["answered", "open", "not-applicable"]
    open_items: int
    assistance: bool  # technical assistance requested under this question
    flagged: tuple[str, ...]  # labels of answered follow-ups that no longer apply
    section_key: tuple[str, bool]  # (innermost section id, annex)


@dataclass(frozen=True)
class Change:
    """What an answer did to the rest of the plan."""

    flagged: tuple[Item, ...] = ()  # answered items that no longer apply (kept, flagged)
    opened: tuple[Item, ...] = ()  # items that now apply and are open
    unflagged: tuple[Item, ...] = ()  # flagged items that apply again


def build_plan(questionnaire: Questionnaire, order: Order = "document") -> list[Step]:
    """The items to ask, in ``order``; moved questions are left out."""
    groups: dict[str, list[Item]] = {}  # top question id -> its items, in document order
    for item in questionnaire.index.items:
        groups.setdefault(item.top.id, []).append(item)
    parts = layout_parts(questionnaire, order, keep=lambda q: not q.is_moved)
    return [Step(item, annex=part.annex) for part in parts for qid in part.question_ids
            for item in groups[qid]]


@dataclass
class Interview:
    """The state of one interview: the plan and the answers given so far (id -> value)."""

    questionnaire: Questionnaire
    values: dict[str, Any] = field(default_factory=dict)
    order: Order = "document"
    #: Answers a migration marked for review: open, and asked first (``next_open``).
    to_review: set[str] = field(default_factory=set)
    #: answers still being typed (citations saved one at a time): open until finished
    unfinished: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.steps = build_plan(self.questionnaire, self.order)
        self._position = {s.id: i for i, s in enumerate(self.steps)}
        self._refresh()

    # --- state ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.applies: dict[str, bool] = applicability(self.questionnaire, self.values)
        #: stored answers that break the answer rules (e.g. edited by hand): asked again
        self.invalid: dict[str, Problem] = {}
        for s in self.steps:
            value = self.values.get(s.id)
            if s.item.answer is not None and is_answered(value):
                problem = check_value(s.item.answer, value)
                if problem is not None:
                    self.invalid[s.id] = problem

    def replace_values(self, values: Mapping[str, Any],
                       unfinished: set[str] | None = None) -> None:
        """Take the answers as they are now (e.g. the file was edited by hand meanwhile)."""
        self.values = dict(values)
        if unfinished is not None:
            self.unfinished = set(unfinished)
        self._refresh()

    def is_answered(self, item_id: str) -> bool:
        return is_answered(self.values.get(item_id))

    def counts_for(self, item_id: str) -> bool:
        """Whether the item applies and takes an answer (a lead-in with no form does not)."""
        item = self.questionnaire.index.by_id[item_id]
        return item.answer is not None and self.applies.get(item_id, False)

    def is_open(self, index: int) -> bool:
        sid = self.steps[index].id
        return self.counts_for(sid) and (not self.is_answered(sid) or sid in self.invalid
                                         or sid in self.to_review
                                         or sid in self.unfinished)

    def open_indices(self) -> list[int]:
        return [i for i in range(len(self.steps)) if self.is_open(i)]

    def next_open(self, after: int = -1, skipped: frozenset[str] | set[str] = frozenset()
                  ) -> int | None:
        """The first open step after ``after`` not in ``skipped``; then from the start.
        Answers marked for review come first, in plan order."""
        n = len(self.steps)
        for i, s in enumerate(self.steps):
            if s.id in self.to_review and s.id not in skipped and self.is_open(i):
                return i
        for k in range(1, n + 1):
            i = (after + k) % n if after >= 0 else k - 1
            if self.is_open(i) and self.steps[i].id not in skipped:
                return i
        return None

    def previous(self, index: int) -> int | None:
        """The applicable step before ``index`` in the plan (for ``back`` in a new sitting)."""
        for i in range(index - 1, -1, -1):
            if self.counts_for(self.steps[i].id):
                return i
        return None

    def flagged(self) -> list[Item]:
        """Answered items that do not apply (kept in the file, never deleted)."""
        return [s.item for s in self.steps
                if self.is_answered(s.id) and not self.applies.get(s.id, False)]

    def index_of(self, item_id: str) -> int | None:
        return self._position.get(item_id)

    # --- answering -----------------------------------------------------------------------

    def answer(self, item_id: str, value: Any) -> Change:
        """Record ``value`` (already checked) and say which items it flagged or opened."""
        before = dict(self.applies)
        self.values[item_id] = value
        self.to_review.discard(item_id)
        self.unfinished.discard(item_id)
        self._refresh()
        flagged: list[Item] = []
        opened: list[Item] = []
        unflagged: list[Item] = []
        for s in self.steps:
            was, now = before.get(s.id, False), self.applies.get(s.id, False)
            if was == now:
                continue
            if self.is_answered(s.id):
                (flagged if was else unflagged).append(s.item)
            elif now:
                opened.append(s.item)
        return Change(tuple(flagged), tuple(opened), tuple(unflagged))

    # --- navigation ----------------------------------------------------------------------

    def find(self, label: str) -> Item | None:
        """The item whose display number is ``label`` (``12``, ``12(a)``, ``12a``) or id."""
        want = label.strip().lower().replace(" ", "")
        for item in self.questionnaire.index.items:
            lab = item.label.lower()
            if want in (lab, lab.replace("(", "").replace(")", ""), item.id):
                return item
        return None

    def why_not_asked(self, item: Item) -> tuple[str, str | None]:
        """Why ``item`` is not asked: ``("moved", None)`` or ``("blocked", question id)``."""
        if item.top.is_moved:
            return "moved", None
        return "blocked", blocking_condition(item, self.values, self.applies)

    # --- progress and review -------------------------------------------------------------

    def _section_keys(self) -> list[tuple[str, bool]]:
        keys: list[tuple[str, bool]] = []
        for s in self.steps:
            if self.applies.get(s.id, False):
                key = (s.item.section.id, s.annex)
                if key not in keys:
                    keys.append(key)
        return keys

    def progress(self, index: int) -> Progress:
        step = self.steps[index]
        tops = [s for s in self.steps if s.item.parent is None and self.applies.get(s.id, False)]
        top_ids = [s.id for s in tops]
        number = top_ids.index(step.item.top.id) + 1 if step.item.top.id in top_ids else 0
        answered, applicable_n = self.counts()
        keys = self._section_keys()
        key = (step.item.section.id, step.annex)
        section_index = keys.index(key) + 1 if key in keys else 0
        return Progress(number, len(tops), answered, applicable_n, section_index, len(keys))

    def counts(self) -> tuple[int, int]:
        """(answered, applicable) over questions and follow-ups: the one count
        (:func:`tipq.core.completion.completion`) that ``tipq validate`` reports too."""
        done = completion(self.questionnaire, self.values, applies=self.applies,
                          invalid=self.invalid, unfinished=self.unfinished)
        return done.answered, done.applicable

    def review(self) -> list[ReviewRow]:
        rows: list[ReviewRow] = []
        blocks: dict[str, list[Step]] = {}
        for s in self.steps:
            blocks.setdefault(s.item.top.id, []).append(s)
        for block in blocks.values():
            head = block[0]
            open_items = sum(1 for s in block if self.is_open(self._position[s.id]))
            if not self.applies.get(head.id, False):
                state: Literal["answered", "open", "not-applicable"] = "not-applicable"
            else:
                state = "open" if open_items else "answered"
            assistance = any(s.item.answer is not None and self.applies.get(s.id, False)
                             and kind_of(s.item.answer).requests_assistance(
                                 self.values.get(s.id)) for s in block)
            flagged = tuple(s.item.label for s in block
                            if self.is_answered(s.id) and not self.applies.get(s.id, False))
            rows.append(ReviewRow(head, state, open_items, assistance, flagged,
                                  (head.item.section.id, head.annex)))
        return rows

    def sections_in_plan(self) -> list[tuple[Section, bool]]:
        """Each (innermost section, annex) in plan order, once."""
        seen: list[tuple[str, bool]] = []
        out: list[tuple[Section, bool]] = []
        for s in self.steps:
            key = (s.item.section.id, s.annex)
            if key not in seen:
                seen.append(key)
                out.append((s.item.section, s.annex))
        return out
