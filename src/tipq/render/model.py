"""What the non-paper contains: one model, built once, read by every renderer.

:func:`build_nonpaper` takes a :class:`~tipq.core.questionnaire.Questionnaire`, the :class:`Filters`
chosen and a layout, and returns a :class:`NonPaper`: the title block, the parts (main
text, the second part or the annex of report para 32), the questions with their tags,
alternative wordings and follow-ups grouped under the answer that triggers them, the list
of moved questions (para 30) and the summary counts. Every text is already picked in the
chosen language, with a flag when it had to fall back to another one. Renderers
(:mod:`tipq.render.terminal`, ``markdown``, ``html``) only lay this out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tipq.core.common import LocalizedText
from tipq.core.kinds import kind_of, options_of
from tipq.core.languages import RTL_LANGUAGES, pick_text
from tipq.core.layouts import Part as LayoutPart
from tipq.core.layouts import check_layout, layout_parts
from tipq.core.provisions import INSTRUMENT_NAMES
from tipq.core.questionnaire import (
    FollowUp,
    Question,
    Questionnaire,
    Section,
    When,
)
from tipq.render.filters import OBLIGATIONS, REQUIREMENTS, STATUSES, Filters
from tipq.render.labels import format_version, isolate, t

# --- the pieces ------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text of the questionnaire in the language shown; ``lang`` is the one it is in."""

    value: str
    lang: str
    fallback: bool = False  # True: the chosen language was missing

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGUAGES


@dataclass(frozen=True)
class AnswerView:
    """How a question is answered: a short description and, for choices, the options."""

    kind: str  # the answer type: closed, choice, text, ...
    description: str  # in the language shown; may be "" when options say it all
    options: tuple[Text, ...] = ()
    multiple: bool = False


@dataclass(frozen=True)
class Alternative:
    n: int
    text: Text
    note: Text | None


@dataclass(frozen=True)
class FollowUpView:
    id: str
    label: str  # "1(a)"
    text: Text
    guidance: Text | None
    answer: AnswerView


@dataclass(frozen=True)
class FollowUpGroup:
    """Consecutive follow-ups asked on the same condition (``trigger`` None: always)."""

    trigger: str | None
    items: tuple[FollowUpView, ...]


@dataclass(frozen=True)
class QuestionView:
    id: str
    number: int
    text: Text
    requirement: str | None  # mandatory | non-mandatory | None (untagged)
    obligation: str | None
    status: str
    provisions: tuple[str, ...]  # as shown: "art. 5(2)(a)"
    alternatives: tuple[Alternative, ...]
    guidance: Text | None
    answer: AnswerView | None
    condition: str | None  # "Asked only if ..."
    follow_ups: tuple[FollowUpGroup, ...]
    moved_to: str | None  # where it went, as shown

    @property
    def label(self) -> str:
        return str(self.number)

    @property
    def bracketed(self) -> bool:
        """No consensus (report para 31): the text and its alternatives go in brackets."""
        return self.status == "no-consensus"

    @property
    def moved(self) -> bool:
        return self.status == "moved"

    def iter_follow_ups(self) -> Iterable[FollowUpView]:
        for group in self.follow_ups:
            yield from group.items


@dataclass(frozen=True)
class SectionView:
    id: str
    title: Text
    description: Text | None
    depth: int  # 0 for a top-level section
    questions: tuple[QuestionView, ...]
    sections: tuple[SectionView, ...]

    def iter_questions(self) -> Iterable[QuestionView]:
        yield from self.questions
        for s in self.sections:
            yield from s.iter_questions()


@dataclass(frozen=True)
class Part:
    """A part of the text: ``key`` body (untitled), mandatory, non-mandatory or none."""

    key: str
    title: str | None
    sections: tuple[SectionView, ...]
    annex: bool = False

    def iter_questions(self) -> Iterable[QuestionView]:
        for s in self.sections:
            yield from s.iter_questions()


@dataclass(frozen=True)
class MovedRow:
    number: int
    id: str
    where: str


