"""The non-paper as one self-contained HTML5 file: inline CSS, no script, no network.

Prints on A4 (``@page``), the annex starting on a new page. ``<html lang dir>`` follows the
language shown, the CSS uses logical properties (``margin-inline-start``...) so the same
sheet lays out English and Arabic, and a text shown in another language (a missing
translation) carries its own ``lang`` and ``dir``.
"""

from __future__ import annotations

import re
from html import escape

from tipq.core.escape import visible_lines
from tipq.core.hashing import short
from tipq.render.base import Renderer, RenderOptions
from tipq.render.labels import fallback_marker, language_name
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

CSS = """\
@page { size: A4; margin: 20mm 18mm 22mm; }
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --un: #005b94;
  --bracket: #8a4b00; --bracket-bg: #fff5e6; }
* { box-sizing: border-box; }
html { font-size: 11pt; }
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
  line-height: 1.45; max-width: 48rem; margin: 2rem auto; padding: 0 1.5rem; }
:lang(ar) { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri",
  "Traditional Arabic", "Segoe UI", Arial, sans-serif; line-height: 1.7; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; color: var(--un); }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--un);
  padding-bottom: .2rem; break-after: avoid; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; break-after: avoid; }
h4, h5, h6 { font-size: 1rem; margin: 1.2rem 0 .4rem; break-after: avoid; }
.title-block { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
.status-line { font-size: 1.05rem; margin: .2rem 0 .8rem; }
.status-line strong { color: var(--un); }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .6rem; text-align: start;
  vertical-align: top; }
th { background: #f1f5f9; }
td.n { text-align: end; font-variant-numeric: tabular-nums; }
table.meta th { font-weight: 600; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .9em; }
.tags-explained li { margin: .2rem 0; }
.question { margin: 1.1rem 0; padding-inline-start: .8rem;
  border-inline-start: 3px solid var(--rule); break-inside: avoid; }
.question.mandatory { border-inline-start-color: var(--un); }
.question.no-consensus { border-inline-start-color: var(--bracket); }
.question.moved { border-inline-start-style: dashed; color: var(--muted); }
.qtext { margin: 0 0 .3rem; font-weight: 600; }
.num { display: inline-block; min-width: 2.2em; }
.bracketed .qtext, .alternatives { color: var(--bracket); }
.bracketed .qtext { background: var(--bracket-bg); }
.tags { display: flex; flex-wrap: wrap; gap: .3rem; list-style: none; margin: 0 0 .4rem;
  padding: 0; font-size: .85rem; }
.tags li { border: 1px solid var(--rule); border-radius: .6rem; padding: 0 .5rem; }
.tags .mandatory { background: #e6f0f7; border-color: var(--un); }
.tags .non-mandatory { background: #f3f3f3; }
.tags .no-consensus { background: var(--bracket-bg); border-color: var(--bracket); }
.tags .moved { border-style: dashed; }
.moved-to { font-weight: 600; margin: .2rem 0; }
.alternatives { margin: .2rem 0 .4rem; padding: 0; list-style: none; }
.guidance { margin: .3rem 0; padding: .3rem .6rem; background: #f7f7f7;
  border-inline-start: 2px solid var(--rule); font-size: .95rem; }
.condition, .answer { margin: .2rem 0; font-size: .95rem; }
.answer .label, .condition { font-style: italic; color: var(--muted); }
.options { display: inline; margin: 0; padding: 0; list-style: none; }
.options li { display: inline-block; margin-inline-end: 1rem; }
.options li::before { content: "\\2610\\00a0"; }
.follow-ups { list-style: none; margin: .3rem 0 0; padding-inline-start: 1.5rem; }
.follow-ups .trigger { font-style: italic; margin-top: .3rem; }
.follow-ups .trigger > .follow-ups { font-style: normal; }
.follow-ups .follow-ups { padding-inline-start: 1.5rem; }
.fu-label { font-weight: 600; margin-inline-end: .4rem; }
.fallback-mark { font-size: .8em; color: var(--muted); font-style: italic; }
.no-match { font-style: italic; }
.annex { break-before: page; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
}
"""


