"""The non-paper in a terminal: the rolling text, readable on a projector.

The text is laid out here as paragraphs (text, style, indent), wrapped to the width with
rich's cell widths (so Chinese and Arabic wrap right), then styled by rich. Text stays in
logical order, for terminals that implement the Unicode bidirectional algorithm themselves
and for files; with ``bidi=True`` a right-to-left non-paper is reordered line by line for
display (python-bidi) and aligned to the right, for terminals that draw every line left to
right.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from tipq.core import escape
from tipq.render.base import Renderer, RenderOptions
from tipq.render.labels import fallback_marker, isolate
from tipq.render.model import (
    AnswerView,
    FollowUpView,
    NonPaper,
    Part,
    QuestionView,
    SectionView,
    Text,
    bracket,
    summary_groups,
    tag_items,
)

STYLES = {
    "title": "bold",
    "meta": "cyan",
    "rule": "dim",
    "part": "bold reverse",
    "section": "bold underline",
    "question": "bold",
    "bracketed": "bold yellow",
    "alternative": "yellow",
    "moved": "dim",
    "tags": "cyan",
    "mandatory": "bold cyan",
    "note": "italic",
    "answer": "dim",
    "trigger": "italic",
    "plain": "",
}


@dataclass(frozen=True)
class _Para:
    text: str
    style: str = "plain"
    indent: int = 0  # columns before the text
    hang: int = 0  # extra columns before the continuation lines


class TerminalRenderer(Renderer):
    name = "terminal"
    description = "the rolling text for a terminal or a projector (tipq show)"
    suffix = None

    def render(self, nonpaper: NonPaper, options: RenderOptions | None = None) -> str:
        options = options or RenderOptions()
        width = max(options.width, 30)
        paras = _Layout(nonpaper, width).paragraphs()
        return _emit(paras, width, options.color, nonpaper.rtl, options.bidi)


class _Layout:
    def __init__(self, np: NonPaper, width: int) -> None:
        self.np = np
        self.width = width
        self.paras: list[_Para] = []

    def add(self, text: str, style: str = "plain", indent: int = 0, hang: int = 0) -> None:
        self.paras.append(_Para(text, style, indent, hang))

    def blank(self) -> None:
        if self.paras and self.paras[-1].text:
            self.paras.append(_Para(""))

    def text(self, text: Text, *, brackets: bool = False) -> str:
        s = " ".join(bracket(text.value, brackets).split())
        if text.fallback:
            s += " " + fallback_marker(text.lang, self.np.lang)
        return s

    def paragraphs(self) -> list[_Para]:
        np = self.np
        self.add("=", "rule")
        self.add(self.text(np.title), "title")
        meta = [np.status_label, np.status_line]
        if np.symbol:
            meta.append(np.symbol)
        self.add(" · ".join(meta), "meta")
        if np.filters:
            self.add(np.t("provision_sep").join(np.filters) + " — "
                     + np.t("shown_of", shown=np.shown, total=np.total), "meta")
        self.add("=", "rule")
        if np.shown == 0:
            self.blank()
            self.add(np.t("no_match"), "note")
        for part in np.parts:
            self.part(part)
        self.blank()
        self.add("-", "rule")
        self.summary()
        return self.paras

    def part(self, part: Part) -> None:
        if part.title:
            self.blank()
            self.add(f" {part.title} ", "part")
        for s in part.sections:
            self.section(s)

    def section(self, s: SectionView) -> None:
        self.blank()
        self.add(self.text(s.title), "section", indent=2 * s.depth)
        if s.description:
            self.add(self.text(s.description), "note", indent=2 * s.depth)
        for q in s.questions:
            self.question(q)
        for sub in s.sections:
            self.section(sub)

    def question(self, q: QuestionView) -> None:
        np = self.np
        self.blank()
        head = f"{q.label}. "
        hang = len(head)
        style = "moved" if q.moved else ("bracketed" if q.bracketed else "question")
        self.add(head + self.text(q.text, brackets=q.bracketed), style, hang=hang)
        tags = tag_items(np, q)
        self.add(" · ".join(text for _, text in tags),
                 "mandatory" if q.requirement == "mandatory" else "tags", indent=hang)
        if q.moved_to:
            self.add("→ " + np.t("moved_to", where=q.moved_to), "question", indent=hang)
        for alt in q.alternatives:
            line = f"{np.head('alternative', n=alt.n)} {self.text(alt.text, brackets=q.bracketed)}"
            if alt.note:
                line += f" — {self.text(alt.note)}"
            self.add(line, "alternative", indent=hang)
        if q.guidance:
            self.add(f"{np.head('guidance')} {self.text(q.guidance)}", "note", indent=hang)
        if q.condition:
            self.add(q.condition, "trigger", indent=hang)
        if q.answer:
            self.answer(q.answer, hang)
        for group in q.follow_ups:
            indent = hang
            if group.trigger:
                self.add(group.trigger, "trigger", indent=hang)
                indent += 3
            for fu in group.items:
                self.follow_up(fu, indent)

    def follow_up(self, fu: FollowUpView, indent: int) -> None:
        hang = len(fu.label) + 1
        self.add(f"{isolate(fu.label, self.np.lang)} {self.text(fu.text)}", "plain",
                 indent=indent, hang=hang)
        if fu.guidance:
            self.add(self.text(fu.guidance), "note", indent=indent + hang)
        self.answer(fu.answer, indent + hang)

    def answer(self, a: AnswerView, indent: int) -> None:
        head = self.np.head("answer") + (f" {a.description}" if a.description else "")
        options = [f"☐\u00a0{self.text(o)}" for o in a.options]
        one_line = " ".join([head, "  ".join(options)]) if options else head
        if len(one_line) <= self.width - indent or a.kind == "assistance":
            # tipq's built-in kinds of assistance recur under every question: kept compact
            self.add(one_line, "answer", indent=indent)
            return
        self.add(head, "answer", indent=indent)  # other long lists: one option a line
        for option in options:
            self.add(option, "answer", indent=indent + 2, hang=2)

    def summary(self) -> None:
        np = self.np
        sep = np.t("list_sep")
        self.add(np.t("summary"), "section")
        for head, rows in summary_groups(np):
            shown = [f"{r.label} {r.count}" for r in rows if r.count]
            self.add(f"{head}{np.t('colon')} " + (sep.join(shown) or "0"), "plain", hang=2)
        self.add(f"{np.head('total')} {np.t('questions')} {np.shown}{sep}"
                 f"{np.t('follow_ups')} {np.follow_up_count}", "plain", hang=2)


def _emit(paras: list[_Para], width: int, color: bool, rtl: bool, bidi: bool) -> str:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text as RichText

    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False,
                      markup=False, emoji=False, legacy_windows=False, soft_wrap=True)
    for p in paras:
        if p.style == "rule":
            console.print(RichText((p.text * width)[:width], style=STYLES["rule"]))
            continue
        lines = _wrap(console, p.text, width - p.indent, p.hang) if p.text else [""]
        for i, line in enumerate(lines):
            pad = p.indent + (p.hang if i else 0)
            if bidi:
                line = visual_order(line, rtl)
            if rtl and bidi and line:
                line = " " * max(0, width - pad - cell_len(line)) + line
            else:
                line = " " * pad + line
            # file text: control characters shown, never sent (tipq.core.escape)
            console.print(RichText(escape.visible(line.rstrip(), bidi=False),
                                   style=STYLES[p.style]))
    return buf.getvalue()


def _wrap(console: object, text: str, width: int, hang: int) -> list[str]:
    """``text`` wrapped to ``width`` cells, continuation lines ``hang`` cells narrower."""
    from rich.text import Text as RichText

    width = max(width, 10)
    text = text.replace("\u00a0", _GLUE)  # rich breaks at no-break spaces: hide them

    def plain(line: RichText) -> str:
        return line.plain.rstrip().replace(_GLUE, " ")

    first = RichText(text).wrap(console, width, overflow="fold")  # type: ignore[arg-type]
    if len(first) <= 1 or not hang:
        return [plain(line) for line in first]
    rest = RichText(text[len(first[0].plain):].lstrip())
    lines = rest.wrap(console, max(width - hang, 10), overflow="fold")  # type: ignore[arg-type]
    return [plain(first[0]), *(plain(line) for line in lines)]


_GLUE = "\ue000"  # a private-use character, one cell wide, that rich does not break at


_LEVEL = re.compile(r"Level\(\s*(\d+)")
_ISOLATE_MARK = re.compile("[\u2066-\u2069]")
_ISOLATES = frozenset("\u2066\u2067\u2068\u2069")


def visual_order(line: str, rtl: bool) -> str:
    """One line in display order (Unicode bidi algorithm, rules L2 and L4), for terminals
    that draw characters left to right: right-to-left runs reversed, their brackets mirrored.

    python-bidi resolves the embedding levels (bracket pairs included) but does not mirror
    brackets, so its levels are read and the line reordered here.
    """
    from bidi import get_display
    from bidi.mirror import MIRRORED

    base = "R" if rtl else "L"
    info = str(get_display(line, base_dir=base, debug=True))
    _, _, tail = info.partition("\n    levels: [")
    byte_levels = [int(x) for x in _LEVEL.findall(tail.partition("paragraphs:")[0])]
    levels, i = [], 0
    for ch in line:
        if i >= len(byte_levels):
            break
        levels.append(byte_levels[i])
        i += len(ch.encode("utf-8"))
    if len(levels) != len(line) or i != len(byte_levels):  # unexpected: plain reordering
        return _ISOLATE_MARK.sub("", str(get_display(line, base_dir=base)))
    chars = [MIRRORED.get(c, c) if lvl % 2 else c for c, lvl in zip(line, levels, strict=False)]
    order = list(range(len(chars)))
    odd = [lvl for lvl in levels if lvl % 2]
    for level in range(max(levels, default=0), min(odd, default=1) - 1, -1):
        # reverse every maximal run of characters at this level or higher (rule L2)
        k, n = 0, len(order)
        while k < n:
            if levels[order[k]] < level:
                k += 1
                continue
            end = k + 1
            while end < n and levels[order[end]] >= level:
                end += 1
            order[k:end] = order[end - 1:k - 1 if k else None:-1]
            k = end
    return "".join(c for c in (chars[k] for k in order) if c not in _ISOLATES)