@dataclass(frozen=True)
class SummaryRow:
    group: str  # requirement | obligation | status
    key: str  # e.g. mandatory, or "none"
    label: str  # as shown
    count: int


@dataclass(frozen=True)
class NonPaper:
    """Everything the non-paper shows, in one language."""

    lang: str
    title: Text
    description: Text | None
    questionnaire_id: str
    instrument: str  # its name
    symbol: str | None  # source document symbol
    status: str  # draft | non-paper | adopted
    version: str  # as in the file: 2018-07-03T18:00
    content_hash: str
    languages: tuple[str, ...]
    layout: str
    filters: tuple[str, ...]  # active filters, as shown ("Requirement: non-mandatory")
    shown: int  # numbered questions shown
    total: int  # numbered questions in the questionnaire
    parts: tuple[Part, ...]  # main text; the annex, if any, is the last part
    moved: tuple[MovedRow, ...]
    summary: tuple[SummaryRow, ...]
    follow_up_count: int
    fallback_langs: tuple[str, ...]  # languages texts fell back to (for the explanation)

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGUAGES

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def head(self, key: str, **params: object) -> str:
        """A label that introduces what follows: ``Guidance:``, ``Indications\u00a0:``."""
        return t(key, self.lang, **params) + t("colon", self.lang)

    @property
    def status_label(self) -> str:
        return self.t(f"qstatus.{self.status}")

    @property
    def version_label(self) -> str:
        return format_version(self.version, self.lang)

    @property
    def status_line(self) -> str:
        """``status: 3 July 2018, 6 p.m.`` in the language shown."""
        return self.t("status_at", date=self.version_label)

    @property
    def body(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if not p.annex)

    @property
    def annex(self) -> Part | None:
        return next((p for p in self.parts if p.annex), None)

    def iter_questions(self) -> Iterable[QuestionView]:
        for p in self.parts:
            yield from p.iter_questions()


