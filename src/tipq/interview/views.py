"""What a prompter shows: plain data built from the engine, in the chosen language.

Text missing in the chosen language falls back to English, and the view says so
(``*_fallback``), so that a prompter can mark it visibly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tipq.core.common import LocalizedText
from tipq.core.i18n import t
from tipq.core.kinds import kind_of
from tipq.core.languages import pick_text
from tipq.interview.engine import Interview, Progress, ReviewRow


@dataclass(frozen=True)
class Localized:
    text: str
    fallback: bool  # shown in another language than the one chosen

    @classmethod
    def of(cls, text: LocalizedText | None, lang: str) -> Localized | None:
        if not text:
            return None
        value, used = pick_text(text, lang)
        return cls(value, used != lang)


@dataclass(frozen=True)
class QuestionCard:
    label: str
    lang: str
    progress: Progress
    section: Localized
    annex: bool
    provisions: tuple[str, ...]
    requirement: str | None  # mandatory | non-mandatory (of the numbered question)
    negotiation: str | None  # under-discussion | no-consensus (None when agreed)
    text: Localized
    parent_text: Localized | None  # for a follow-up: its question's text
    guidance: Localized | None
    alternatives: tuple[Localized, ...]
    form: str  # the answer type
    options: tuple[tuple[int, str], ...]  # numbered choices, where the form has them
    unit: Localized | None = None
    current: str | None = None  # the saved answer, for display
    flagged: bool = False  # answered but no longer applies
    invalid: str | None = None  # why the saved answer breaks the rules
    allow: tuple[str, ...] = ()  # words for answering without a value (n/a, unknown...)
    unfinished: bool = False  # a list still being typed (citations saved so far)
    section_description: Localized | None = None  # shown on the first question of a section


@dataclass(frozen=True)
class ReviewView:
    lang: str
    sections: list[tuple[Localized, list[ReviewRow]]] = field(default_factory=list)
    answered: int = 0
    applicable: int = 0
    assistance: int = 0
    status: str = "draft"
    #: question label -> its text, shortened for the table
    texts: dict[str, str] = field(default_factory=dict)
    only_open: bool = False
    #: section number (0-based, in ``sections``) -> notes shown after it: numbers that
    #: are not used, and why (the questionnaire's ``retired_numbers``)
    gaps: dict[int, list[str]] = field(default_factory=dict)
    #: asked for (``review``): shown a screenful at a time in a terminal; the review shown
    #: on reaching the end is printed whole, its summary last, just above the prompt
    paged: bool = False

    @property
    def open(self) -> int:
        return self.applicable - self.answered


def build_card(interview: Interview, index: int, lang: str) -> QuestionCard:
    step = interview.steps[index]
    item = step.item
    top = item.top
    form = item.answer
    value = interview.values.get(item.id)
    kind = kind_of(form) if form is not None else None
    options: tuple[tuple[int, str], ...] = ()
    if kind is not None and kind.discrete:
        options = tuple((n, pick_text(o.label, lang)[0])
                        for n, o in enumerate(kind.options(form), 1))
    answered = interview.is_answered(item.id)
    problem = interview.invalid.get(item.id)
    first_in_section = index == 0 or interview.steps[index - 1].item.section.id != item.section.id
    return QuestionCard(
        label=item.label,
        lang=lang,
        progress=interview.progress(index),
        section=section_title(item.section.title, step.annex, lang),
        annex=step.annex,
        provisions=tuple(top.provisions),
        requirement=top.tag,
        negotiation=top.status if top.status in ("under-discussion", "no-consensus") else None,
        text=Localized.of(item.question.text, lang) or Localized("", False),
        parent_text=Localized.of(top.text, lang) if item.parent is not None else None,
        guidance=Localized.of(item.question.guidance, lang),
        alternatives=tuple(a for a in (Localized.of(x.text, lang) for x in
                                       (top.alternatives if item.parent is None else []))
                           if a is not None),
        form=form.type if form is not None else "none",
        options=options,
        unit=Localized.of(kind.unit(form), lang) if kind is not None else None,
        current=display_value(form, value, lang) if answered else None,
        flagged=answered and not interview.applies.get(item.id, False),
        invalid=f"{problem.problem}. {problem.fix}" if problem else None,
        allow=tuple(getattr(form, "allow", None) or ()),
        unfinished=item.id in interview.unfinished,
        section_description=Localized.of(item.section.description, lang)
        if first_in_section else None,
    )


def section_title(title: LocalizedText, annex: bool, lang: str) -> Localized:
    loc = Localized.of(title, lang) or Localized("", False)
    if annex:
        return Localized(f"{t('annex_title', lang)} · {loc.text}", loc.fallback)
    return loc


def display_value(form: Any, value: Any, lang: str) -> str:
    """A saved answer as a person reads it (labels, not stored values)."""
    from tipq.core.kinds import display_value as shown

    return shown(form, value, lang)


def shorten(text: str, width: int = 60) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters."""
    one = " ".join(text.split())
    if len(one) <= width:
        return one
    cut = one[:width - 1].rsplit(" ", 1)[0]
    return (cut if len(cut) > width // 2 else one[:width - 1]) + "…"


def retired_notes(interview: Interview, lang: str) -> dict[int, str]:
    """First retired number of each run of numbers with one reason -> the note saying so
    (``No question 45-54: moved to ...``)."""
    notes: dict[int, str] = {}
    runs: list[tuple[int, int, str]] = []
    q = interview.questionnaire
    reasons = {r.number: r.reason for r in q.retired_numbers}
    for item in q.index.items:  # moved questions (report para 30) are not asked either
        top = item.top
        if item.parent is None and top.is_moved:
            target = top.moved_to.questionnaire if top.moved_to else "?"
            reasons.setdefault(top.number, t("moved_reason", lang, target=target))
    for number, reason in sorted(reasons.items()):
        if runs and runs[-1][1] == number - 1 and runs[-1][2] == reason:
            runs[-1] = (runs[-1][0], number, reason)
        else:
            runs.append((number, number, reason))
    for first, last, reason in runs:
        numbers = str(first) if first == last else f"{first}–{last}"
        notes[first] = t("retired_note", lang, numbers=numbers, reason=reason)
    return notes


def build_review(interview: Interview, lang: str, status: str, *,
                 only_open: bool = False, paged: bool = False) -> ReviewView:
    rows = interview.review()
    by_key: dict[tuple[str, bool], list[ReviewRow]] = {}
    for row in rows:
        if only_open and row.state != "open":
            continue
        by_key.setdefault(row.section_key, []).append(row)
    sections = [(section_title(sec.title, annex, lang), by_key.get((sec.id, annex), []))
                for sec, annex in interview.sections_in_plan()]
    if only_open:
        sections = [(title, found) for title, found in sections if found]
    texts = {r.step.item.label: shorten(pick_text(r.step.item.top.text, lang)[0])
             for r in rows}
    gaps: dict[int, list[str]] = {}
    notes = retired_notes(interview, lang)
    if notes and not only_open:
        for first, note in notes.items():  # after the section holding the number before
            at = len(sections) - 1
            for i, (_, found) in enumerate(sections):
                if any(r.step.item.top.number < first for r in found):
                    at = i
            gaps.setdefault(at, []).append(note)
    answered, applicable = interview.counts()
    return ReviewView(lang, sections, answered, applicable,
                      sum(1 for r in rows if r.assistance), status, texts, only_open, gaps,
                      paged)
