"""``tipq report --format html``: one self-contained page, charts as inline SVG.

No script, no style sheet, font or image from anywhere: the page opens from an e-mail
attachment, and its Content-Security-Policy forbids any request. Arabic runs right to left
(the page's ``dir``, and the charts are drawn mirrored). Every text from the files goes
through :func:`tipq.core.escape.html`.

Every count is also in the markup as data: each row of the answers table has
``data-question``, ``data-bucket`` and ``data-count``; each bar of a chart has a ``<title>``
saying what it counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from tipq import __version__
from tipq.core import escape
from tipq.render.compilation.base import (
    Cell,
    CompilationFormat,
    assistance_table,
    changes_table,
    expected_table,
    gaps_table,
    invalid_table,
    states_table,
)
from tipq.render.compilation.words import bucket_word, is_rtl, status_word, tag_word, word

if TYPE_CHECKING:
    from tipq.checks.compile_views import Compilation, CountRow

E = escape.html

#: Colours of the answers (chosen to be told apart in grey too).
COLOURS = {"yes": "#1b7837", "partly": "#f1a340", "no": "#b2182b",
           "not-applicable": "#8c8c8c", "unanswered": "#d9d9d9", "answered": "#4575b4",
           "not-needed": "#bdbdbd", "submitted": "#1b7837", "draft": "#f1a340",
           "invalid": "#b2182b", "missing": "#d9d9d9"}
PALETTE = ("#4575b4", "#91bfdb", "#7b3294", "#c2a5cf", "#008837", "#a6dba0", "#e66101",
           "#fdb863")

STYLE = """
body{font-family:system-ui,"Segoe UI","Noto Sans","Noto Naskh Arabic",Arial,sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd}h3{margin-top:1.4rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.2rem .45rem;vertical-align:top;text-align:start}
th{background:#f2f2f2}td.n{text-align:end;font-variant-numeric:tabular-nums}
td.states{font-size:.8rem;color:#444;max-width:36rem}
.note{color:#555}.chart{margin:.6rem 0}nav a{margin-inline-end:1rem}
.legend span{display:inline-block;margin-inline-end:1rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-inline-end:.3rem;
vertical-align:-.1rem}
"""


class HtmlFormat(CompilationFormat):
    name = "html"
    suffix = ".html"
    description: ClassVar[str] = "one self-contained page with SVG charts"

    def render(self, c: Compilation, *, color: bool = False) -> str:
        lang = c.lang
        rtl = is_rtl(lang)
        out: list[str] = [
            "<!DOCTYPE html>",
            f'<html lang="{E(lang)}" dir="{"rtl" if rtl else "ltr"}">',
            "<head>", '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{E(word('title', lang))}: {E(c.title)}</title>",
            f"<style>{STYLE}</style>", "</head>", "<body>",
            f"<h1>{E(word('title', lang))}: {E(c.title)}</h1>",
            f'<p class="summary">{E(word("summary", lang, states=len(c.states), files=c.files, invalid=c.invalid_count))}</p>',  # noqa: E501
            "<nav>" + "".join(f'<a href="#{k}">{E(word(k, lang))}</a>' for k in (
                "completion", "answers", "assistance", "gaps", "changes")) + "</nav>",
        ]
        out += _completion(c, rtl)
        out += _answers(c, rtl)
        out += _assistance(c, rtl)
        out += _section("gaps", word("gaps", lang), gaps_table(c), lang)
        if c.has_previous:
            out += _section("changes", word("changes", lang), changes_table(c), lang)
        else:
            out += [f'<section id="changes"><h2>{E(word("changes", lang))}</h2>',
                    f'<p class="note">{E(word("no_previous", lang))}</p></section>']
        out += [f'<footer><p class="note">{E(word("generated", lang, version=__version__))}'
                "</p></footer>", "</body>", "</html>", ""]
        return "\n".join(out)


# --- sections ---------------------------------------------------------------------------


def _table(head: Sequence[str], rows: Iterable[Sequence[Cell]], *, table_id: str = "",
           numeric: Sequence[int] = ()) -> str:
    ident = f' id="{table_id}"' if table_id else ""
    parts = [f"<table{ident}><thead><tr>", *(f"<th>{E(h)}</th>" for h in head),
             "</tr></thead><tbody>"]
    for row in rows:
        parts.append("<tr>")
        for i, v in enumerate(row):
            cls = ' class="n"' if i in numeric else ""
            parts.append(f"<td{cls}><bdi>{E('' if v is None else str(v))}</bdi></td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _section(key: str, title: str, table: tuple[list[str], list[list[Cell]]],
             lang: str, *, numeric: Sequence[int] = ()) -> list[str]:
    head, rows = table
    body = (_table(head, rows, table_id=f"{key}-table", numeric=numeric) if rows
            else f'<p class="note">{E(word("none", lang))}</p>')
    return [f'<section id="{key}"><h2>{E(title)}</h2>', body, "</section>"]


def _completion(c: Compilation, rtl: bool) -> list[str]:
    lang = c.lang
    counts = {k: n for k, n in c.status_counts.items() if n}
    items = [(k, status_word(k, lang), n, COLOURS.get(k, PALETTE[0])) for k, n in counts.items()]
    out = [f'<section id="completion"><h2>{E(word("completion", lang))}</h2>',
           f"<h3>{E(word('chart_status', lang))}</h3>",
           _legend(items), _stacked_bar_svg(items, rtl, "status-chart")]
    if any(s.others for s in c.states):
        out.append(f'<p class="note">{E(word("rule", lang, rule=word("rule_text", lang)))}</p>')
    if c.unexpected:
        out.append(f'<p class="note">{E(word("unexpected", lang, list=" ".join(c.unexpected)))}'
                   "</p>")
    head, rows = states_table(c)
    out.append(_table(head, rows, table_id="states-table", numeric=(2, 3)))
    if c.expected_given:
        head, rows = expected_table(c)
        out += [f'<h3 id="expected">{E(word("expected", lang))}</h3>',
                _table(head, rows, table_id="expected-table") if rows
                else f'<p class="note">{E(word("none", lang))}</p>']
    head, rows = invalid_table(c)
    out.append(f'<h3 id="invalid">{E(word("invalid", lang))}</h3>')
    if rows:
        out += [_table(head, rows, table_id="invalid-table", numeric=(3,)),
                f'<p class="note">{E(word("invalid_hint", lang))}</p>']
    else:
        out.append(f'<p class="note">{E(word("none", lang))}</p>')
    out.append("</section>")
    return out


def _answers(c: Compilation, rtl: bool) -> list[str]:
    lang = c.lang
    by_section: dict[str, list[CountRow]] = defaultdict(list)
    titles: dict[str, str] = {}
    for r in c.counts:
        key = f"{r.question.questionnaire}:{r.question.section_id}"
        by_section[key].append(r)
        titles[key] = r.question.section
    out = [f'<section id="answers"><h2>{E(word("answers", lang))}</h2>']
    head = [word(k, lang) for k in ("question", "tag", "value", "count", "states")]
    for key, rows in by_section.items():
        out.append(f"<h3>{E(titles[key])}</h3>")
        out.append(_answers_chart(rows, lang, rtl))
        parts = ["<table class=\"counts\"><thead><tr>", *(f"<th>{E(h)}</th>" for h in head),
                 "</tr></thead><tbody>"]
        for r in rows:
            q = r.question
            parts.append(
                f'<tr data-question="{E(q.id)}" data-bucket="{E(r.bucket)}" '
                f'data-count="{r.count}" data-tag="{E(q.tag or "")}">'
                f'<td title="{E(q.text)}"><bdi>{E(q.label)}</bdi></td>'
                f"<td>{E(tag_word(q.tag, lang))}</td>"
                f"<td>{E(bucket_word(r.bucket, r.display, lang))}</td>"
                f'<td class="n">{r.count}</td>'
                f'<td class="states">{E(" ".join(r.countries))}</td></tr>')
        parts.append("</tbody></table>")
        out.append("".join(parts))
    if not by_section:
        out.append(f'<p class="note">{E(word("none", lang))}</p>')
    out.append("</section>")
    return out


def _answers_chart(rows: list[CountRow], lang: str, rtl: bool) -> str:
    """A stacked bar per closed or single-choice question: the share of each answer."""
    bars: dict[str, list[tuple[str, str, int, str]]] = {}
    labels: dict[str, str] = {}
    option_colour: dict[str, str] = {}
    for r in rows:
        if r.question.kind not in ("closed", "choice"):
            continue
        colour = COLOURS.get(r.bucket) if r.question.kind == "closed" or r.bucket in (
            "not-applicable", "unanswered") else None
        if colour is None:
            colour = option_colour.setdefault(r.bucket, PALETTE[len(option_colour) % len(
                PALETTE)])
        bars.setdefault(r.question.id, []).append(
            (r.bucket, bucket_word(r.bucket, r.display, lang), r.count, colour))
        labels[r.question.id] = r.question.label
    if not bars:
        return ""
    legend: dict[str, tuple[str, str, int, str]] = {}
    for items in bars.values():
        for it in items:
            legend.setdefault(it[0], it)
    width, label_w, row_h = 640, 70, 20
    height = row_h * len(bars) + 4
    parts = [f'<svg class="chart answers-chart" xmlns="http://www.w3.org/2000/svg" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
             f"<title>{E(word('chart_answers', lang))}</title>"]
    bar_w = width - label_w - 4
    for i, (qid, items) in enumerate(bars.items()):
        y = i * row_h + 2
        total = sum(n for _, _, n, _ in items) or 1
        tx, anchor = (width - label_w + 6, "start") if rtl else (label_w - 6, "end")
        parts.append(f'<text x="{tx}" y="{y + 14}" font-size="12" text-anchor="{anchor}" '
                     f'direction="ltr">{E(labels[qid])}</text>')
        x = 0.0
        for _bucket, shown, n, colour in items:
            w = bar_w * n / total
            rx = (width - label_w - x - w) if rtl else (label_w + x)
            parts.append(f'<rect x="{rx:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 4}" '
                         f'fill="{colour}"><title>{E(labels[qid])}: {E(shown)}: {n}</title>'
                         "</rect>")
            x += w
    parts.append("</svg>")
    return _legend(list(legend.values())) + "".join(parts)


def _assistance(c: Compilation, rtl: bool) -> list[str]:
    lang = c.lang
    out = [f'<section id="assistance"><h2>{E(word("assistance", lang))}</h2>']
    kinds = c.assistance_by_kind
    if kinds:
        out.append(f"<h3>{E(word('assistance_by_kind', lang))}</h3>")
        out.append(_bars_svg([(label, n) for _, label, n in kinds], rtl, "assistance-chart"))
    head, rows = assistance_table(c)
    out.append(_table(head, rows, table_id="assistance-table", numeric=(4,)) if rows
               else f'<p class="note">{E(word("none", lang))}</p>')
    out.append("</section>")
    return out


# --- charts -------------------------------------------------------------------------------


def _legend(items: Sequence[tuple[str, str, int, str]]) -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="background:{colour}"></i>{E(shown)}</span>'
        for _, shown, _, colour in items) + "</p>"


def _stacked_bar_svg(items: Sequence[tuple[str, str, int, str]], rtl: bool, cls: str) -> str:
    width, height = 640, 36
    total = sum(n for _, _, n, _ in items) or 1
    parts = [f'<svg class="chart {cls}" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img">']
    x = 0.0
    for _key, shown, n, colour in items:
        w = width * n / total
        rx = width - x - w if rtl else x
        parts.append(f'<rect x="{rx:.1f}" y="4" width="{w:.1f}" height="28" fill="{colour}">'
                     f"<title>{E(shown)}: {n}</title></rect>")
        if w > 24:
            parts.append(f'<text x="{rx + w / 2:.1f}" y="23" font-size="13" fill="#fff" '
                         f'text-anchor="middle">{n}</text>')
        x += w
    parts.append("</svg>")
    return "".join(parts)


def _bars_svg(items: Sequence[tuple[str, int]], rtl: bool, cls: str) -> str:
    """Horizontal bars, one per item, labelled beside."""
    width, label_w, row_h = 640, 300, 22
    height = row_h * len(items) + 4
    top = max((n for _, n in items), default=1) or 1
    parts = [f'<svg class="chart {cls}" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img">']
    bar_max = width - label_w - 40
    for i, (label, n) in enumerate(items):
        y = i * row_h + 2
        w = bar_max * n / top
        if rtl:
            parts.append(f'<text x="{width - 4}" y="{y + 15}" font-size="12" '
                         f'text-anchor="start" direction="rtl">{E(label)}</text>')
            rx = width - label_w - w
            parts.append(f'<rect x="{rx:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 5}" '
                         f'fill="{PALETTE[0]}"><title>{E(label)}: {n}</title></rect>'
                         f'<text x="{rx - 4:.1f}" y="{y + 14}" font-size="12" '
                         f'text-anchor="end">{n}</text>')
        else:
            parts.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" '
                         f'text-anchor="end">{E(label)}</text>')
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row_h - 5}" '
                         f'fill="{PALETTE[0]}"><title>{E(label)}: {n}</title></rect>'
                         f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="12">{n}'
                         "</text>")
    parts.append("</svg>")
    return "".join(parts)
