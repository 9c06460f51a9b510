"""``tipq report`` on a terminal (the default): rich tables, one per view."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, ClassVar

from tipq.core import escape
from tipq.render.compilation.base import VIEWS, Cell, CompilationFormat
from tipq.render.compilation.words import bucket_word, tag_word, word

if TYPE_CHECKING:
    from tipq.checks.compile import Compilation


class TerminalFormat(CompilationFormat):
    name = "terminal"
    suffix = ".txt"
    description: ClassVar[str] = "rich tables, one per view (the default)"

    def render(self, c: Compilation, *, color: bool = False, width: int = 120) -> str:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        buf = io.StringIO()
        console = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                          color_system="standard" if color else None, highlight=False,
                          markup=False, emoji=False, legacy_windows=False)
        lang = c.lang

        def cell(value: Cell) -> Text:
            return Text(escape.visible("" if value is None else str(value)))

        console.print(Text(escape.visible(f"{word('title', lang)}: {c.title}"),
                           style="bold"))
        console.print(Text(word("summary", lang, states=len(c.states), files=c.files,
                                invalid=c.invalid_count)))
        if any(s.others for s in c.states):
            console.print(Text(word("rule", lang, rule=word("rule_text", lang))))
        if c.unexpected:
            console.print(Text(word("unexpected", lang, list=" ".join(c.unexpected))))
        for key, title, build in VIEWS:
            if key == "expected" and not c.expected_given:
                continue
            head, rows = build(c)
            console.print()
            console.print(Text(word(title, lang), style="bold underline"))
            if key == "changes" and not c.has_previous:
                console.print(Text(word("no_previous", lang)))
                continue
            if not rows:
                console.print(Text(word("none", lang)))
                continue
            if key == "answers":
                _answers(console, c, cell)
                continue
            table = Table(show_lines=False, expand=False, pad_edge=False)
            for h in head:
                table.add_column(h, overflow="fold")
            for row in rows:
                table.add_row(*(cell(v) for v in row))
            console.print(table)
            if key == "invalid":
                console.print(Text(word("invalid_hint", lang)))
        return buf.getvalue()


def _answers(console: Any, c: Compilation, cell: Any) -> None:
    """The answers, a table per section and requirement tag (report para 32)."""
    from rich.table import Table
    from rich.text import Text

    lang = c.lang
    groups: dict[tuple[int, str, str | None], list[Any]] = {}
    for r in c.counts:
        q = r.question
        groups.setdefault((q.questionnaire, q.section_id, q.tag), []).append(r)
    for rows in groups.values():
        q = rows[0].question
        console.print(Text(escape.visible(f"{q.section} · {tag_word(q.tag, lang)}"),
                           style="bold"))
        table = Table(pad_edge=False)
        for h in ("question", "value", "count", "states"):
            table.add_column(word(h, lang), overflow="fold")
        last = None
        for r in rows:
            label = f"{r.question.label} {r.question.id}" if r.question.id != last else ""
            last = r.question.id
            table.add_row(cell(label), cell(bucket_word(r.bucket, r.display, lang)),
                          cell(r.count), cell(" ".join(r.countries)))
        console.print(table)