# --- building ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, q: Questionnaire, lang: str,
                 others: Mapping[str, Questionnaire]) -> None:
        self.q = q
        self.lang = lang
        self.others = others
        self.fallbacks: set[str] = set()

    def text(self, value: LocalizedText) -> Text:
        s, used = pick_text(value, self.lang)
        if used != self.lang:
            self.fallbacks.add(used)
        return Text(s, used, used != self.lang)

    def opt_text(self, value: LocalizedText | None) -> Text | None:
        return self.text(value) if value else None

    def provision(self, p: str) -> str:
        head, _, rest = p.strip().rpartition(":")
        label = t("article", self.lang, ref=isolate(rest, self.lang))
        if head and head != self.q.instrument:
            inst = t(f"inst.{head}", self.lang) if f"inst.{head}" in _INST else head
            return f"{inst}{t('list_sep', self.lang)}{label}"
        return label

    def answer(self, form: object) -> AnswerView:
        """How ``form`` is answered, as its kind describes it, in the language shown."""
        kind = kind_of(form)
        desc = t("list_sep", self.lang).join(t(key, self.lang, **params)
                                             for key, params in kind.describe(form))
        unit = kind.unit(form)
        if unit:
            desc += f" ({self.text(unit).value})"
        return AnswerView(kind.type, desc, tuple(self.text(o.label) for o in kind.options(form)),
                          kind.multiple)

    def values(self, question_id: str, values: list[str]) -> str:
        """Answer values as shown: their option labels, joined by "or"."""
        item = self.q.index.by_id.get(question_id)
        labels: dict[str, str] = {}
        if item is not None and item.answer is not None:
            form = item.answer
            for o in options_of(form):
                labels[o.value] = self.text(o.label).value
        shown = [labels.get(v, v) for v in values]
        if len(shown) <= 1:
            return "".join(shown)
        return t("list_sep", self.lang).join(shown[:-1]) + t("or", self.lang) + shown[-1]

    def condition(self, when: When, parent: Question | None) -> str:
        phrases = []
        for c in when.conditions:
            vals = self.values(c.question, c.in_)
            if parent is not None and c.question == parent.id:
                phrases.append(t("cond_parent", self.lang, values=vals))
            else:
                item = self.q.index.by_id.get(c.question)
                label = isolate(item.label if item is not None else c.question, self.lang)
                phrases.append(t("cond_other", self.lang, label=label, values=vals))
        return t("and" if when.mode == "all" else "or", self.lang).join(phrases)

    def follow_ups(self, q: Question) -> tuple[FollowUpGroup, ...]:
        items = [i for i in self.q.index.items if i.parent is q]
        groups: list[FollowUpGroup] = []
        for item in items:
            fu = item.question
            assert isinstance(fu, FollowUp)
            trigger = t("if", self.lang, cond=self.condition(fu.when, q)) if fu.when else None
            view = FollowUpView(fu.id, item.label, self.text(fu.text),
                                self.opt_text(fu.guidance), self.answer(fu.answer))
            if groups and groups[-1].trigger == trigger:
                groups[-1] = FollowUpGroup(trigger, (*groups[-1].items, view))
            else:
                groups.append(FollowUpGroup(trigger, (view,)))
        return tuple(groups)

    def moved_where(self, q: Question) -> str | None:
        if q.moved_to is None:
            return None
        target = q.moved_to
        if target.questionnaire == self.q.id:
            where_q = t("this_questionnaire", self.lang)
            number = self._number(self.q, target.question)
        elif target.questionnaire in self.others:
            other = self.others[target.questionnaire]
            where_q = f"{self.text(other.title).value} ({isolate(other.id, self.lang)})"
            number = self._number(other, target.question)
        else:
            where_q = isolate(target.questionnaire, self.lang)
            number = isolate(target.question, self.lang)
        return t("moved_where", self.lang, questionnaire=where_q, question=number)

    def _number(self, q: Questionnaire, qid: str) -> str:
        item = q.index.by_id.get(qid)
        return isolate(f"{item.label} ({qid})" if item is not None else qid, self.lang)

    def question(self, q: Question) -> QuestionView:
        return QuestionView(
            id=q.id, number=q.number, text=self.text(q.text), requirement=q.tag,
            obligation=q.obligation, status=q.status,
            provisions=tuple(self.provision(p) for p in q.provisions),
            alternatives=tuple(Alternative(n, self.text(a.text), self.opt_text(a.note))
                               for n, a in enumerate(q.alternatives, 1)),
            guidance=self.opt_text(q.guidance),
            answer=self.answer(q.answer) if q.answer is not None and not q.is_moved else None,
            condition=(t("asked_if", self.lang, cond=self.condition(q.when, None))
                       if q.when else None),
            follow_ups=self.follow_ups(q) if not q.is_moved else (),
            moved_to=self.moved_where(q),
        )

    def sections(self, sections: list[Section], above: tuple[Section, ...], depth: int,
                 keep: Mapping[str, bool]) -> tuple[SectionView, ...]:
        out = []
        for s in sections:
            here = (*above, s)
            qs = tuple(self.question(q) for q in s.questions if keep.get(q.id))
            subs = self.sections(s.sections, here, depth + 1, keep)
            if qs or subs:
                out.append(SectionView(s.id, self.text(s.title), self.opt_text(s.description),
                                       depth, qs, subs))
        return tuple(out)


_INST = {f"inst.{k}" for k in INSTRUMENT_NAMES}


def _instrument_name(instrument: str, lang: str) -> str:
    from tipq.render.labels import LABELS

    if f"instname.{instrument}" in LABELS:
        return t(f"instname.{instrument}", lang)
    return INSTRUMENT_NAMES.get(instrument, instrument)


