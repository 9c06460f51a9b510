"""What every output format of ``tipq report`` is, and the tables they share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from tipq.render.compilation.words import bucket_word, status_word, tag_word, word

if TYPE_CHECKING:
    from tipq.checks.compile import Compilation

Cell = str | int | None


class CompilationFormat:
    """One output format. Text formats override :meth:`render`; binary ones (``binary``)
    override :meth:`write`, which writes a file at the path it is given (the CLI gives a
    temporary file beside the target and renames it into place)."""

    name: ClassVar[str]
    binary: ClassVar[bool] = False
    suffix: ClassVar[str]
    description: ClassVar[str]

    def render(self, c: Compilation, *, color: bool = False) -> str:
        raise NotImplementedError

    def write(self, c: Compilation, path: Path) -> None:
        raise NotImplementedError


# --- the views as tables (column names, rows of cells), shared by the tabular formats ----


def states_table(c: Compilation) -> tuple[list[str], list[list[Cell]]]:
    lang = c.lang
    head = [word(k, lang) for k in ("state", "status", "answered", "applicable", "updated",
                                    "file", "others")]
    rows: list[list[Cell]] = [
        [s.country, status_word(s.status, lang), s.answered, s.applicable, short_time(s.updated),
         s.file, " ".join(s.others)] for s in c.states]
    return head, rows


def short_time(stamp: str | None) -> str:
    """An ISO timestamp as people read it in a table: ``2018-09-21 16:30 UTC``."""
    if not stamp:
        return ""
    from datetime import datetime, timezone

    t = datetime.fromisoformat(stamp)
    t = t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def expected_table(c: Compilation) -> tuple[list[str], list[list[Cell]]]:
    lang = c.lang
    head = [word("state", lang), word("situation", lang), word("file", lang)]
    return head, [[e.country, word(f"situation.{e.situation}", lang), e.file or ""]
                  for e in c.expected]


def invalid_table(c: Compilation) -> tuple[list[str], list[list[Cell]]]:
    lang = c.lang
    head = [word(k, lang) for k in ("file", "state", "status", "errors", "first_error")]
    return head, [[r.file, r.country or "", r.status or "", r.errors, r.first]
                  for r in c.invalid]


def counts_table(c: Compilation) -> tuple[list[str], list[list[Cell]]]:
    lang = c.lang
    head = [word(k, lang) for k in ("section", "tag", "question", "value", "count", "states")]
    head.insert(3, "id")
    head.insert(5, "code")
    rows: list[list[Cell]] = [
        [r.question.section, tag_word(r.question.tag, lang), r.question.label, r.question.id,
         bucket_word(r.bucket, r.display, lang), r.bucket, r.count, " ".join(r.countries)]
        for r in c.counts]
    return head, rows


def assistance_table(c: Compilation) -> tuple[list[str], list[list[Cell]]]:
    lang = c.lang
    head = [word(k, lang) for k in ("question", "provision", "tag", "kind", "count", "states")]
    return head, [[a.question.label, a.question.provisions, tag_word(a.question.tag, lang),
                   a.kind_label, a.count, " ".join(a.countries)] for a in c.assistance]


def gaps_table(c: Compilation) -> tuple[list[str], list[list[Cell]]]:
    lang = c.lang
    head = [word(k, lang) for k in ("question", "provision", "state", "value", "kind",
                                    "description")]
    return head, [[g.question.label, g.question.provisions, g.country, g.display,
                   "; ".join(g.kinds), g.description or ""] for g in c.gaps]


def changes_table(c: Compilation) -> tuple[list[str], list[list[Cell]]]:
    lang = c.lang
    head = [word(k, lang) for k in ("state", "question", "change", "before", "after")]
    return head, [[ch.country, ch.label, word(f"change.{ch.change}", lang), ch.before or "",
                   ch.after or ""] for ch in c.changes]


#: The long table's columns (CSV header, the XLSX data sheet).
LONG_COLUMNS = ("country", "file", "status", "questionnaire", "section", "requirement",
                "question", "label", "kind", "state", "seq", "value", "display")


def iter_long_cells(c: Compilation) -> Iterator[tuple[Any, ...]]:
    for r in c.iter_long():
        yield (r.country, r.file, r.status, r.questionnaire, r.section, r.tag or "",
               r.question, r.label, r.kind, r.state, r.seq, r.value, r.display)


#: The views as sheets / sections: key, title word, table builder.
VIEWS = (
    ("completion", "completion", states_table),
    ("expected", "expected", expected_table),
    ("invalid", "invalid", invalid_table),
    ("answers", "answers", counts_table),
    ("assistance", "assistance", assistance_table),
    ("gaps", "gaps", gaps_table),
    ("changes", "changes", changes_table),
)
