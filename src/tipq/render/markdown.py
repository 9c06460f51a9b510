"""The non-paper as GitHub-flavoured Markdown.

The questionnaire's text is escaped, so that a ``*`` or a ``<`` in a question stays a
character. Right-to-left non-papers are wrapped in ``<div dir="rtl">`` (GitHub keeps the
``dir`` attribute), so tables and lists read from the right too.
"""

from __future__ import annotations

import re

from tipq.core import escape
from tipq.core.hashing import short
from tipq.render.base import Renderer, RenderOptions
from tipq.render.labels import fallback_marker, isolate, language_name
from tipq.render.model import (
    AnswerView,
    FollowUpView,
    NonPaper,
    Part,
    QuestionView,
    SectionView,
    Text,
    bracket,
    explanation,
    summary_groups,
    tag_items,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
BOX = "☐"


def md_escape(text: str) -> str:
    """Text as Markdown that shows exactly ``text``: punctuation escaped, line breaks kept."""
    lines = [_SPECIAL.sub(r"\\\1", escape.visible(line.strip(), bidi=False))
             for line in text.strip().splitlines()]
    return "<br>".join(line for line in lines)


class MarkdownRenderer(Renderer):
    name = "markdown"
    description = "GitHub-flavoured Markdown (renders on GitHub, diffs well in review)"
    suffix = ".md"

    def render(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> str:
        return _Md(nonpaper).document()


class _Md:
    def __init__(self, np: NonPaper) -> None:
        self.np = np
        self.out: list[str] = []

    def text(self, text: Text, *, brackets: bool = False) -> str:
        s = md_escape(bracket(text.value, brackets))
        if text.fallback:
            s += " *" + md_escape(fallback_marker(text.lang, self.np.lang)) + "*"
        return s

    def para(self, line: str = "") -> None:
        self.out.append(line)

    def block(self, *lines: str) -> None:
        self.out.extend(lines)
        self.out.append("")

    def document(self) -> str:
        np = self.np
        if np.rtl:
            self.block(f'<div dir="rtl" lang="{np.lang}">')
        self.title_block()
        self.block(f"## {md_escape(np.t('about_tags'))}",
                   *(f"- {md_escape(line)}" for line in explanation(np)))
        if np.shown == 0:
            self.block(f"*{md_escape(np.t('no_match'))}*")
        for part in np.body:
            self.part(part)
        if np.moved:
            self.moved_list()
        self.summary()
        if np.annex is not None:
            self.part(np.annex)
        if np.rtl:
            self.block("</div>")
        return "\n".join(self.out).rstrip("\n") + "\n"

    def title_block(self) -> None:
        np = self.np
        self.block(f"# {self.text(np.title)}")
        head = [f"**{md_escape(np.status_label)}**", md_escape(np.status_line)]
        if np.symbol:
            head.append(isolate(md_escape(np.symbol), np.lang))
        self.block(" · ".join(head))
        if np.description:
            self.block(self.text(np.description))
        rows = [(np.t("instrument"), md_escape(np.instrument))]
        if np.symbol:
            rows.append((np.t("symbol"), isolate(md_escape(np.symbol), np.lang)))
        rows += [
            (np.t("status"), md_escape(np.status_label)),
            (np.t("version"), f"{md_escape(np.version_label)} "
                              f"({isolate(f'`{np.version}`', np.lang)})"),
            (np.t("questionnaire"), isolate(f"`{np.questionnaire_id}` · "
                                            f"`{short(np.content_hash)}`", np.lang)),
            (np.t("languages"), md_escape(np.t("list_sep").join(
                language_name(x, np.lang) for x in np.languages))),
        ]
        if np.filters:
            rows.append((np.t("filters"), md_escape(
                np.t("provision_sep").join(np.filters) + " — "
                + np.t("shown_of", shown=np.shown, total=np.total))))
        self.block("| | |", "|---|---|", *(f"| {md_escape(k)} | {v} |" for k, v in rows))

    def part(self, part: Part) -> None:
        level = 2
        if part.title:
            self.block(f"## {md_escape(part.title)}")
            level = 3
        for s in part.sections:
            self.section(s, level)

    def section(self, s: SectionView, level: int) -> None:
        hashes = "#" * min(level + s.depth, 6)
        self.block(f"{hashes} {self.text(s.title)}")
        if s.description:
            self.block(f"*{self.text(s.description)}*")
        for q in s.questions:
            self.question(q)
        for sub in s.sections:
            self.section(sub, level)

    def question(self, q: QuestionView) -> None:
        np = self.np
        self.block(f'<a id="q-{q.id}"></a>**{q.label}.** '
                   + self.text(q.text, brackets=q.bracketed))
        self.block("*" + " · ".join(md_escape(text) for _, text in tag_items(np, q)) + "*")
        if q.moved_to:
            self.block(f"→ **{md_escape(np.t('moved_to', where=q.moved_to))}**")
        items = []
        for alt in q.alternatives:
            line = (f"- {md_escape(np.head('alternative', n=alt.n))} "
                    + self.text(alt.text, brackets=q.bracketed))
            if alt.note:
                line += f" — *{self.text(alt.note)}*"
            items.append(line)
        if items:
            self.block(*items)
        if q.guidance:
            self.block(f"> **{md_escape(np.head('guidance'))}** {self.text(q.guidance)}")
        if q.condition:
            self.block(f"*{md_escape(q.condition)}*")
        if q.answer:
            self.block(self.answer(q.answer))
        lines: list[str] = []
        for group in q.follow_ups:
            indent = ""
            if group.trigger:
                lines.append(f"- {md_escape(group.trigger)}")
                indent = "  "
            for fu in group.items:
                lines += self.follow_up(fu, indent)
        if lines:
            self.block(*lines)

    def follow_up(self, fu: FollowUpView, indent: str) -> list[str]:
        cont = indent + "  "
        lines = [f"{indent}- **{isolate(fu.label, self.np.lang)}** {self.text(fu.text)}  "]
        if fu.guidance:
            lines[-1] = lines[-1].rstrip()
            lines.append(f"{cont}*{md_escape(self.np.head('guidance'))}* "
                         f"{self.text(fu.guidance)}  ")
        lines.append(cont + self.answer(fu.answer))
        return lines

    def answer(self, a: AnswerView) -> str:
        label = md_escape(self.np.head("answer"))
        parts = [label]
        if a.description:
            parts.append(md_escape(a.description))
        if a.options:
            parts.append(" ".join(f"{BOX} {self.text(o)}" for o in a.options))
        return "*" + parts[0] + "* " + " ".join(parts[1:])

    def moved_list(self) -> None:
        np = self.np
        self.block(f"## {md_escape(np.t('moved_list'))}", md_escape(np.t("moved_list_intro")))
        moved_to = md_escape(np.t("moved_to", where="").strip())
        self.block(f"| {md_escape(np.t('question'))} | {moved_to} |",
                   "|---:|---|",
                   *(f"| [{m.number}](#q-{m.id}) {isolate(f'(`{m.id}`)', np.lang)} "
                     f"| {md_escape(m.where)} |"
                     for m in np.moved))

    def summary(self) -> None:
        np = self.np
        rows = []
        for head, group in summary_groups(np):
            for i, r in enumerate(group):
                first = f"**{md_escape(head)}**" if i == 0 else ""
                rows.append(f"| {first} | {md_escape(r.label)} | {r.count} |")
        rows.append(f"| **{md_escape(np.t('total'))}** | {md_escape(np.t('questions'))} "
                    f"| {np.shown} |")
        rows.append(f"| | {md_escape(np.t('follow_ups'))} | {np.follow_up_count} |")
        self.block(f"## {md_escape(np.t('summary'))}",
                   f"| {md_escape(np.t('tag'))} | {md_escape(np.t('value'))} "
                   f"| {md_escape(np.t('questions'))} |", "|---|---|---:|", *rows)