def build_nonpaper(questionnaire: Questionnaire, *, lang: str | None = None,
                   layout: str = "document", filters: Filters | None = None,
                   others: Mapping[str, Questionnaire] | None = None) -> NonPaper:
    """The non-paper of ``questionnaire`` in ``lang`` (default: English if it has it, else
    its first language), laid out as ``layout``, showing the questions ``filters`` keep.

    ``others`` (questionnaire id → questionnaire) lets a moved question name the
    questionnaire and the number it went to.
    """
    layout = check_layout(layout)
    filters = filters or Filters()
    filters.check(questionnaire)
    q = questionnaire
    lang = lang or ("en" if "en" in q.languages else q.languages[0])
    b = _Builder(q, lang, others or {})
    total = sum(1 for item in q.index.items if item.parent is None)
    kept = layout_parts(q, layout, keep=lambda top: filters.matches(
        top, q.index.by_id[top.id].sections, q.instrument))
    titled = layout == "mandatory-first"

    def title(n: int, part: LayoutPart) -> str | None:
        if part.annex:
            return t("annex", lang, title=t("part.non-mandatory", lang))
        if titled:
            return t("part_n", lang, n=n, title=t(f"part.{part.key}", lang))
        return None

    parts = tuple(
        Part("body" if part.key == "body" else part.key, title(n, part),
             b.sections(q.sections, (), 0, dict.fromkeys(part.question_ids, True)), part.annex)
        for n, part in enumerate(kept, 1))

    views = [v for p in parts for v in p.iter_questions()]
    moved = tuple(MovedRow(v.number, v.id, v.moved_to or "") for v in views if v.moved)
    summary = _summary(views, lang)
    return NonPaper(
        lang=lang, title=b.text(q.title), description=b.opt_text(q.description),
        questionnaire_id=q.id, instrument=_instrument_name(q.instrument, lang),
        symbol=q.source_document, status=q.status, version=q.version,
        content_hash=q.content_hash, languages=tuple(q.languages), layout=layout,
        filters=filters.describe(lang, q), shown=len(views), total=total, parts=parts,
        moved=moved, summary=summary,
        follow_up_count=sum(1 for v in views for _ in v.iter_follow_ups()),
        fallback_langs=tuple(sorted(b.fallbacks)),
    )


def _summary(views: list[QuestionView], lang: str) -> tuple[SummaryRow, ...]:
    rows: list[SummaryRow] = []

    def count(group: str, prefix: str, keys: Iterable[str], get: object) -> None:
        values = [get(v) for v in views]  # type: ignore[operator]
        for k in keys:
            rows.append(SummaryRow(group, k, t(f"{prefix}.{k}", lang), values.count(k)))
        if None in values:
            rows.append(SummaryRow(group, "none", t(f"{prefix}.none", lang), values.count(None)))

    count("requirement", "req", REQUIREMENTS, lambda v: v.requirement)
    count("obligation", "obl", OBLIGATIONS, lambda v: v.obligation)
    count("status", "st", STATUSES, lambda v: v.status)
    return tuple(rows)


def summary_groups(np: NonPaper) -> list[tuple[str, list[SummaryRow]]]:
    """The summary rows by group, with the group's heading in the language shown."""
    heads = {"requirement": "requirement", "obligation": "obligation", "status": "negotiation"}
    return [(np.t(heads[g]), [r for r in np.summary if r.group == g]) for g in heads]


def tag_items(np: NonPaper, q: QuestionView) -> list[tuple[str, str]]:
    """The tags of a question, each (kind, text): provisions, requirement, status."""
    out: list[tuple[str, str]] = []
    if q.provisions:
        out.append(("provisions", np.t("provision_sep").join(q.provisions)))
    if q.requirement:
        req = np.t(f"req.{q.requirement}")
        if q.obligation:
            req += f" ({np.t(f'obl.{q.obligation}')})"
        out.append((q.requirement, req))
    elif q.obligation:
        out.append(("obligation", np.t(f"obl.{q.obligation}")))
    out.append((q.status, np.t(f"st.{q.status}")))
    return out


def bracket(text: str, on: bool) -> str:
    return f"[{text}]" if on else text


def explanation(np: NonPaper) -> list[str]:
    """The short explanation of the tags (report paras 30-32), in the language shown."""
    from tipq.render.labels import fallback_marker, language_name

    lines = [np.t("tag_mandatory"), np.t("tag_non_mandatory"), np.t("tag_answer_all"),
             np.t("tag_brackets"), np.t("tag_moved")]
    for used in np.fallback_langs:
        lines.append(np.t("tag_fallback", marker=fallback_marker(used, np.lang),
                          language=language_name(np.lang, np.lang)))
    return lines