class HtmlRenderer(Renderer):
    name = "html"
    description = "one self-contained HTML file (inline CSS, no network), prints on A4"
    suffix = ".html"

    def render(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> str:
        return _Html(nonpaper).document()


_ISOLATE = re.compile("([\u2066\u2067\u2068])([^\u2066-\u2069]*)\u2069")
_BDI = {"\u2066": '<bdi dir="ltr">', "\u2067": '<bdi dir="rtl">', "\u2068": "<bdi>"}


def _e(s: str) -> str:
    """Text as HTML content: escaped, and each Unicode isolate (a provision such as
    ``5(2)(a)`` kept left to right in Arabic) made a ``<bdi>`` element, which every browser
    isolates, and which copying the text does not turn into invisible characters."""
    out = escape(visible_lines(s, bidi=False), quote=True)
    while True:
        isolated = _ISOLATE.sub(lambda m: f"{_BDI[m[1]]}{m[2]}</bdi>", out)
        if isolated == out:
            return out
        out = isolated


def _attr(s: str) -> str:
    """Text for an attribute or the ``<title>``, which hold no markup: isolates kept."""
    return escape(visible_lines(s, bidi=False), quote=True)


class _Html:
    def __init__(self, np: NonPaper) -> None:
        self.np = np
        self.out: list[str] = []

    def w(self, *lines: str) -> None:
        self.out.extend(lines)

    def text(self, text: Text, *, brackets: bool = False) -> str:
        body = "<br>".join(_e(line) for line in bracket(text.value, brackets).splitlines())
        if not text.fallback:
            return body
        d = "rtl" if text.rtl else "ltr"
        mark = _e(fallback_marker(text.lang, self.np.lang))
        return (f'<span lang="{text.lang}" dir="{d}">{body}</span> '
                f'<span class="fallback-mark">{mark}</span>')

    def document(self) -> str:
        np = self.np
        title = _attr(np.title.value)
        status = _attr(np.t("title_sep").join([np.status_label, np.version_label]))
        self.w("<!DOCTYPE html>", f'<html lang="{np.lang}" dir="{np.dir}">', "<head>",
               '<meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               '<meta name="generator" content="tipq">',
               f"<title>{title} — {status}</title>",
               "<style>", CSS.rstrip("\n"), "</style>", "</head>", "<body>")
        self.title_block()
        self.w('<section class="tags-explained">', f"<h2>{_e(np.t('about_tags'))}</h2>", "<ul>",
               *(f"<li>{_e(line)}</li>" for line in explanation(np)), "</ul>", "</section>")
        self.w("<main>")
        if np.shown == 0:
            self.w(f'<p class="no-match">{_e(np.t("no_match"))}</p>')
        for part in np.body:
            self.part(part)
        self.w("</main>")
        if np.moved:
            self.moved_list()
        self.summary()
        if np.annex is not None:
            self.part(np.annex)
        self.w("</body>", "</html>")
        return "\n".join(self.out) + "\n"

    def title_block(self) -> None:
        np = self.np
        self.w('<header class="title-block">', f"<h1>{self.text(np.title)}</h1>")
        line = f"<strong>{_e(np.status_label)}</strong> · {_e(np.status_line)}"
        if np.symbol:
            line += f' · <bdi dir="ltr">{_e(np.symbol)}</bdi>'
        self.w(f'<p class="status-line">{line}</p>')
        if np.description:
            self.w(f"<p>{self.text(np.description)}</p>")
        rows = [(np.t("instrument"), _e(np.instrument))]
        if np.symbol:
            rows.append((np.t("symbol"), f'<bdi dir="ltr">{_e(np.symbol)}</bdi>'))
        rows += [
            (np.t("status"), _e(np.status_label)),
            (np.t("version"),
             f'<time datetime="{_attr(np.version)}">{_e(np.version_label)}</time>'),
            (np.t("questionnaire"), f'<code dir="ltr">{_e(np.questionnaire_id)}</code> · '
                                    f'<code dir="ltr">{_e(short(np.content_hash))}</code>'),
            (np.t("languages"), _e(np.t("list_sep").join(
                language_name(x, np.lang) for x in np.languages))),
        ]
        if np.filters:
            rows.append((np.t("filters"), _e(np.t("provision_sep").join(np.filters)) + " — "
                         + _e(np.t("shown_of", shown=np.shown, total=np.total))))
        self.w('<table class="meta">', "<tbody>",
               *(f'<tr><th scope="row">{_e(k)}</th><td>{v}</td></tr>' for k, v in rows),
               "</tbody>", "</table>", "</header>")

    def part(self, part: Part) -> None:
        classes = "part annex" if part.annex else "part"
        self.w(f'<section class="{classes}" id="part-{_attr(part.key)}">')
        level = 2
        if part.title:
            self.w(f"<h2>{_e(part.title)}</h2>")
            level = 3
        for s in part.sections:
            self.section(s, level)
        self.w("</section>")

    def section(self, s: SectionView, level: int) -> None:
        h = min(level + s.depth, 6)
        self.w('<section class="section">', f"<h{h}>{self.text(s.title)}</h{h}>")
        if s.description:
            self.w(f'<p class="section-description">{self.text(s.description)}</p>')
        for q in s.questions:
            self.question(q)
        for sub in s.sections:
            self.section(sub, level)
        self.w("</section>")

    def question(self, q: QuestionView) -> None:
        np = self.np
        classes = ["question", q.status, q.requirement or "untagged"]
        if q.bracketed:
            classes.append("bracketed")
        self.w(f'<article class="{" ".join(classes)}" id="q-{_attr(q.id)}" '
               f'data-question="{_attr(q.id)}">',
               f'<p class="qtext"><span class="num">{q.label}.</span> '
               f"{self.text(q.text, brackets=q.bracketed)}</p>")
        self.w('<ul class="tags">',
               *(f'<li class="{_attr(kind)}">{_e(text)}</li>'
                 for kind, text in tag_items(np, q)),
               "</ul>")
        if q.moved_to:
            self.w(f'<p class="moved-to">→ {_e(np.t("moved_to", where=q.moved_to))}</p>')
        if q.alternatives:
            self.w('<ul class="alternatives">')
            for alt in q.alternatives:
                note = f" <em>— {self.text(alt.note)}</em>" if alt.note else ""
                self.w(f"<li><span class=\"alt-label\">{_e(np.head('alternative', n=alt.n))}"
                       f"</span> {self.text(alt.text, brackets=q.bracketed)}{note}</li>")
            self.w("</ul>")
        if q.guidance:
            self.w(f'<p class="guidance"><strong>{_e(np.head("guidance"))}</strong> '
                   f"{self.text(q.guidance)}</p>")
        if q.condition:
            self.w(f'<p class="condition">{_e(q.condition)}</p>')
        if q.answer:
            self.w(self.answer(q.answer))
        if q.follow_ups:
            self.w('<ul class="follow-ups">')
            for group in q.follow_ups:
                if group.trigger:
                    self.w(f'<li class="trigger">{_e(group.trigger)}', '<ul class="follow-ups">')
                for fu in group.items:
                    self.follow_up(fu)
                if group.trigger:
                    self.w("</ul>", "</li>")
            self.w("</ul>")
        self.w("</article>")

    def follow_up(self, fu: FollowUpView) -> None:
        self.w(f'<li class="follow-up" id="q-{_attr(fu.id)}">'
               f'<bdi class="fu-label" dir="ltr">{_e(fu.label)}</bdi> {self.text(fu.text)}')
        if fu.guidance:
            self.w(f'<p class="guidance">{self.text(fu.guidance)}</p>')
        self.w(self.answer(fu.answer), "</li>")

    def answer(self, a: AnswerView) -> str:
        parts = [f'<span class="label">{_e(self.np.head("answer"))}</span>']
        if a.description:
            parts.append(_e(a.description))
        if a.options:
            cls = "options multiple" if a.multiple else "options"
            parts.append(f'<ul class="{cls}">'
                         + "".join(f"<li>{self.text(o)}</li>" for o in a.options) + "</ul>")
        return f'<div class="answer {_attr(a.kind)}">{" ".join(parts)}</div>'

    def moved_list(self) -> None:
        np = self.np
        self.w('<section class="moved-list">', f"<h2>{_e(np.t('moved_list'))}</h2>",
               f"<p>{_e(np.t('moved_list_intro'))}</p>", "<table>",
               f"<thead><tr><th>{_e(np.t('question'))}</th>"
               f"<th>{_e(np.t('moved_to', where='').strip())}</th></tr></thead>", "<tbody>")
        for m in np.moved:
            self.w(f'<tr><td class="n"><a href="#q-{_attr(m.id)}">{m.number}</a> '
                   f'<code dir="ltr">{_e(m.id)}</code></td><td>{_e(m.where)}</td></tr>')
        self.w("</tbody>", "</table>", "</section>")

    def summary(self) -> None:
        np = self.np
        self.w('<section class="summary">', f"<h2>{_e(np.t('summary'))}</h2>", "<table>",
               f"<thead><tr><th>{_e(np.t('tag'))}</th><th>{_e(np.t('value'))}</th>"
               f"<th>{_e(np.t('questions'))}</th></tr></thead>", "<tbody>")
        for head, group in summary_groups(np):
            for i, r in enumerate(group):
                th = (f'<th scope="rowgroup" rowspan="{len(group)}">{_e(head)}</th>'
                      if i == 0 else "")
                self.w(f'<tr class="{_attr(r.group)}-{_attr(r.key)}">{th}<td>{_e(r.label)}</td>'
                       f'<td class="n">{r.count}</td></tr>')
        self.w(f'<tr class="total"><th scope="row" rowspan="2">{_e(np.t("total"))}</th>'
               f'<td>{_e(np.t("questions"))}</td><td class="n">{np.shown}</td></tr>',
               f'<tr class="follow-up-total"><td>{_e(np.t("follow_ups"))}</td>'
               f'<td class="n">{np.follow_up_count}</td></tr>')
        self.w("</tbody>", "</table>", "</section>")
